// The PagerDuty provider over real HTTP (the simulator on an ephemeral port) with an injected clock: what
// `escalation` and `auto` mean (first level only for services; anywhere for "any"), handover exactness,
// direct user targets, schedules outside every escalation policy, unknown requestors, email case, one person
// per policy and level, and the cost of lookups: the cache, shared requests, bounded parallelism and early
// resolution for "any".
import { expect } from 'chai';
import { createPagerDutyProvider, type PagerDutyProvider } from '../../../plugin/providers/pagerduty/provider.js';
import type { PagerDutySettings } from '../../../plugin/providers/pagerduty/settings.js';
import type { PagerDutySimulator, PagerDutySimulatorOptions } from '../../../plugin/providers/pagerduty/simulator.js';
import type { PagerDutyData } from '../../../plugin/providers/pagerduty/data.js';
import type { OnCallAnswer, ScheduleLookup } from '../../../plugin/providers/contract.js';
import { closeAll, emailsOf, entry, everyoneIn, manualClock, simulator, TEST_KEY, world } from './helpers.js';

const T = '2026-11-26T08:00:00Z';
const onCallsCalls = (sim: PagerDutySimulator) => sim.calls.byPath['/oncalls'] ?? 0;

/** A fetch that holds requests whose URL matches until released. */
function gatedFetch(matches: (url: string) => boolean) {
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  let held = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const fetch: typeof globalThis.fetch = async (url, init) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      if (matches(String(url))) {
        held++;
        await gate;
      }
      return await globalThis.fetch(url, init);
    } finally {
      inFlight--;
    }
  };
  return { fetch, release: open, held: () => held, maxInFlight: () => maxInFlight };
}

describe('PagerDuty provider', () => {
  const opened: PagerDutySimulator[] = [];
  afterEach(() => closeAll(opened));

  async function setup(
    simOptions: Partial<Omit<PagerDutySimulatorOptions, 'apiKey'>> = {},
    settings: Partial<PagerDutySettings> = {},
    start = T,
  ) {
    const clock = manualClock(start);
    const sim = await simulator(opened, { data: world(), now: clock.now, ...simOptions });
    const provider: PagerDutyProvider = createPagerDutyProvider({
      apiKey: TEST_KEY,
      baseUrl: sim.url,
      clock: clock.now,
      sleep: clock.sleep,
      ...settings,
    });
    return { clock, sim, provider };
  }

  describe('meaning', () => {
    for (const clipOnCalls of [false, true]) {
      it(`handover: alice at 08:59:59.999, bob at 09:00:00.000, from one fetch${clipOnCalls ? ' (on-calls cut at the range)' : ''}`, async () => {
        const { clock, sim, provider } = await setup({ clipOnCalls }, {}, '2026-11-26T08:59:59.999Z');
        expect(emailsOf(await provider.onCallFor(['SVC-CHECKOUT'], clock.now()))).to.deep.equal(['alice@example.com']);
        clock.set('2026-11-26T09:00:00.000Z');
        expect(emailsOf(await provider.onCallFor(['SVC-CHECKOUT'], clock.now()))).to.deep.equal(['bob@example.com']);
        expect(onCallsCalls(sim), 'the second lookup was served from the cache, filtered at read time').to.equal(1);
        const any = await provider.onCallAny(new Date('2026-11-26T08:59:59.999Z'));
        expect(emailsOf(any, 'EP-ENG')).to.include('alice@example.com').and.not.include('bob@example.com');
      });
    }

    it('answers at instants asked in any order match a direct reading of the data (no set outlives its bounds)', async () => {
      const data = world();
      const base = Date.parse('2026-11-26T08:59:00Z');
      const people = ['PALICE', 'PBOB', 'PHEIDI'];
      // Shifts of 7.3 s, handing over between three people, around the clock's instant.
      const shifts = Array.from({ length: 17 }, (_, i) => ({
        start: base + Math.round(i * 7_300),
        end: base + Math.round((i + 1) * 7_300),
        user: people[i % 3]!,
      }));
      data.schedules[0]!.entries = shifts.map((x) =>
        entry(new Date(x.start).toISOString(), new Date(x.end).toISOString(), x.user),
      );
      const { sim, provider } = await setup({ data }, {}, '2026-11-26T09:00:00Z');
      const emailOf = (id: string) => data.users.find((u) => u.id === id)!.email!;
      let seed = 7;
      const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
      for (let i = 0; i < 200; i++) {
        const t = base + (next() % 120_000);
        const expected = shifts.filter((x) => x.start <= t && t < x.end).map((x) => emailOf(x.user));
        const got = emailsOf(await provider.onCallFor(['SVC-CHECKOUT'], new Date(t)));
        expect(got, new Date(t).toISOString()).to.deep.equal(expected);
      }
      expect(sim.calls.byId['oncalls:EP-ENG'], 'at most two windows cover the two minutes').to.be.at.most(2);
    });

    it('`escalation` admits the first level only: not carol (level 2, named directly) nor the team (level 3)', async () => {
      const { clock, provider } = await setup();
      const answer = await provider.onCallFor(['SVC-CHECKOUT', 'SVC-DB'], clock.now());
      expect(emailsOf(answer, 'SVC-CHECKOUT')).to.deep.equal(['alice@example.com']);
      expect(emailsOf(answer, 'SVC-DB')).to.deep.equal(['frank@example.com']);
      expect(answer.schedules.map((s) => [s.scheduleId, s.scheduleName])).to.deep.equal([
        ['SVC-CHECKOUT', 'Checkout'],
        ['SVC-DB', 'Database'],
      ]);
      expect(everyoneIn(answer)).to.not.include.members(['carol@example.com', 'dave@example.com', 'erin@example.com']);
    });

    it('`auto` ("any"): on call anywhere, any level, through a schedule or named directly', async () => {
      const { clock, provider } = await setup();
      const answer = await provider.onCallAny(clock.now());
      expect(answer.listFailure).to.equal(undefined);
      expect(emailsOf(answer, 'EP-ENG')).to.deep.equal([
        'alice@example.com',
        'carol@example.com',
        'dave@example.com',
        'erin@example.com',
      ]);
      expect(emailsOf(answer, 'EP-DB')).to.deep.equal(['frank@example.com']);
      const carol = answer.schedules.find((s) => s.scheduleId === 'EP-ENG')!;
      expect(carol.status === 'answered' && carol.onCall.find((p) => p.email === 'carol@example.com')).to.deep.include({
        since: '0001-01-01T00:00:00Z',
        until: '9999-12-31T23:59:59.999Z',
        userId: 'PCAROL',
      });
    });

    it('a schedule in no escalation policy counts for "any" (grace), read from its final entries', async () => {
      const { clock, sim, provider } = await setup();
      const answer = await provider.onCallAny(clock.now());
      expect(emailsOf(answer, 'S-SHADOW')).to.deep.equal(['grace@example.com']);
      expect(answer.schedules.find((s) => s.scheduleId === 'S-SHADOW')?.scheduleName).to.equal('Shadow');
      expect(sim.calls.byId).to.include({ 'schedule:S-SHADOW': 1, 'schedule-users:S-SHADOW': 1 });
      expect(sim.calls.byId, 'schedules used by a policy are read through their on-calls').to.not.have.property(
        'schedule:S-PRIMARY',
      );
    });

    it('an open-ended schedule entry (end null) is on call for ever; one that has not started is not', async () => {
      const data = world();
      data.schedules[3]!.entries = [
        entry('2026-11-26T07:00:00Z', null, 'PGRACE'),
        entry('2026-11-26T08:00:00.001Z', null, 'PHEIDI'),
      ];
      const { clock, provider } = await setup({ data });
      const answer = await provider.onCallAny(clock.now());
      const shadow = answer.schedules.find((s) => s.scheduleId === 'S-SHADOW')!;
      expect(shadow.status === 'answered' && shadow.onCall).to.deep.equal([
        {
          email: 'grace@example.com',
          name: 'Grace',
          userId: 'PGRACE',
          since: '2026-11-26T07:00:00Z',
          until: '9999-12-31T23:59:59.999Z',
        },
      ]);
      expect(emailsOf(await provider.onCallAny(new Date('2026-11-26T08:00:00.001Z')), 'S-SHADOW')).to.deep.equal([
        'grace@example.com',
        'heidi@example.com',
      ]);
    });

    it('a requestor unknown to PagerDuty, or known but on call nowhere, is on call in no answer, and nothing failed', async () => {
      const { clock, provider } = await setup();
      for (const who of ['nobody@example.com', 'heidi@example.com']) {
        const answer = await provider.onCallAny(clock.now(), { stopWhenFound: who });
        expect(everyoneIn(answer)).to.not.include(who);
        expect([answer.listFailure, answer.partial]).to.deep.equal([undefined, undefined]);
        expect(answer.schedules.every((s) => s.status === 'answered')).to.equal(true);
      }
    });

    it('emails are trimmed and compared case-insensitively: Frank@Example.COM is frank@example.com', async () => {
      const { clock, provider } = await setup();
      expect(emailsOf(await provider.onCallFor(['SVC-DB'], clock.now()))).to.deep.equal(['frank@example.com']);
      const found = await provider.onCallAny(clock.now(), { stopWhenFound: '  FRANK@example.com ' });
      expect(everyoneIn(found)).to.include('frank@example.com');
    });

    it('a person listed several times for one policy and level is one person', async () => {
      const data: PagerDutyData = world();
      // alice through the schedule and named directly at level 1; at level 3 too.
      data.escalationPolicies[0]!.levels[0]!.targets.push({ type: 'user', id: 'PALICE' });
      data.escalationPolicies[0]!.levels[2]!.targets.push({ type: 'user', id: 'PALICE' });
      const { clock, provider } = await setup({ data });
      const first = await provider.onCallFor(['SVC-CHECKOUT'], clock.now());
      const s = first.schedules[0]!;
      expect(s.status === 'answered' && s.onCall.map((p) => [p.email, p.until])).to.deep.equal([
        ['alice@example.com', '9999-12-31T23:59:59.999Z'],
      ]);
      const any = await provider.onCallAny(clock.now());
      expect(emailsOf(any, 'EP-ENG').filter((e) => e === 'alice@example.com')).to.have.length(1);
    });

    it('a user without an email joins no set and is shown as skipped', async () => {
      const data = world();
      delete data.users[0]!.email;
      const { clock, provider } = await setup({ data });
      const s = (await provider.onCallFor(['SVC-CHECKOUT'], clock.now())).schedules[0]!;
      expect(s.status === 'answered' && [s.onCall, s.skipped]).to.deep.equal([
        [],
        [
          {
            reason: 'no-email',
            since: '2026-11-25T09:00:00Z',
            until: '2026-11-26T09:00:00Z',
            userId: 'PALICE',
            userName: 'Alice',
          },
        ],
      ]);
    });

    it('an unknown service fails with a reason; the others still answer, in the order asked', async () => {
      const { clock, provider } = await setup();
      const answer = await provider.onCallFor(['NOPE', 'SVC-DB', 'NOPE', ''], clock.now());
      expect(answer.schedules.map((s) => [s.scheduleId, s.status])).to.deep.equal([
        ['NOPE', 'failed'],
        ['SVC-DB', 'answered'],
        ['', 'failed'],
      ]);
      const nope = answer.schedules[0]!;
      expect(nope.status === 'failed' && nope.reason).to.match(
        /^PagerDuty answered 404 Not Found to GET \/services\/NOPE \(request id sim-\d+\): there is no PagerDuty service NOPE/,
      );
    });

    it('an invalid instant answers failed, without a call', async () => {
      const { sim, provider } = await setup();
      const bad = new Date(Number.NaN);
      expect((await provider.onCallFor(['SVC-DB'], bad)).schedules[0]).to.include({ status: 'failed' });
      expect((await provider.onCallAny(bad)).listFailure).to.match(/not a valid time/);
      expect(sim.calls.total).to.equal(0);
    });
  });

  describe('shared answers', () => {
    const byId = (answer: OnCallAnswer) => new Map(answer.schedules.map((s) => [s.scheduleId, s]));
    const emails = (s: ScheduleLookup | undefined) => emailsOf({ at: '', schedules: s ? [s] : [] });
    function expectSameFrozen(a: Map<string, ScheduleLookup>, b: Map<string, ScheduleLookup>) {
      expect([...b.keys()]).to.deep.equal([...a.keys()]).and.not.be.empty;
      for (const [id, lookup] of b) {
        expect(lookup, id).to.equal(a.get(id));
        expect(Object.isFrozen(lookup), id).to.equal(true);
        if (lookup.status === 'answered') {
          expect(Object.isFrozen(lookup.onCall) && lookup.onCall.every((p) => Object.isFrozen(p)), id).to.equal(true);
          expect(Object.isFrozen(lookup.skipped), id).to.equal(true);
        }
      }
    }

    it('services: two lookups in one shift return the same frozen answers; after the handover, a new one (exact)', async () => {
      const { clock, sim, provider } = await setup({}, {}, '2026-11-26T08:59:50.000Z');
      const ask = async () => byId(await provider.onCallFor(['SVC-CHECKOUT', 'SVC-DB'], clock.now()));
      const first = await ask();
      clock.set('2026-11-26T08:59:59.999Z');
      const second = await ask();
      expectSameFrozen(first, second);
      expect(emails(second.get('SVC-CHECKOUT'))).to.deep.equal(['alice@example.com']);

      clock.set('2026-11-26T09:00:00.000Z'); // the handover, read from the same fetch
      const after = await ask();
      expect(onCallsCalls(sim), 'every lookup read the first fetches').to.equal(2);
      expect(after.get('SVC-CHECKOUT')).to.not.equal(first.get('SVC-CHECKOUT'));
      expect(emails(after.get('SVC-CHECKOUT'))).to.deep.equal(['bob@example.com']);
      expect(after.get('SVC-DB'), 'nobody hands over on the database: still shared').to.equal(first.get('SVC-DB'));

      // An instant back before the handover is answered exactly again, not from the later answer.
      const back = byId(await provider.onCallFor(['SVC-CHECKOUT'], new Date('2026-11-26T08:59:59.999Z')));
      expect(emails(back.get('SVC-CHECKOUT'))).to.deep.equal(['alice@example.com']);
    });

    it('"any": two lookups in one shift return the same frozen answers; after the handover, a new one (exact)', async () => {
      const { clock, sim, provider } = await setup({}, {}, '2026-11-26T08:59:50.000Z');
      const ask = async () => byId(await provider.onCallAny(clock.now()));
      const first = await ask();
      clock.set('2026-11-26T08:59:59.999Z');
      const second = await ask();
      expectSameFrozen(first, second);
      expect(emails(second.get('EP-ENG')))
        .to.include('alice@example.com')
        .and.not.include('bob@example.com');

      clock.set('2026-11-26T09:00:00.000Z');
      const after = await ask();
      expect(sim.calls.total, 'every lookup read the first fetches').to.equal(4);
      expect(after.get('EP-ENG')).to.not.equal(first.get('EP-ENG'));
      expect(emails(after.get('EP-ENG')))
        .to.include('bob@example.com')
        .and.not.include('alice@example.com');
      expect(after.get('EP-DB')).to.equal(first.get('EP-DB'));
      expect(after.get('S-SHADOW')).to.equal(first.get('S-SHADOW'));
    });

    it('a new fetch (the next cache life) gives a new answer, with its own fetch time', async () => {
      const { clock, provider } = await setup();
      const first = byId(await provider.onCallFor(['SVC-DB'], clock.now())).get('SVC-DB');
      clock.advance(60_000);
      const next = byId(await provider.onCallFor(['SVC-DB'], clock.now())).get('SVC-DB');
      expect(next).to.not.equal(first);
      expect(next?.status === 'answered' && next.fetchedAt).to.not.equal(
        first?.status === 'answered' && first.fetchedAt,
      );
      expect(emails(next)).to.deep.equal(['frank@example.com']);
    });
  });

  describe('answers at hand', () => {
    it('nothing at hand before the data is fetched, nor once its cache life is over', async () => {
      const { clock, provider } = await setup();
      expect(provider.onCallForAtHand(['SVC-CHECKOUT'], clock.now())).to.equal(undefined);
      expect(provider.onCallAnyAtHand(clock.now())).to.equal(undefined);
      await provider.onCallFor(['SVC-CHECKOUT'], clock.now());
      await provider.onCallAny(clock.now());
      expect(provider.onCallForAtHand(['SVC-CHECKOUT'], clock.now())).to.not.equal(undefined);
      expect(provider.onCallAnyAtHand(clock.now())).to.not.equal(undefined);
      expect(provider.onCallForAtHand(['SVC-DB'], clock.now()), 'a service not fetched yet').to.equal(undefined);
      clock.advance(60_000);
      expect(provider.onCallForAtHand(['SVC-CHECKOUT'], clock.now())).to.equal(undefined);
      expect(provider.onCallAnyAtHand(clock.now())).to.equal(undefined);
    });

    it('at hand, the same answer as the lookup that waits, at every instant of the cache life (handover included)', async () => {
      const { clock, sim, provider } = await setup({}, {}, '2026-11-26T08:59:30.000Z');
      const services = ['SVC-CHECKOUT', 'SVC-DB', 'SVC-CART', 'SVC-DB'];
      await provider.onCallFor(services, clock.now());
      await provider.onCallAny(clock.now());
      const calls = sim.calls.total;
      for (const at of ['2026-11-26T08:59:30.000Z', '2026-11-26T08:59:59.999Z', '2026-11-26T09:00:00.000Z']) {
        const now = new Date(at);
        expect(provider.onCallForAtHand(services, now), at).to.deep.equal(await provider.onCallFor(services, now));
        expect(provider.onCallAnyAtHand(now), at).to.deep.equal(await provider.onCallAny(now));
      }
      expect(emailsOf(provider.onCallForAtHand(['SVC-CHECKOUT'], new Date('2026-11-26T09:00:00.000Z'))!)).to.deep.equal(
        ['bob@example.com'],
      );
      expect(sim.calls.total, 'no request').to.equal(calls);
    });

    it('an ID that is not one, or an invalid instant, is left to the lookup that waits (which says why)', async () => {
      const { clock, provider } = await setup();
      await provider.onCallFor(['SVC-DB'], clock.now());
      expect(provider.onCallForAtHand(['SVC-DB', ' '], clock.now())).to.equal(undefined);
      expect(provider.onCallForAtHand(['SVC-DB'], new Date(Number.NaN))).to.equal(undefined);
    });
  });

  describe('cost', () => {
    it('services: one service call each and one on-call list per escalation policy, per cache life', async () => {
      const { clock, sim, provider } = await setup();
      for (let i = 0; i < 5; i++) {
        await provider.onCallFor(['SVC-CHECKOUT', 'SVC-CART', 'SVC-DB'], clock.now());
        clock.advance(10_000);
      }
      expect(sim.calls.byId).to.deep.equal({
        'service:SVC-CHECKOUT': 1,
        'service:SVC-CART': 1,
        'service:SVC-DB': 1,
        'oncalls:EP-ENG': 1, // shared by Checkout and Cart
        'oncalls:EP-DB': 1,
      });
      clock.advance(10_000); // 60 s after the first fetch: the cache life is over
      await provider.onCallFor(['SVC-CHECKOUT'], clock.now());
      expect(sim.calls.byId).to.include({ 'service:SVC-CHECKOUT': 2, 'oncalls:EP-ENG': 2 });
    });

    it('"any" costs 4 calls per cache life however many requestors ask: the on-calls, the schedule list, and 2 per schedule outside every policy', async () => {
      const { clock, sim, provider } = await setup();
      const requestors = ['alice', 'bob', 'carol', 'grace', 'heidi', 'nobody'].map((n) => `${n}@example.com`);
      for (let round = 0; round < 3; round++) {
        for (const who of requestors) await provider.onCallAny(clock.now(), { stopWhenFound: who });
        clock.advance(15_000);
      }
      expect(sim.calls.total).to.equal(4);
      expect(sim.calls.byId).to.deep.equal({ 'oncalls:*': 1, 'schedule:S-SHADOW': 1, 'schedule-users:S-SHADOW': 1 });
      expect(sim.calls.byPath['/schedules']).to.equal(1);
      clock.advance(15_000);
      await provider.onCallAny(clock.now());
      expect(sim.calls.total, 'the next cache life pays the same 4 again').to.equal(8);
    });

    it("while the account's on-calls are fresh, services are answered from them (only the service call is made)", async () => {
      const { clock, sim, provider } = await setup();
      await provider.onCallAny(clock.now());
      expect(emailsOf(await provider.onCallFor(['SVC-CHECKOUT'], clock.now()))).to.deep.equal(['alice@example.com']);
      expect(sim.calls.byId).to.not.have.property('oncalls:EP-ENG');
      expect(sim.calls.byId).to.include({ 'service:SVC-CHECKOUT': 1 });
    });

    it('concurrent lookups share requests in flight', async () => {
      const gate = gatedFetch((url) => url.includes('/oncalls'));
      const { clock, sim, provider } = await setup({}, { fetch: gate.fetch });
      const pending = Array.from({ length: 5 }, () => provider.onCallFor(['SVC-CHECKOUT'], clock.now()));
      while (gate.held() < 1) await new Promise((r) => setTimeout(r, 5));
      gate.release();
      for (const answer of await Promise.all(pending)) expect(emailsOf(answer)).to.deep.equal(['alice@example.com']);
      expect(sim.calls.byId).to.deep.equal({ 'service:SVC-CHECKOUT': 1, 'oncalls:EP-ENG': 1 });
      expect(provider.stats().sharedWaits).to.be.greaterThan(0);
    });

    it('bounded parallelism: never more requests in flight than `parallelism`', async () => {
      const data = world();
      for (let i = 0; i < 8; i++) data.services.push({ id: `SVC-${i}`, name: `S${i}`, escalationPolicy: 'EP-DB' });
      const gate = gatedFetch(() => false);
      const { clock, provider } = await setup({ data, latencyMs: 5 }, { fetch: gate.fetch, parallelism: 2 });
      await provider.onCallFor(
        data.services.map((s) => s.id),
        clock.now(),
      );
      expect(gate.maxInFlight()).to.be.at.most(2);
    });

    it('"any" with stopWhenFound returns as soon as the person is found, marked partial', async () => {
      const gate = gatedFetch((url) => url.includes('/oncalls'));
      const { clock, provider } = await setup({}, { fetch: gate.fetch });
      const answer = await provider.onCallAny(clock.now(), { stopWhenFound: 'grace@example.com' });
      expect(answer.partial).to.equal(true);
      expect(everyoneIn(answer)).to.deep.equal(['grace@example.com']);
      gate.release();
      // The held on-call list still warms the cache.
      const later = await provider.onCallAny(clock.now(), { stopWhenFound: 'nobody@example.com' });
      expect(later.partial).to.equal(undefined);
      expect(everyoneIn(later)).to.include('alice@example.com');
    });

    it('cacheLifeMs 0: nothing is kept, every lookup asks again', async () => {
      const { clock, sim, provider } = await setup({}, { cacheLifeMs: 0 });
      await provider.onCallFor(['SVC-DB'], clock.now());
      await provider.onCallFor(['SVC-DB'], clock.now());
      expect(sim.calls.byId).to.include({ 'service:SVC-DB': 2, 'oncalls:EP-DB': 2 });
    });

    it('clearCache drops what was fetched', async () => {
      const { clock, sim, provider } = await setup();
      await provider.onCallFor(['SVC-DB'], clock.now());
      provider.clearCache();
      await provider.onCallFor(['SVC-DB'], clock.now());
      expect(sim.calls.byId).to.include({ 'oncalls:EP-DB': 2 });
      expect(provider.stats()).to.include({ serviceFetches: 2, onCallFetches: 2 });
    });
  });
});
