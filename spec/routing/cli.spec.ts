// `oncall-approval validate` and `oncall-approval schema`: output formats, exit codes, usage mistakes.
import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { routingSchema } from '../../plugin/routing/schema.js';
import { runCli } from '../support/cli.js';

const VALID = '- name: ok\n  requestor: { type: any }\n  resource: { type: any }\n  approval: [{ type: p0 }]\n';
const WARNS =
  '- name: pd\n  requestor: { type: any }\n  resource: { type: any }\n  approval: [{ type: auto, integration: pagerduty }]\n';
const BROKEN =
  '- name: bad\n  requestor: { type: any }\n  resource: { type: any }\n  approval:\n    - type: escalation\n      integration: incidentio\n      servces: [x]\n';

describe('routing: the validate and schema commands', () => {
  let dir = '';
  let valid = '';
  let warns = '';
  let broken = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'routing-cli-'));
    valid = join(dir, 'valid.routing.yaml');
    warns = join(dir, 'warns.routing.yaml');
    broken = join(dir, 'broken.routing.yaml');
    await writeFile(valid, VALID);
    await writeFile(warns, WARNS);
    await writeFile(broken, BROKEN);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 0 for valid files, prints nothing on stdout and a summary on stderr', async () => {
    const r = await runCli(['validate', valid]);
    expect(r).to.deep.equal({ code: 0, stdout: '', stderr: '1 file checked: valid, 1 enabled rule\n' });
  });

  it('exits 0 with warnings, printed as FILE:LINE:COL: warning: MESSAGE', async () => {
    const r = await runCli(['validate', valid, warns]);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.equal(
      `${warns}:4:41: warning: no PagerDuty source is configured here: this entry approves only where the engine has an on-call provider for PagerDuty\n`,
    );
    expect(r.stderr).to.equal('2 files checked: valid, 2 enabled rules, 1 warning\n');
  });

  it('exits 1 on errors, one FILE:LINE:COL: error: line per problem', async () => {
    const r = await runCli(['validate', valid, broken]);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.equal(
      `${broken}:7:7: error: unknown key \`servces\` in this \`escalation\` approval entry; did you mean \`services\`?\n`,
    );
    expect(r.stderr).to.equal('2 files checked: 1 error, 0 warnings\n');
  });

  it('--format json prints an array of {file, line, column, endLine, endColumn, severity, code, message, path}', async () => {
    const r = await runCli(['validate', '--format', 'json', broken, warns]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.equal('');
    expect(JSON.parse(r.stdout)).to.deep.equal([
      {
        file: broken,
        line: 7,
        column: 7,
        endLine: 7,
        endColumn: 14,
        severity: 'error',
        code: 'schema.unknown-key',
        message: 'unknown key `servces` in this `escalation` approval entry; did you mean `services`?',
        path: '/0/approval/0/servces',
      },
      {
        file: warns,
        line: 4,
        column: 41,
        endLine: 4,
        endColumn: 50,
        severity: 'warning',
        code: 'routing.integration-not-installed',
        message:
          'no PagerDuty source is configured here: this entry approves only where the engine has an on-call provider for PagerDuty',
        path: '/0/approval/0/integration',
      },
    ]);
    const ok = await runCli(['validate', '--format=json', valid]);
    expect(ok.code).to.equal(0);
    expect(JSON.parse(ok.stdout)).to.deep.equal([]);
  });

  it('a missing file is a located error (exit 1), not a crash', async () => {
    const missing = join(dir, 'missing.yaml');
    const r = await runCli(['validate', missing]);
    expect(r.code).to.equal(1);
    // The sentence names what could not be read (the same reader reads requests, tests and schedules files).
    expect(r.stdout).to.equal(`${missing}:1:1: error: cannot read the routing file: no such file\n`);
    const json = await runCli(['validate', '--format', 'json', missing]);
    expect(JSON.parse(json.stdout)).to.deep.include.members([
      {
        file: missing,
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
        severity: 'error',
        code: 'parse.unreadable',
        message: 'cannot read the routing file: no such file',
        path: '',
      },
    ]);
  });

  it('exits 2 with usage for no files, an unknown flag or an unknown format', async () => {
    for (const argv of [['validate'], ['validate', '--strictly', valid], ['validate', '--format', 'xml', valid]]) {
      const r = await runCli(argv);
      expect(r.code, argv.join(' ')).to.equal(2);
      expect(r.stdout).to.equal('');
      expect(r.stderr).to.include('Usage: oncall-approval validate FILE...');
    }
    expect((await runCli(['validate'])).stderr).to.include('name at least one routing file');
    expect((await runCli(['validate', '--format', 'xml', valid])).stderr).to.include(
      "--format must be one of text, json, not 'xml'",
    );
  });

  it('--help explains formats and exit codes (exit 0)', async () => {
    const r = await runCli(['validate', '--help']);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.include('--format json').and.include('Exit status: 0 valid (warnings allowed');
  });

  it('`schema` prints the routing JSON Schema', async () => {
    const r = await runCli(['schema']);
    expect(r.code).to.equal(0);
    expect(JSON.parse(r.stdout)).to.deep.equal(routingSchema());
    expect((await runCli(['schema', 'extra'])).code).to.equal(2);
    expect((await runCli(['schema', '--help'])).stdout).to.include('Usage: oncall-approval schema');
  });
});
