// The `oncall-approval` command: finds the subcommand, runs it with the process's io, maps errors to exit codes.
// Each subcommand lives in its own file and is loaded only when asked for, so `--help` and `validate` stay quick.
import crossFetch from 'cross-fetch';
import { EXIT, isUsageError, type CliIo, type Command } from './io.js';

const commands: Record<string, () => Promise<{ command: Command }>> = {
  validate: () => import('./validate.js'),
  evaluate: () => import('./evaluate.js'),
  'can-approve': () => import('./can-approve.js'),
  compile: () => import('./compile.js'),
  schedules: () => import('./schedules.js'),
  'check-key': () => import('./check-key.js'),
  schema: () => import('./schema.js'),
  simulate: () => import('./simulate.js'),
  test: () => import('./test.js'),
};

export const commandNames = Object.keys(commands);

async function overview(): Promise<string> {
  const lines = ['Usage: oncall-approval COMMAND [options]', '', 'Commands:'];
  for (const name of commandNames) {
    const { command } = await commands[name]!();
    lines.push(`  ${name.padEnd(12)} ${command.summary}`);
  }
  lines.push('', "Run `oncall-approval COMMAND --help` for a command's options.");
  return lines.join('\n') + '\n';
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
      return Buffer.concat(chunks).toString('utf8');
    },
    now: () => new Date(),
    fetch: crossFetch as unknown as typeof globalThis.fetch,
    signal: controller.signal,
  };
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(await overview());
    return name ? EXIT.ok : EXIT.usage;
  }
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!load) {
    io.stderr(`oncall-approval: unknown command '${name}'. Commands: ${commandNames.join(', ')}\n`);
    return EXIT.usage;
  }
  const { command } = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.usage.endsWith('\n') ? command.usage : command.usage + '\n');
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (isUsageError(err)) {
      io.stderr(`oncall-approval ${name}: ${err.message}\n\n${command.usage}\n`);
      return EXIT.usage;
    }
    // Anything else is a bug: say so in one line, no stack trace unless asked for.
    io.stderr(`oncall-approval ${name}: internal error: ${(err as Error)?.message ?? String(err)}\n`);
    if (io.env.ONCALL_APPROVAL_DEBUG) io.stderr(`${(err as Error)?.stack ?? ''}\n`);
    return EXIT.invalid;
  }
}
