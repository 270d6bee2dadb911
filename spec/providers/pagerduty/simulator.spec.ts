// The simulator speaks PagerDuty's API: every answer is checked against JSON Schemas derived from PagerDuty's
// OpenAPI excerpt (spec/providers/pagerduty/api-schemas, see its README), open as published and closed (no
// fields outside the spec), so neither a missing required field nor a misspelt one gets through.
import { expect } from 'chai';
import { Ajv, type ValidateFunction } from 'ajv';
import { createRequire } from 'node:module';
import { parseInstant } from '../../../plugin/providers/instant.js';
import type { PagerDutySimulator } from '../../../plugin/providers/pagerduty/simulator.js';
import { closeAll, entry, simulator, TEST_KEY, world } from './helpers.js';

const require = createRequire(import.meta.url);
type Schema = Record<string, unknown>;
const load = (name: string) => require(`./api-schemas/${name}.json`) as Schema;

/** A copy with additionalProperties: false wherever an object lists its properties. */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema))
    out[k] =
      k === 'properties' ? Object.fromEntries(Object.entries(v as Schema).map(([p, s]) => [p, closed(s)])) : closed(v);
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

const SCHEMAS = [
  'list-oncalls',
  'show-service',
  'list-schedules',
  'show-schedule',
  'list-schedule-users',
  'list-escalation-policies',
  'show-escalation-policy',
  'show-current-user',
  'error',
] as const;
type SchemaName = (typeof SCHEMAS)[number];

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
ajv.addFormat('date-time', { type: 'string', validate: (s: string) => parseInstant(s) !== undefined });
for (const f of ['url', 'uri'])
  ajv.addFormat(f, {
    type: 'string',
    validate: (s: string) => {
      try {
        return Boolean(new URL(s));
      } catch {
        return false;
      }
    },
  });
ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
for (const f of ['tzinfo', 'activesupport-time-zone']) ajv.addFormat(f, /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/);
ajv.addFormat('time', /^\d{2}:\d{2}:\d{2}/);
ajv.addFormat('partial-time', /^\d{2}:\d{2}:\d{2}/);
const validators = {} as Record<SchemaName, { open: ValidateFunction; closed: ValidateFunction }>;
for (const name of SCHEMAS) {
  const schema = load(name);
  const strict = closed(schema) as Schema;
  strict.$id = String(schema.$id).replace('.json', '-closed.json');
  validators[name] = { open: ajv.compile(schema), closed: ajv.compile(strict) };
}

function expectValid(name: SchemaName, body: unknown) {
  for (const mode of ['open', 'closed'] as const) {
    const validate = validators[name][mode];
    const ok = validate(body);
    expect(ok, `${name} (${mode}): ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 600)}`).to.equal(
      true,
    );
  }
}

async function get(sim: PagerDutySimulator, path: string, key: string | null = TEST_KEY) {
  const res = await fetch(`${sim.url}${path}`, {
    headers: {
      Accept: 'application/vnd.pagerduty+json;version=2',
      ...(key === null ? {} : { Authorization: `Token token=${key}` }),
    },
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body: body as Record<string, any> };
}

const RANGE = `since=${encodeURIComponent('2026-11-26T08:00:00Z')}&until=${encodeURIComponent('2026-11-26T10:00:00Z')}`;

describe('PagerDuty simulator', () => {
  const opened: PagerDutySimulator[] = [];
  afterEach(() => closeAll(opened));

  it('the derived schemas are not vacuous: they catch a missing required field, a wrong type and (closed) a misspelt one', () => {
    expect(validators['list-oncalls'].open({ more: false })).to.equal(false); // no `oncalls`
    expect(
      validators['list-oncalls'].open({
        oncalls: [{ escalation_level: 'one', escalation_policy: { id: 'E', type: 'escalation_policy_reference' } }],
      }),
    ).to.equal(false);
    expect(validators['show-service'].open({ service: { type: 'service' } })).to.equal(false); // no escalation_policy
    const misspelt = { oncalls: [], more: false, ofset: 0 };
    expect(validators['list-oncalls'].open(misspelt)).to.equal(true);
    expect(validators['list-oncalls'].closed(misspelt)).to.equal(false);
  });

  it('lists on-calls (listOnCalls) in classic pages: every level and target, users in full with include[]=users', async () => {
    const sim = await simulator(opened, { data: world(), pageSize: 2 });
    const seen: any[] = [];
    for (let offset = 0, more = true; more;) {
      const { status, body } = await get(sim, `/oncalls?${RANGE}&include%5B%5D=users&limit=100&offset=${offset}`);
      expect(status).to.equal(200);
      expectValid('list-oncalls', body);
      expect(body).to.include({ offset, limit: 2, total: null });
      seen.push(...body.oncalls);
      more = body.more;
      offset += body.oncalls.length;
    }
    // EP-ENG: level 1 alice and bob (both overlap 08:00-10:00), level 2 carol, level 3 dave and erin; EP-DB: frank.
    expect(seen.map((o) => `${o.escalation_policy.id}/${o.escalation_level}/${o.user.email}`)).to.deep.equal([
      'EP-ENG/1/alice@example.com',
      'EP-ENG/1/bob@example.com',
      'EP-ENG/2/carol@example.com',
      'EP-ENG/3/dave@example.com',
      'EP-ENG/3/erin@example.com',
      'EP-DB/1/Frank@Example.COM',
    ]);
    const carol = seen.find((o) => o.user.id === 'PCAROL');
    expect(carol).to.include({ start: null, end: null });
    expect(carol).to.not.have.property('schedule');
    expect(seen[0].schedule).to.include({ id: 'S-PRIMARY', type: 'schedule_reference' });
    expect(seen[0].user.type).to.equal('user');
  });

  it('filters on-calls by escalation policy, schedule and user; references without include[]=users', async () => {
    const sim = await simulator(opened, { data: world() });
    const ids = async (q: string) => {
      const { body } = await get(sim, `/oncalls?${RANGE}&${q}`);
      expectValid('list-oncalls', body);
      return body.oncalls.map((o: any) => `${o.escalation_policy.id}/${o.user.id}`);
    };
    expect(await ids('escalation_policy_ids%5B%5D=EP-DB')).to.deep.equal(['EP-DB/PFRANK']);
    expect(await ids('schedule_ids%5B%5D=S-TEAM')).to.deep.equal(['EP-ENG/PDAVE', 'EP-ENG/PERIN']);
    expect(await ids('schedule_ids%5B%5D=null')).to.deep.equal(['EP-ENG/PCAROL']);
    expect(await ids('user_ids%5B%5D=PBOB&user_ids%5B%5D=PFRANK')).to.deep.equal(['EP-ENG/PBOB', 'EP-DB/PFRANK']);
    const { body } = await get(sim, `/oncalls?${RANGE}`);
    expect(body.oncalls[0].user).to.deep.include({ type: 'user_reference', id: 'PALICE' });
    expect(body.oncalls[0].user).to.not.have.property('email');
  });

  it('an on-call overlapping the range is listed with its real bounds, or cut at the range when told to', async () => {
    const plain = await simulator(opened, { data: world() });
    const clipped = await simulator(opened, { data: world(), clipOnCalls: true });
    const q = `/oncalls?since=${encodeURIComponent('2026-11-26T08:59:00Z')}&until=${encodeURIComponent('2026-11-26T09:01:00Z')}&escalation_policy_ids%5B%5D=EP-ENG`;
    const a = (await get(plain, q)).body.oncalls;
    const b = (await get(clipped, q)).body.oncalls;
    expect(a[0]).to.include({ start: '2026-11-25T09:00:00Z', end: '2026-11-26T09:00:00Z' });
    expect(b[0]).to.include({ start: '2026-11-26T08:59:00Z', end: '2026-11-26T09:00:00Z' });
    expect(b.find((o: any) => o.user.id === 'PCAROL')).to.include({
      start: '2026-11-26T08:59:00Z',
      end: '2026-11-26T09:01:00Z',
    });
    expectValid('list-oncalls', { oncalls: b, more: false });
  });

  it('shows a service (getService) with its escalation policy; 404 in the error envelope for an unknown one', async () => {
    const sim = await simulator(opened, { data: world() });
    const ok = await get(sim, '/services/SVC-CHECKOUT');
    expectValid('show-service', ok.body);
    expect(ok.body.service.escalation_policy).to.include({ id: 'EP-ENG', summary: 'Engineering' });
    const missing = await get(sim, '/services/NOPE');
    expect(missing.status).to.equal(404);
    expectValid('error', missing.body);
  });

  it('lists schedules (listSchedules) with the escalation policies using each, and shows one with its final entries', async () => {
    const sim = await simulator(opened, { data: world() });
    const list = await get(sim, '/schedules?limit=100');
    expectValid('list-schedules', list.body);
    const policies = Object.fromEntries(
      list.body.schedules.map((s: any) => [s.id, s.escalation_policies.map((p: any) => p.id)]),
    );
    expect(policies).to.deep.equal({
      'S-PRIMARY': ['EP-ENG'],
      'S-TEAM': ['EP-ENG'],
      'S-DB': ['EP-DB'],
      'S-SHADOW': [],
    });
    const bare = await get(sim, '/schedules/S-SHADOW');
    expectValid('show-schedule', bare.body);
    expect(bare.body.schedule).to.not.have.property('final_schedule');
    const cut = await get(sim, `/schedules/S-PRIMARY?${RANGE}`);
    expectValid('show-schedule', cut.body);
    expect(cut.body.schedule.final_schedule.rendered_schedule_entries).to.deep.equal([
      { start: '2026-11-26T08:00:00Z', end: '2026-11-26T09:00:00Z', user: cut.body.schedule.users[0] },
      { start: '2026-11-26T09:00:00Z', end: '2026-11-26T10:00:00Z', user: cut.body.schedule.users[1] },
    ]);
    const whole = await get(sim, `/schedules/S-PRIMARY?${RANGE}&overflow=true`);
    expect(whole.body.schedule.final_schedule.rendered_schedule_entries.map((e: any) => e.start)).to.deep.equal([
      '2026-11-25T09:00:00Z',
      '2026-11-26T09:00:00Z',
    ]);
    const users = await get(sim, `/schedules/S-PRIMARY/users?${RANGE}`);
    expectValid('list-schedule-users', users.body);
    expect(users.body.users.map((u: any) => u.email)).to.deep.equal(['alice@example.com', 'bob@example.com']);
  });

  it('an open-ended entry is served with end null and validates', async () => {
    const data = world();
    data.schedules[3]!.entries = [entry('2026-11-26T00:00:00Z', null, 'PGRACE')];
    const sim = await simulator(opened, { data });
    const { body } = await get(sim, `/schedules/S-SHADOW?${RANGE}&overflow=true`);
    expectValid('show-schedule', body);
    expect(body.schedule.final_schedule.rendered_schedule_entries[0].end).to.equal(null);
  });

  it('answers GET /users/me for a user token, and 400 for an account key, as PagerDuty does', async () => {
    const account = await simulator(opened, { data: world() });
    const refused = await get(account, '/users/me');
    expect(refused.status).to.equal(400);
    expectValid('error', refused.body);
    const token = await simulator(opened, {
      data: world(),
      userToken: { user: 'PCAROL', role: 'restricted_access', teams: [{ id: 'PT1', name: 'Payments' }] },
    });
    const me = await get(token, '/users/me');
    expect(me.status).to.equal(200);
    expectValid('show-current-user', me.body);
    expect(me.body.user).to.include({ id: 'PCAROL', role: 'restricted_access' });
    expect(me.body.user.teams.map((t: any) => t.summary)).to.deep.equal(['Payments']);
  });

  it('lists and shows escalation policies with their levels and services', async () => {
    const sim = await simulator(opened, { data: world() });
    const list = await get(sim, '/escalation_policies');
    expectValid('list-escalation-policies', list.body);
    const one = await get(sim, '/escalation_policies/EP-ENG');
    expectValid('show-escalation-policy', one.body);
    const rules = one.body.escalation_policy.escalation_rules;
    expect(rules.map((r: any) => r.targets.map((t: any) => `${t.type}:${t.id}`))).to.deep.equal([
      ['schedule_reference:S-PRIMARY'],
      ['user_reference:PCAROL'],
      ['schedule_reference:S-TEAM'],
    ]);
    expect(one.body.escalation_policy.services.map((s: any) => s.id)).to.deep.equal(['SVC-CHECKOUT', 'SVC-CART']);
  });

  it('answers mistakes and faults in the documented error envelope', async () => {
    const sim = await simulator(opened, { data: world(), random: () => 0 });
    const cases: [string, number, string | null][] = [
      ['/oncalls', 401, 'wrong-key'],
      ['/oncalls', 401, null],
      ['/oncalls?since=banana', 400, TEST_KEY],
      [
        `/oncalls?since=${encodeURIComponent('2026-11-26T10:00:00Z')}&until=${encodeURIComponent('2026-11-26T09:00:00Z')}`,
        400,
        TEST_KEY,
      ],
      ['/oncalls?limit=100&offset=9950', 400, TEST_KEY],
      ['/oncalls?limit=abc', 400, TEST_KEY],
      ['/schedules/NOPE', 404, TEST_KEY],
      ['/schedules/NOPE/users', 404, TEST_KEY],
      ['/escalation_policies/NOPE', 404, TEST_KEY],
      ['/v3/unknown', 404, TEST_KEY],
    ];
    for (const [path, status, key] of cases) {
      const r = await get(sim, path, key);
      expect(r.status, path).to.equal(status);
      expectValid('error', r.body);
      expect(r.headers.get('x-request-id')).to.match(/^sim-\d+$/);
    }
    sim.faults.status500Rate = 1;
    const failed = await get(sim, '/oncalls');
    expect(failed.status).to.equal(500);
    expectValid('error', failed.body);
    sim.faults.status500Rate = 0;
    sim.faults.status429 = { count: 3, retryAfter: 7 };
    const limited = await get(sim, '/oncalls');
    expect([limited.status, limited.headers.get('ratelimit-reset')]).to.deep.equal([429, '7']);
    expectValid('error', limited.body);
    sim.faults.status429.form = 'retry-after';
    expect((await get(sim, '/oncalls')).headers.get('retry-after')).to.equal('7');
    sim.faults.status429.form = 'http-date';
    expect(Date.parse((await get(sim, '/oncalls')).headers.get('retry-after') ?? '')).to.be.a('number').and.not.NaN;
    expect((await get(sim, '/oncalls')).status).to.equal(200);
  });

  it('bad bodies and broken pagination on request', async () => {
    const sim = await simulator(opened, { data: world(), random: () => 0, pageSize: 2 });
    sim.faults.malformedRate = 1;
    const html = await get(sim, '/oncalls');
    expect([html.status, html.body]).to.deep.equal([200, undefined]);
    sim.faults.malformedRate = 0;
    sim.faults.wrongShapeRate = 1;
    expect(validators['list-oncalls'].open((await get(sim, '/oncalls')).body)).to.equal(false);
    sim.faults.wrongShapeRate = 0;
    sim.faults.pagination = 'loop';
    const q = (offset: number) => `/oncalls?${RANGE}&offset=${offset}`;
    const [p0, p2] = [(await get(sim, q(0))).body, (await get(sim, q(2))).body];
    expect(p2.offset).to.equal(2);
    expect(p2.oncalls).to.deep.equal(p0.oncalls);
    sim.faults.pagination = 'endless';
    const past = (await get(sim, q(50))).body;
    expect([past.oncalls.length, past.more]).to.deep.equal([0, true]);
  });

  it('enforces a rate limit per key with ratelimit-reset in seconds', async () => {
    const sim = await simulator(opened, { data: world(), rateLimit: 3 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get(sim, '/schedules')).status);
    expect(statuses).to.deep.equal([200, 200, 200, 429]);
    const r = await get(sim, '/schedules');
    expect(Number(r.headers.get('ratelimit-reset'))).to.be.within(1, 60);
    expect((await get(sim, '/schedules', 'another-key')).status).to.equal(401); // its own budget; then the key check
  });

  it('counts calls by route and by object, can be reset, and serves new data after setData', async () => {
    const sim = await simulator(opened, { data: world() });
    await get(sim, '/services/SVC-DB');
    await get(sim, `/oncalls?${RANGE}&escalation_policy_ids%5B%5D=EP-DB`);
    await get(sim, `/oncalls?${RANGE}`);
    await get(sim, `/schedules/S-SHADOW?${RANGE}`);
    expect(sim.calls.total).to.equal(4);
    expect(sim.calls.byPath).to.deep.equal({ '/services/{id}': 1, '/oncalls': 2, '/schedules/{id}': 1 });
    expect(sim.calls.byId).to.deep.equal({
      'service:SVC-DB': 1,
      'oncalls:EP-DB': 1,
      'oncalls:*': 1,
      'schedule:S-SHADOW': 1,
    });
    sim.calls.reset();
    expect(sim.calls.total).to.equal(0);
    sim.setData({ users: [], schedules: [], escalationPolicies: [], services: [] });
    expect((await get(sim, '/schedules')).body.schedules).to.deep.equal([]);
  });

  it('closes with a request still waiting on latency: the request ends unanswered', async () => {
    const sim = await simulator(opened, { data: world(), latencyMs: 10_000 });
    const pending = fetch(`${sim.url}/oncalls`).then(
      () => 'answered',
      () => 'closed',
    );
    await new Promise((r) => setTimeout(r, 50));
    await sim.close();
    expect(await pending).to.equal('closed');
  });
});
