// The `oncall-approval` command: one table of subcommands, one dispatch, and the one place where a failure
// becomes output and an exit code. Each subcommand lives in its own file and is loaded only when asked for,
// so `--help` and `validate` stay quick.
import { closest, DEFAULT_LIMITS, redactSecrets } from '../index.js';
import { EXIT, isCliError, type CliIo, type Command } from './io.js';

interface CommandEntry {
  /** One line for `oncall-approval --help`. */
  summary: string;
  load(): Promise<{ command: Command }>;
}

const COMMANDS: Record<string, CommandEntry> = {
  validate: {
    summary: 'check routing files and print located errors (exit 1 on errors)',
    load: () => import('./validate.js'),
  },
  evaluate: {
    summary: 'decide one access request (approved / pending / denied, with reasons and trace)',
    load: () => import('./evaluate.js'),
  },
  'can-approve': {
    summary: 'may this person approve this request now (and which rule admits them)',
    load: () => import('./can-approve.js'),
  },
  compile: {
    summary: 'print the json-rules-engine rules that routing files compile to',
    load: () => import('./compile.js'),
  },
  schedules: {
    summary: 'list who is on call now (local file, incident.io or PagerDuty)',
    load: () => import('./schedules.js'),
  },
  'check-key': {
    summary: 'check the incident.io / PagerDuty API keys; warn when one sees less than the account',
    load: () => import('./check-key.js'),
  },
  schema: {
    summary: "print the routing files' JSON Schema",
    load: () => import('./schema.js'),
  },
  simulate: {
    summary: 'serve the incident.io or PagerDuty API locally from a schedules file',
    load: () => import('./simulate.js'),
  },
  test: {
    summary: 'run routing test files (*.test.yaml): expected decisions for requests at given instants',
    load: () => import('./test.js'),
  },
};

export const commandNames = Object.keys(COMMANDS);

function overview(): string {
  const lines = ['Usage: oncall-approval COMMAND [options]', '', 'Commands:'];
  for (const name of commandNames) lines.push(`  ${name.padEnd(12)} ${COMMANDS[name]!.summary}`);
  lines.push('', "Run `oncall-approval COMMAND --help` for a command's options.");
  lines.push('Run `oncall-approval --version` for the version.');
  return lines.join('\n') + '\n';
}

/** The package's version, read from its package.json (two folders up from both plugin/cli and dist/cli). */
async function version(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(new URL('../../package.json', import.meta.url), 'utf8');
  return String((JSON.parse(text) as { version?: unknown }).version);
}

/** The signals that stop a command, and the exit code a shell gives a process one of them ends (128 + its number). */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;
type StopSignal = keyof typeof SIGNAL_EXIT;

/** The signal that stopped the command, when one did (a signal aborts `io.signal` with its name as reason). */
function stoppedBy(io: CliIo): StopSignal | undefined {
  const reason: unknown = io.signal?.aborted ? io.signal.reason : undefined;
  return typeof reason === 'string' && Object.hasOwn(SIGNAL_EXIT, reason) ? (reason as StopSignal) : undefined;
}

/**
 * The io a command gets: nothing it prints can carry an API key from the environment (whatever a server
 * echoed into a name or an error), and once a signal has stopped it, it prints no result: a decision cut
 * short by Ctrl-C is not a decision.
 */
function guardedIo(io: CliIo): CliIo {
  const secrets = [io.env.INCIDENT_IO_API_KEY, io.env.PAGERDUTY_API_KEY];
  return {
    ...io,
    stdout: (text) => {
      if (stoppedBy(io) === undefined) io.stdout(redactSecrets(text, secrets));
    },
    stderr: (text) => io.stderr(redactSecrets(text, secrets)),
  };
}

export function processIo(): CliIo {
  const controller = new AbortController();
  // Aborting with the signal's name stops every lookup at once and tells main() why.
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => controller.abort(sig));
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    readStdin: async () => {
      // Standard input holds a request, bound like a request file: reading stops one byte past the bound, so
      // an endless or huge input costs 512 KiB of memory, not all of it, and the reader refuses it as too large.
      const max = DEFAULT_LIMITS.maxBytes;
      const chunks: Buffer[] = [];
      let total = 0;
      for await (const chunk of process.stdin) {
        chunks.push(chunk as Buffer);
        total += (chunk as Buffer).length;
        if (total > max) break; // leaving the loop destroys the stream: nothing more is read
      }
      const bytes = Buffer.concat(chunks);
      return bytes.length > max + 1 ? bytes.subarray(0, max + 1) : bytes;
    },
    now: () => new Date(),
    signal: controller.signal,
  };
}

const withNewline = (text: string) => (text.endsWith('\n') ? text : text + '\n');

/** A usage mistake shows the command's synopsis (its usage up to the first blank line), not the whole help. */
export function shortUsage(name: string, usage: string): string {
  const synopsis = usage.split(/\n\s*\n/)[0]!;
  return `${synopsis}\nRun \`oncall-approval ${name} --help\` for every option.`;
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(overview());
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version' || name === '-V') {
    io.stdout(`${await version()}\n`);
    return EXIT.ok;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    const guess = closest(name, commandNames);
    io.stderr(
      `oncall-approval: unknown command '${name}'${guess ? `; did you mean '${guess}'?` : ''}\n` +
        `Commands: ${commandNames.join(', ')}. Run \`oncall-approval --help\` for what each does.\n`,
    );
    return EXIT.usage;
  }
  const { command } = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(withNewline(command.usage));
    return EXIT.ok;
  }
  const guarded = guardedIo(io);
  // `simulate` is a server: a signal is how it is meant to stop, and it stops cleanly (exit 0).
  const interrupted = (): number | undefined => {
    const sig = name === 'simulate' ? undefined : stoppedBy(io);
    if (sig === undefined) return undefined;
    guarded.stderr(`oncall-approval ${name}: stopped by ${sig}; no result was printed\n`);
    return SIGNAL_EXIT[sig];
  };
  try {
    const code = await command.run(rest, guarded);
    return interrupted() ?? code ?? EXIT.ok;
  } catch (err) {
    const stopped = interrupted();
    if (stopped !== undefined) return stopped;
    if (isCliError(err)) {
      const who = `oncall-approval ${err.subject ?? name}`;
      if (err.form === 'usage') guarded.stderr(`${who}: ${err.message}\n\n${shortUsage(name, command.usage)}\n`);
      else if (err.form === 'sentence') guarded.stderr(`${who}: ${err.message}\n`);
      else if (err.message !== '') guarded.stderr(withNewline(err.message));
      return err.exit;
    }
    // Anything else is a bug: say so in one line, no stack trace unless asked for.
    guarded.stderr(`oncall-approval ${name}: internal error: ${(err as Error)?.message ?? String(err)}\n`);
    if (io.env.ONCALL_APPROVAL_DEBUG) guarded.stderr(`${(err as Error)?.stack ?? ''}\n`);
    return EXIT.invalid;
  }
}
