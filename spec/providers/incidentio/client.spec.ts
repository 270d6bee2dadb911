// The typed client against the simulator, and the pieces under it (Retry-After parsing, the call budget).
import { expect } from 'chai';
import { CallBudget } from '../../../plugin/providers/call-budget.js';
import { createIncidentIoClient } from '../../../plugin/providers/incidentio/client.js';
import { IncidentIoError } from '../../../plugin/providers/incidentio/errors.js';
import type { Simulator } from '../../../plugin/providers/incidentio/simulator.js';
import { retryAfterMs } from '../../../plugin/providers/incidentio/transport.js';
import { closeAll, data, entry, manualClock, manySchedules, schedule, simulator, TEST_KEY } from './helpers.js';

describe('incident.io client', () => {
  const opened: Simulator[] = [];
  afterEach(() => closeAll(opened));

  it('lists every schedule across 3 pages, sending the key as a Bearer token', async () => {
    const sim = await simulator(opened, { data: data(...manySchedules(6)), pageSize: 2 });
    const client = createIncidentIoClient({ apiKey: TEST_KEY, baseUrl: `${sim.url}/` });
    const all = await client.listAllSchedules();
    expect(all.map((s) => s.id)).to.deep.equal(['S00', 'S01', 'S02', 'S03', 'S04', 'S05']);
    expect(all[0]).to.deep.equal({ id: 'S00', name: 'Schedule S00', timezone: 'Europe/London', team_ids: [] });
    expect(sim.calls.byPath['/v2/schedules']).to.equal(3);
    expect(client.requestsSent).to.equal(3);
  });

  it('lists one page on request (what check-key does)', async () => {
    const sim = await simulator(opened, { data: data(...manySchedules(30)) });
    const page = await createIncidentIoClient({ apiKey: TEST_KEY, baseUrl: sim.url }).listSchedules({ pageSize: 25 });
    expect(page.schedules).to.have.length(25);
    expect(page.after).to.equal('S24');
    expect(page.totalRecordCount).to.equal(30);
  });

  it('merges all pages of entries for a window sent in UTC', async () => {
    const entries = Array.from({ length: 5 }, (_, i) =>
      entry(`2026-11-26T0${i}:00:00Z`, `2026-11-26T0${i + 1}:00:00Z`, `p${i}@example.com`),
    );
    const sim = await simulator(opened, { data: data(schedule('P', entries)), pageSize: 2 });
    const client = createIncidentIoClient({ apiKey: TEST_KEY, baseUrl: sim.url });
    const got = await client.listScheduleEntries({
      scheduleId: 'P',
      windowStart: new Date('2026-11-26T00:00:00Z'),
      windowEnd: new Date('2026-11-26T06:00:00Z'),
    });
    expect(got.final.map((e) => e.user?.email)).to.deep.equal([
      'p0@example.com',
      'p1@example.com',
      'p2@example.com',
      'p3@example.com',
      'p4@example.com',
    ]);
    expect(got.final[0]!.start_at).to.equal('2026-11-26T00:00:00.000000Z');
    expect(sim.calls.byPath['/v2/schedule_entries']).to.equal(3);
  });

  it('shows a schedule; an unknown or path-like ID is a not-found error, never a different path', async () => {
    const sim = await simulator(opened, { data: data(schedule('A', [])) });
    const client = createIncidentIoClient({ apiKey: TEST_KEY, baseUrl: sim.url });
    expect((await client.showSchedule('A')).name).to.equal('Schedule A');
    for (const id of ['NOPE', '../v1/identity']) {
      try {
        await client.showSchedule(id);
        expect.fail('should reject');
      } catch (err) {
        expect(err).to.be.instanceOf(IncidentIoError);
        expect((err as IncidentIoError).kind).to.equal('not-found');
        expect((err as Error).message)
          .to.include(`there is no schedule ${id}`)
          .and.match(/request id sim-\d+/);
      }
    }
    expect(sim.calls.byPath['/v1/identity']).to.equal(undefined);
  });

  it('reads the identity, including the teams of a team-scoped key', async () => {
    const sim = await simulator(opened, {
      data: data(),
      identity: { name: 'P0 key', teams: [{ id: 'T1', name: 'Platform' }] },
    });
    const identity = await createIncidentIoClient({ apiKey: TEST_KEY, baseUrl: sim.url }).identity();
    expect(identity).to.include({ name: 'P0 key' });
    expect(identity.teams).to.deep.equal([{ id: 'T1', name: 'Platform' }]);
  });

  it('stops on a cursor that does not advance instead of looping', async () => {
    const stuck: typeof fetch = async () =>
      new Response(
        JSON.stringify({
          schedules: [{ id: 'A', name: 'A', timezone: 'UTC', team_ids: [] }],
          pagination_meta: { page_size: 1, after: 'A' },
        }),
        { status: 200 },
      );
    const client = createIncidentIoClient({ apiKey: TEST_KEY, fetch: stuck });
    try {
      await client.listAllSchedules();
      expect.fail('should reject');
    } catch (err) {
      expect((err as Error).message).to.match(/schedules page cursor it had returned before/);
    }
  });

  describe('Retry-After', () => {
    const now = Date.parse('2026-11-26T08:00:00Z');
    it('reads seconds, an HTTP date, and the body; the longest wait wins', () => {
      expect(retryAfterMs('7', undefined, now)).to.equal(7_000);
      expect(retryAfterMs('1.5', undefined, now)).to.equal(1_500);
      expect(retryAfterMs('Thu, 26 Nov 2026 08:00:20 GMT', undefined, now)).to.equal(20_000);
      expect(retryAfterMs(null, '2026-11-26T08:00:03Z', now)).to.equal(3_000);
      expect(retryAfterMs(null, 4, now)).to.equal(4_000);
      expect(retryAfterMs('2', '2026-11-26T08:00:09Z', now)).to.equal(9_000);
      expect(retryAfterMs('Thu, 26 Nov 2026 07:00:00 GMT', undefined, now)).to.equal(0);
      expect(retryAfterMs('soon', { x: 1 }, now)).to.equal(undefined);
      expect(retryAfterMs(null, undefined, now)).to.equal(undefined);
    });
  });

  describe('call budget', () => {
    it('admits N calls in any 60 s and delays the next until the oldest leaves the window', async () => {
      const clock = manualClock('2026-11-26T08:00:00Z');
      const budget = new CallBudget(3, clock.ms, clock.sleep);
      const deadline = clock.ms() + 3_600_000;
      for (let i = 0; i < 3; i++) {
        await budget.acquire(deadline);
        clock.advance(1_000);
      }
      expect(clock.sleeps).to.deep.equal([]);
      await budget.acquire(deadline);
      expect(clock.sleeps).to.deep.equal([57_000]);
      expect(budget.recent).to.equal(3);
    });

    it('fails with a budget error rather than wait past the deadline', async () => {
      const clock = manualClock('2026-11-26T08:00:00Z');
      const budget = new CallBudget(1, clock.ms, clock.sleep);
      await budget.acquire(clock.ms() + 1_000);
      try {
        await budget.acquire(clock.ms() + 1_000);
        expect.fail('should reject');
      } catch (err) {
        expect((err as IncidentIoError).kind).to.equal('budget');
      }
    });

    it('a pause (after a 429) holds every call, and a frozen clock cannot make it spin forever', async () => {
      const frozen = Date.parse('2026-11-26T08:00:00Z');
      const slept: number[] = [];
      const budget = new CallBudget(
        100,
        () => frozen,
        async (ms) => void slept.push(ms),
      );
      budget.pause(frozen + 5_000);
      await budget.acquire(frozen + 60_000);
      expect(slept).to.deep.equal([5_000]);
    });
  });
});
