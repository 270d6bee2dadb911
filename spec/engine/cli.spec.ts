// `evaluate`, `can-approve` and `compile` end to end: on the bundled examples with a local schedules file,
// against `simulate` (a real HTTP server, in-process) with the same answers, and every way input can be wrong.
import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from 'json-rules-engine';
import { FACT } from '../../plugin/compile/vocabulary.js';
import { installOnCallPlugin } from '../../plugin/engine/plugin.js';
import { outcomeOf } from '../../plugin/engine/host-outcome.js';
import { createLocalProvider } from '../../plugin/providers/local/local-provider.js';
import { loadSchedulesFile } from '../../plugin/providers/local/schedules-file.js';
import { startSimulator, type Simulator } from '../../plugin/providers/incidentio/simulator.js';
import { runCli, spawnCli } from '../support/cli.js';

const SCHEDULES = 'rules/oncall.example.yaml';
const GUARDED = 'rules/production-guarded/production-guarded.routing.yaml';
const NOW = '2026-11-26T08:00:00Z';
const KEY = 'test-key-for-the-simulator';

const local = (argv: string[]) => runCli([...argv, '--schedules', SCHEDULES, '--now', NOW]);

function withoutTrace(json: string): unknown {
  const { trace: _t, ...rest } = JSON.parse(json);
  return rest;
}

describe('CLI: evaluate, can-approve, compile', () => {
  let sim: Simulator;
  let env: Record<string, string>;
  let dir: string;

  before(async () => {
    sim = await startSimulator({
      data: await loadSchedulesFile(SCHEDULES),
      apiKey: KEY,
      pageSize: 7,
      now: () => new Date(NOW),
    });
    env = { INCIDENT_IO_API_KEY: KEY, INCIDENT_IO_BASE_URL: sim.url };
    dir = await mkdtemp(join(tmpdir(), 'oncall-engine-'));
  });
  after(async () => {
    await sim?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const cases = [
    {
      request: 'rules/production-guarded/requests/staging-on-call.json',
      expect: {
        decision: 'approved',
        grantDuration: 'PT30M',
        expiresAt: '2026-11-26T08:30:00.000Z',
        decidedBy: { rule: 'staging, on call', entry: 0, type: 'auto', integration: 'incidentio' },
      },
    },
    { request: 'rules/production-guarded/requests/prod-database.json', expect: { decision: 'pending' } },
    {
      request: 'rules/production-guarded/requests/sensitive-admin.json',
      expect: { decision: 'denied', decidedBy: { rule: 'administrator access, never', entry: 0, type: 'deny' } },
    },
  ];

  for (const c of cases) {
    it(`evaluate ${c.request}: ${c.expect.decision}, the same from --schedules and from simulate over HTTP`, async () => {
      const argv = ['evaluate', '--rules', GUARDED, '--request', c.request, '--reviewers', 'security@example.com'];
      const fromFile = await local(argv);
      expect(fromFile.code, fromFile.stderr).to.equal(0);
      const decision = JSON.parse(fromFile.stdout);
      expect(decision).to.deep.include(c.expect);
      expect(decision.evaluatedAt).to.equal('2026-11-26T08:00:00.000Z');

      const fromApi = await runCli([...argv, '--now', NOW], { env });
      expect(fromApi.code, fromApi.stderr).to.equal(0);
      expect(withoutTrace(fromApi.stdout)).to.deep.equal(withoutTrace(fromFile.stdout));
    });
  }

  it('evaluate never approves when incident.io refuses the key, and says why (exit 0: it is a decision)', async () => {
    const r = await runCli(
      [
        'evaluate',
        '--rules',
        GUARDED,
        '--request',
        'rules/production-guarded/requests/staging-on-call.json',
        '--now',
        NOW,
      ],
      {
        env: { ...env, INCIDENT_IO_API_KEY: 'wrong-key' },
      },
    );
    expect(r.code, r.stderr).to.equal(0);
    const d = JSON.parse(r.stdout);
    expect(d.decision).to.equal('denied');
    expect(d.reasons.join(' ')).to.match(/could not be read .*401|401.*could not be read/);
    expect(r.stdout + r.stderr).to.not.include('wrong-key');
  });

  it('evaluate lists who may approve a pending production request (the requestor excluded)', async () => {
    const r = await local([
      'evaluate',
      '--rules',
      GUARDED,
      '--request',
      'rules/production-guarded/requests/prod-database.json',
    ]);
    const d = JSON.parse(r.stdout);
    const escalation = d.paths.find((p: { type: string }) => p.type === 'escalation');
    expect(escalation).to.deep.include({ open: true, approvers: ['alice@example.com', 'carol@example.com'] });
    expect(d.paths.find((p: { type: string }) => p.type === 'p0')).to.deep.include({
      open: false,
      why: 'no security reviewers are configured',
    });
  });

  it('can-approve gives the same answers from --schedules and from simulate', async () => {
    const ask = async (approver: string, extra: string[] = []) => {
      const argv = [
        'can-approve',
        '--rules',
        GUARDED,
        '--request',
        'rules/production-guarded/requests/prod-database.json',
        '--approver',
        approver,
        ...extra,
      ];
      const fromFile = await local(argv);
      const fromApi = await runCli([...argv, '--now', NOW], { env });
      expect(fromFile.code, fromFile.stderr).to.equal(0);
      expect(fromApi.code, fromApi.stderr).to.equal(0);
      expect(withoutTrace(fromApi.stdout)).to.deep.equal(withoutTrace(fromFile.stdout));
      return JSON.parse(fromFile.stdout);
    };
    expect(await ask('carol@example.com')).to.deep.include({
      allowed: true,
      approver: 'carol@example.com',
      admittedBy: { rule: 'production, on-call approver', entry: 0, type: 'escalation', integration: 'incidentio' },
    });
    expect((await ask('carol@example.com')).reasons[0]).to.equal('carol@example.com is on call for Primary on-call');
    expect(
      (await ask('bob@example.com')).allowed,
      'the requestor is on call for Database but may not approve their own request',
    ).to.equal(false);
    expect((await ask('dave@example.com')).allowed, 'dave is on call for Security, not for these schedules').to.equal(
      false,
    );
    expect((await ask('security@example.com', ['--reviewers', 'security@example.com'])).admittedBy).to.deep.include({
      type: 'p0',
    });
  });

  it("can-approve takes the approver's groups as DIRECTORY:ID", async () => {
    const piped = await runCli(
      [
        'can-approve',
        '--rules',
        'rules/p0-style/p0-style.routing.yaml',
        '--request',
        '-',
        '--approver',
        'lead@example.com',
        '--approver-group',
        'azure-ad:7c1f0b6e-2f4a-4c1e-9d1b-000000000001',
        '--schedules',
        SCHEDULES,
        '--now',
        NOW,
      ],
      {
        stdin: JSON.stringify({
          requestor: { email: 'alice@example.com' },
          resource: { service: 'gcloud' },
          reason: 'INC-9',
        }),
      },
    );
    expect(piped.code, piped.stderr).to.equal(0);
    expect(JSON.parse(piped.stdout)).to.deep.include({
      allowed: true,
      admittedBy: { rule: '#2', entry: 2, type: 'group' },
    });
  });

  it('evaluate --format text reads as sentences, and --trace adds the trace', async () => {
    const r = await local([
      'evaluate',
      '--rules',
      GUARDED,
      '--request',
      'rules/production-guarded/requests/staging-on-call.json',
      '--format',
      'text',
      '--trace',
    ]);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.match(/^APPROVED {2}alice@example.com → aws \(permission-set\)/);
    expect(r.stdout).to.include('alice@example.com is on call for Primary on-call until 2026-11-26T09:00:00Z');
    expect(r.stdout).to.include('grant: PT30M, until 2026-11-26T08:30:00.000Z');
    expect(r.stdout).to.match(
      /trace:\n {2}rule staging, on call \(rules\/production-guarded\/production-guarded.routing.yaml:\d+:\d+\): matches/,
    );
  });

  it('without --rules uses default routing', async () => {
    const r = await local(['evaluate', '--request', 'rules/production-guarded/requests/staging-on-call.json']);
    expect(JSON.parse(r.stdout)).to.deep.include({
      decision: 'approved',
      decidedBy: { rule: 'default routing', entry: 1, type: 'auto', integration: 'incidentio' },
    });
  });

  it('--rules accepts a directory of routing files', async () => {
    const sub = join(dir, 'routing');
    await import('node:fs/promises').then((fs) => fs.mkdir(sub, { recursive: true }));
    await writeFile(
      join(sub, 'a.routing.yaml'),
      '- name: deny all\n  requestor: { type: any }\n  resource: { type: any }\n  approval: [ { type: deny } ]\n',
    );
    await writeFile(join(sub, 'notes.txt'), 'not a routing file');
    const r = await local([
      'evaluate',
      '--rules',
      sub,
      '--request',
      'rules/production-guarded/requests/staging-on-call.json',
    ]);
    expect(JSON.parse(r.stdout)).to.deep.include({
      decision: 'denied',
      decidedBy: { rule: 'deny all', entry: 0, type: 'deny' },
    });
  });

  it('exit 2 naming both sources when there is no on-call data', async () => {
    const r = await runCli([
      'evaluate',
      '--rules',
      GUARDED,
      '--request',
      'rules/production-guarded/requests/staging-on-call.json',
    ]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.include('--schedules FILE').and.include('INCIDENT_IO_API_KEY');
    expect(r.stdout).to.equal('');
  });

  it('exit 2 on usage mistakes, with the usage', async () => {
    for (const argv of [
      ['evaluate', '--rules', GUARDED],
      ['evaluate', '--rules', GUARDED, '--request', 'x.json', '--now', 'yesterday'],
      ['evaluate', '--rules', GUARDED, '--request', 'x.json', '--format', 'xml'],
      ['evaluate', '--request', 'x.json', '--rule', GUARDED], // (files are positionals now: a mistyped flag)
      ['can-approve', '--rules', GUARDED, '--request', 'x.json'],
      ['can-approve', '--rules', GUARDED, '--request', 'x.json', '--approver', 'a@x', '--approver-group', 'ldap:1'],
      ['evaluate', '--reviewers', 'not-an-email', '--request', 'x.json'],
    ]) {
      const r = await runCli([...argv, '--schedules', SCHEDULES]);
      expect(r.code, `${argv.join(' ')}: ${r.stderr}`).to.equal(2);
      expect(r.stderr).to.match(/Usage: oncall-approval/);
    }
  });

  it('exit 1 with located problems for invalid rules', async () => {
    const bad = join(dir, 'bad.routing.yaml');
    await writeFile(
      bad,
      '- name: broken\n  requestor: { type: any }\n  resource: { type: any }\n  approval:\n    - type: escalation\n      integration: incidentio\n',
    );
    const r = await local([
      'evaluate',
      '--rules',
      bad,
      '--request',
      'rules/production-guarded/requests/staging-on-call.json',
    ]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5:\\d+: error: `, 'm'));
    expect(r.stdout).to.equal('');
  });

  it('exit 1 with located problems for an invalid request, including a zero duration the schema lets through', async () => {
    const badSchema = join(dir, 'bad-request.json');
    await writeFile(
      badSchema,
      '{\n  "requestor": { "email": "alice@example.com" },\n  "resource": { "servce": "aws" }\n}\n',
    );
    const r1 = await local(['evaluate', '--request', badSchema]);
    expect(r1.code).to.equal(1);
    expect(r1.stderr).to.match(/bad-request.json:3:\d+: error: /);

    const zero = join(dir, 'zero.json');
    await writeFile(
      zero,
      '{\n  "requestor": { "email": "alice@example.com" },\n  "resource": { "service": "aws" },\n  "duration": "PT0S"\n}\n',
    );
    const r2 = await local(['evaluate', '--request', zero]);
    expect(r2.code).to.equal(1);
    expect(r2.stderr).to.match(/zero.json:4:3: error: duration "PT0S" is not an ISO 8601 duration longer than zero/);

    const missing = await local(['evaluate', '--request', join(dir, 'nope.json')]);
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.match(/nope.json:1:1: error: /);
  });

  it('reads the request from standard input with --request -', async () => {
    const r = await runCli(['evaluate', '--rules', GUARDED, '--request', '-', '--schedules', SCHEDULES, '--now', NOW], {
      stdin:
        'requestor: { email: carol@example.com }\nresource: { service: aws, attributes: { tag: { env: staging } } }\nreason: deploy\n',
    });
    expect(r.code, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout)).to.deep.include({ decision: 'approved' });
  });

  it('refuses standard input that is not UTF-8, as it refuses such a request file, naming the request', async () => {
    const text = 'requestor: { email: carol@example.com }\nresource: { service: aws }\nreason: d\u00e9ploy\n';
    const latin1 = Buffer.from(text, 'latin1'); // é as one byte, 0xE9: not UTF-8
    const r = await runCli(['evaluate', '--rules', GUARDED, '--request', '-', '--schedules', SCHEDULES, '--now', NOW], {
      stdin: latin1,
    });
    expect(r.code).to.equal(1);
    expect(r.stdout).to.equal('');
    expect(r.stderr).to.match(/<stdin>:3:\d+: error: .*not UTF-8.*a request is YAML or JSON/);
    const dir = await mkdtemp(join(tmpdir(), 'oncall-stdin-'));
    try {
      await writeFile(join(dir, 'r.yaml'), latin1);
      const fromFile = await runCli([
        'evaluate',
        '--rules',
        GUARDED,
        '--request',
        join(dir, 'r.yaml'),
        '--schedules',
        SCHEDULES,
        '--now',
        NOW,
      ]);
      expect(fromFile.code).to.equal(1);
      expect(fromFile.stderr.replace(join(dir, 'r.yaml'), '<stdin>')).to.equal(r.stderr);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('compile prints JSON that a fresh json-rules-engine runs to the same outcome as evaluate', async () => {
    const compiled = await runCli(['compile', '--rules', GUARDED]);
    expect(compiled.code, compiled.stderr).to.equal(0);
    const set = JSON.parse(compiled.stdout);
    const engine = new Engine();
    installOnCallPlugin(engine, { providers: { incidentio: createLocalProvider(await loadSchedulesFile(SCHEDULES)) } });
    for (const rule of set.rules) engine.addRule(rule);
    for (const c of cases) {
      const request = JSON.parse(await import('node:fs/promises').then((fs) => fs.readFile(c.request, 'utf8')));
      const { events } = await engine.run({ [FACT.request]: request, [FACT.now]: new Date(NOW) });
      const evaluated = JSON.parse((await local(['evaluate', '--rules', GUARDED, '--request', c.request])).stdout);
      const outcome = outcomeOf(events);
      expect(outcome.decision, c.request).to.equal(evaluated.decision);
      expect(outcome.decidedBy).to.deep.equal(evaluated.decidedBy);
    }
  });

  it('compile without --rules prints the default routing; with a bad file exits 1 located', async () => {
    const r = await runCli(['compile']);
    expect(JSON.parse(r.stdout).rules.map((x: { name: string }) => x.name)).to.deep.equal([
      'default routing / entry 0 (p0)',
      'default routing / entry 0 (p0) / approver',
      'default routing / entry 1 (auto)',
    ]);
    const bad = join(dir, 'bad2.routing.yaml');
    await writeFile(bad, '- requestor: { type: nobody }\n  resource: { type: any }\n  approval: []\n');
    const r2 = await runCli(['compile', '--rules', bad]);
    expect(r2.code).to.equal(1);
    expect(r2.stderr).to.match(/bad2.routing.yaml:1:\d+: error: /);
  });

  it('the installed command runs evaluate end to end', async () => {
    const r = await spawnCli([
      'evaluate',
      '--rules',
      GUARDED,
      '--request',
      'rules/production-guarded/requests/sensitive-admin.json',
      '--schedules',
      SCHEDULES,
      '--now',
      NOW,
    ]);
    expect(r.code, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout).decision).to.equal('denied');
  });
});
