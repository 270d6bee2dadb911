// Argument parsing shared by every command: node's parseArgs, strict, with mistakes turned into usage errors
// (exit 2) instead of a stack trace; and the option values several commands read the same way (`--now`).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closest, parseInstantStrict } from '../index.js';
import { CliError } from './io.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

type Config<O extends OptionSpec> = {
  args: string[];
  options: O & { help: { type: 'boolean' } };
  allowPositionals: boolean;
  strict: true;
};

/** Named so that declaration output can spell it (`tsc -p tsconfig.build.json`). */
export type ParsedCommandArgs<O extends OptionSpec> = ReturnType<typeof parseArgs<Config<O>>>;

export function parseCommandArgs<O extends OptionSpec>(
  argv: string[],
  options: O,
  allowPositionals = true,
): ParsedCommandArgs<O> {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean' } },
      allowPositionals,
      strict: true,
    } as Config<O>);
  } catch (err) {
    throw CliError.usage(argumentMistake(err as Error & { code?: string }, argv, Object.keys(options)));
  }
}

/**
 * parseArgs' own message names node's internals ("To specify a positional argument starting with a '-'…");
 * the common mistakes get a sentence of ours, with the flag meant when it is close enough to guess.
 */
function argumentMistake(err: Error & { code?: string }, argv: string[], names: string[]): string {
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flag = /'(-{1,2}[^']*)'/.exec(err.message)?.[1] ?? argv.find((a) => a.startsWith('-')) ?? '';
    const bare = flag.replace(/^-+/, '').split('=')[0]!;
    const guess = closest(bare, [...names, 'help']);
    return `unknown option '${flag}'${guess ? `; did you mean '--${guess}'?` : ''}`;
  }
  if (err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const extra = /'([^']*)'/.exec(err.message)?.[1];
    return `this command takes no file or other argument${extra ? `; got '${extra}'` : ''}`;
  }
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const flag = /(--[\w-]+)/.exec(err.message)?.[1];
    if (flag && /argument missing/.test(err.message)) return `${flag} needs a value`;
    if (flag) return `${flag} takes no value`;
  }
  return err.message;
}

/** `--now`: an RFC 3339 time with a zone, so nobody's local clock changes the answer. */
export function parseNowOption(value: string | undefined, fallback: Date): Date {
  if (value === undefined) return fallback;
  const read = parseInstantStrict(value);
  if (read.problem !== undefined) throw CliError.usage(`--now: ${read.problem}`);
  return read.date;
}
