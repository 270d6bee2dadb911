// The `oncall-approval` command: one table of subcommands, one dispatch, and the one place where a failure
// becomes output and an exit code. Each subcommand lives in its own file and is loaded only when asked for,
// so `--help` and `validate` stay quick.
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

export function processIo(): CliIo {
  const controller = new AbortController();
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => controller.abort());
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    now: () => new Date(),
    signal: controller.signal,
  };
}

const withNewline = (text: string) => (text.endsWith('\n') ? text : text + '\n');

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
    io.stderr(`oncall-approval: unknown command '${name}'. Commands: ${commandNames.join(', ')}\n`);
    return EXIT.usage;
  }
  const { command } = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(withNewline(command.usage));
    return EXIT.ok;
  }
  try {
    await command.run(rest, io);
    return EXIT.ok;
  } catch (err) {
    if (isCliError(err)) {
      const who = `oncall-approval ${err.subject ?? name}`;
      if (err.form === 'usage') io.stderr(`${who}: ${err.message}\n\n${command.usage}\n`);
      else if (err.form === 'sentence') io.stderr(`${who}: ${err.message}\n`);
      else if (err.message !== '') io.stderr(withNewline(err.message));
      return err.exit;
    }
    // Anything else is a bug: say so in one line, no stack trace unless asked for.
    io.stderr(`oncall-approval ${name}: internal error: ${(err as Error)?.message ?? String(err)}\n`);
    if (io.env.ONCALL_APPROVAL_DEBUG) io.stderr(`${(err as Error)?.stack ?? ''}\n`);
    return EXIT.invalid;
  }
}
