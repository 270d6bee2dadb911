// The command is a client of the public API: plugin/cli/** imports the package's main entry (`../index.js`,
// which also re-exports what the `oncall-approval/simulator` and `oncall-approval/testing` entries hold), its own
// files and node's built-ins, nothing else. Whatever the command can do, a host can do with the same exports.
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/cli.js';

const CLI_DIR = join(repoRoot, 'plugin', 'cli');
const PUBLIC_ENTRIES = ['../index.js'];

/** Every module specifier a source file names: static imports and re-exports, side-effect imports, `import()`. */
export function specifiersOf(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/^\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/gm)) found.push(m[1]!);
  for (const m of source.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)) found.push(m[1]!);
  for (const m of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]!);
  return found;
}

/** Why a specifier is not allowed in plugin/cli, or undefined when it is. */
export function refusal(specifier: string): string | undefined {
  if (specifier.startsWith('node:')) return undefined;
  if (PUBLIC_ENTRIES.includes(specifier)) return undefined;
  if (/^\.\/[\w-]+\.js$/.test(specifier)) return undefined;
  if (specifier.startsWith('../'))
    return 'an internal module: import it from ../index.js (export it there if a host may use it too)';
  if (specifier.startsWith('./')) return 'not a file of plugin/cli itself';
  return 'a package: the command reaches its dependencies only through the public API';
}

function cliFiles(dir = CLI_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? cliFiles(join(dir, e.name)) : /\.[cm]?[jt]s$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

describe('CLI: a client of the public API only', () => {
  it('the checker finds every kind of import and refuses internal modules and packages', () => {
    const sample = [
      "import { a } from '../index.js';",
      "import {\n  b,\n  type C,\n} from '../engine/decide.js';",
      "export { d } from './own.js';",
      "import 'cross-fetch';",
      "const { e } = await import('../routing/load.js');",
      "import { f } from 'node:fs';",
      "import type { G } from '../testing.js';",
    ].join('\n');
    expect(specifiersOf(sample)).to.have.members([
      '../index.js',
      '../engine/decide.js',
      './own.js',
      'cross-fetch',
      '../routing/load.js',
      'node:fs',
      '../testing.js',
    ]);
    expect(specifiersOf(sample).filter((s) => refusal(s) !== undefined)).to.have.members([
      '../engine/decide.js',
      'cross-fetch',
      '../routing/load.js',
      '../testing.js',
    ]);
  });

  it('plugin/cli imports nothing but ../index.js, its own files and node built-ins', () => {
    const files = cliFiles();
    expect(files.length, 'files in plugin/cli').to.be.greaterThan(10);
    const offending: string[] = [];
    for (const file of files) {
      for (const spec of specifiersOf(readFileSync(file, 'utf8'))) {
        const why = refusal(spec);
        if (why) offending.push(`${file.slice(repoRoot.length)}: '${spec}' is ${why}`);
      }
    }
    expect(offending).to.deep.equal([]);
  });

  it('the public API does not import the command (the dependency points one way)', () => {
    for (const entry of ['index.ts', 'simulator.ts', 'testing.ts']) {
      const specs = specifiersOf(readFileSync(join(repoRoot, 'plugin', entry), 'utf8'));
      expect(
        specs.filter((s) => s.startsWith('./cli/')),
        entry,
      ).to.deep.equal([]);
    }
  });
});
