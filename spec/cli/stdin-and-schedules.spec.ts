// `validate --schedules FILE` (the `--online` check, offline, against a local schedules file) and `-` for a
// routing file read from standard input (validate, compile, evaluate), as bytes through the one reader.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, repoRoot } from '../support/cli.js';

const SCHEDULES = `schedules:
  - id: 01HPRIMARY0000000000000000
    name: Primary on-call
    entries:
      - { start_at: 2026-11-26T00:00:00Z, end_at: 2026-11-27T00:00:00Z, user: { id: U1, name: Alice, email: alice@example.com } }
`;

const MIXED = join(repoRoot, 'rules', 'oncall.mixed.example.yaml');

const routing = (incident: string, pagerduty?: string) => `- name: on call
  requestor: { type: any }
  resource: { type: any }
  approval:
    - type: auto
      integration: incidentio
      services: [${incident}]
${
  pagerduty
    ? `    - type: auto
      integration: pagerduty
      services: [${pagerduty}]
`
    : ''
}`;

const bytes = (text: string) => new TextEncoder().encode(text);

describe('cli: validate --schedules FILE and - for standard input', function () {
  this.timeout(20_000);
  let dir: string;
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-stdin-'));
    write('oncall.yaml', SCHEDULES);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('validate --schedules FILE', () => {
    it('accepts IDs the file has, and says what it checked', async () => {
      const file = write('ok.routing.yaml', routing('01HPRIMARY0000000000000000', 'PABC123'));
      const { code, stdout, stderr } = await runCli(['validate', file, '--schedules', MIXED]);
      expect(code, stdout + stderr).to.equal(0);
      expect(stderr).to.include('checked 1 incident.io schedule ID against 1 schedule in');
      expect(stderr).to.include('checked 1 PagerDuty service ID against 1 service in');
    });

    it('locates an unknown schedule ID as --online does, with the closest ID of the file', async () => {
      const file = write('typo.routing.yaml', routing('01HPRIMARY0000000000000001'));
      const { code, stdout } = await runCli(['validate', file, '--schedules', join(dir, 'oncall.yaml')]);
      expect(code).to.equal(1);
      expect(stdout).to.match(
        /typo\.routing\.yaml:7:18: error: schedule `01HPRIMARY0000000000000001` is not in the schedules file .*oncall\.yaml; did you mean `01HPRIMARY0000000000000000` \(Primary on-call\)\?/,
      );
      const json = JSON.parse(
        (await runCli(['validate', '--format', 'json', file, '--schedules', join(dir, 'oncall.yaml')])).stdout,
      );
      expect(json[0]).to.include({ code: 'routing.unknown-schedule', severity: 'error', line: 7 });
    });

    it("checks PagerDuty service IDs against the file's pagerduty section, and names a name written for an ID", async () => {
      const file = write('pd.routing.yaml', routing('01HPRIMARY0000000000000000', 'Checkout'));
      const { code, stdout } = await runCli(['validate', file, '--schedules', MIXED]);
      expect(code).to.equal(1);
      expect(stdout).to.match(
        /pd\.routing\.yaml:10:18: error: service `Checkout` is not in the schedules file .*; `Checkout` is the name of service `PABC123`: write its ID/,
      );
    });

    it('does not check an integration the file has no data for, and says so', async () => {
      const file = write('pd-only.routing.yaml', routing('01HPRIMARY0000000000000000', 'PNOSUCH'));
      const { code, stderr } = await runCli(['validate', file, '--schedules', join(dir, 'oncall.yaml')]);
      expect(code).to.equal(0);
      expect(stderr).to.match(/not checked: 1 PagerDuty service ID \(.*oncall\.yaml has no `pagerduty` section\)/);
    });

    it('fails with the schedules file’s own problems when it is invalid, and with usage when combined with --online', async () => {
      const file = write('plain.routing.yaml', routing('01HPRIMARY0000000000000000'));
      const broken = write('broken.yaml', 'schedules:\n  - id: X\n');
      const bad = await runCli(['validate', file, '--schedules', broken]);
      expect(bad.code).to.equal(1);
      expect(bad.stderr).to.match(/broken\.yaml:\d+:\d+: error: /);
      const both = await runCli(['validate', file, '--schedules', broken, '--online']);
      expect(both.code).to.equal(2);
      expect(both.stderr).to.include('give --online (the accounts) or --schedules FILE (a local file), not both');
    });
  });

  describe('- reads a routing file from standard input', () => {
    it('validate -: problems are located in <stdin>, and it is checked with the other files', async () => {
      const file = write('named.routing.yaml', routing('01HPRIMARY0000000000000000'));
      const { code, stdout } = await runCli(['validate', file, '-'], {
        stdin: bytes(routing('01HPRIMARY0000000000000000')),
      });
      expect(code).to.equal(1);
      // Loaded together: the same rule name in the file and in standard input clashes.
      expect(stdout).to.match(/^<stdin>:1:9: error: .*on call/m);
      const typo = await runCli(['validate', '-', '--schedules', join(dir, 'oncall.yaml')], {
        stdin: bytes(routing('01HPRIMARY0000000000000001')),
      });
      expect(typo.code).to.equal(1);
      expect(typo.stdout).to.match(/^<stdin>:7:18: error: schedule `01HPRIMARY0000000000000001`/m);
    });

    it('refuses bytes that are not UTF-8, as it does for a file', async () => {
      const { code, stdout } = await runCli(['validate', '-'], { stdin: new Uint8Array([0x2d, 0x20, 0xff, 0xfe]) });
      expect(code).to.equal(1);
      expect(stdout).to.match(/^<stdin>:\d+:\d+: error: /m);
    });

    it('compile - prints the same rules as compile FILE', async () => {
      const file = join(repoRoot, 'rules', 'seed-auto', 'seed-auto.routing.yaml');
      const fromFile = await runCli(['compile', file]);
      const fromStdin = await runCli(['compile', '-'], { stdin: readFileSync(file) });
      expect(fromStdin.code).to.equal(0);
      const strip = (t: string) => t.replaceAll(file, '<stdin>');
      expect(fromStdin.stdout).to.equal(strip(fromFile.stdout));
    });

    it('evaluate - decides with the rules from standard input; - cannot be both rules and request', async () => {
      const args = ['--request', join(repoRoot, 'rules', 'production-guarded', 'requests', 'staging-on-call.json')];
      const common = [...args, '--schedules', join(dir, 'oncall.yaml'), '--now', '2026-11-26T08:00:00Z'];
      const { code, stdout } = await runCli(['evaluate', '-', ...common], {
        stdin: bytes(routing('01HPRIMARY0000000000000000')),
      });
      expect(code, stdout).to.equal(0);
      expect(JSON.parse(stdout).decision).to.equal('approved');
      const both = await runCli(['evaluate', '-', '--request', '-', '--schedules', join(dir, 'oncall.yaml')]);
      expect(both.code).to.equal(2);
      expect(both.stderr).to.include("give '-' for the routing file or for --request, not both");
      const twice = await runCli(['validate', '-', '-']);
      expect(twice.code).to.equal(2);
    });
  });

  describe('rules/: examples that must not be loaded together live apart', () => {
    it('evaluate rules/ finds no routing file instead of mixing the examples', async () => {
      const { code, stderr } = await runCli([
        'evaluate',
        join(repoRoot, 'rules'),
        '--request',
        join(repoRoot, 'rules', 'production-guarded', 'requests', 'prod-database.json'),
        '--schedules',
        join(repoRoot, 'rules', 'oncall.example.yaml'),
      ]);
      expect(code).to.equal(2);
      expect(stderr).to.match(/holds no \*\.routing\.yaml files/);
    });

    it("an example's folder decides its requests as the README says: the production request is pending", async () => {
      const folder = join(repoRoot, 'rules', 'production-guarded');
      const { code, stdout } = await runCli([
        'evaluate',
        folder,
        '--request',
        join(folder, 'requests', 'prod-database.json'),
        '--schedules',
        join(repoRoot, 'rules', 'oncall.example.yaml'),
        '--now',
        '2026-11-26T08:00:00Z',
      ]);
      expect(code, stdout).to.equal(0);
      expect(JSON.parse(stdout).decision).to.equal('pending');
    });
  });
});
