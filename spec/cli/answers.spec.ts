// `evaluate` and `can-approve` as scripts use them: the answer as an exit code when asked (`--exit-code`),
// apart from the codes of the command's own failures; a failed on-call lookup said first, with its own code;
// routing files as positionals; text that says each path's sentence once.
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSchedulesFile } from '../../plugin/providers/local/schedules-file.js';
import { startSimulator, type Simulator } from '../../plugin/providers/incidentio/simulator.js';
import { repoRoot, runCli } from '../support/cli.js';

const SCHEDULES = 'rules/oncall.example.yaml';
const GUARDED = 'rules/production-guarded/production-guarded.routing.yaml';
const NOW = '2026-11-26T08:00:00Z';
const request = (name: string) => `rules/production-guarded/requests/${name}.json`;
const local = (argv: string[]) => runCli([...argv, '--schedules', SCHEDULES, '--now', NOW]);

describe('CLI: answers for scripts (evaluate, can-approve)', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ data: await loadSchedulesFile(join(repoRoot, SCHEDULES)), apiKey: 'right-key' });
  });
  after(async () => sim?.close());

  it('--exit-code: 0 approved, 4 pending, 5 denied; without it every decision exits 0', async () => {
    for (const [name, decision, code] of [
      ['staging-on-call', 'approved', 0],
      ['prod-database', 'pending', 4],
      ['sensitive-admin', 'denied', 5],
    ] as const) {
      const asked = await local(['evaluate', GUARDED, '--request', request(name), '--exit-code']);
      expect(JSON.parse(asked.stdout).decision, name).to.equal(decision);
      expect(asked.code, `${name}: ${asked.stderr}`).to.equal(code);
      const plain = await local(['evaluate', GUARDED, '--request', request(name)]);
      expect(plain.code, name).to.equal(0);
      expect(plain.stdout).to.equal(asked.stdout);
    }
  });

  it('can-approve --exit-code: 0 allowed, 6 not allowed', async () => {
    const ask = (approver: string) =>
      local(['can-approve', GUARDED, '--request', request('prod-database'), '--approver', approver, '--exit-code']);
    const carol = await ask('carol@example.com');
    expect([carol.code, JSON.parse(carol.stdout).allowed]).to.deep.equal([0, true]);
    const bob = await ask('dave@example.com');
    expect([bob.code, JSON.parse(bob.stdout).allowed]).to.deep.equal([6, false]);
  });

  it('the answer codes never reuse the failure codes (1 invalid, 2 usage, 3 unavailable)', async () => {
    const usage = await local(['evaluate', GUARDED, '--exit-code']);
    expect(usage.code).to.equal(2);
    const { ANSWER_EXIT } = await import('../../plugin/cli/io.js');
    const codes = Object.entries(ANSWER_EXIT).filter(([k]) => k !== 'approved' && k !== 'allowed');
    for (const [k, c] of codes) expect([1, 2, 3], k).to.not.include(c);
    expect(new Set(codes.map(([, c]) => c)).size).to.equal(codes.length);
  });

  it('a refused key: the text leads with the failure, and --exit-code gives it its own code (7)', async () => {
    const env = { INCIDENT_IO_API_KEY: 'wrong-key', INCIDENT_IO_BASE_URL: sim.url };
    const argv = ['evaluate', GUARDED, '--request', request('prod-database'), '--now', NOW];
    const text = await runCli([...argv, '--format', 'text', '--exit-code'], { env });
    expect(text.code, text.stderr).to.equal(7);
    const lines = text.stdout.split('\n');
    expect(lines[0]).to.match(/^ON-CALL DATA MISSING: /);
    expect(lines[1]).to.match(/^ {2}- incidentio: .*401/);
    expect(text.stdout).to.match(/\n\nPENDING {2}bob@example\.com/);
    expect(text.stdout + text.stderr).to.not.include('wrong-key');
    // Still a decision: without --exit-code, exit 0; the JSON is the decision as before.
    const json = await runCli(argv, { env });
    expect(json.code).to.equal(0);
    expect(JSON.parse(json.stdout).decision).to.equal('pending');
    // The same data answered: no failure line, the plain pending code.
    const fine = await runCli([...argv, '--format', 'text', '--exit-code'], {
      env: { ...env, INCIDENT_IO_API_KEY: 'right-key' },
    });
    expect(fine.code).to.equal(4);
    expect(fine.stdout).to.not.include('ON-CALL DATA MISSING');
    const who = await runCli(
      ['can-approve', GUARDED, '--request', request('prod-database'), '--now', NOW, '--approver', 'carol@example.com'],
      { env: { ...env, INCIDENT_IO_API_KEY: 'wrong-key' } },
    );
    expect(JSON.parse(who.stdout).allowed).to.equal(false);
    const whoCode = await runCli(
      [
        'can-approve',
        GUARDED,
        '--request',
        request('prod-database'),
        '--now',
        NOW,
        '--approver',
        'carol@example.com',
        '--exit-code',
      ],
      { env },
    );
    expect(whoCode.code).to.equal(7);
  });

  it('routing files as positionals, the same as --rules', async () => {
    const positional = await local(['evaluate', GUARDED, '--request', request('prod-database')]);
    const flagged = await local(['evaluate', '--rules', GUARDED, '--request', request('prod-database')]);
    expect(positional.code).to.equal(0);
    expect(positional.stdout).to.equal(flagged.stdout);
  });

  it("text output says a path's sentence once, under the path", async () => {
    const r = await local(['evaluate', GUARDED, '--request', request('prod-database'), '--format', 'text']);
    const paths = JSON.parse((await local(['evaluate', GUARDED, '--request', request('prod-database')])).stdout) as {
      paths: { why: string }[];
    };
    expect(paths.paths).to.not.be.empty;
    for (const p of paths.paths) {
      expect(r.stdout.split(p.why).length - 1, p.why).to.equal(1);
    }
    expect(r.stdout).to.include('why:\n  - Waiting for approval: one path is open.\n');
  });
});

describe('CLI: validate --strict / --max-warnings, test --run', () => {
  // rules/default-like/default-like.routing.yaml is valid; a file with a warning is made from it below.
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-strict-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('warnings pass by default, fail with --strict or beyond --max-warnings N', async () => {
    // `allowOneParty` on `auto` has no effect: a warning, not an error.
    const file = join(dir, 'warned.routing.yaml');
    writeFileSync(
      file,
      '- name: w\n  requestor: { type: any }\n  resource: { type: any }\n  approval:\n    - { type: auto, integration: incidentio, options: { allowOneParty: true } }\n',
    );
    const plain = await runCli(['validate', file]);
    expect(plain.code, plain.stdout + plain.stderr).to.equal(0);
    expect(plain.stdout).to.match(/: warning: /);
    const strict = await runCli(['validate', '--strict', file]);
    expect(strict.code).to.equal(1);
    expect(strict.stderr).to.include('1 warning, more than --strict allows (0)');
    expect((await runCli(['validate', '--max-warnings', '1', file])).code).to.equal(0);
    expect((await runCli(['validate', '--max-warnings', '0', file])).code).to.equal(1);
    expect((await runCli(['validate', '--max-warnings', 'many', file])).code).to.equal(2);
    expect((await runCli(['validate', '--strict', '--max-warnings', '1', file])).code).to.equal(2);
    // A clean file passes --strict.
    expect(
      (await runCli(['validate', '--strict', 'rules/production-guarded/production-guarded.routing.yaml'])).code,
    ).to.equal(0);
  });

  it('test --run PATTERN runs only the matching cases; a pattern matching nothing fails', async () => {
    const all = await runCli(['test', 'spec/readme/team.test.yaml']);
    expect(all.stdout).to.include('1 passed, 0 failed');
    const some = await runCli(['test', '--run', 'on call for Primary', 'spec/readme/team.test.yaml']);
    expect(some.code).to.equal(0);
    expect(some.stdout).to.include('1 passed, 0 failed');
    const none = await runCli(['test', '--run', '^no such case$', 'spec/readme/team.test.yaml']);
    expect(none.code).to.equal(1);
    expect(none.stdout).to.include('0 passed, 0 failed');
    expect(none.stderr).to.include('no case matches --run ^no such case$');
    const bad = await runCli(['test', '--run', '(', 'spec/readme/team.test.yaml']);
    expect(bad.code).to.equal(2);
    // Against a directory: only the matching cases of every file run.
    const dirRun = await runCli(['test', '--run', 'production', 'rules/']);
    const ran = /(\d+) passed, (\d+) failed/.exec(dirRun.stdout)!;
    const total = /(\d+) passed, (\d+) failed/.exec((await runCli(['test', 'rules/'])).stdout)!;
    expect(Number(ran[1])).to.be.above(0).and.below(Number(total[1]));
  });
});
