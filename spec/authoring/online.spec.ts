// `validate --online`, `schema --with-schedules` and `validate --format github`, against the simulator over
// real HTTP: unknown schedule IDs are located errors, "could not check" is never "checked", and the
// schedule-aware schema enumerates the account's schedules without refusing PagerDuty IDs.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import crossFetch from 'cross-fetch';
import { parse as parseYaml } from 'yaml';
import { createAjv } from '../../plugin/parse/ajv.js';
import { loadSchedulesFile, type SchedulesFile } from '../../plugin/providers/local/schedules-file.js';
import { startSimulator, type Simulator } from '../../plugin/providers/incidentio/simulator.js';
import { runCli, repoRoot } from './support/cli.js';
import { exampleFiles } from '../support/examples.js';

const KEY = 'authoring-key-5b1e0c9d-never-printed';
const rulesDir = join(repoRoot, 'rules');
const exampleRouting = exampleFiles('.routing.yaml');

describe('authoring: validate --online and schema --with-schedules (simulator over HTTP)', function () {
  this.timeout(20_000);
  let sim: Simulator;
  let data: SchedulesFile;
  let dir: string;
  let env: Record<string, string>;

  before(async () => {
    data = await loadSchedulesFile(join(rulesDir, 'oncall.example.yaml'));
    // A page of one schedule: the check must follow the pagination to the end.
    sim = await startSimulator({ data, apiKey: KEY, pageSize: 1 });
    env = { INCIDENT_IO_API_KEY: KEY, INCIDENT_IO_BASE_URL: sim.url };
    dir = mkdtempSync(join(tmpdir(), 'authoring-online-'));
  });
  after(async () => {
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => sim.calls.reset());

  function write(name: string, text: string): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  }

  const ruleWith = (services: string, integration = 'incidentio') => `- name: r
  requestor: { type: any }
  resource: { type: any }
  approval:
    - type: escalation
      integration: ${integration}
      services: ${services}
`;

  describe('validate --online', () => {
    it('accepts every example routing file: all their incident.io schedule IDs exist', async () => {
      const { code, stdout, stderr } = await runCli(['validate', '--online', ...exampleRouting], { env });
      expect(code, stdout + stderr).to.equal(0);
      expect(stdout).to.not.include('error');
      expect(stderr).to.match(/checked 3 schedule IDs against 3 schedules/);
      expect(sim.calls.byPath['/v2/schedules']).to.equal(3); // three pages of one
    });

    it('reports an unknown schedule ID at its file:line:col, with the closest ID of the account', async () => {
      const file = write(
        'unknown.routing.yaml',
        ruleWith('\n        - 01HPRIMARY0000000000000000\n        - 01HPRIMARY0000000000000001'),
      );
      const { code, stdout } = await runCli(['validate', '--online', file], { env });
      expect(code).to.equal(1);
      expect(stdout).to.equal(
        `${file}:9:11: error: schedule \`01HPRIMARY0000000000000001\` does not exist in the incident.io account ` +
          '(GET /v2/schedules/01HPRIMARY0000000000000001 answered 404); did you mean `01HPRIMARY0000000000000000` (Primary on-call)?\n',
      );
      expect(sim.calls.byPath['/v2/schedules/{id}']).to.equal(1);
    });

    it("says so when a schedule's name was written where its ID belongs", async () => {
      const file = write('named.routing.yaml', ruleWith('[security-on-call]'));
      const { code, stdout } = await runCli(['validate', '--online', '--format', 'json', file], { env });
      expect(code).to.equal(1);
      const [problem] = JSON.parse(stdout);
      expect(problem).to.include({ file, line: 7, column: 18, severity: 'error', path: '/0/approval/0/services/0' });
      expect(problem.message).to.include('is the name of schedule `01HSECURITY000000000000000`: write its ID');
    });

    it('does not check PagerDuty services against incident.io', async () => {
      const file = write('pagerduty.routing.yaml', ruleWith('[PABC123]', 'pagerduty'));
      const { code, stderr } = await runCli(['validate', '--online', file], { env });
      expect(code).to.equal(0);
      expect(stderr).to.include('checked 0 schedule IDs');
      expect(sim.calls.byPath['/v2/schedules/{id}'] ?? 0).to.equal(0);
    });

    it("asks for an ID the list does not show (a team-scoped key lists only its teams' schedules)", async () => {
      // The account list hides the Security schedule, as it would for a key scoped to other teams.
      const hiding: typeof globalThis.fetch = async (input, init) => {
        const response = await (crossFetch as unknown as typeof globalThis.fetch)(input, init);
        if (!String(input).includes('/v2/schedules?')) return response;
        const body = (await response.json()) as { schedules: { id: string }[] };
        body.schedules = body.schedules.filter((s) => s.id !== '01HSECURITY000000000000000');
        return new Response(JSON.stringify(body), {
          status: response.status,
          headers: { 'content-type': 'application/json' },
        });
      };
      const file = write('security.routing.yaml', ruleWith('[01HSECURITY000000000000000]'));
      const { code, stdout, stderr } = await runCli(['validate', '--online', file], { env, fetch: hiding });
      expect(code, stdout + stderr).to.equal(0);
      expect(sim.calls.byPath['/v2/schedules/{id}']).to.equal(1);
    });

    it('exits 3 when incident.io cannot be asked, without printing the key', async () => {
      const file = write('ok.routing.yaml', ruleWith('[01HPRIMARY0000000000000000]'));
      const { code, stdout, stderr } = await runCli(['validate', '--online', file], {
        env: { ...env, INCIDENT_IO_API_KEY: `${KEY}-wrong` },
      });
      expect(code).to.equal(3);
      expect(stderr).to.include('could not check the schedules with incident.io');
      expect(stderr).to.include('401');
      expect(stdout + stderr).to.not.include(KEY);
    });

    it('exits 2 without an API key, naming the variable', async () => {
      const file = write('ok2.routing.yaml', ruleWith('[01HPRIMARY0000000000000000]'));
      const { code, stderr } = await runCli(['validate', '--online', file], { env: {} });
      expect(code).to.equal(2);
      expect(stderr).to.include('INCIDENT_IO_API_KEY');
    });

    it('does not call incident.io for files that already have errors', async () => {
      const file = write('broken.routing.yaml', '- requestor: { type: any }\n');
      const { code } = await runCli(['validate', '--online', file], { env });
      expect(code).to.equal(1);
      expect(sim.calls.total).to.equal(0);
    });
  });

  describe('validate --format github', () => {
    it("prints workflow commands with the problem's range, escaped as GitHub requires", async () => {
      const file = write(
        'gh.routing.yaml',
        ruleWith('[01HPRIMARY0000000000000000]').replace('type: escalation', 'type: escalaton'),
      );
      const { code, stdout } = await runCli(['validate', '--format', 'github', file]);
      expect(code).to.equal(1);
      expect(stdout).to.match(
        new RegExp(
          `^::error file=${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')},line=5,col=13,endLine=5,endColumn=22::\`type\` must be one of .*escalation`,
          'm',
        ),
      );
    });

    it('combines with --online', async () => {
      const file = write('gh-online.routing.yaml', ruleWith('[01HNOSUCHSCHEDULE000000000]'));
      const { code, stdout } = await runCli(['validate', '--online', '--format', 'github', file], { env });
      expect(code).to.equal(1);
      expect(stdout).to.match(
        /^::error file=.*gh-online\.routing\.yaml,line=7,col=18,endLine=7,endColumn=44::schedule `01HNOSUCHSCHEDULE000000000` does not exist/,
      );
    });
  });

  describe('schema --with-schedules', () => {
    it('writes the routing schema with each schedule of the account, named, for incident.io entries', async () => {
      const out = join(dir, 'routing.account.schema.json');
      const { code, stderr } = await runCli(['schema', '--with-schedules', '--out', out], {
        env,
        now: new Date('2026-11-26T08:00:00Z'),
      });
      expect(code, stderr).to.equal(0);
      expect(stderr).to.include(`wrote ${out} (3 schedules)`);
      const schema = JSON.parse(readFileSync(out, 'utf8'));
      // The pick list: one item per schedule, labelled with its name; hover: each ID's schedule; one pattern
      // with one short message for an unknown ID.
      const id = schema.definitions.incidentioScheduleId;
      expect(id.defaultSnippets).to.deep.equal([
        {
          label: '01HDATABASE000000000000000 — Database on-call',
          description: 'Database on-call (Europe/London)',
          body: '01HDATABASE000000000000000',
        },
        {
          label: '01HPRIMARY0000000000000000 — Primary on-call',
          description: 'Primary on-call (Europe/London)',
          body: '01HPRIMARY0000000000000000',
        },
        {
          label: '01HSECURITY000000000000000 — Security on-call',
          description: 'Security on-call (America/New_York)',
          body: '01HSECURITY000000000000000',
        },
      ]);
      expect(id.allOf[1]).to.deep.equal({
        if: { const: '01HPRIMARY0000000000000000' },
        then: { description: 'Primary on-call (Europe/London)' },
      });
      expect(id.pattern).to.equal(
        '^(?:01HDATABASE000000000000000|01HPRIMARY0000000000000000|01HSECURITY000000000000000)$',
      );
      expect(id.patternErrorMessage).to.include('2026-11-26T08:00:00.000Z');
      expect(schema.definitions.services.description).to.include('2026-11-26T08:00:00.000Z');
      expect(schema.$id).to.not.equal(
        JSON.parse(readFileSync(join(repoRoot, 'schemas', 'routing.schema.json'), 'utf8')).$id,
      );

      // A validator (strict ajv) accepts every example, refuses an unknown incident.io ID, and leaves
      // PagerDuty IDs alone.
      const validate = createAjv().compile(schema);
      for (const f of exampleRouting) expect(validate(parseYaml(readFileSync(f, 'utf8'))), f).to.equal(true);
      expect(validate(parseYaml(ruleWith('[01HNOSUCHSCHEDULE000000000]')))).to.equal(false);
      expect(validate(parseYaml(ruleWith('[PNOSUCH]', 'pagerduty')))).to.equal(true);
    });

    it('prints to stdout without --out', async () => {
      const { code, stdout } = await runCli(['schema', '--with-schedules'], { env });
      expect(code).to.equal(0);
      expect(JSON.parse(stdout).definitions.incidentioScheduleId.defaultSnippets).to.have.length(3);
    });

    it('exits 2 without a key and 3 when incident.io refuses, never printing the key', async () => {
      expect((await runCli(['schema', '--with-schedules'], { env: {} })).code).to.equal(2);
      const refused = await runCli(['schema', '--with-schedules'], {
        env: { ...env, INCIDENT_IO_API_KEY: 'not-the-key' },
      });
      expect(refused.code).to.equal(3);
      expect(refused.stderr).to.include('could not read the schedules from incident.io');
      expect(refused.stdout).to.equal('');
    });

    it('plain `schema --out FILE` writes the schema the repository ships', async () => {
      const out = join(dir, 'plain.schema.json');
      expect((await runCli(['schema', '--out', out])).code).to.equal(0);
      expect(readFileSync(out, 'utf8')).to.equal(
        readFileSync(join(repoRoot, 'schemas', 'routing.schema.json'), 'utf8'),
      );
    });
  });
});
