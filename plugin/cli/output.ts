// `--out FILE` of the commands that print one document (`schema`, `compile`): written to the file, or to
// stdout without the flag. The docs can then say `--out FILE` rather than a shell redirect, which empties
// the file before the command even starts when the command is mistyped.
import { writeFile } from 'node:fs/promises';
import { CliError, EXIT, type CliIo } from './io.js';

/**
 * Writes a command's output to `--out FILE`, or to stdout when there is none. A file is written only once
 * the whole output is known, so a failing command never leaves an empty or half-written file behind.
 */
export async function emitOutput(text: string, out: string | undefined, io: CliIo, note = ''): Promise<void> {
  if (out === undefined) {
    io.stdout(text);
    return;
  }
  try {
    await writeFile(out, text, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new CliError(EXIT.invalid, `cannot write ${out}: ${reason}`);
  }
  io.stderr(`wrote ${out}${note}\n`);
}
