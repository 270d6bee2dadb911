// The command line with PagerDuty: the local schedules file's `pagerduty` section and its provider, both
// providers configured at once (each entry asks its own; an unconfigured one is reported, never approved),
// `schedules`, `check-key`, `simulate --provider pagerduty`, `validate --online` and `schema
// --with-schedules` against the PagerDuty simulator, and the issue-13 flags (`--schedule-allow-list`,
// `--break-glass-approvers`, the document form in `validate --format json`).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runCli } from '../../support/cli.js';
import { parseSchedulesText, loadSchedulesFile } from '../../../plugin/providers/local/schedules-file.js';
import { createLocalPagerDutyProvider } from '../../../plugin/providers/local/pagerduty-local-provider.js';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../plugin/providers/pagerduty/simulator.js';
import { startSimulator, type Simulator } from '../../../plugin/providers/incidentio/simulator.js';
import type { PagerDutyData } from '../../../plugin/providers/pagerduty/data.js';
import { TEST_KEY } from './helpers.js';

const MIXED = 'rules/oncall.mixed.example.yaml';
const INCIDENT_ONLY = 'rules/oncall.example.yaml';
const P0 = 'rules/p0-style/p0-style.routing.yaml';
const REQUEST = 'rules/p0-style/requests/gcloud-alice.json';
const AT = '2026-11-26T08:00:00Z';
const NOW = new Date(AT);

async function pagerDutyData(): Promise<PagerDutyData> {
  return (await loadSchedulesFile(MIXED)).pagerduty!;
}

describe('PagerDuty on the command line', function () {
  this.timeout(20_000);
  const closing: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(closing.splice(0).map((s) => s.close()));
  });
  async function pdSim(options: Partial<Parameters<typeof startPagerDutySimulator>[0]> = {}) {
    const sim: PagerDutySimulator = await startPagerDutySimulator({
      data: await pagerDutyData(),
      apiKey: TEST_KEY,
      now: () => NOW,
      ...options,
    });
    closing.push(sim);
    return sim;
  }
  async function incidentSim() {
    const sim: Simulator = await startSimulator({ data: await loadSchedulesFile(MIXED), apiKey: 'demo-key' });
    closing.push(sim);
    return sim;
  }
  const pdEnv = (sim: PagerDutySimulator) => ({ PAGERDUTY_API_KEY: TEST_KEY, PAGERDUTY_BASE_URL: sim.url });
  const incidentEnv = (sim: Simulator) => ({ INCIDENT_IO_API_KEY: 'demo-key', INCIDENT_IO_BASE_URL: sim.url });

  describe('the schedules file: a pagerduty section', () => {
    it('reads users, schedules (open end), escalation policies with levels and services', async () => {
      const data = await loadSchedulesFile(MIXED);
      expect(data.schedules).to.have.length(1);
      expect(data.pagerduty!.services).to.deep.equal([{ id: 'PABC123', name: 'Checkout', escalationPolicy: 'PENG' }]);
      expect(data.pagerduty!.escalationPolicies[0]!.levels).to.deep.equal([
        { targets: [{ type: 'schedule', id: 'PPRIMARY' }], delayMinutes: 30 },
        { targets: [{ type: 'user', id: 'PERIN' }] },
      ]);
      expect(data.pagerduty!.schedules[1]!.entries[0]).to.deep.equal({
        start: '2026-11-20T00:00:00Z',
        end: null,
        user: 'PALICE',
      });
    });

    it('locates every mistake: dangling references, a missing end, bad times, unknown keys', () => {
      const text = [
        'pagerduty:',
        '  users: [{ id: PA, name: A, email: not-an-email }]',
        '  schedules:',
        '    - id: PS',
        '      name: S',
        '      entries:',
        '        - { start: 2026-11-26T09:00:00Z, user: PA }',
        '        - { start: yesterday, end: 2026-11-26T09:00:00Z, user: PNOBODY }',
        '  escalation_policies:',
        '    - { id: PE, name: E, levels: [{ targets: [{ type: schedule, id: PMISSING }, { type: team, id: PA }] }] }',
        '  services:',
        '    - { id: PSVC, name: Svc, escalation_policy: PNONE, colour: red }',
      ].join('\n');
      const { data, problems } = parseSchedulesText(text, 'pd.yaml');
      expect(data).to.equal(undefined);
      expect(problems.map((p) => `${p.line}:${p.code}`)).to.have.members([
        '2:schedules.bad-email',
        '7:schedules.missing-key',
        '8:schedules.bad-time',
        '8:schedules.unknown-reference',
        '10:schedules.unknown-reference',
        '10:schedules.type',
        '12:schedules.unknown-reference',
        '12:schedules.unknown-key',
      ]);
    });

    it('a file with only a pagerduty section needs no incident.io schedules', () => {
      const { data, problems } = parseSchedulesText('pagerduty: { users: [], services: [] }', 'pd.yaml');
      expect(problems).to.deep.equal([]);
      expect(data!.schedules).to.deep.equal([]);
    });
  });

  describe('the local PagerDuty provider', () => {
    it('escalation admits the first level only; auto counts any level and schedules no policy uses', async () => {
      const p = createLocalPagerDutyProvider(await pagerDutyData());
      const service = await p.onCallFor(['PABC123'], NOW);
      expect(service.schedules[0]).to.include({ status: 'answered', scheduleName: 'Checkout' });
      const emails = (a: typeof service) =>
        a.schedules.flatMap((l) => (l.status === 'answered' ? l.onCall.map((x) => x.email) : []));
      // Carol@Example.com in the file: compared case-insensitively, shown lower-cased.
      expect(emails(service)).to.deep.equal(['carol@example.com']);
      const any = await p.onCallAny(NOW);
      expect(emails(any)).to.have.members(['carol@example.com', 'erin@example.com', 'alice@example.com']);
      const unknown = await p.onCallFor(['PNOPE'], NOW);
      expect(unknown.schedules[0]).to.include({ status: 'failed' });
    });

    it('hands over exactly at 09:00:00.000Z', async () => {
      const p = createLocalPagerDutyProvider(await pagerDutyData());
      const who = async (at: string) => {
        const l = (await p.onCallFor(['PABC123'], new Date(at))).schedules[0]!;
        return l.status === 'answered' ? l.onCall.map((x) => x.email) : ['failed'];
      };
      expect(await who('2026-11-26T08:59:59.999Z')).to.deep.equal(['carol@example.com']);
      expect(await who('2026-11-26T09:00:00.000Z')).to.deep.equal(['dave@example.com']);
    });

    it('agrees with the API provider over the simulator serving the same data', async () => {
      const sim = await pdSim();
      const local = await runCli(['schedules', '--schedules', MIXED, '--now', AT, '--format', 'json']);
      const api = await runCli(['schedules', '--now', AT, '--format', 'json'], { env: pdEnv(sim) });
      expect(api.code, api.stderr).to.equal(0);
      const pd = (r: typeof api) => {
        const { source: _s, ...rest } = JSON.parse(r.stdout).pagerduty;
        return rest;
      };
      expect(pd(api)).to.deep.equal(pd(local));
      expect(api.stdout + api.stderr).to.not.include(TEST_KEY);
    });
  });

  describe('mixed rules: each entry asks its own provider', () => {
    const decide = (env: Record<string, string>, extra: string[] = []) =>
      runCli(['evaluate', '--rules', P0, '--request', REQUEST, '--now', AT, ...extra], { env });
    const path = (decision: { paths: { integration?: string; open: boolean; approvers?: string[] }[] }, i: string) =>
      decision.paths.find((p) => p.integration === i);

    it('both configured (file): the PagerDuty path admits its first level', async () => {
      const r = await decide({}, ['--schedules', MIXED]);
      expect(r.code, r.stderr).to.equal(0);
      const d = JSON.parse(r.stdout);
      expect(d.decision).to.equal('pending');
      expect(path(d, 'pagerduty'))
        .to.include({ open: true })
        .and.deep.include({ approvers: ['carol@example.com'] });
      expect(path(d, 'incidentio')).to.deep.include({ approvers: ['bob@example.com'] });
      expect(r.stderr).to.not.include('not installed');
    });

    it('both configured (two APIs at once): the same decision', async () => {
      const [pd, inc] = [await pdSim(), await incidentSim()];
      const r = await decide({ ...pdEnv(pd), ...incidentEnv(inc) });
      expect(r.code, r.stderr).to.equal(0);
      const d = JSON.parse(r.stdout);
      expect(path(d, 'pagerduty')).to.deep.include({ approvers: ['carol@example.com'] });
      expect(path(d, 'incidentio')).to.deep.include({ approvers: ['bob@example.com'] });
      expect(pd.calls.byId['service:PABC123']).to.equal(1);
    });

    it('only incident.io: PagerDuty entries are reported, never satisfied; text says not configured', async () => {
      const r = await decide({}, ['--schedules', INCIDENT_ONLY, '--format', 'text']);
      expect(r.code).to.equal(0);
      expect(r.stdout).to.include('not configured:').and.include('PagerDuty is not configured');
      expect(r.stdout).to.match(/closed\s+Rule #2, entry 1 \(escalation, pagerduty\)/);
      expect(r.stderr).to.include('integration `pagerduty` is not installed');
      const carol = await runCli(
        ['can-approve', '--rules', P0, '--request', REQUEST, '--now', AT, '--schedules', INCIDENT_ONLY],
        { env: {} },
      ).then(() =>
        runCli(
          [
            'can-approve',
            '--rules',
            P0,
            '--request',
            REQUEST,
            '--now',
            AT,
            '--schedules',
            INCIDENT_ONLY,
            '--approver',
            'carol@example.com',
          ],
          {},
        ),
      );
      // Carol is on call in incident.io's Primary in that file, so she is admitted there, never by PagerDuty.
      expect(JSON.parse(carol.stdout).admittedBy?.integration).to.not.equal('pagerduty');
    });

    it('only PagerDuty (API): incident.io entries are reported; PagerDuty still decides', async () => {
      const sim = await pdSim();
      const r = await decide(pdEnv(sim), ['--format', 'text']);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.include('incident.io is not configured (INCIDENT_IO_API_KEY is not set)');
      expect(r.stdout).to.match(/open\s+Rule #2, entry 1 \(escalation, pagerduty\)/);
      const erin = await runCli(
        ['can-approve', '--rules', P0, '--request', REQUEST, '--now', AT, '--approver', 'erin@example.com'],
        { env: pdEnv(sim) },
      );
      // Erin is level 2 of the service's policy: on call, but not whom an escalation pages first.
      expect(JSON.parse(erin.stdout).allowed).to.equal(false);
    });

    it('a PagerDuty failure is unknown, never an approval, and the key is never printed', async () => {
      const sim = await pdSim({ faults: { status500Rate: 1 } });
      const r = await runCli(
        ['can-approve', '--rules', P0, '--request', REQUEST, '--now', AT, '--approver', 'carol@example.com'],
        {
          env: { ...pdEnv(sim) },
        },
      );
      expect(r.code).to.equal(0);
      expect(JSON.parse(r.stdout).allowed).to.equal(false);
      expect(r.stdout + r.stderr).to.not.include(TEST_KEY);
    });
  });

  describe('schedules', () => {
    it('lists PagerDuty services (first level), policies level by level and schedules', async () => {
      const r = await runCli(['schedules', '--schedules', MIXED, '--now', AT]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.match(
        /PABC123\s+Checkout\s+Engineering \(PENG\)\s+carol@example.com \(until 2026-11-26T09:00:00Z\)/,
      );
      expect(r.stdout).to.match(/\s2\s+user Erin Example\s+erin@example.com/);
      expect(r.stdout).to.match(/PWEEKEND\s+Weekend\s+Etc\/UTC\s+no policy\s+alice@example.com/);
    });

    it('a PagerDuty that cannot be read exits 3 with a sentence', async () => {
      const sim = await pdSim({ apiKey: 'another-key' });
      const r = await runCli(['schedules', '--now', AT], { env: pdEnv(sim) });
      expect(r.code).to.equal(3);
      expect(r.stderr).to.include('could not list PagerDuty').and.include('401');
      expect(r.stdout + r.stderr).to.not.include(TEST_KEY);
    });
  });

  describe('check-key', () => {
    it('an account key reads on-calls; a user token is warned about, more plainly when team-restricted', async () => {
      const account = await pdSim();
      const ok = await runCli(['check-key', '--provider', 'pagerduty'], { env: pdEnv(account), now: NOW });
      expect(ok.code, ok.stderr).to.equal(0);
      expect(ok.stdout).to.equal(
        `ok: the PagerDuty API key can read on-calls at ${account.url} (2 on-calls now; an account key)\n`,
      );
      expect(ok.stderr).to.equal('');

      const restricted = await pdSim({
        userToken: { user: 'PCAROL', role: 'restricted_access', teams: [{ id: 'PT1', name: 'Payments' }] },
      });
      const warned = await runCli(['check-key', '--format', 'json'], { env: pdEnv(restricted), now: NOW });
      expect(warned.code).to.equal(0);
      expect(JSON.parse(warned.stdout)).to.include({ ok: true, key: 'user' });
      expect(warned.stderr).to.match(
        /^warning: the key is a user token of Carol Example .*restricted_access sees only the objects of its teams \(Payments\)/,
      );
      expect(warned.stdout + warned.stderr).to.not.include(TEST_KEY);
    });

    it('a rejected key exits 3 and is never printed; both keys are checked together', async () => {
      const pd = await pdSim({ apiKey: 'the-right-one' });
      const inc = await incidentSim();
      const r = await runCli(['check-key'], { env: { ...pdEnv(pd), ...incidentEnv(inc) }, now: NOW });
      expect(r.code).to.equal(3);
      expect(r.stdout).to.match(/^ok: the API key can read schedules at /);
      expect(r.stderr).to.include('PagerDuty did not accept the API key').and.include('401');
      expect(r.stdout + r.stderr).to.not.include(TEST_KEY);
    });

    it('incident.io: scope judged from roles and team roles; a refused list says the key cannot read schedules', async () => {
      const inc = await incidentSim();
      // Rewrites /v1/identity as a key whose only schedule-reading role is a team role.
      const teamRole: typeof fetch = async (input, init) => {
        const res = await fetch(input, init);
        if (!String(input instanceof Request ? input.url : input).includes('/v1/identity')) return res;
        const body = {
          identity: {
            name: 'k',
            roles: ['viewer'],
            team_roles: ['schedules_reader'],
            teams: [{ id: 'T1', name: 'Platform' }],
          },
        };
        return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
      };
      const scoped = await runCli(['check-key', '--provider', 'incidentio', '--format', 'json'], {
        env: incidentEnv(inc),
        fetch: teamRole,
      });
      expect(scoped.code).to.equal(0);
      expect(JSON.parse(scoped.stdout)).to.include({ scope: 'teams' });
      expect(scoped.stderr).to.include('reads schedules only through its team role schedules_reader for team Platform');

      const accountRole: typeof fetch = async (input, init) => {
        const res = await fetch(input, init);
        if (!String(input instanceof Request ? input.url : input).includes('/v1/identity')) return res;
        const body = {
          identity: { name: 'k', roles: ['schedules_reader'], team_roles: [], teams: [{ id: 'T1', name: 'Platform' }] },
        };
        return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
      };
      const wide = await runCli(['check-key'], { env: incidentEnv(inc), fetch: accountRole });
      expect(wide.code).to.equal(0);
      expect(wide.stderr, 'a team with an account role that reads schedules is not a warning').to.equal('');

      const forbidden: typeof fetch = async () =>
        new Response(JSON.stringify({ type: 'authorization_error', status: 403, errors: [{ message: 'Forbidden' }] }), {
          status: 403,
          headers: { 'content-type': 'application/json' },
        });
      const cannot = await runCli(['check-key'], { env: incidentEnv(inc), fetch: forbidden });
      expect(cannot.code).to.equal(3);
      expect(cannot.stderr).to.include('the incident.io API key cannot read schedules');
    });
  });

  describe('simulate --provider pagerduty', () => {
    it('serves the file’s pagerduty section with the key required, and counts its calls', async () => {
      const controller = new AbortController();
      let url = '';
      const running = (async () => {
        const { main } = await import('../../../plugin/cli/main.js');
        let err = '';
        const code = await main(['simulate', '--provider', 'pagerduty', '--data', MIXED, '--api-key', TEST_KEY], {
          stdout: (t) => {
            url ||= t.trim();
          },
          stderr: (t) => {
            err += t;
          },
          env: {},
          readStdin: async () => '',
          now: () => NOW,
          signal: controller.signal,
        });
        return { code, err };
      })();
      while (!url) await new Promise((r) => setTimeout(r, 10));
      const headers = { Authorization: `Token token=${TEST_KEY}`, Accept: 'application/vnd.pagerduty+json;version=2' };
      const service = await fetch(`${url}/services/PABC123`, { headers });
      expect(service.status).to.equal(200);
      expect((await fetch(`${url}/services/PABC123`)).status).to.equal(401);
      controller.abort();
      const { code, err } = await running;
      expect(code).to.equal(0);
      expect(err).to.include('serving PagerDuty: 1 service, 1 escalation policy, 2 schedules');
      expect(err).to.include('simulator stopped after 2 calls');
      expect(err).to.not.include(TEST_KEY);
    });

    it('refuses a file without a pagerduty section, and an unknown provider', async () => {
      const r = await runCli(['simulate', '--provider', 'pagerduty', '--data', INCIDENT_ONLY]);
      expect(r.code).to.equal(1);
      expect(r.stderr).to.include('has no `pagerduty` section');
      expect((await runCli(['simulate', '--provider', 'opsgenie', '--data', MIXED])).code).to.equal(2);
    });
  });

  describe('validate --online and schema --with-schedules', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'pd-online-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const routing = (service: string) =>
      [
        '- requestor: { type: any }',
        '  resource: { type: any }',
        '  approval:',
        `    - { type: escalation, integration: pagerduty, services: [${service}] }`,
      ].join('\n');

    it('an unknown PagerDuty service is an error naming the right ID; a known one passes', async () => {
      const sim = await pdSim();
      const good = join(dir, 'good.routing.yaml');
      const bad = join(dir, 'bad.routing.yaml');
      writeFileSync(good, routing('PABC123'));
      writeFileSync(bad, routing('checkout'));
      const ok = await runCli(['validate', '--online', good], { env: pdEnv(sim) });
      expect(ok.code, ok.stdout + ok.stderr).to.equal(0);
      expect(ok.stderr).to.include('checked 1 service ID against 1 service in the PagerDuty account');
      const r = await runCli(['validate', '--online', '--format', 'json', bad], { env: pdEnv(sim) });
      expect(r.code).to.equal(1);
      const problem = JSON.parse(r.stdout).find((p: { code: string }) => p.code === 'routing.unknown-service');
      expect(problem).to.include({ severity: 'error', line: 4 });
      expect(problem.message).to.include('is the name of service `PABC123`');
    });

    it('schema --with-schedules offers PagerDuty services with names for pagerduty entries', async () => {
      const sim = await pdSim();
      const out = join(dir, 'schema.json');
      const r = await runCli(['schema', '--with-schedules', '--out', out], { env: pdEnv(sim) });
      expect(r.code, r.stderr).to.equal(0);
      const schema = JSON.parse(readFileSync(out, 'utf8'));
      expect(schema.definitions.pagerdutyServiceId.anyOf).to.deep.equal([
        { const: 'PABC123', title: 'Checkout', description: 'Checkout (escalation policy Engineering)' },
      ]);
      expect(JSON.stringify(schema)).to.not.include(TEST_KEY);
    });
  });

  describe('issue 13 flags', () => {
    it('--schedule-allow-list narrows "on call for any schedule"; a malformed list is refused', async () => {
      const args = [
        'evaluate',
        '--request',
        'rules/production-guarded/requests/staging-on-call.json',
        '--schedules',
        INCIDENT_ONLY,
        '--now',
        AT,
      ];
      // Default routing: alice is on call for Primary at 08:00Z, so approved ...
      expect(JSON.parse((await runCli(args)).stdout).decision).to.equal('approved');
      // ... but not when "any schedule" means the Security schedule only.
      const narrowed = await runCli([...args, '--schedule-allow-list', '01HSECURITY000000000000000']);
      expect(JSON.parse(narrowed.stdout).decision).to.not.equal('approved');
      const bad = await runCli([...args, '--schedule-allow-list', ' , ']);
      expect(bad.code).to.equal(2);
      expect(bad.stderr).to.include('--schedule-allow-list: the schedule allow-list is empty');
    });

    it('--break-glass-approvers is read as emails, and refused otherwise', async () => {
      const args = [
        'can-approve',
        '--request',
        REQUEST,
        '--schedules',
        INCIDENT_ONLY,
        '--now',
        AT,
        '--approver',
        'x@y.z',
      ];
      expect((await runCli([...args, '--break-glass-approvers', 'a@x.io,b@y.io'])).code).to.equal(0);
      const bad = await runCli([...args, '--break-glass-approvers', 'a@x.io,nope']);
      expect(bad.code).to.equal(2);
      expect(bad.stderr).to.include("--break-glass-approvers: 'nope' is not an email address");
    });

    it("validate --format json says when a file was read in one of P0's document forms", async () => {
      const config = 'spec/p0/corpus/routing-api-workflow-config.routing.json';
      const policy = 'spec/p0/corpus/workflow-latest-default.routing.json';
      const r = await runCli(['validate', '--format', 'json', P0, config, policy]);
      expect(r.code).to.equal(0);
      const info = JSON.parse(r.stdout).filter((row: { severity: string }) => row.severity === 'info');
      expect(
        info.map((row: { file: string; form: string; code: string }) => [row.file, row.form, row.code]),
      ).to.deep.equal([
        [config, 'workflow-config', 'routing.document-form'],
        [policy, 'workflow', 'routing.document-form'],
      ]);
      expect(info[0]).to.include({
        line: 1,
        column: 1,
        message: "read as P0's routing API WorkflowConfig `{id, createdDate, rules}`",
      });
      // A file in this package's own forms adds no row: a valid file still prints [].
      expect(
        JSON.parse((await runCli(['validate', '--format', 'json', 'rules/seed-auto/seed-auto.routing.yaml'])).stdout),
      ).to.deep.equal([]);
    });
  });
});
