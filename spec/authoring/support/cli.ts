// runCli for the authoring specs. spec/support/cli.ts imports main.ts statically, which under mocha loads a
// second (CommonJS) copy of cli/io.ts beside the ES module copy the commands import: main's
// `instanceof UsageError` then fails and a usage mistake exits 1 instead of 2. Importing main with import()
// keeps one copy, as the real command has. Same options and result as spec/support/cli.ts.
import type { CliIo } from '../../../plugin/cli/io.js';
import type { CliOptions, CliResult } from '../../support/cli.js';

export { repoRoot, spawnCli } from '../../support/cli.js';

export async function runCli(argv: string[], options: CliOptions = {}): Promise<CliResult> {
  const { main } = await import('../../../plugin/cli/main.js');
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: options.env ?? {},
    readStdin: async () => options.stdin ?? '',
    now: () => options.now ?? new Date(),
    fetch: options.fetch,
    signal: options.signal,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
