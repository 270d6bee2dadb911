// json-rules-engine is a peer dependency: the host brings its own, any version package.json's
// `peerDependencies` claims. The host in spec/cli/host/any-major.ts is installed next to the built package
// twice, once with the lowest claimed major (the `json-rules-engine-6` alias devDependency, pinned to the
// lowest claimed version) and once with the current one, as a user's project would hold them. Each time it
// is type-checked (strict, the package's declarations checked too) and run, and the two runs must print
// the same outcomes, which must be what `decide` says.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApprovalEngine } from '../../plugin/engine/approval-engine.js';
import { createLocalProvider } from '../../plugin/providers/local/local-provider.js';
import { loadSchedulesFile } from '../../plugin/providers/local/schedules-file.js';
import { loadRoutingFiles } from '../../plugin/routing/load.js';
import type { HostCase } from './host/any-major.js';
import { repoRoot } from '../support/cli.js';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const modules = join(repoRoot, 'node_modules');

/** The package as `npm pack` makes it (from the dist/ that `npm test` built), in a tarball. */
function pack(into: string): string {
  const run = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', into], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.status, run.stderr).to.equal(0);
  return join(into, (JSON.parse(run.stdout) as Array<{ filename: string }>)[0]!.filename);
}

/** A project holding the packed package, its dependencies and the given json-rules-engine; the host compiled. */
function installHost(tarball: string, jreDir: string): { dir: string; tsc: ReturnType<typeof spawnSync> } {
  const dir = mkdtempSync(join(tmpdir(), 'oncall-host-'));
  const nm = join(dir, 'node_modules');
  // The package's own files, as npm installs them; its dependencies are linked from this repository, but
  // json-rules-engine is this project's, so the package's declarations are checked against it.
  mkdirSync(join(nm, 'oncall-approval'), { recursive: true });
  const untar = spawnSync('tar', ['-xzf', tarball, '-C', join(nm, 'oncall-approval'), '--strip-components=1']);
  expect(untar.status, String(untar.stderr)).to.equal(0);
  for (const dep of Object.keys(pkg.dependencies)) symlinkSync(join(modules, dep), join(nm, dep), 'dir');
  symlinkSync(join(modules, jreDir), join(nm, 'json-rules-engine'), 'dir');
  mkdirSync(join(nm, '@types'));
  symlinkSync(join(modules, '@types', 'node'), join(nm, '@types', 'node'), 'dir');

  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  cpSync(join(repoRoot, 'spec', 'cli', 'host', 'any-major.ts'), join(dir, 'host.ts'));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        skipLibCheck: false,
        types: ['node'],
        outDir: 'out',
      },
      files: ['host.ts'],
    }),
  );
  const tsc = spawnSync(process.execPath, [join(modules, 'typescript', 'bin', 'tsc'), '-p', dir], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { dir, tsc };
}

function runHost(dir: string): HostCase[] {
  const run = spawnSync(process.execPath, [join(dir, 'out', 'host.js'), '--print'], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.status, run.stderr).to.equal(0);
  return JSON.parse(run.stdout) as HostCase[];
}

describe('package: json-rules-engine as a peer, lowest claimed major and current', function () {
  this.timeout(120_000);
  const majors = [
    { dir: 'json-rules-engine-6', major: '6' },
    { dir: 'json-rules-engine', major: '7' },
  ];
  const results = new Map<string, HostCase[]>();
  const made: string[] = [];
  let tarball: string;
  before(() => {
    const dir = mkdtempSync(join(tmpdir(), 'oncall-pack-'));
    made.push(dir);
    tarball = pack(dir);
  });
  after(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  it('claims a range from the lowest tested version up to the next untested major', () => {
    expect(pkg.dependencies).to.not.have.property('json-rules-engine');
    expect(pkg.peerDependencies['json-rules-engine']).to.equal('>=6.6.0 <8');
    expect(pkg.devDependencies['json-rules-engine-6']).to.equal('npm:json-rules-engine@6.6.0');
    const installed = JSON.parse(readFileSync(join(modules, 'json-rules-engine-6', 'package.json'), 'utf8'));
    expect(installed.version).to.equal('6.6.0');
  });

  for (const { dir, major } of majors) {
    it(`a host type-checks and runs with json-rules-engine ${major}`, () => {
      const host = installHost(tarball, dir);
      made.push(host.dir);
      expect(`${host.tsc.stdout}${host.tsc.stderr}`.trim(), 'tsc').to.equal('');
      expect(host.tsc.status).to.equal(0);
      const version = JSON.parse(
        readFileSync(realpathSync(join(host.dir, 'node_modules', 'json-rules-engine', 'package.json')), 'utf8'),
      ).version;
      expect(version.split('.')[0], 'the json-rules-engine the host project holds').to.equal(major);
      results.set(major, runHost(host.dir));
    });
  }

  it('both majors reach the same outcomes, and they are what decide says', async () => {
    const v6 = results.get('6');
    const v7 = results.get('7');
    expect(v6, 'the json-rules-engine 6 host ran').to.not.equal(undefined);
    expect(v7, 'the json-rules-engine 7 host ran').to.not.equal(undefined);
    expect(v6).to.deep.equal(v7);

    const provider = createLocalProvider(await loadSchedulesFile(join(repoRoot, 'rules/oncall.example.yaml')));
    const seen = new Set<string>();
    for (const c of v7!) {
      if (c.onCall === 'fails') {
        expect(c.outcome.decision, `${c.routing} ${c.request} with on-call lookups failing`).to.not.equal('approved');
        continue;
      }
      const { rules } = await loadRoutingFiles([join(repoRoot, c.routing)]);
      const engine = createApprovalEngine({
        rules,
        providers: { incidentio: provider },
        reviewers: ['security@example.com'],
      });
      const request = JSON.parse(readFileSync(join(repoRoot, c.request), 'utf8'));
      const now = new Date('2026-11-26T08:00:00Z');
      const decision = await engine.decide(request, { now });
      expect(c.outcome.decision, `${c.routing} ${c.request}`).to.equal(decision.decision);
      for (const [email, allowed] of Object.entries(c.allowed)) {
        const answer = await engine.canApprove(request, { email }, { now });
        expect(allowed, `${c.routing} ${c.request}: may ${email} approve?`).to.equal(answer.allowed);
      }
      seen.add(decision.decision);
    }
    expect([...seen].sort(), 'the cases cover every kind of decision').to.deep.equal(['approved', 'denied', 'pending']);
  });
});
