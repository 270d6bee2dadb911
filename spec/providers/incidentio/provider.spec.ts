// The incident.io provider over real HTTP (the simulator on an ephemeral port) with an injected clock:
// handover exactness, pagination, the window cache, shared in-flight requests, bounded parallelism, the
// call budget and early resolution for "any schedule".
import { expect } from 'chai';
import { IncidentIoError } from '../../../plugin/providers/incidentio/errors.js';
import {
  createIncidentIoProvider,
  LOOK_BACK_MS,
  type IncidentIoProvider,
} from '../../../plugin/providers/incidentio/provider.js';
import type { IncidentIoSettings } from '../../../plugin/providers/incidentio/settings.js';
import type { Simulator, SimulatorOptions } from '../../../plugin/providers/incidentio/simulator.js';
import type { OnCallAnswer } from '../../../plugin/providers/contract.js';
import {
  closeAll,
  data,
  entry,
  manualClock,
  manySchedules,
  realFetch,
  schedule,
  simulator,
  TEST_KEY,
} from './helpers.js';

const T = '2026-11-26T08:00:00Z';
const entryCalls = (sim: Simulator) => sim.calls.byPath['/v2/schedule_entries'] ?? 0;
const listCalls = (sim: Simulator) => sim.calls.byPath['/v2/schedules'] ?? 0;
function emailsOf(answer: OnCallAnswer, id?: string): string[] {
  const s = id ? answer.schedules.find((x) => x.scheduleId === id) : answer.schedules[0];
  if (!s || s.status !== 'answered') throw new Error(`not answered: ${JSON.stringify(s)}`);
  return s.onCall.map((p) => p.email);
}

/** A fetch that holds entry requests for matching schedules until released. */
function gatedFetch(matches: (url: string) => boolean) {
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  let held = 0;
  const fetch: typeof globalThis.fetch = async (url, init) => {
    if (matches(String(url))) {
      held++;
      await gate;
    }
    return realFetch(url, init);
  };
  return { fetch, release: open, held: () => held };
}

describe('incident.io provider', () => {
  const opened: Simulator[] = [];
  afterEach(() => closeAll(opened));

  async function setup(
    simOptions: Omit<SimulatorOptions, 'apiKey'>,
    settings: Partial<IncidentIoSettings> = {},
    start = T,
  ) {
    const clock = manualClock(start);
    const sim = await simulator(opened, { now: clock.now, ...simOptions });
    const provider: IncidentIoProvider = createIncidentIoProvider({
      apiKey: TEST_KEY,
      baseUrl: sim.url,
      clock: clock.now,
      sleep: clock.sleep,
      ...settings,
    });
    return { clock, sim, provider };
  }

  describe('correctness over HTTP', () => {
    it('handover: the outgoing person at end_at - 1 ms, the incoming one at end_at, from one fetched window', async () => {
      const { clock, sim, provider } = await setup(
        {
          data: data(
            schedule('P', [
              entry('2026-11-25T09:00:00Z', '2026-11-26T09:00:00Z', 'alice@example.com'),
              entry('2026-11-26T09:00:00Z', '2026-11-27T09:00:00Z', 'bob@example.com'),
            ]),
          ),
        },
        {},
        '2026-11-26T08:59:59.999Z',
      );
      expect(emailsOf(await provider.onCallFor(['P'], clock.now()))).to.deep.equal(['alice@example.com']);
      clock.set('2026-11-26T09:00:00.000Z');
      expect(emailsOf(await provider.onCallFor(['P'], clock.now()))).to.deep.equal(['bob@example.com']);
      expect(entryCalls(sim), 'the second lookup was served from the cache, filtered at read time').to.equal(1);
    });

    it('microsecond boundaries survive the wire: an entry ending at 09:00:00.000500 covers 09:00:00.000', async () => {
      const { clock, provider } = await setup(
        {
          data: data(
            schedule('P', [entry('2026-11-26T08:00:00Z', '2026-11-26T09:00:00.000500Z', 'alice@example.com')]),
          ),
        },
        {},
        '2026-11-26T09:00:00.000Z',
      );
      expect(emailsOf(await provider.onCallFor(['P'], clock.now()))).to.deep.equal(['alice@example.com']);
      expect(emailsOf(await provider.onCallFor(['P'], new Date('2026-11-26T09:00:00.001Z')))).to.deep.equal([]);
    });

    it('uses the resolved `final` entries: an overridden person is not on call', async () => {
      const { clock, provider } = await setup(
        {
          data: data(
            schedule('P', [entry('2026-11-26T12:00:00Z', '2026-11-26T18:00:00Z', 'carol@example.com')], {
              scheduled: [entry('2026-11-26T09:00:00Z', '2026-11-27T09:00:00Z', 'bob@example.com')],
              overrides: [entry('2026-11-26T12:00:00Z', '2026-11-26T18:00:00Z', 'carol@example.com')],
            }),
          ),
        },
        {},
        '2026-11-26T13:00:00Z',
      );
      expect(emailsOf(await provider.onCallFor(['P'], clock.now()))).to.deep.equal(['carol@example.com']);
    });

    it('overlapping layers over 3 pages of entries, upper-case emails, entries without user or email', async () => {
      const { clock, sim, provider } = await setup({
        pageSize: 2,
        data: data(
          schedule('P', [
            entry('2026-11-26T00:00:00Z', '2026-11-27T00:00:00Z', 'ALICE@Example.com', { layer_id: 'l1' }),
            entry('2026-11-26T06:00:00Z', '2026-11-26T10:00:00Z', 'bob@example.com', { layer_id: 'l2' }),
            entry('2026-11-26T07:00:00Z', '2026-11-26T08:00:30Z', 'carol@example.com', { layer_id: 'l3' }),
            entry('2026-11-26T07:30:00Z', '2026-11-26T09:00:00Z', null),
            { start_at: '2026-11-26T07:30:00Z', end_at: '2026-11-26T09:00:00Z', user: { id: 'U5', name: 'No Email' } },
            entry('2026-11-26T08:00:00Z', '2026-11-26T08:00:01Z', ' Dave@EXAMPLE.COM '),
          ]),
        ),
      });
      const answer = await provider.onCallFor(['P'], clock.now());
      expect(emailsOf(answer)).to.deep.equal([
        'alice@example.com',
        'bob@example.com',
        'carol@example.com',
        'dave@example.com',
      ]);
      const s = answer.schedules[0]!;
      expect(s.status === 'answered' && s.skipped.map((x) => x.reason)).to.deep.equal(['no-user', 'no-email']);
      expect(entryCalls(sim)).to.equal(3);
    });

    it('"any schedule" follows 3 pages of schedules and answers each, with names', async () => {
      const { clock, sim, provider } = await setup({ pageSize: 2, data: data(...manySchedules(6)) });
      const answer = await provider.onCallAny(clock.now());
      expect(answer.listFailure).to.equal(undefined);
      expect(answer.schedules.map((s) => [s.scheduleId, s.scheduleName, s.status])).to.deep.equal(
        Array.from({ length: 6 }, (_, i) => [`S0${i}`, `Schedule S0${i}`, 'answered']),
      );
      expect(emailsOf(answer, 'S05')).to.deep.equal(['person-05@example.com']);
      expect(listCalls(sim)).to.equal(3);
      expect((await provider.listSchedules()).map((s) => s.id)).to.have.length(6);
      expect(listCalls(sim), 'the list is cached').to.equal(3);
    });

    it('with an allow-list, "any schedule" means those schedules and reads no list', async () => {
      const { clock, sim, provider } = await setup(
        { data: data(...manySchedules(4)) },
        { scheduleAllowList: ['S01', 'S03'] },
      );
      const answer = await provider.onCallAny(clock.now());
      expect(answer.schedules.map((s) => s.scheduleId)).to.deep.equal(['S01', 'S03']);
      expect(listCalls(sim)).to.equal(0);
    });

    it('listSchedules rejects with a plain IncidentIoError (no key) when the list cannot be read', async () => {
      const { provider } = await setup({ data: data() }, { apiKey: 'not-the-key-1234' });
      try {
        await provider.listSchedules();
        expect.fail('should reject');
      } catch (err) {
        expect(err).to.be.instanceOf(IncidentIoError);
        expect((err as Error).message)
          .to.match(/401 Unauthorized/)
          .and.not.include('not-the-key-1234');
      }
    });
  });

  describe('answers at hand', () => {
    const handover = () =>
      data(
        schedule('P', [
          entry('2026-11-25T09:00:00Z', '2026-11-26T09:00:00Z', 'alice@example.com'),
          entry('2026-11-26T09:00:00Z', '2026-11-27T09:00:00Z', 'bob@example.com'),
        ]),
        schedule('Q', [entry('2026-11-26T00:00:00Z', '2026-11-27T00:00:00Z', 'carol@example.com')]),
      );

    it('at hand, the same answer as the lookup that waits, at every instant of the cache life (handover included)', async () => {
      const { clock, sim, provider } = await setup({ data: handover() }, {}, '2026-11-26T08:59:30.000Z');
      expect(provider.onCallForAtHand(['P'], clock.now()), 'nothing fetched yet').to.equal(undefined);
      expect(provider.onCallAnyAtHand(clock.now()), 'no schedule list yet').to.equal(undefined);
      await provider.onCallAny(clock.now());
      const calls = sim.calls.total;
      for (const at of ['2026-11-26T08:59:30.000Z', '2026-11-26T08:59:59.999Z', '2026-11-26T09:00:00.000Z']) {
        const now = new Date(at);
        expect(provider.onCallForAtHand(['Q', 'P', 'Q'], now), at).to.deep.equal(
          await provider.onCallFor(['Q', 'P', 'Q'], now),
        );
        expect(provider.onCallAnyAtHand(now), at).to.deep.equal(await provider.onCallAny(now));
      }
      expect(emailsOf(provider.onCallForAtHand(['P'], new Date('2026-11-26T09:00:00.000Z'))!)).to.deep.equal([
        'bob@example.com',
      ]);
      expect(sim.calls.total, 'no request').to.equal(calls);
    });

    it('nothing at hand once the cache life is over, for a schedule not fetched, an ID that is not one, or an invalid instant', async () => {
      const { clock, provider } = await setup({ data: handover() });
      await provider.onCallFor(['P'], clock.now());
      expect(provider.onCallForAtHand(['P'], clock.now())).to.not.equal(undefined);
      expect(provider.onCallForAtHand(['P', 'Q'], clock.now()), 'Q not fetched').to.equal(undefined);
      expect(provider.onCallForAtHand(['P', ' '], clock.now())).to.equal(undefined);
      expect(provider.onCallForAtHand(['P'], new Date(Number.NaN))).to.equal(undefined);
      clock.advance(60_000);
      expect(provider.onCallForAtHand(['P'], clock.now())).to.equal(undefined);
    });
  });

  describe('cache and cost', () => {
    it('1,000 concurrent lookups of the same schedule cost one API call', async () => {
      const { clock, sim, provider } = await setup({ data: data(...manySchedules(1)), latencyMs: 20 });
      const answers = await Promise.all(Array.from({ length: 1_000 }, () => provider.onCallFor(['S00'], clock.now())));
      expect(answers.every((a) => emailsOf(a)[0] === 'person-00@example.com')).to.equal(true);
      expect(sim.calls.total).to.equal(1);
      expect(provider.stats()).to.include({ entryFetches: 1, sharedWaits: 999 });
    });

    it('10,000 lookups across 50 schedules in one simulated minute cost 50 entry calls plus the list pages', async () => {
      const { clock, sim, provider } = await setup({ data: data(...manySchedules(50)), pageSize: 20 });
      const start = clock.ms();
      let answered = 0;
      for (let batch = 0; batch < 20; batch++) {
        const lookups: Promise<OnCallAnswer>[] = [];
        for (let j = 0; j < 500; j++) {
          const i = batch * 500 + j;
          clock.set(new Date(start + i * 6)); // 10,000 × 6 ms: the whole minute [T, T + 60 s)
          lookups.push(
            i % 50 === 7
              ? provider.onCallAny(clock.now())
              : provider.onCallFor([`S${String(i % 50).padStart(2, '0')}`], clock.now()),
          );
        }
        for (const a of await Promise.all(lookups))
          answered += a.schedules.filter((s) => s.status === 'answered').length;
      }
      expect(answered).to.be.greaterThan(10_000);
      expect(entryCalls(sim)).to.equal(50);
      expect(listCalls(sim)).to.equal(3); // 50 schedules, pages of 20
      expect(Object.values(sim.calls.bySchedule).every((n) => n === 1)).to.equal(true);

      clock.set(new Date(start + 60_000)); // the next minute: the cached window no longer covers `now`
      await provider.onCallFor(['S00'], clock.now());
      expect(entryCalls(sim)).to.equal(51);
    });

    it('an instant outside the cached window (earlier or later) is fetched for its own window', async () => {
      const { clock, sim, provider } = await setup({
        data: data(
          schedule('P', [
            entry('2026-11-26T00:00:00Z', '2026-11-26T09:00:00Z', 'alice@example.com'),
            entry('2026-12-25T00:00:00Z', '2026-12-26T00:00:00Z', 'santa@example.com'),
          ]),
        ),
      });
      await provider.onCallFor(['P'], clock.now());
      await provider.onCallFor(['P'], new Date(clock.ms() + 59_999));
      expect(entryCalls(sim)).to.equal(1);
      await provider.onCallFor(['P'], new Date(clock.ms() - LOOK_BACK_MS)); // a straggler a moment late: still served
      expect(entryCalls(sim)).to.equal(1);
      expect(emailsOf(await provider.onCallFor(['P'], new Date(clock.ms() - LOOK_BACK_MS - 1)))).to.deep.equal([
        'alice@example.com',
      ]);
      expect(entryCalls(sim)).to.equal(2);
      expect(emailsOf(await provider.onCallFor(['P'], new Date('2026-12-25T12:00:00Z')))).to.deep.equal([
        'santa@example.com',
      ]);
      expect(entryCalls(sim)).to.equal(3);
      expect(emailsOf(await provider.onCallFor(['P'], new Date('2026-11-26T08:30:00Z')))).to.deep.equal([
        'alice@example.com',
      ]);
      expect(entryCalls(sim)).to.equal(4);
    });

    it('a late lookup for an instant just before the window is answered exactly from the look-back', async () => {
      const { clock, sim, provider } = await setup({
        data: data(
          schedule('P', [
            entry('2026-11-26T07:00:00Z', T, 'alice@example.com'),
            entry(T, '2026-11-26T09:00:00Z', 'bob@example.com'),
          ]),
        ),
      });
      expect(emailsOf(await provider.onCallFor(['P'], clock.now()))).to.deep.equal(['bob@example.com']);
      expect(emailsOf(await provider.onCallFor(['P'], new Date(clock.ms() - 1)))).to.deep.equal(['alice@example.com']);
      expect(entryCalls(sim)).to.equal(1);
    });

    it('a decision that waited (a 429 pause, a slow list) is served exactly from the refreshed windows, without another call', async () => {
      // Shift change at 08:01:20: the late lookup's instant (08:01:00) is before it, the wall clock after.
      const change = '2026-11-26T08:01:20Z';
      const { clock, sim, provider } = await setup({
        data: data(
          schedule('P', [
            entry('2026-11-26T07:00:00Z', change, 'alice@example.com'),
            entry(change, '2026-11-26T09:00:00Z', 'bob@example.com'),
          ]),
        ),
      });
      await provider.onCallFor(['P'], clock.now());
      clock.advance(60_000 + 25_000); // 08:01:25: the first window's life is over; a fresh lookup refetches
      expect(emailsOf(await provider.onCallFor(['P'], clock.now()))).to.deep.equal(['bob@example.com']);
      expect(entryCalls(sim)).to.equal(2);
      // A lookup for 08:01:00 arrives now, 25 s late: the refreshed window reaches back that far.
      expect(emailsOf(await provider.onCallFor(['P'], new Date('2026-11-26T08:01:00Z')))).to.deep.equal([
        'alice@example.com',
      ]);
      expect(entryCalls(sim)).to.equal(2);
    });

    it('cached entries are never older than the cache life on the wall clock', async () => {
      const { clock, sim, provider } = await setup({ data: data(...manySchedules(1)) }, { cacheLifeMs: 10_000 });
      const at = clock.now();
      await provider.onCallFor(['S00'], at);
      clock.advance(9_999);
      await provider.onCallFor(['S00'], at);
      expect(entryCalls(sim)).to.equal(1);
      clock.advance(1);
      const answer = await provider.onCallFor(['S00'], at);
      expect(entryCalls(sim)).to.equal(2);
      expect(answer.schedules[0]!.status === 'answered' && answer.schedules[0]!.fetchedAt).to.equal(
        clock.now().toISOString(),
      );
    });

    it('a change in incident.io is seen once the cache life has passed', async () => {
      const { clock, sim, provider } = await setup({
        data: data(schedule('P', [entry('2026-11-26T00:00:00Z', '2026-11-27T00:00:00Z', 'alice@example.com')])),
      });
      expect(emailsOf(await provider.onCallFor(['P'], clock.now()))).to.deep.equal(['alice@example.com']);
      sim.setData(data(schedule('P', [entry('2026-11-26T00:00:00Z', '2026-11-27T00:00:00Z', 'mallory@example.com')])));
      clock.advance(30_000);
      expect(emailsOf(await provider.onCallFor(['P'], clock.now()))).to.deep.equal(['alice@example.com']);
      clock.advance(30_000);
      expect(emailsOf(await provider.onCallFor(['P'], clock.now()))).to.deep.equal(['mallory@example.com']);
    });

    it('bounded parallelism across schedules', async () => {
      let inFlight = 0;
      let peak = 0;
      const counting: typeof fetch = async (url, init) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        try {
          await new Promise((r) => setTimeout(r, 10));
          return await realFetch(url, init);
        } finally {
          inFlight--;
        }
      };
      const { clock, provider } = await setup(
        { data: data(...manySchedules(20)) },
        { parallelism: 3, fetch: counting },
      );
      const answer = await provider.onCallFor(
        manySchedules(20).map((s) => s.id),
        clock.now(),
      );
      expect(answer.schedules.every((s) => s.status === 'answered')).to.equal(true);
      expect(peak).to.equal(3);
    });

    it('the call budget delays calls so that no 60 s span has more than callsPerMinute, and all answer', async () => {
      const clock = manualClock(T);
      const sim = await simulator(opened, { data: data(...manySchedules(25)), now: clock.now });
      const times: number[] = [];
      const timed: typeof fetch = (url, init) => {
        times.push(clock.ms());
        return realFetch(url, init);
      };
      const provider = createIncidentIoProvider({
        apiKey: TEST_KEY,
        baseUrl: sim.url,
        clock: clock.now,
        sleep: clock.sleep,
        fetch: timed,
        callsPerMinute: 10,
        deadlineMs: 3_600_000,
      });
      const answer = await provider.onCallFor(
        manySchedules(25).map((s) => s.id),
        clock.now(),
      );
      expect(answer.schedules.every((s) => s.status === 'answered')).to.equal(true);
      expect(times).to.have.length(25);
      for (const t of times) expect(times.filter((u) => u >= t && u < t + 60_000).length).to.be.at.most(10);
      expect(clock.ms() - new Date(T).getTime()).to.be.at.least(120_000);
    });

    it('a budget that cannot admit a call before the deadline fails that schedule, others answer', async () => {
      const { clock, provider } = await setup(
        { data: data(...manySchedules(2)) },
        { callsPerMinute: 1, deadlineMs: 10_000 },
      );
      const answer = await provider.onCallFor(['S00', 'S01'], clock.now());
      expect(answer.schedules.map((s) => s.status).sort()).to.deep.equal(['answered', 'failed']);
      const failed = answer.schedules.find((s) => s.status === 'failed')!;
      expect(failed.status === 'failed' && failed.reason).to.equal(
        "the client-side budget of 1 incident.io calls a minute had no room before the lookup's deadline",
      );
    });
  });

  describe('early resolution and cancellation', () => {
    it('"any schedule" with stopWhenFound returns once one schedule confirms; the others still warm the cache', async () => {
      const gate = gatedFetch((url) => url.includes('schedule_id=SLOW'));
      const { clock, sim, provider } = await setup(
        {
          data: data(
            schedule('FAST', [entry('2026-11-26T00:00:00Z', '2026-11-27T00:00:00Z', 'alice@example.com')]),
            schedule('SLOW', [entry('2026-11-26T00:00:00Z', '2026-11-27T00:00:00Z', 'bob@example.com')]),
          ),
        },
        { fetch: gate.fetch },
      );
      const answer = await provider.onCallAny(clock.now(), { stopWhenFound: ' ALICE@example.com' });
      expect(answer.partial).to.equal(true);
      expect(answer.schedules.map((s) => s.scheduleId)).to.deep.equal(['FAST']);
      expect(gate.held()).to.equal(1);
      gate.release();
      await new Promise((r) => setTimeout(r, 100));
      const calls = entryCalls(sim);
      expect(emailsOf(await provider.onCallFor(['SLOW'], clock.now()))).to.deep.equal(['bob@example.com']);
      expect(entryCalls(sim), 'SLOW was cached by the lookup that kept running').to.equal(calls);
    });

    it('without a match, stopWhenFound waits for every schedule', async () => {
      const { clock, provider } = await setup({ data: data(...manySchedules(3)) });
      const answer = await provider.onCallAny(clock.now(), { stopWhenFound: 'nobody@example.com' });
      expect(answer.partial).to.equal(undefined);
      expect(answer.schedules).to.have.length(3);
    });

    it('an aborted lookup resolves with the unanswered schedules failed', async () => {
      const gate = gatedFetch(() => true);
      const { clock, provider } = await setup({ data: data(...manySchedules(2)) }, { fetch: gate.fetch });
      const controller = new AbortController();
      const pending = provider.onCallFor(['S00', 'S01'], clock.now(), { signal: controller.signal });
      await new Promise((r) => setTimeout(r, 20));
      controller.abort();
      const answer = await pending;
      expect(answer.schedules.map((s) => s.status)).to.deep.equal(['failed', 'failed']);
      expect(answer.schedules[0]!.status === 'failed' && answer.schedules[0]!.reason).to.match(/cancelled/);
      gate.release();
    });

    it('an invalid instant or schedule ID fails without a call', async () => {
      const { sim, provider } = await setup({ data: data(...manySchedules(1)) });
      expect((await provider.onCallFor(['S00'], new Date('nope'))).schedules[0]!.status).to.equal('failed');
      expect((await provider.onCallFor([''], new Date(T))).schedules[0]!.status).to.equal('failed');
      expect(sim.calls.total).to.equal(0);
    });
  });
});
