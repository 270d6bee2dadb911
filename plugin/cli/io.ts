// What a command may touch of the outside world. `main` fills it from the process; tests pass their own,
// so commands run in-process with captured output, a fixed clock and a fake environment.

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  /** Whole standard input, for `--request -`. */
  readStdin(): Promise<string>;
  /** The clock; `--now` overrides it where a command accepts it. */
  now(): Date;
  /** HTTP for the incident.io client; defaults to cross-fetch. */
  fetch?: typeof globalThis.fetch;
  /** Aborted when the process is asked to stop (long-running commands such as `simulate` watch it). */
  signal?: AbortSignal;
}

export interface Command {
  name: string;
  /** One line for `oncall-approval --help`. */
  summary: string;
  /** Full text for `oncall-approval NAME --help`. */
  usage: string;
  /** Returns the exit code: 0 ok, 1 invalid input, 2 usage, 3 incident.io failure. */
  run(argv: string[], io: CliIo): Promise<number>;
}

export const EXIT = { ok: 0, invalid: 1, usage: 2, api: 3 } as const;

/** A usage mistake: printed with the command's usage and exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Recognised by name, not `instanceof`: under mocha + tsx a spec may load this module through require while the
 * dispatcher's lazy `import()` loads a second copy, and an `instanceof` across the two copies is false.
 */
export function isUsageError(err: unknown): err is UsageError {
  return err instanceof Error && err.name === 'UsageError';
}
