// The simulator speaks incident.io's API: every answer is checked against JSON Schemas derived from the
// OpenAPI excerpt (spec/providers/incidentio/api-schemas, see its README), open as published and closed (no fields
// outside the spec), so neither a missing required field nor a misspelt one gets through.
import { expect } from 'chai';
import { Ajv, type ValidateFunction } from 'ajv';
import { createRequire } from 'node:module';
import { parseInstant } from '../../../plugin/providers/instant.js';
import type { Simulator } from '../../../plugin/providers/incidentio/simulator.js';
import { closeAll, data, entry, manySchedules, schedule, simulator, TEST_KEY } from './helpers.js';

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

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
ajv.addFormat('date-time', { type: 'string', validate: (s: string) => parseInstant(s) !== undefined });
ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
const validators: Record<string, { open: ValidateFunction; closed: ValidateFunction }> = {};
for (const name of ['list-schedules', 'show-schedule', 'list-schedule-entries', 'identity', 'error']) {
  const schema = load(name);
  const strict = closed(schema) as Schema;
  strict.$id = `${String(schema.$id)}#closed`.replace('.json#closed', '-closed.json');
  validators[name] = { open: ajv.compile(schema), closed: ajv.compile(strict) };
}

function expectValid(name: string, body: unknown) {
  for (const mode of ['open', 'closed'] as const) {
    const validate = validators[name]![mode];
    const ok = validate(body);
    expect(ok, `${name} (${mode}): ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 400)}`).to.equal(
      true,
    );
  }
}

async function get(sim: Simulator, path: string, key: string | null = TEST_KEY) {
  const res = await fetch(`${sim.url}${path}`, { headers: key === null ? {} : { Authorization: `Bearer ${key}` } });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body: body as Record<string, any> };
}

const W = (start: string, end: string) =>
  `entry_window_start=${encodeURIComponent(start)}&entry_window_end=${encodeURIComponent(end)}`;

describe('incident.io simulator', () => {
  const opened: Simulator[] = [];
  afterEach(() => closeAll(opened));

  it('the derived schemas are not vacuous: they catch a missing required field and (closed) a misspelt one', () => {
    expect(validators['list-schedules']!.open({ schedules: [{ id: 'A', name: 'A' }] })).to.equal(false);
    expect(
      validators['list-schedule-entries']!.open({
        schedule_entries: { final: [{ start_at: 'x', end_at: '2026-11-26T09:00:00Z' }], scheduled: [], overrides: [] },
      }),
    ).to.equal(false);
    const misspelt = { schedules: [], pagination_meta: { page_size: 1, afer: 'x' } };
    expect(validators['list-schedules']!.open(misspelt)).to.equal(true);
    expect(validators['list-schedules']!.closed(misspelt)).to.equal(false);
  });

  it('lists schedules in pages that validate against SchedulesListResultV2', async () => {
    const sim = await simulator(opened, {
      data: data(...manySchedules(5)),
      pageSize: 2,
      now: () => new Date('2026-11-26T08:00:00Z'),
    });
    const seen: string[] = [];
    let after = '';
    for (let page = 0; page < 5; page++) {
      const { status, body } = await get(sim, `/v2/schedules?page_size=25${after ? `&after=${after}` : ''}`);
      expect(status).to.equal(200);
      expectValid('list-schedules', body);
      expect(body.pagination_meta).to.include({ page_size: 2, total_record_count: 5 });
      seen.push(...body.schedules.map((s: { id: string }) => s.id));
      expect(body.schedules[0].current_shifts[0].user.email).to.match(/^person-\d\d@example.com$/);
      if (!body.pagination_meta.after) break;
      after = body.pagination_meta.after;
    }
    expect(seen).to.deep.equal(['S00', 'S01', 'S02', 'S03', 'S04']);
    expect(sim.calls.byPath['/v2/schedules']).to.equal(3);
  });

  it('shows one schedule (SchedulesShowResultV2) and answers 404 in the error envelope for an unknown one', async () => {
    const sim = await simulator(opened, { data: data(schedule('A/1', [])) });
    const ok = await get(sim, `/v2/schedules/${encodeURIComponent('A/1')}`);
    expectValid('show-schedule', ok.body);
    expect(ok.body.schedule.id).to.equal('A/1');
    const missing = await get(sim, '/v2/schedules/NOPE');
    expect(missing.status).to.equal(404);
    expectValid('error', missing.body);
  });

  it('serves schedule entries (scheduled/overrides/final) in pages with after and after_url', async () => {
    const entries = Array.from({ length: 5 }, (_, i) =>
      entry(`2026-11-26T0${i}:00:00Z`, `2026-11-26T0${i + 1}:00:00Z`, `p${i}@example.com`),
    );
    const sim = await simulator(opened, {
      data: data(
        schedule(
          'P',
          [
            ...entries,
            entry('2026-11-26T05:00:00Z', '2026-11-26T06:00:00Z', null),
            {
              start_at: '2026-11-26T05:00:00Z',
              end_at: '2026-11-26T06:00:00Z',
              user: { email: 'only-mail@example.com' },
            },
          ],
          {
            scheduled: [entry('2026-11-26T00:00:00Z', '2026-11-27T00:00:00Z', 'bob@example.com')],
            overrides: [entry('2026-11-26T01:00:00Z', '2026-11-26T02:00:00Z', 'carol@example.com')],
          },
        ),
      ),
      pageSize: 3,
    });
    const q = `schedule_id=P&${W('2026-11-26T00:00:00Z', '2026-11-26T23:00:00Z')}`;
    const first = await get(sim, `/v2/schedule_entries?${q}`);
    expectValid('list-schedule-entries', first.body);
    expect(first.body.schedule_entries.final.map((e: any) => e.start_at)).to.deep.equal([
      '2026-11-26T00:00:00.000000Z',
      '2026-11-26T01:00:00.000000Z',
      '2026-11-26T02:00:00.000000Z',
    ]);
    expect(first.body.schedule_entries.scheduled).to.have.length(1);
    expect(first.body.schedule_entries.overrides).to.have.length(1);
    const { after, after_url } = first.body.pagination_meta;
    const second = await get(
      sim,
      `/v2/schedule_entries?schedule_id=P&entry_window_start=${encodeURIComponent(after)}&entry_window_end=${encodeURIComponent('2026-11-26T23:00:00Z')}`,
    );
    expectValid('list-schedule-entries', second.body);
    expect(second.body.pagination_meta).to.have.property('after');
    const viaUrl = await fetch(after_url, { headers: { Authorization: `Bearer ${TEST_KEY}` } }).then((r) => r.json());
    expect(viaUrl).to.deep.equal(second.body);
    const third = await get(
      sim,
      `/v2/schedule_entries?schedule_id=P&entry_window_start=${encodeURIComponent(second.body.pagination_meta.after)}&entry_window_end=${encodeURIComponent('2026-11-26T23:00:00Z')}`,
    );
    expectValid('list-schedule-entries', third.body);
    expect(third.body).to.not.have.property('pagination_meta');
    const final = [
      ...first.body.schedule_entries.final,
      ...second.body.schedule_entries.final,
      ...third.body.schedule_entries.final,
    ];
    expect(final).to.have.length(7);
    expect(final[5]).to.not.have.property('user');
    expect(final[6].user).to.include({ email: 'only-mail@example.com', role: 'responder' });
  });

  it('returns every entry overlapping the closed window, and nothing else', async () => {
    const sim = await simulator(opened, {
      data: data(
        schedule('P', [
          entry('2026-11-26T08:00:00Z', '2026-11-26T09:00:00Z', 'ends-at-start@example.com'),
          entry('2026-11-26T09:00:30Z', '2026-11-26T10:00:00Z', 'inside@example.com'),
          entry('2026-11-26T09:01:00.000001Z', '2026-11-26T10:00:00Z', 'after@example.com'),
          entry('2026-11-26T07:00:00Z', '2026-11-26T08:59:59.999999Z', 'before@example.com'),
        ]),
      ),
    });
    const { body } = await get(
      sim,
      `/v2/schedule_entries?schedule_id=P&${W('2026-11-26T09:00:00Z', '2026-11-26T09:01:00Z')}`,
    );
    expect(body.schedule_entries.final.map((e: any) => e.user.email)).to.deep.equal([
      'ends-at-start@example.com',
      'inside@example.com',
    ]);
  });

  it('answers mistakes and faults in the documented error envelope', async () => {
    const sim = await simulator(opened, { data: data(schedule('P', [])), random: () => 0 });
    const cases: [string, number, string | null][] = [
      ['/v2/schedules', 401, 'wrong-key'],
      ['/v2/schedules', 401, null],
      ['/v2/schedule_entries', 422, TEST_KEY],
      ['/v2/schedule_entries?schedule_id=P&entry_window_start=banana', 422, TEST_KEY],
      [`/v2/schedule_entries?schedule_id=P&${W('2026-11-26T10:00:00Z', '2026-11-26T09:00:00Z')}`, 422, TEST_KEY],
      ['/v2/schedule_entries?schedule_id=NOPE', 404, TEST_KEY],
      ['/v2/schedules?page_size=0', 422, TEST_KEY],
      ['/v2/schedules?after=NOPE', 422, TEST_KEY],
      ['/v3/unknown', 404, TEST_KEY],
    ];
    for (const [path, status, key] of cases) {
      const r = await get(sim, path, key);
      expect(r.status, path).to.equal(status);
      expectValid('error', r.body);
      expect(r.body.status).to.equal(status);
    }
    sim.faults.status500Rate = 1;
    const failed = await get(sim, '/v2/schedules');
    expect(failed.status).to.equal(500);
    expectValid('error', failed.body);
    sim.faults.status500Rate = 0;
    sim.faults.status429 = { count: 1, retryAfter: 7 };
    const limited = await get(sim, '/v2/schedules');
    expect(limited.status).to.equal(429);
    expect(limited.headers.get('retry-after')).to.equal('7');
    expectValid('error', limited.body);
    expect(limited.body.rate_limit).to.have.property('retry_after');
    expect((await get(sim, '/v2/schedules')).status).to.equal(200);
  });

  it('serves identity (UtilitiesIdentityResultV1), with teams for a team-scoped key', async () => {
    const sim = await simulator(opened, { data: data(), identity: { teams: [{ id: 'T1', name: 'Platform' }] } });
    const { body } = await get(sim, '/v1/identity');
    expectValid('identity', body);
    expect(body.identity.teams).to.deep.equal([{ id: 'T1', name: 'Platform' }]);
  });

  it('bad bodies on request: HTML (not JSON) and JSON of the wrong shape', async () => {
    const sim = await simulator(opened, { data: data(schedule('P', [])), random: () => 0 });
    sim.faults.malformedRate = 1;
    const html = await get(sim, '/v2/schedules');
    expect(html.status).to.equal(200);
    expect(html.body).to.equal(undefined);
    expect(html.text).to.match(/<html>/);
    sim.faults.malformedRate = 0;
    sim.faults.wrongShapeRate = 1;
    const wrong = await get(sim, '/v2/schedules');
    expect(validators['list-schedules']!.open(wrong.body)).to.equal(false);
  });

  it('enforces --rate-limit per key with a Retry-After in seconds', async () => {
    const sim = await simulator(opened, { data: data(), rateLimit: 3 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get(sim, '/v2/schedules')).status);
    expect(statuses).to.deep.equal([200, 200, 200, 429]);
    const r = await get(sim, '/v2/schedules');
    expect(Number(r.headers.get('retry-after'))).to.be.within(1, 60);
    expect((await get(sim, '/v2/schedules', 'another-key')).status).to.equal(401); // its own budget; then the key check
  });

  it('counts calls by route and schedule, and can be reset; serves new data after setData', async () => {
    const sim = await simulator(opened, { data: data(schedule('A', [])) });
    await get(sim, '/v2/schedule_entries?schedule_id=A');
    await get(sim, '/v2/schedule_entries?schedule_id=A');
    await get(sim, '/v1/identity');
    expect(sim.calls).to.include({ total: 3 });
    expect(sim.calls.byPath).to.deep.equal({ '/v2/schedule_entries': 2, '/v1/identity': 1 });
    expect(sim.calls.bySchedule).to.deep.equal({ A: 2 });
    sim.calls.reset();
    expect(sim.calls.total).to.equal(0);
    sim.setData(data(schedule('B', [])));
    expect((await get(sim, '/v2/schedules')).body.schedules.map((s: any) => s.id)).to.deep.equal(['B']);
  });

  it('closes promptly even with a request waiting on latency', async () => {
    // The answer would come after a minute: closing before the spec's own timeout is closing promptly.
    const sim = await simulator(opened, { data: data(), latencyMs: 60_000 });
    const pending = fetch(`${sim.url}/v2/schedules`).then(
      () => 'answered',
      () => 'closed',
    );
    await new Promise((r) => setTimeout(r, 50));
    await sim.close();
    expect(await pending).to.equal('closed');
  });
});
