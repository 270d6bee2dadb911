// What a new user meets following README and docs: the warnings, help texts and sentences that must say what is
// true with PagerDuty beside incident.io, an unknown path that must not pass for an open one, and the small
// slips (a mistyped command, a time without its zone, a routing file given to `test`) that must be named.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runCli } from '../support/cli.js';
import { loadRoutingFiles } from '../../plugin/routing/load.js';
import { loadSchedulesFile } from '../../plugin/providers/local/schedules-file.js';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../plugin/providers/pagerduty/simulator.js';
import { startSimulator, type Simulator } from '../../plugin/providers/incidentio/simulator.js';
import { TEST_KEY } from '../providers/pagerduty/helpers.js';

const STAGING = 'spec/readme/staging.routing.yaml';
const MIXED = 'rules/oncall.mixed.example.yaml';
const P0 = 'rules/p0-style/p0-style.routing.yaml';
const GCLOUD = 'rules/p0-style/requests/gcloud-alice.json';
const GUARDED = 'rules/production-guarded/production-guarded.routing.yaml';
const PROD_DB = 'rules/production-guarded/requests/prod-database.json';
const AT = '2026-11-26T08:00:00Z';
const BOTH_KEYS = { INCIDENT_IO_API_KEY: 'k1', PAGERDUTY_API_KEY: 'k2' };

describe('what a new user meets', function () {
  this.timeout(20_000);
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'new-user-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('validate and compile count the on-call sources configured here', () => {
    it('with no source configured, a pagerduty entry has "no PagerDuty source configured here", never "never"', async () => {
      const r = await runCli(['validate', STAGING]);
      expect(r.code).to.equal(0);
      expect(r.stdout).to.equal(
        `${STAGING}:9:20: warning: no PagerDuty source is configured here: this entry approves only where the engine has an on-call provider for PagerDuty\n`,
      );
      expect(r.stdout).to.not.include('never');
    });

    it('with both keys set, a mixed file passes --strict, as evaluate handles it', async () => {
      const r = await runCli(['validate', '--strict', STAGING], { env: BOTH_KEYS });
      expect(r.code, r.stdout).to.equal(0);
      expect(r.stdout).to.equal('');
      const p0 = await runCli(['validate', '--strict', P0], { env: BOTH_KEYS });
      expect(p0.code, p0.stdout).to.equal(0);
    });

    it('with only PAGERDUTY_API_KEY set, an incident.io entry is the one without a source', async () => {
      const r = await runCli(['validate', STAGING], { env: { PAGERDUTY_API_KEY: 'k2' } });
      expect(r.stdout).to.equal(
        `${STAGING}:7:20: warning: no incident.io source is configured here: this entry approves only where the engine has an on-call provider for incident.io\n`,
      );
    });

    it('compile warns the same way, and not at all when both keys are set', async () => {
      const plain = await runCli(['compile', STAGING]);
      expect(plain.code).to.equal(0);
      expect(plain.stderr).to.include('no PagerDuty source is configured here');
      const keyed = await runCli(['compile', STAGING], { env: BOTH_KEYS });
      expect(keyed.code).to.equal(0);
      expect(keyed.stderr).to.equal('');
    });

    it('the library keeps its engine wording: an integration the engine lacks is never satisfied', async () => {
      const { problems } = await loadRoutingFiles([STAGING]);
      expect(problems.map((p) => p.message)).to.deep.equal([
        'integration `pagerduty` is not installed in this engine (installed: incidentio), so this entry can never be satisfied',
      ]);
      const both = await loadRoutingFiles([STAGING], { installedIntegrations: ['incidentio', 'pagerduty'] });
      expect(both.problems).to.deep.equal([]);
    });
  });

  describe('PagerDuty in decisions and help', () => {
    it('a pagerduty path lists `services:` in text (JSON keeps `schedules`)', async () => {
      const args = ['evaluate', P0, '--request', GCLOUD, '--schedules', MIXED, '--now', AT];
      const text = await runCli([...args, '--format', 'text']);
      expect(text.code, text.stderr).to.equal(0);
      expect(text.stdout).to.match(/entry 1 \(escalation, pagerduty\)\n {10}services: PABC123\n/);
      expect(text.stdout).to.match(/entry 0 \(escalation, incidentio\)\n {10}schedules: 01HPRIMARY/);
      const json = JSON.parse((await runCli(args)).stdout);
      const pd = json.paths.find((p: { integration?: string }) => p.integration === 'pagerduty');
      expect(pd.schedules).to.deep.equal(['PABC123']);
    });

    it('someone on call at a later level is "not on call at the first level", not "not on call"', async () => {
      const r = await runCli([
        'can-approve',
        P0,
        '--request',
        GCLOUD,
        '--schedules',
        MIXED,
        '--now',
        AT,
        '--format',
        'text',
        '--approver',
        'erin@example.com',
      ]);
      expect(r.stdout).to.include(
        'entry 1 (escalation, pagerduty): erin@example.com is not on call now at the first level of the escalation policy of Checkout (PABC123).',
      );
      // incident.io keeps its sentence.
      expect(r.stdout).to.include(
        'erin@example.com is not on call now for Primary on-call (01HPRIMARY0000000000000000).',
      );
    });

    it('evaluate and can-approve --help list the exit codes they use: no 3', async () => {
      for (const name of ['evaluate', 'can-approve']) {
        const help = (await runCli([name, '--help'])).stdout;
        const codes = help.slice(help.indexOf('Exit codes:'));
        expect(codes, name).to.not.match(/\b3 /);
        expect(codes, name).to.include('2 usage or no on-call data');
      }
    });

    describe('against the simulators', () => {
      const closing: { close(): Promise<void> }[] = [];
      afterEach(async () => {
        await Promise.all(closing.splice(0).map((s) => s.close()));
      });
      async function sims(): Promise<Record<string, string>> {
        const data = await loadSchedulesFile(MIXED);
        const pd: PagerDutySimulator = await startPagerDutySimulator({
          data: data.pagerduty!,
          apiKey: TEST_KEY,
          now: () => new Date(AT),
        });
        const inc: Simulator = await startSimulator({ data, apiKey: 'demo-key' });
        closing.push(pd, inc);
        return {
          PAGERDUTY_API_KEY: TEST_KEY,
          PAGERDUTY_BASE_URL: pd.url,
          INCIDENT_IO_API_KEY: 'demo-key',
          INCIDENT_IO_BASE_URL: inc.url,
        };
      }

      it('schema --with-schedules counts schedules and services apart', async () => {
        const env = await sims();
        const out = join(dir, 'schema.json');
        const both = await runCli(['schema', '--with-schedules', '--out', out], { env });
        expect(both.code, both.stderr).to.equal(0);
        expect(both.stderr).to.include('(1 incident.io schedule, 1 PagerDuty service)');
        const id = JSON.parse(readFileSync(out, 'utf8')).definitions.pagerdutyServiceId;
        expect(id.patternErrorMessage).to.match(/^Not a PagerDuty service ID/);
        expect(id.patternErrorMessage).to.not.include('schedule');
        const pdOnly = await runCli(['schema', '--with-schedules', '--out', out], {
          env: { PAGERDUTY_API_KEY: env.PAGERDUTY_API_KEY, PAGERDUTY_BASE_URL: env.PAGERDUTY_BASE_URL },
        });
        expect(pdOnly.stderr).to.include('(1 PagerDuty service)');
        expect(pdOnly.stderr).to.not.include('schedule');
      });

      it('schema --help speaks of PagerDuty services too', async () => {
        const help = (await runCli(['schema', '--help'])).stdout;
        expect(help).to.include('PAGERDUTY_API_KEY');
        expect(help).to.match(/3 incident\.io\s+or PagerDuty could not be asked/);
      });
    });
  });

  describe('a path whose every lookup failed', () => {
    it('is labelled unknown, and nothing is said about who is on call', async () => {
      const refused: typeof fetch = async () =>
        new Response(JSON.stringify({ type: 'authentication_error' }), {
          status: 401,
          headers: { 'content-type': 'application/json' },
        });
      const r = await runCli(
        ['evaluate', GUARDED, '--request', PROD_DB, '--now', AT, '--format', 'text', '--exit-code'],
        { env: { INCIDENT_IO_API_KEY: 'wrong-key' }, fetch: refused },
      );
      expect(r.code, r.stderr).to.equal(7);
      expect(r.stdout).to.include('ON-CALL DATA MISSING');
      expect(r.stdout).to.include('  unknown Rule "production, on-call approver", entry 0 (escalation, incidentio)\n');
      expect(r.stdout).to.include('may approve now: unknown: every on-call lookup of this path failed');
      expect(r.stdout).to.not.match(/open +Rule "production, on-call approver", entry 0/);
      expect(r.stdout).to.not.include('nobody other than the requestor is on call now');
      expect(r.stdout).to.not.include('nobody yet');
      // The JSON record is unchanged: the path carries `unknown: true`.
      const json = await runCli(['evaluate', GUARDED, '--request', PROD_DB, '--now', AT], {
        env: { INCIDENT_IO_API_KEY: 'wrong-key' },
        fetch: refused,
      });
      expect(json.code).to.equal(0);
      expect(JSON.parse(json.stdout).paths[0]).to.include({ unknown: true });
    });

    it('an answered path keeps its label and its sentence', async () => {
      const r = await runCli([
        'evaluate',
        GUARDED,
        '--request',
        PROD_DB,
        '--schedules',
        'rules/oncall.example.yaml',
        '--now',
        AT,
        '--format',
        'text',
      ]);
      expect(r.stdout).to.include('  open    Rule "production, on-call approver", entry 0 (escalation, incidentio)\n');
      expect(r.stdout).to.not.include('unknown');
    });
  });

  describe('a capitalised service in a rule', () => {
    it('matches the lower-cased request (as docs/routing.md says) and is warned about', async () => {
      const rules = join(dir, 'caps.routing.yaml');
      writeFileSync(
        rules,
        '- name: caps\n  requestor: { type: any }\n  resource: { type: integration, service: AWS }\n  approval: [{ type: deny }]\n',
      );
      const request = join(dir, 'aws.json');
      writeFileSync(request, JSON.stringify({ requestor: { email: 'bob@example.com' }, resource: { service: 'aws' } }));
      const r = await runCli([
        'evaluate',
        rules,
        '--request',
        request,
        '--schedules',
        'rules/oncall.example.yaml',
        '--now',
        AT,
      ]);
      expect(r.stderr)
        .to.include('routing') // the warning, on stderr
        .and.to.include('has capital letters');
      const d = JSON.parse(r.stdout);
      expect(d.decision).to.equal('denied');
      expect(d.decidedBy).to.include({ rule: 'caps', type: 'deny' });
    });
  });

  describe('small slips, named', () => {
    it('a transposed command gets a did-you-mean, as a dropped letter does', async () => {
      const tset = await runCli(['tset']);
      expect(tset.code).to.equal(2);
      expect(tset.stderr).to.include("unknown command 'tset'; did you mean 'test'?");
      expect((await runCli(['evalute'])).stderr).to.include("did you mean 'evaluate'?");
      expect((await runCli(['xyz'])).stderr).to.not.include('did you mean');
    });

    it('--now without a zone says so, and how to fix it', async () => {
      const r = await runCli(['evaluate', '--request', PROD_DB, '--now', '2026-11-26T08:00:00']);
      expect(r.code).to.equal(2);
      expect(r.stderr).to.include('`2026-11-26T08:00:00` is missing its zone: add Z for UTC (2026-11-26T08:00:00Z)');
      const nonsense = await runCli(['evaluate', '--request', PROD_DB, '--now', 'tomorrow']);
      expect(nonsense.stderr).to.not.include('missing its zone');
    });

    it('test given a routing file says it is one, and names the test file beside it', async () => {
      const r = await runCli(['test', 'rules/seed-auto/seed-auto.routing.yaml']);
      expect(r.code).to.equal(1);
      expect(r.stdout).to.include(
        'rules/seed-auto/seed-auto.routing.yaml:1:1: error: this is a routing file; test files are *.test.yaml (run `oncall-approval test rules/seed-auto/seed-auto.test.yaml`)',
      );
      const alone = join(dir, 'alone.routing.yaml');
      writeFileSync(alone, '[]\n');
      const without = await runCli(['test', alone]);
      expect(without.stdout).to.include('this is a routing file').and.to.not.include('run `oncall-approval test');
    });

    it('the bundled requests have distinct ids', () => {
      const ids: string[] = [];
      const walk = (d: string): void => {
        for (const name of readdirSync(d)) {
          const path = join(d, name);
          if (statSync(path).isDirectory()) walk(path);
          else if (d.endsWith('requests') && name.endsWith('.json'))
            ids.push((JSON.parse(readFileSync(path, 'utf8')) as { id?: string }).id ?? path);
        }
      };
      walk('rules');
      expect(ids.length).to.be.greaterThan(3);
      expect(new Set(ids).size, ids.join(', ')).to.equal(ids.length);
    });

    it('the mixed schedules file points at docs that exist', () => {
      const text = readFileSync(MIXED, 'utf8');
      const cited = [...text.matchAll(/(docs\/[a-z0-9-]+\.md)(?:, "([^"]+)")?/g)];
      expect(cited.length).to.be.greaterThan(0);
      for (const [, file, heading] of cited) {
        expect(existsSync(file!), file).to.equal(true);
        if (heading)
          expect(readFileSync(file!, 'utf8'), `${file} ${heading}`).to.match(new RegExp(`^#+ ${heading}$`, 'm'));
      }
    });
  });
});
