// Argument parsing shared by every command: node's parseArgs, strict, with mistakes turned into UsageError
// (exit 2) instead of a stack trace.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './io.js';

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
    throw new UsageError((err as Error).message);
  }
}
