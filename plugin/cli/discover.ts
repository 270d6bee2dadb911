// Which files `oncall-approval test` runs: files named on the command line as they are, and for a
// directory every `*.test.yaml` below it, in a stable order so output and CI logs do not reorder.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileProblem, type Problem } from '../index.js';

export const TEST_FILE_SUFFIX = '.test.yaml';
const ROUTING_FILE = /\.routing\.(ya?ml|json)$/;

// Folders that hold installed or generated files, never an author's tests.
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

export async function findTestFiles(paths: readonly string[]): Promise<{ files: string[]; problems: Problem[] }> {
  const files: string[] = [];
  const problems: Problem[] = [];
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      problems.push(
        fileProblem(
          path,
          'cli.unreadable-path',
          code === 'ENOENT' ? 'no such file or directory' : `cannot read it (${code ?? 'error'})`,
        ),
      );
      continue;
    }
    if (!info.isDirectory()) {
      if (ROUTING_FILE.test(path)) {
        // A routing file given where a test file is meant: say which is which rather than "not a mapping".
        const test = path.replace(ROUTING_FILE, TEST_FILE_SUFFIX);
        const beside = test !== path && (await stat(test).catch(() => undefined))?.isFile();
        problems.push(
          fileProblem(
            path,
            'cli.routing-file-given',
            `this is a routing file; test files are *${TEST_FILE_SUFFIX}${beside ? ` (run \`oncall-approval test ${test}\`)` : ''}, and \`oncall-approval validate\` checks a routing file`,
          ),
        );
        continue;
      }
      files.push(path);
      continue;
    }
    const found = await walk(path);
    if (found.length === 0)
      problems.push(fileProblem(path, 'cli.no-test-files', `no test files (*${TEST_FILE_SUFFIX}) in this directory`));
    files.push(...found);
  }
  return { files: [...new Set(files)], problems };
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) out.push(...(await walk(path)));
    } else if (entry.isFile() && entry.name.endsWith(TEST_FILE_SUFFIX)) {
      out.push(path);
    }
  }
  return out;
}
