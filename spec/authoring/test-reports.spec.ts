// `oncall-approval test` for CI: `--format json` and `--format junit` print one document (nothing else on
// stdout) that says which cases passed and failed; `-` reads a test file from standard input; a rule naming
// a schedule the test's on-call data does not have is warned about, where the test file gives that data.
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './support/cli.js';

const SCHEDULES = `schedules:
  - id: 01HPRIMARY0000000000000000
    name: Primary on-call
    entries:
      - { start_at: 2026-11-26T00:00:00Z, end_at: 2026-11-27T00:00:00Z, user: { id: U1, name: Alice, email: alice@example.com } }
`;

const routing = (id: string) => `- name: on call
  requestor: { type: any }
  resource: { type: any }
  approval:
    - type: auto
      integration: incidentio
      services: [${id}]
`;

const testFile = (routingFile: string, decision: string, name = 'alice on call') => `routing: ${routingFile}
schedules: oncall.yaml
cases:
  - name: ${name}
    now: 2026-11-26T08:00:00Z
    request: { requestor: { email: alice@example.com }, resource: { service: aws } }
    expect: { decision: ${decision} }
  - name: erin is not
    now: 2026-11-26T08:00:00Z
    request: { requestor: { email: erin@example.com }, resource: { service: aws } }
    expect: { decision: denied }
`;

describe('authoring: test --format json|junit, test -, and schedules the test world lacks', function () {
  this.timeout(20_000);
  let dir: string;
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'test-reports-'));
    write('oncall.yaml', SCHEDULES);
    write('good.routing.yaml', routing('01HPRIMARY0000000000000000'));
    write('typo.routing.yaml', routing('01HPRIMARY0000000000000001'));
    write('pass.test.yaml', testFile('good.routing.yaml', 'approved'));
    write('fail.test.yaml', testFile('good.routing.yaml', 'pending', 'alice & <co> expected pending'));
    write('broken.test.yaml', '- a list, not a mapping\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('--format json', () => {
    it('prints one JSON document with every case, its mismatches and the totals', async () => {
      const { code, stdout } = await runCli([
        'test',
        '--format',
        'json',
        join(dir, 'pass.test.yaml'),
        join(dir, 'fail.test.yaml'),
      ]);
      expect(code).to.equal(1);
      const report = JSON.parse(stdout);
      expect(report).to.include({ passed: 3, failed: 1, invalidFiles: 0 });
      expect(report.files.map((f: { status: string }) => f.status)).to.deep.equal(['passed', 'failed']);
      const failing = report.files[1].cases[0];
      expect(failing).to.include({
        name: 'alice & <co> expected pending',
        passed: false,
        decision: 'approved',
        line: 4,
      });
      expect(failing.mismatches[0]).to.include({ what: 'decision', expected: 'pending', actual: 'approved', line: 7 });
      expect(report.files[1].cases[1]).to.include({ name: 'erin is not', passed: true });
    });

    it('exits 0 when every case passes, and lists an invalid file with its problems', async () => {
      const ok = await runCli(['test', '--format', 'json', join(dir, 'pass.test.yaml')]);
      expect(ok.code).to.equal(0);
      expect(JSON.parse(ok.stdout)).to.include({ passed: 2, failed: 0 });
      const bad = await runCli(['test', '--format', 'json', join(dir, 'broken.test.yaml')]);
      expect(bad.code).to.equal(1);
      const report = JSON.parse(bad.stdout);
      expect(report.invalidFiles).to.equal(1);
      expect(report.files[0].status).to.equal('invalid');
      expect(report.files[0].problems[0].code).to.equal('test.not-a-mapping');
    });
  });

  describe('--format junit', () => {
    it('prints JUnit XML: a suite per file, a failure with expected and actual, XML escaped', async () => {
      const { code, stdout } = await runCli([
        'test',
        '--format',
        'junit',
        join(dir, 'pass.test.yaml'),
        join(dir, 'fail.test.yaml'),
        join(dir, 'broken.test.yaml'),
      ]);
      expect(code).to.equal(1);
      expect(stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).to.equal(true);
      expect(stdout).to.match(/<testsuites name="oncall-approval test" tests="5" failures="1" errors="1">/);
      expect(stdout).to.match(/<testsuite name="[^"]*pass\.test\.yaml" tests="2" failures="0" errors="0"/);
      expect(stdout).to.include('<testcase name="alice &amp; &lt;co&gt; expected pending"');
      expect(stdout).to.match(
        /<failure message="decision: expected pending, got approved" type="mismatch">FAIL alice &amp; &lt;co&gt;/,
      );
      expect(stdout).to.match(
        /<error message="the test file could not be run" type="invalid">[^<]*broken\.test\.yaml:1:1: error:/,
      );
      // Balanced: every opened element is closed.
      const opened = (tag: string) => (stdout.match(new RegExp(`<${tag}[ >]`, 'g')) ?? []).length;
      const closed = (tag: string) => (stdout.match(new RegExp(`</${tag}>|<${tag} [^>]*/>`, 'g')) ?? []).length;
      for (const tag of ['testsuites', 'testsuite', 'testcase']) expect(closed(tag), tag).to.equal(opened(tag));
    });
  });

  it('rejects an unknown format', async () => {
    const { code, stderr } = await runCli(['test', '--format', 'xml', join(dir, 'pass.test.yaml')]);
    expect(code).to.equal(2);
    expect(stderr).to.include("--format must be one of text, github, json, junit, not 'xml'");
  });

  describe('test -', () => {
    it('reads the test file from standard input; the files it names are relative to the working directory', async () => {
      const text = testFile(join(dir, 'good.routing.yaml'), 'approved').replace(
        'schedules: oncall.yaml',
        `schedules: ${join(dir, 'oncall.yaml')}`,
      );
      const { code, stdout } = await runCli(['test', '-'], { stdin: new TextEncoder().encode(text) });
      expect(code, stdout).to.equal(0);
      expect(stdout).to.include('ok   <stdin> (2 cases)');
    });

    it('locates problems in standard input as <stdin>, and refuses bytes that are not UTF-8', async () => {
      const bad = await runCli(['test', '-'], { stdin: '- a list\n' });
      expect(bad.code).to.equal(1);
      expect(bad.stdout).to.match(/^<stdin>:1:1: error: /m);
      const binary = await runCli(['test', '-'], { stdin: new Uint8Array([0xff, 0xfe, 0x00, 0x41]) });
      expect(binary.code).to.equal(1);
      expect(binary.stdout).to.match(/^<stdin>:\d+:\d+: error: /m);
    });
  });

  describe('a rule names a schedule the test world does not have', () => {
    it('warns at the line that gives the on-call data, naming the ID and the rule', async () => {
      const file = write('typo.test.yaml', testFile('typo.routing.yaml', 'denied'));
      const { code, stdout } = await runCli(['test', file]);
      expect(code, stdout).to.equal(0);
      expect(stdout).to.match(
        /typo\.test\.yaml:2:12: warning: this on-call data \([^)]*oncall\.yaml\) has no incident\.io schedule `01HPRIMARY0000000000000001`, which rule on call \([^)]*typo\.routing\.yaml:5:7\) names/,
      );
      const json = JSON.parse((await runCli(['test', '--format', 'json', file])).stdout);
      expect(json.files[0].problems[0]).to.include({ code: 'test.unknown-schedule', severity: 'warning' });
    });

    it('says nothing when every schedule the rules name is in the world', async () => {
      const { stdout } = await runCli(['test', join(dir, 'pass.test.yaml')]);
      expect(stdout).to.not.include('warning');
    });
  });
});
