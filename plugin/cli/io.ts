// What a command may touch of the outside world, and the one way a command fails. `main` fills the io from
// the process; tests pass their own, so commands run in-process with captured output, a fixed clock and a
// fake environment.

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  /**
   * Standard input, for `--request -`: bytes, so the reader refuses what is not UTF-8 as it does for files. The
   * process reads at most one byte past the reader's size bound, so an endless input is refused as too large.
   */
  readStdin(): Promise<Uint8Array | string>;
  /** The clock; `--now` overrides it where a command accepts it. */
  now(): Date;
  /** HTTP for the incident.io client; without it, the library's default. */
  fetch?: typeof globalThis.fetch;
  /** Aborted when the process is asked to stop (long-running commands such as `simulate` watch it). */
  signal?: AbortSignal;
}

/** One subcommand: its help text and its work. Its one-line summary lives in main.ts's table. */
export interface Command {
  /** Full text for `oncall-approval NAME --help`. */
  usage: string;
  /**
   * Does the work and prints the result. Returning is exit 0, or the code returned (an answer asked to be
   * told by exit code: `--exit-code`); every failure is a thrown `CliError`.
   */
  run(argv: string[], io: CliIo): Promise<void | AnswerExit>;
}

/** Exit codes scripts rely on: 1 invalid input (or an answer of "no": errors found, tests failed), 2 usage, 3 unavailable. */
export const EXIT = { ok: 0, invalid: 1, usage: 2, unavailable: 3 } as const;

export type FailureExit = (typeof EXIT)['invalid' | 'usage' | 'unavailable'];

/**
 * `evaluate --exit-code` and `can-approve --exit-code`: the answer as an exit code, for scripts, as
 * `kubectl auth can-i` and `cedar authorize` do. Apart from 1-3, so an answer is never read as a failure of
 * the command. Without `--exit-code` every answer exits 0.
 */
export const ANSWER_EXIT = {
  approved: 0,
  allowed: 0,
  pending: 4,
  denied: 5,
  notAllowed: 6,
  onCallUnavailable: 7,
} as const;

export type AnswerExit = (typeof ANSWER_EXIT)[keyof typeof ANSWER_EXIT];

/**
 * How main.ts prints a failure on stderr:
 * - `sentence`: `oncall-approval SUBJECT: MESSAGE` (SUBJECT is the command, or e.g. `validate --online`);
 * - `usage`: the same sentence, then the command's usage (exit 2);
 * - `report`: MESSAGE as it is (located problems such as `FILE:LINE:COL: error: ...`), or nothing when the
 *   command's output already says what went wrong (failed tests, `validate` errors).
 */
export type FailureForm = 'sentence' | 'usage' | 'report';

/** Every failure of every command: an exit code and what to print, mapped to output in one place (main.ts). */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    readonly exit: FailureExit,
    message: string,
    readonly form: FailureForm = 'sentence',
    /** Who speaks in a sentence, when not the command alone (`validate --online`). */
    readonly subject?: string,
  ) {
    super(message);
  }

  /** A usage mistake: printed with the command's usage, exit 2. */
  static usage(message: string): CliError {
    return new CliError(EXIT.usage, message, 'usage');
  }

  /** Located problems (or nothing more to say), printed as they are. */
  static report(exit: FailureExit, text = ''): CliError {
    return new CliError(exit, text, 'report');
  }
}

/**
 * Recognised by name, not `instanceof`: under mocha + tsx a spec may load this module through require while
 * the dispatcher's lazy `import()` loads a second copy, and an `instanceof` across the two copies is false.
 */
export function isCliError(err: unknown): err is CliError {
  return err instanceof Error && err.name === 'CliError' && typeof (err as CliError).exit === 'number';
}
