// What npm installs: the compiled command (no TypeScript loader at run time), the declarations, the
// schemas, the examples and the docs, and the TypeScript source not at all, since dist/ already holds it
// compiled. The entries in `exports` resolve by the package's own name, as a user's project imports them.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { builtBin, repoRoot, spawnCli } from '../support/cli.js';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));

/** The files `npm pack` would put in the tarball (from the dist/ already built; no scripts run). */
function packedFiles(): string[] {
  const run = spawnSync('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.status, run.stderr).to.equal(0);
  return (JSON.parse(run.stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
}

describe('package: what npm installs', function () {
  this.timeout(60_000);

  it('`bin` is the compiled command, executable, and it loads no TypeScript loader', () => {
    expect(pkg.bin).to.deep.equal({ 'oncall-approval': 'dist/cli/bin.js' });
    const bin = builtBin();
    expect(readFileSync(bin, 'utf8')).to.match(/^#!\/usr\/bin\/env node\n/);
    accessSync(bin, constants.X_OK);
    for (const name of readdirSync(join(repoRoot, 'dist', 'cli')).filter((n) => n.endsWith('.js'))) {
      expect(readFileSync(join(repoRoot, 'dist', 'cli', name), 'utf8'), name).to.not.match(/['"]tsx(\/[^'"]*)?['"]/);
    }
  });

  it('the TypeScript loader and the build tools are development dependencies only', () => {
    for (const dev of ['tsx', 'typescript', 'prettier', 'mocha']) {
      expect(pkg.dependencies, dev).to.not.have.property(dev);
      expect(pkg.devDependencies, dev).to.have.property(dev);
    }
  });

  it('a clone builds dist/ on install (`prepare`), regenerating the routing validators first', () => {
    expect(pkg.scripts.prepare).to.equal('npm run build');
    expect(pkg.scripts.build).to.equal('npm run generate && npm run compile');
    expect(pkg.scripts.generate).to.include('plugin/routing/validators-source.ts');
    expect(pkg.scripts.test, 'npm test compiles what it tests').to.include('npm run compile');
  });

  it('the tarball holds dist/, schemas/, rules/ and the README, and no TypeScript source', () => {
    const files = packedFiles();
    for (const must of [
      'package.json',
      'README.md',
      'dist/cli/bin.js',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/simulator.js',
      'dist/testing.js',
      'dist/generated/routing-validators.js',
      'schemas/routing.schema.json',
      'rules/oncall.example.yaml',
    ]) {
      expect(files, must).to.include(must);
    }
    const source = files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
    expect(source, 'TypeScript source').to.deep.equal([]);
    expect(
      files.filter((f) => /^(plugin|spec|bench|scripts)\//.test(f)),
      'development folders',
    ).to.deep.equal([]);
  });

  it('`oncall-approval`, `oncall-approval/simulator` and `oncall-approval/testing` resolve by name', async () => {
    builtBin();
    const main = await import('oncall-approval');
    const simulator = await import('oncall-approval/simulator');
    const testing = await import('oncall-approval/testing');
    expect(main.createApprovalEngine).to.be.a('function');
    expect(simulator.startSimulator).to.be.a('function');
    expect(simulator).to.not.have.property('createApprovalEngine');
    expect(testing.runCase).to.be.a('function');
    expect(testing.loadTestFile).to.be.a('function');
    // The main entry keeps everything it exported before the subpaths existed.
    expect(main.startSimulator).to.equal(simulator.startSimulator);
    expect(main.runCase).to.equal(testing.runCase);
  });

  it('`oncall-approval --version` prints the package version', async () => {
    const r = await spawnCli(['--version']);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.equal(`${pkg.version}\n`);
  });
});
