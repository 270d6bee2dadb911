// `oncall-approval test`: the shipped tests of rules/ pass (so `npm test` runs them), a wrong expectation of
// any kind fails with expected vs actual at the expectation's line, and broken test files are located problems.
import { expect } from 'chai';
import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, spawnCli, repoRoot } from './support/cli.js';
import { exampleFiles } from '../support/examples.js';
import { loadTestFile } from '../../plugin/authoring/test-file.js';
import { runCase } from '../../plugin/authoring/run-case.js';
import type { DecisionKind } from '../../plugin/engine/decision-types.js';

const rulesDir = join(repoRoot, 'rules');
const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);

/** `LINE:COL` (1-based) of `inner` inside the first occurrence of `context` in `text`. */
function at(text: string, context: string, inner = context): string {
  const offset = text.indexOf(context) + context.indexOf(inner);
  if (text.indexOf(context) === -1 || context.indexOf(inner) === -1) throw new Error(`not in the text: ${context}`);
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

// One day of on-call: alice on Primary until 09:00Z, then bob.
const SCHEDULES = `schedules:
  - id: 01HPRIMARY0000000000000000
    name: Primary on-call
    timezone: Europe/London
    entries:
      - { start_at: 2026-11-26T00:00:00Z, end_at: 2026-11-26T09:00:00Z, user: { id: U1, name: Alice, email: alice@example.com } }
      - { start_at: 2026-11-26T09:00:00Z, end_at: 2026-11-27T00:00:00Z, user: { id: U2, name: Bob, email: bob@example.com } }
`;

const ROUTING = `- name: on-call approver
  requestor: { type: any }
  resource: { type: any }
  approval:
    - type: escalation
      integration: incidentio
      services: [01HPRIMARY0000000000000000]
      options: { requireReason: true }
- name: on-call engineers
  requestor: { type: any }
  resource: { type: integration, service: aws }
  approval:
    - type: auto
      integration: incidentio
`;

describe('authoring: oncall-approval test', function () {
  this.timeout(20_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'routing-tests-'));
    writeFileSync(join(dir, 'oncall.yaml'), SCHEDULES);
    writeFileSync(join(dir, 'app.routing.yaml'), ROUTING);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function write(name: string, text: string): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  }

  describe('the shipped tests of rules/', () => {
    it('all pass: `oncall-approval test rules/` exits 0 and its last line counts every case', async () => {
      const { code, stdout } = await runCli(['test', rulesDir]);
      expect(code, stdout).to.equal(0);
      const match = /^(\d+) passed, 0 failed$/.exec(lastLine(stdout) ?? '');
      expect(match, stdout).to.not.equal(null);
      let cases = 0;
      for (const f of exampleFiles('.test.yaml')) {
        cases += (await loadTestFile(f)).suite!.cases.length;
      }
      expect(Number(match![1])).to.equal(cases);
    });

    it('test every example routing file in rules/', async () => {
      const tested = new Set<string>();
      for (const f of exampleFiles('.test.yaml')) {
        const { suite } = await loadTestFile(f);
        for (const r of suite!.routingFiles) tested.add(r);
      }
      const examples = exampleFiles('.routing.yaml');
      expect(examples).to.not.be.empty;
      expect([...tested].sort()).to.include.members(examples);
    });

    it('can fail: every shipped case fails when its expected decision is changed', async () => {
      for (const f of exampleFiles('.test.yaml')) {
        const { suite } = await loadTestFile(f);
        for (const c of suite!.cases) {
          for (const other of (['approved', 'pending', 'denied'] as DecisionKind[]).filter(
            (d) => d !== c.expect.decision,
          )) {
            const result = await runCase(suite!.rules, { ...c, expect: { decision: other } });
            expect(result.passed, `${f}: ${c.name} with decision ${other}`).to.equal(false);
          }
        }
      }
    });

    it('run through the installed command too', async () => {
      const { code, stdout } = await spawnCli(['test', 'rules/seed-auto/seed-auto.test.yaml']);
      expect(code, stdout).to.equal(0);
      expect(lastLine(stdout)).to.match(/^\d+ passed, 0 failed$/);
    });
  });

  describe('a wrong expectation', () => {
    it('fails with expected vs actual at the line of the expectation, the reasons and the trace', async () => {
      const text = `routing: app.routing.yaml
schedules: oncall.yaml
cases:
  - name: bob is on call at 08:00
    now: 2026-11-26T08:00:00Z
    request:
      requestor: { email: bob@example.com }
      resource: { service: gcloud }
      reason: INC-1
    expect:
      decision: approved
`;
      const file = write('wrong-decision.test.yaml', text);
      const { code, stdout } = await runCli(['test', file]);
      expect(code).to.equal(1);
      expect(stdout).to.include(`FAIL bob is on call at 08:00 (${file}:${at(text, 'bob is on call')})`);
      expect(stdout).to.include(
        `${file}:${at(text, 'decision: approved', 'approved')}: decision: expected approved, got pending`,
      );
      // Why: bob is not on call yet; the reasons and the trace show who is.
      expect(stdout).to.match(/reasons:\n(\s+- .*\n)+/);
      expect(stdout).to.include('alice@example.com');
      expect(stdout).to.include('trace:');
      expect(stdout).to.include(
        'Primary on-call (01HPRIMARY0000000000000000): alice@example.com until 2026-11-26T09:00:00Z',
      );
      expect(lastLine(stdout)).to.equal('0 passed, 1 failed');
    });

    it('reports the approvers that are missing and the ones that are not expected', async () => {
      const text = `routing: app.routing.yaml
schedules: oncall.yaml
cases:
  - name: who approves gcloud at 10:00
    now: 2026-11-26T10:00:00Z
    request: { requestor: { email: erin@example.com }, resource: { service: gcloud }, reason: INC-1 }
    expect:
      decision: pending
      approvers: [alice@example.com]
`;
      const file = write('wrong-approvers.test.yaml', text);
      const { code, stdout } = await runCli(['test', file]);
      expect(code).to.equal(1);
      expect(stdout).to.include(
        `${file}:${at(text, '[alice@')}: approvers: expected alice@example.com, got bob@example.com (missing alice@example.com; unexpected bob@example.com)`,
      );
    });

    it('reports grantDuration, decidedBy and canApprove mismatches, each at its own line', async () => {
      const text = `routing: app.routing.yaml
schedules: oncall.yaml
cases:
  - name: alice on call asks for aws for 30 minutes
    now: 2026-11-26T08:00:00Z
    request: { requestor: { email: alice@example.com }, resource: { service: aws }, duration: PT30M }
    expect:
      decision: approved
      grantDuration: PT1H
      decidedBy: on-call approver
  - name: bob may approve at 10:00 but alice may not
    now: 2026-11-26T10:00:00Z
    request: { requestor: { email: erin@example.com }, resource: { service: gcloud }, reason: INC-1 }
    expect: { decision: pending }
    canApprove:
      - { approver: alice@example.com, allowed: true }
      - { approver: bob@example.com, allowed: true }
`;
      const file = write('wrong-details.test.yaml', text);
      const { code, stdout } = await runCli(['test', file]);
      expect(code).to.equal(1);
      expect(stdout).to.include(
        `${file}:${at(text, 'grantDuration: PT1H', 'PT1H')}: grantDuration: expected PT1H, got PT30M`,
      );
      expect(stdout).to.include(
        `${file}:${at(text, 'decidedBy: on-call', 'on-call')}: decidedBy: expected rule on-call approver, got rule on-call engineers (entry 0, auto)`,
      );
      expect(stdout).to.include(
        `${file}:${at(text, 'alice@example.com, allowed: true', 'true')}: canApprove alice@example.com: expected allowed, got not allowed`,
      );
      expect(stdout).to.not.include('canApprove bob@example.com');
      expect(lastLine(stdout)).to.equal('0 passed, 2 failed');
    });

    it('fails only the cases that are wrong and counts both kinds', async () => {
      const file = write(
        'mixed.test.yaml',
        `routing: app.routing.yaml
schedules: oncall.yaml
cases:
  - name: right
    now: 2026-11-26T09:00:00Z
    request: { requestor: { email: bob@example.com }, resource: { service: aws } }
    expect: { decision: approved, grantDuration: PT1H }
  - name: wrong
    now: 2026-11-26T08:59:59Z
    request: { requestor: { email: bob@example.com }, resource: { service: aws } }
    expect: { decision: approved }
`,
      );
      const { code, stdout } = await runCli(['test', file]);
      expect(code).to.equal(1);
      expect(stdout).to.include('FAIL wrong');
      expect(stdout).to.not.include('FAIL right');
      expect(lastLine(stdout)).to.equal('1 passed, 1 failed');
    });
  });

  describe('test files', () => {
    it('may hold the rules and the schedules inline, and cases may replace the on-call data', async () => {
      const file = write(
        'inline.test.yaml',
        `rules:
  - name: primary approves
    requestor: { type: any }
    resource: { type: any }
    approval:
      - { type: escalation, integration: incidentio, services: [01HINLINE00000000000000000] }
schedules:
  - id: 01HINLINE00000000000000000
    name: Inline schedule
    entries:
      - { start_at: 2026-11-26T00:00:00Z, end_at: 2026-11-27T00:00:00Z, user: { email: carol@example.com } }
cases:
  - name: carol approves
    now: 2026-11-26T12:00:00Z
    request: { requestor: { email: erin@example.com }, resource: { service: aws } }
    expect: { decision: pending, approvers: [carol@example.com] }
  - name: with nobody on call, nobody can approve
    now: 2026-11-26T12:00:00Z
    schedules: []
    request: { requestor: { email: erin@example.com }, resource: { service: aws } }
    expect: { decision: pending, approvers: [] }
    canApprove: [{ approver: carol@example.com, allowed: false }]
`,
      );
      const { code, stdout } = await runCli(['test', file, '--verbose']);
      expect(code, stdout).to.equal(0);
      expect(stdout).to.include('ok   carol approves');
      expect(lastLine(stdout)).to.equal('2 passed, 0 failed');
    });

    it('a directory runs every *.test.yaml below it, and nothing else', async () => {
      const sub = join(dir, 'tree');
      mkdirSync(join(sub, 'deeper'), { recursive: true });
      const one = `routing: ../app.routing.yaml
schedules: ../oncall.yaml
cases:
  - name: bob at 10
    now: 2026-11-26T10:00:00Z
    request: { requestor: { email: bob@example.com }, resource: { service: aws } }
    expect: { decision: approved }
`;
      writeFileSync(join(sub, 'a.test.yaml'), one);
      writeFileSync(join(sub, 'deeper', 'b.test.yaml'), one.replace(/\.\.\//g, '../../'));
      writeFileSync(join(sub, 'not-a-test.yaml'), 'this: is not run');
      const { code, stdout } = await runCli(['test', sub]);
      expect(code, stdout).to.equal(0);
      expect(stdout).to.include(`ok   ${join(sub, 'a.test.yaml')} (1 case)`);
      expect(stdout).to.include(`ok   ${join(sub, 'deeper', 'b.test.yaml')} (1 case)`);
      expect(lastLine(stdout)).to.equal('2 passed, 0 failed');
    });

    it('an invalid test file gives located problems and exit 1, and runs no case', async () => {
      const file = write(
        'broken.test.yaml',
        `routing: app.routing.yaml
cases:
  - name: typo
    now: 2026-11-26T08:00:00Z
    request:
      requestor: { emial: alice@example.com }
      resource: { service: aws }
    expect: { decision: aproved }
`,
      );
      const { code, stdout } = await runCli(['test', file]);
      expect(code).to.equal(1);
      expect(stdout).to.include(
        `${file}:8:25: error: \`decision\` must be one of approved, pending, denied, not \`aproved\`; did you mean \`approved\`?`,
      );
      expect(lastLine(stdout)).to.equal('0 passed, 0 failed');
      expect(stdout).to.include('1 test file could not be run');
    });

    it('mistakes inside inline rules, requests and schedules are located in the test file', async () => {
      const text = `rules:
  - requestor: { type: any }
    resource: { type: any }
    approval:
      - { type: escalation, integration: incidentio, servces: [01HPRIMARY0000000000000000] }
schedules:
  - id: 01HPRIMARY0000000000000000
    name: s
    entries:
      - { start_at: 2026-11-26T10:00:00Z, end_at: 2026-11-26T09:00:00Z }
cases:
  - name: one
    now: 2026-11-26T08:00:00Z
    request:
      requestor: { email: alice@example.com }
      resource: { service: aws, colour: red }
    expect: { decision: approved }
`;
      const file = write('inline-broken.test.yaml', text);
      const { code, stdout } = await runCli(['test', file]);
      expect(code).to.equal(1);
      expect(stdout).to.include(`${file}:${at(text, 'servces')}: error: unknown key \`servces\``);
      expect(stdout).to.include(
        `${file}:${at(text, 'end_at: 2026-11-26T09', '2026')}: error: \`end_at\` must be after \`start_at\``,
      );
      expect(stdout).to.include(`${file}:${at(text, 'colour')}: error: unknown key \`colour\``);
    });

    it('refuses an instant that does not exist or is finer than a millisecond, instead of shifting it', async () => {
      const text = `routing: app.routing.yaml
cases:
  - name: thirtieth of February
    now: 2026-02-30T08:00:00Z
    request: { requestor: { email: a@example.com }, resource: { service: aws } }
    expect: { decision: denied }
  - name: microseconds
    now: 2026-11-26T08:59:59.9999Z
    request: { requestor: { email: a@example.com }, resource: { service: aws } }
    expect: { decision: denied }
`;
      const file = write('instants.test.yaml', text);
      const { code, stdout } = await runCli(['test', file]);
      expect(code).to.equal(1);
      expect(stdout).to.include(
        `${file}:${at(text, '2026-02-30')}: error: \`now\` is \`2026-02-30T08:00:00Z\`, which is not a real instant`,
      );
      expect(stdout).to.include(
        `${file}:${at(text, '2026-11-26T08:59')}: error: \`now\` has digits finer than a millisecond`,
      );
    });

    it('refuses an alias where a part must be read in place, rather than misreading it', async () => {
      const text = `routing: app.routing.yaml
cases:
  - name: a
    now: 2026-11-26T08:00:00Z
    request: &base { requestor: { email: a@example.com }, resource: { service: aws } }
    expect: { decision: denied }
  - name: b
    now: 2026-11-26T08:00:00Z
    request: *base
    expect: { decision: denied }
`;
      const file = write('alias.test.yaml', text);
      const { code, stdout } = await runCli(['test', file]);
      expect(code).to.equal(1);
      expect(stdout).to.include(
        `${file}:${at(text, '*base')}: error: \`request\` is an alias (\`*name\`); a test file needs it written out here`,
      );
    });

    it('a routing file that does not load is reported in that file', async () => {
      write('bad.routing.yaml', '- requestor: { type: any }\n  resource: { type: any }\n');
      const file = write(
        'uses-bad.test.yaml',
        `routing: bad.routing.yaml
cases:
  - name: one
    now: 2026-11-26T08:00:00Z
    request: { requestor: { email: a@example.com }, resource: { service: aws } }
    expect: { decision: denied }
`,
      );
      const { code, stdout } = await runCli(['test', file]);
      expect(code).to.equal(1);
      expect(stdout).to.include(`${join(dir, 'bad.routing.yaml')}:1:3: error: this rule is missing \`approval\``);
    });

    it('a file with both `routing` and inline `rules`, or neither, is refused', async () => {
      const neither = write(
        'neither.test.yaml',
        `cases:
  - { name: a, now: 2026-11-26T08:00:00Z, request: { requestor: { email: a@example.com }, resource: { service: aws } }, expect: { decision: denied } }
`,
      );
      const both = write(
        'both.test.yaml',
        `routing: app.routing.yaml
rules: [{ requestor: { type: any }, resource: { type: any }, approval: [] }]
cases:
  - { name: a, now: 2026-11-26T08:00:00Z, request: { requestor: { email: a@example.com }, resource: { service: aws } }, expect: { decision: denied } }
`,
      );
      const a = await runCli(['test', neither]);
      expect(a.code).to.equal(1);
      expect(a.stdout).to.include('does not say which rules to test');
      const b = await runCli(['test', both]);
      expect(b.code).to.equal(1);
      expect(b.stdout).to.include(`${both}:2:1: error: the test file has both \`routing\` and \`rules\``);
    });
  });

  describe('--format github', () => {
    it("annotates each failing expectation and each problem, with GitHub's escaping", async () => {
      const odd = join(dir, 'a,b:c');
      mkdirSync(odd, { recursive: true });
      writeFileSync(
        join(odd, 'odd.test.yaml'),
        `routing: ../app.routing.yaml
schedules: ../oncall.yaml
cases:
  - name: 100% wrong, on purpose
    now: 2026-11-26T08:00:00Z
    request: { requestor: { email: bob@example.com }, resource: { service: aws } }
    expect: { decision: approved }
`,
      );
      const broken = write('gh-broken.test.yaml', 'cases: []\nrouting: app.routing.yaml\n');
      const { code, stdout } = await runCli(['test', join(odd, 'odd.test.yaml'), broken, '--format', 'github']);
      expect(code).to.equal(1);
      const escapedFile = join(odd, 'odd.test.yaml').replace(/:/g, '%3A').replace(/,/g, '%2C');
      expect(stdout).to.include(
        `::error file=${escapedFile},line=7,col=25,endLine=7,endColumn=33::test case "100%25 wrong, on purpose" failed: decision: expected approved, got denied\n`,
      );
      expect(stdout).to.include(
        `::error file=${broken},line=1,col=8,endLine=1,endColumn=10::\`cases\` must not be empty\n`,
      );
      // The human-readable lines are still there for the log.
      expect(stdout).to.include('FAIL 100% wrong, on purpose');
      expect(lastLine(stdout)).to.equal('0 passed, 1 failed');
    });
  });

  describe('usage', () => {
    it('exit 2 without a file, or with an unknown format or flag', async () => {
      for (const argv of [['test'], ['test', rulesDir, '--format', 'xml'], ['test', rulesDir, '--frobnicate']]) {
        const { code, stderr } = await runCli(argv);
        expect(code, argv.join(' ') + stderr).to.equal(2);
        expect(stderr).to.include('Usage: oncall-approval test');
      }
    });

    it('exit 1 for a path that does not exist or a directory without tests', async () => {
      const missing = await runCli(['test', join(dir, 'nope.test.yaml')]);
      expect(missing.code).to.equal(1);
      expect(missing.stdout).to.include(`${join(dir, 'nope.test.yaml')}:1:1: error: no such file or directory`);
      const empty = join(dir, 'empty');
      mkdirSync(empty, { recursive: true });
      const none = await runCli(['test', empty]);
      expect(none.code).to.equal(1);
      expect(none.stdout).to.include('no test files (*.test.yaml) in this directory');
    });

    it('--help describes the command', async () => {
      const { code, stdout } = await runCli(['test', '--help']);
      expect(code).to.equal(0);
      expect(stdout).to.include('oncall-approval test FILE_OR_DIR...');
    });
  });
});
