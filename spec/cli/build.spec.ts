// The build (scripts/build.ts): the public entries only re-export, so the compiled command can import
// straight from the modules that define what it uses; bundled, each command loads only its own chunks.
// What a command loads is checked here by module, never by time.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHUNKS_FILE, PUBLIC_ENTRIES, pointAtDefinitions, readReExports } from '../../scripts/build.js';
import { builtBin, repoRoot } from '../support/cli.js';

const dist = join(repoRoot, 'dist');

/**
 * The files of the package a run of the built command loads through ES module resolution, each bundled
 * chunk standing for the modules (of dist/ and node_modules/) it holds.
 */
function modulesLoadedBy(argv: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'oncall-loads-'));
  try {
    const hooks = join(dir, 'hooks.mjs');
    const log = join(dir, 'loaded.txt');
    writeFileSync(
      hooks,
      `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, result.url + '\\n');
  return result;
}
`,
    );
    const register = join(dir, 'register.mjs');
    writeFileSync(
      register,
      `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
    );
    writeFileSync(log, '');
    const run = spawnSync(process.execPath, ['--import', register, builtBin(), ...argv], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status, run.stderr).to.equal(0);
    // Node resolves a package to its real path: node_modules may be a symlink (a shared install), so its real
    // place is named node_modules/ here as the package's own.
    const root = pathToFileURL(realpathSync(repoRoot)).href.replace(/\/?$/, '/');
    const modules = pathToFileURL(realpathSync(join(repoRoot, 'node_modules'))).href + '/';
    const chunks = JSON.parse(readFileSync(CHUNKS_FILE, 'utf8')) as Record<string, string[]>;
    const files = readFileSync(log, 'utf8')
      .split('\n')
      .map((url) =>
        url.startsWith(modules)
          ? `node_modules/${url.slice(modules.length)}`
          : url.startsWith(root)
            ? url.slice(root.length)
            : undefined,
      )
      .filter((f): f is string => f !== undefined);
    // The bundler names a module of a symlinked node_modules by its real place, outside the checkout.
    const own = (f: string) =>
      f.startsWith('../') && f.includes('/node_modules/') ? f.slice(f.indexOf('node_modules/')) : f;
    return [...new Set(files.flatMap((f) => (f.startsWith('dist/cli/') ? (chunks[f.slice(9)] ?? [f]) : [f])).map(own))];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const packageOf = (file: string) => /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1];

describe('build: the command imports what it uses', () => {
  describe('pointing imports of an entry at the defining modules', () => {
    const entry = [
      '// The public API.',
      "export { a, b as bee } from './x/a.js';",
      '/** docs */',
      'export {',
      '  c,',
      "} from './y.js';",
      '',
    ].join('\n');

    it('reads where each export of an entry is defined', () => {
      const found = readReExports('index.js', entry);
      expect(Object.fromEntries(found)).to.deep.equal({
        a: { module: 'x/a.js', name: 'a' },
        bee: { module: 'x/a.js', name: 'b' },
        c: { module: 'y.js', name: 'c' },
      });
    });

    it('refuses an entry that defines anything itself', () => {
      expect(() => readReExports('index.js', `${entry}export const d = 1;\n`)).to.throw(/must only re-export/);
      expect(() => readReExports('index.js', `${entry}export * from './z.js';\n`)).to.throw(/must only re-export/);
    });

    it('rewrites an import of the entry into imports of the modules, keeping its lines and aliases', () => {
      const entries = new Map([['index.js', readReExports('index.js', entry)]]);
      const code = [
        "import {\n  a,\n  bee as b2,\n  c,\n} from '../index.js';",
        "import { own } from './own.js';",
        'use(a, b2, c, own);',
      ].join('\n');
      const out = pointAtDefinitions('cli/cmd.js', code, entries);
      expect(out.split('\n')).to.have.length(code.split('\n').length);
      expect(out).to.include("import { a, b as b2 } from '../x/a.js'; import { c } from '../y.js';");
      expect(out).to.include("import { own } from './own.js';");
      expect(out).to.not.include('../index.js');
    });

    it('fails on a name the entry does not export, and on an import it cannot rewrite', () => {
      const entries = new Map([['index.js', readReExports('index.js', entry)]]);
      expect(() => pointAtDefinitions('cli/cmd.js', "import { nope } from '../index.js';", entries)).to.throw(
        /does not export 'nope'/,
      );
      expect(() => pointAtDefinitions('cli/cmd.js', "import * as api from '../index.js';", entries)).to.throw(
        /cannot rewrite/,
      );
    });
  });

  describe('the built package', () => {
    before(() => builtBin());

    it('the public entries in dist/ only re-export', () => {
      for (const file of PUBLIC_ENTRIES) {
        expect(readReExports(file, readFileSync(join(dist, file), 'utf8')).size, file).to.be.greaterThan(1);
      }
    });

    it('the bundled command loads nothing of the package outside dist/cli/, and no public entry', () => {
      const cli = join(dist, 'cli');
      for (const name of readdirSync(cli).filter((n) => n.endsWith('.js'))) {
        const code = readFileSync(join(cli, name), 'utf8');
        expect(code, name).to.not.match(/from\s*["']\.\.\//);
        expect(code, name).to.not.match(/import\(\s*["']\.\.\//);
      }
      const chunks = JSON.parse(readFileSync(CHUNKS_FILE, 'utf8')) as Record<string, string[]>;
      const inputs = Object.values(chunks).flat();
      expect(inputs.filter((f) => /^dist\/(index|simulator|testing)\.js$/.test(f))).to.deep.equal([]);
    });

    it('`validate` loads the routing loader and YAML, not the decision engine, ajv, luxon or HTTP', () => {
      const loaded = modulesLoadedBy(['validate', 'rules/seed-auto/seed-auto.routing.yaml']);
      expect(loaded).to.include('dist/routing/load.js');
      expect(loaded.filter((f) => f.startsWith('dist/engine/') || f.startsWith('dist/authoring/'))).to.deep.equal([]);
      const packages = new Set(loaded.map(packageOf).filter((p) => p !== undefined));
      // yaml reads the file; re2js compiles filter patterns, which validate checks.
      expect([...packages].sort()).to.deep.equal(['re2js', 'yaml']);
      expect(
        loaded.filter((f) => f.startsWith('node_modules/')).length,
        'yaml comes bundled, in one chunk',
      ).to.be.greaterThan(10);
    });

    it('`evaluate` with a schedules file loads the engine but no HTTP client and no test runner', () => {
      const loaded = modulesLoadedBy([
        'evaluate',
        '--rules',
        'rules/production-guarded/production-guarded.routing.yaml',
        '--schedules',
        'rules/oncall.example.yaml',
        '--request',
        'rules/production-guarded/requests/staging-on-call.json',
        '--now',
        '2026-11-26T08:00:00Z',
      ]);
      expect(loaded).to.include('dist/engine/approval-engine.js');
      expect(
        loaded.filter((f) => f.startsWith('dist/authoring/') || f.includes('/incidentio/simulator')),
      ).to.deep.equal([]);
      expect(loaded.map(packageOf)).to.not.include('cross-fetch');
    });
  });
});
