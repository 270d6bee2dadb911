// On-call data that is missing, stale, contradictory or hostile must never make anyone on call: entries
// without an email, a shift ending exactly now, schedules that failed or were never answered, a provider
// that throws or returns garbage (through the approval engine and through a host's own json-rules-engine),
// and many concurrent decisions on one engine.
import { expect } from 'chai';
import { Engine } from 'json-rules-engine';
import { outcomeOf } from '../../plugin/engine/host-outcome.js';
import { installOnCallPlugin } from '../../plugin/engine/plugin.js';
import { InvalidRequestError, type AccessRequest } from '../../plugin/request/index.js';
import type { OnCallProvider } from '../../plugin/providers/contract.js';
import { compileRules, FACT } from '../../plugin/compile/compile.js';
import { AUTO_STRICT, DATABASE, engine, ESCALATION, NOW, PRIMARY, rules } from './world.js';

const AT = NOW.toISOString();
const ask = (email: string): AccessRequest => ({
  requestor: { email },
  resource: { service: 'aws' },
  reason: 'INC-9',
  duration: 'PT1H',
});
const AUTO_AND_ESCALATION = `
- name: auto or primary
  requestor: { type: any }
  resource: { type: any }
  approval:
    - { type: auto, integration: incidentio }
    - { type: escalation, integration: incidentio, services: [${PRIMARY}] }
`;
const person = (email: string, since = '2026-11-26T07:00:00Z', until = '2026-11-26T09:00:00Z') => ({
  email,
  since,
  until,
});
const answered = (scheduleId: string, ...onCall: ReturnType<typeof person>[]) => ({
  scheduleId,
  status: 'answered' as const,
  onCall,
  skipped: [],
  fetchedAt: AT,
});
/** What a provider gives for "any schedule", and for given schedules. */
type Answers = [any: () => unknown, forSchedules?: () => unknown];
const provider = (any: () => unknown, forSchedules: () => unknown = any): OnCallProvider =>
  ({
    integration: 'incidentio',
    onCallAny: async () => any(),
    onCallFor: async () => forSchedules(),
  }) as OnCallProvider;
const boom = () => {
  throw new Error('boom');
};

// Providers breaking their contract, each trying to put alice (requestor) or kate (approver) on call.
const HOSTILE_ANSWERS: Record<string, Answers> = {
  'throws synchronously': [boom],
  rejects: [() => Promise.reject(new Error('boom'))],
  'answers a string': [() => 'alice@example.com kate@example.com'],
  'answers null': [() => null],
  'schedules not a list': [() => ({ at: AT, schedules: 'alice' })],
  'failed schedules listing people': [
    () => ({
      at: AT,
      schedules: [
        {
          scheduleId: PRIMARY,
          status: 'failed',
          reason: 'x',
          onCall: [person('alice@example.com'), person('kate@example.com')],
        },
      ],
    }),
  ],
  'a status other than answered': [
    () => ({
      at: AT,
      schedules: [{ ...answered(PRIMARY, person('alice@example.com'), person('kate@example.com')), status: 'ok' }],
    }),
  ],
  'shifts that ended at now or start after it': [
    () => ({
      at: AT,
      schedules: [
        answered(
          PRIMARY,
          person('alice@example.com', '2026-11-26T06:00:00Z', AT),
          person('kate@example.com', '2026-11-26T08:00:00.001Z', '2026-11-26T10:00:00Z'),
        ),
      ],
    }),
  ],
  'people without shift times': [
    () => ({
      at: AT,
      schedules: [
        {
          ...answered(PRIMARY),
          onCall: [
            { email: 'alice@example.com' },
            { email: 'kate@example.com', since: 'yesterday', until: 'tomorrow' },
          ],
        },
      ],
    }),
  ],
  'only a schedule nobody asked about': [
    () => ({ at: AT, schedules: [] }),
    () => ({ at: AT, schedules: [answered('01HOTHER000000000000000000', person('kate@example.com'))] }),
  ],
  'partial answer without the person': [
    () => ({ at: AT, partial: true, schedules: [] }),
    () => ({ at: AT, partial: true, schedules: [answered(PRIMARY, person('zed@example.com'))] }),
  ],
  'a list failure': [() => ({ at: AT, schedules: [], listFailure: 'could not list the schedules: 503' })],
};

/** A provider giving these answers as its lookups do. */
const HOSTILE: Record<string, OnCallProvider> = Object.fromEntries(
  Object.entries(HOSTILE_ANSWERS).map(([name, [any, forSchedules = any]]) => [
    name,
    name === 'throws synchronously'
      ? ({ integration: 'incidentio', onCallAny: any, onCallFor: forSchedules } as OnCallProvider)
      : provider(any, forSchedules),
  ]),
);

/**
 * A provider giving them as answers at hand (what a cache would give at once), its lookups that wait
 * answering "nobody": whatever the engine takes at hand passes the same checks.
 */
const atHand = ([any, forSchedules = any]: Answers): OnCallProvider => {
  const given = (f: () => unknown) => () => {
    const v = f();
    if (v instanceof Promise) v.catch(() => {});
    return v;
  };
  const nobody = async () => ({ at: AT, schedules: [] });
  return {
    integration: 'incidentio',
    onCallAny: nobody,
    onCallFor: nobody,
    onCallAnyAtHand: given(any),
    onCallForAtHand: given(forSchedules),
  } as OnCallProvider;
};

describe('security: on-call tricks', () => {
  it('the local schedules file: entries without a user or email, and a shift ending exactly now, put nobody on call', async () => {
    const e = engine(AUTO_STRICT);
    expect((await e.decide(ask('old@example.com'))).decision).to.equal('denied'); // until 08:00:00Z = now
    expect((await e.decide(ask('alice@example.com'))).decision).to.equal('approved'); // since 08:00:00Z = now
    const justBefore = await e.decide(ask('alice@example.com'), { now: new Date('2026-11-26T08:59:59.999Z') });
    expect(justBefore.decision).to.equal('approved');
    expect(justBefore.expiresAt).to.equal('2026-11-26T09:59:59.999Z');
    expect((await e.decide(ask('alice@example.com'), { now: new Date('2026-11-26T09:00:00Z') })).decision).to.equal(
      'denied',
    );
    // The user without an email (U9) and the entry without a user cover now: they make no one on call.
    for (const email of ['undefined@example.com', 'null@example.com']) {
      expect((await e.decide(ask(email))).decision, email).to.equal('denied');
    }
    // What is not an email address is refused before anyone is looked up.
    for (const email of ['no email', 'U9']) {
      const refused = await e.decide(ask(email)).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(refused, email).to.be.instanceOf(InvalidRequestError);
    }
  });

  it('being on call for another schedule admits nobody to an escalation', async () => {
    const e = engine(ESCALATION);
    expect((await e.canApprove(ask('zed@example.com'), { email: 'bob@example.com' })).allowed).to.equal(false); // Database
    expect((await e.canApprove(ask('zed@example.com'), { email: 'alice@example.com' })).allowed).to.equal(true); // Primary
    expect(DATABASE).to.not.equal(PRIMARY);
  });

  it('the control case: answers at hand are what a decision reads, through the engine and a host Engine alike', async () => {
    const onCallNow = atHand([
      () => ({ at: AT, schedules: [answered(PRIMARY, person('alice@example.com'), person('kate@example.com'))] }),
    ]);
    const e = engine(AUTO_AND_ESCALATION, { provider: onCallNow });
    expect((await e.decide(ask('alice@example.com'))).decision).to.equal('approved');
    expect((await e.canApprove(ask('zed@example.com'), { email: 'kate@example.com' })).allowed).to.equal(true);
    const host = new Engine();
    installOnCallPlugin(host, { providers: { incidentio: onCallNow } });
    for (const rule of compileRules(rules(AUTO_AND_ESCALATION)).rules) host.addRule(rule);
    const decided = outcomeOf((await host.run({ [FACT.request]: ask('alice@example.com'), [FACT.now]: NOW })).events);
    expect(decided.decision).to.equal('approved');
  });

  it('an at-hand method that is `async` (a promise is no answer at hand) is ignored, and its rejection never surfaces', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const onCallNow = async () => ({ at: AT, schedules: [answered(PRIMARY, person('alice@example.com'))] });
      const hostile = {
        integration: 'incidentio',
        onCallAny: onCallNow,
        onCallFor: onCallNow,
        onCallAnyAtHand: async () => {
          throw new Error('cache read failed');
        },
        onCallForAtHand: async () => {
          throw new Error('cache read failed');
        },
      } as unknown as OnCallProvider;
      const e = engine(AUTO_AND_ESCALATION, { provider: hostile });
      expect((await e.decide(ask('alice@example.com'))).decision, 'answered by the lookup that waits').to.equal(
        'approved',
      );
      await new Promise((r) => setTimeout(r, 10)); // unhandled rejections are reported after a turn
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).to.deep.equal([]);
  });

  it('a partial answer at hand is no answer: the lookup that waits gives the whole one', async () => {
    const whole = async () => ({ at: AT, schedules: [answered(PRIMARY, person('kate@example.com'))] });
    const partial = () => ({ at: AT, partial: true, schedules: [] });
    const p = {
      integration: 'incidentio',
      onCallAny: whole,
      onCallFor: whole,
      onCallAnyAtHand: partial,
      onCallForAtHand: partial,
    } as unknown as OnCallProvider;
    const e = engine(AUTO_AND_ESCALATION, { provider: p });
    expect((await e.canApprove(ask('zed@example.com'), { email: 'kate@example.com' })).allowed).to.equal(true);
  });

  const cases = Object.entries(HOSTILE).flatMap(([name, hostile]) => [
    { name: `a provider that ${name}`, hostile },
    { name: `a provider that ${name} at hand`, hostile: atHand(HOSTILE_ANSWERS[name]!) },
  ]);
  for (const { name, hostile } of cases) {
    it(`${name}: no approval, no admission, through the engine and a host's own Engine`, async () => {
      const e = engine(AUTO_AND_ESCALATION, { provider: hostile });
      expect((await e.decide(ask('alice@example.com'))).decision).to.not.equal('approved');
      expect((await e.canApprove(ask('zed@example.com'), { email: 'kate@example.com' })).allowed).to.equal(false);

      const host = new Engine();
      installOnCallPlugin(host, { providers: { incidentio: hostile } });
      for (const rule of compileRules(rules(AUTO_AND_ESCALATION)).rules) host.addRule(rule);
      const decided = outcomeOf((await host.run({ [FACT.request]: ask('alice@example.com'), [FACT.now]: NOW })).events);
      expect(decided.decision).to.not.equal('approved');
      const asKate = outcomeOf(
        (
          await host.run({
            [FACT.request]: ask('zed@example.com'),
            [FACT.approver]: { email: 'kate@example.com' },
            [FACT.now]: NOW,
          })
        ).events,
      );
      expect(asKate.allowed).to.equal(false);
    });
  }

  describe("a provider's own objects: frozen is not the same as never changing", () => {
    const LATER = new Date('2026-11-26T08:30:00Z');
    /** A shift whose fields are getters over a record the provider updates in place. */
    class Shift {
      constructor(readonly rec: { email: string; since: string; until: string }) {}
      get email() {
        return this.rec.email;
      }
      get since() {
        return this.rec.since;
      }
      get until() {
        return this.rec.until;
      }
    }
    /** A provider answering one frozen schedule, as lookups that wait or, with `atHand`, at once. */
    const sharing = (schedule: object, withAtHand: boolean): OnCallProvider => {
      const answer = () => ({ at: AT, schedules: [schedule] });
      return {
        integration: 'incidentio',
        onCallAny: async () => answer(),
        onCallFor: async () => answer(),
        ...(withAtHand ? { onCallAnyAtHand: answer, onCallForAtHand: answer } : {}),
      } as OnCallProvider;
    };

    for (const withAtHand of [false, true]) {
      const how = withAtHand ? 'at hand' : 'waited for';
      it(`a shift read through getters is read again at every decision (${how}): a reassigned shift no longer approves`, async () => {
        const rec = { email: 'alice@example.com', since: '2026-11-26T07:00:00Z', until: '2026-11-26T10:00:00Z' };
        const schedule = Object.freeze({
          ...answered(PRIMARY),
          onCall: Object.freeze([Object.freeze(new Shift(rec))]),
          skipped: Object.freeze([]),
        });
        const e = engine(AUTO_AND_ESCALATION, { provider: sharing(schedule, withAtHand) });
        expect((await e.decide(ask('alice@example.com'))).decision, 'the control, at 08:00').to.equal('approved');
        expect((await e.canApprove(ask('zed@example.com'), { email: 'alice@example.com' })).allowed).to.equal(true);
        rec.email = 'bob@example.com'; // handed over in place, and cut short
        rec.until = '2026-11-26T08:15:00Z';
        expect((await e.decide(ask('alice@example.com'), { now: LATER })).decision).to.not.equal('approved');
        const asAlice = await e.canApprove(ask('zed@example.com'), { email: 'alice@example.com' }, { now: LATER });
        expect(asAlice.allowed).to.equal(false);

        const host = new Engine();
        installOnCallPlugin(host, { providers: { incidentio: sharing(schedule, withAtHand) } });
        for (const rule of compileRules(rules(AUTO_AND_ESCALATION)).rules) host.addRule(rule);
        rec.email = 'alice@example.com';
        rec.until = '2026-11-26T10:00:00Z';
        const run = async (now: Date) =>
          outcomeOf((await host.run({ [FACT.request]: ask('alice@example.com'), [FACT.now]: now })).events).decision;
        expect(await run(NOW), 'the control, at 08:00').to.equal('approved');
        rec.until = '2026-11-26T08:15:00Z';
        expect(await run(LATER)).to.not.equal('approved');
      });

      it(`a list with its own iterator is read by index, as every check reads it (${how})`, async () => {
        const kate = Object.freeze(person('kate@example.com', '2026-11-26T06:00:00Z', '2026-11-26T07:30:00Z'));
        const alice = Object.freeze(person('alice@example.com'));
        const list = [kate];
        Object.defineProperty(list, Symbol.iterator, { value: () => [alice][Symbol.iterator]() });
        const schedule = Object.freeze({
          ...answered(PRIMARY),
          onCall: Object.freeze(list),
          skipped: Object.freeze([]),
        });
        const e = engine(AUTO_AND_ESCALATION, { provider: sharing(schedule, withAtHand) });
        expect((await e.decide(ask('kate@example.com'))).decision).to.not.equal('approved');
        expect((await e.canApprove(ask('zed@example.com'), { email: 'kate@example.com' })).allowed).to.equal(false);
      });

      it(`a null or missing person in a frozen list is skipped, and the others still count (${how})`, async () => {
        const list = [null, undefined, Object.freeze(person('alice@example.com'))];
        delete list[1];
        const schedule = Object.freeze({
          ...answered(PRIMARY),
          onCall: Object.freeze(list),
          skipped: Object.freeze([]),
        });
        const e = engine(AUTO_AND_ESCALATION, { provider: sharing(schedule, withAtHand) });
        expect((await e.decide(ask('alice@example.com'))).decision).to.equal('approved');
        expect((await e.canApprove(ask('zed@example.com'), { email: 'alice@example.com' })).allowed).to.equal(true);
      });

      it(`a frozen person without an email is nobody, not an approver \`null\` (${how})`, async () => {
        const nameless = Object.freeze({
          name: 'No Email',
          since: '2026-11-26T07:00:00Z',
          until: '2026-11-26T09:00:00Z',
        });
        const schedule = Object.freeze({
          ...answered(PRIMARY),
          onCall: Object.freeze([nameless]),
          skipped: Object.freeze([]),
        });
        const e = engine(ESCALATION, { provider: sharing(schedule, withAtHand) });
        const d = await e.decide(ask('zed@example.com'));
        expect(d.paths?.[0]?.approvers).to.deep.equal([]);
      });
    }

    it('a thrown value that cannot be made into text still ends in a decision, through every entry point', async () => {
      const bare = Object.create(null) as object;
      const poisoned = () => {
        const e = new Error('x');
        Object.defineProperty(e, 'message', {
          get() {
            throw bare;
          },
        });
        return e;
      };
      const throwers: Record<string, () => unknown> = {
        'an object without a prototype': () => Promise.reject(bare),
        'an Error whose message is null': () => Promise.reject(Object.assign(new Error('x'), { message: null })),
        'an Error whose message getter throws': () => Promise.reject(poisoned()),
      };
      for (const [what, reject] of Object.entries(throwers)) {
        const hostile = provider(reject);
        const e = engine(AUTO_AND_ESCALATION, { provider: hostile });
        const d = await e.decide(ask('alice@example.com'));
        expect(d.decision, what).to.not.equal('approved');
        expect(d.reasons.join(' '), what).to.match(/lookup failed: an error that cannot be shown/);
        expect((await e.canApprove(ask('zed@example.com'), { email: 'kate@example.com' })).allowed, what).to.equal(
          false,
        );
        const host = new Engine();
        installOnCallPlugin(host, { providers: { incidentio: hostile } });
        for (const rule of compileRules(rules(AUTO_AND_ESCALATION)).rules) host.addRule(rule);
        const run = await host.run({ [FACT.request]: ask('alice@example.com'), [FACT.now]: NOW });
        expect(outcomeOf(run.events).decision, what).to.not.equal('approved');
      }
    });

    it('a list of more people than any schedule has fails that schedule, at once (no deadline can stop a copy)', async () => {
      for (const key of ['onCall', 'skipped'] as const) {
        const huge: unknown[] = [];
        huge.length = 20_000_000; // sparse: costs nothing to make, but a copy would walk every slot
        huge[0] = person('alice@example.com');
        const schedule = { ...answered(PRIMARY, person('alice@example.com')), [key]: huge };
        const e = engine(AUTO_AND_ESCALATION, { provider: provider(() => ({ at: AT, schedules: [schedule] })) });
        const d = await e.decide(ask('alice@example.com'));
        expect(d.decision, key).to.not.equal('approved');
        expect(d.reasons.join(' '), key).to.match(/listed more than 10,000 people or entries for one schedule/);
      }
    });

    it('the trace keeps a copy of skipped entries, never the provider’s own objects', async () => {
      const entry = { reason: 'no-email', since: '2026-11-26T07:00:00Z', until: '2026-11-26T09:00:00Z', userId: 'U9' };
      const schedule = { ...answered(PRIMARY), skipped: [entry] };
      const e = engine(ESCALATION, { provider: provider(() => ({ at: AT, schedules: [schedule] })) });
      const d = await e.decide(ask('zed@example.com'));
      entry.reason = 'EDITED AFTER THE DECISION';
      const lookups = d.trace.filter((t) => t.kind === 'lookup');
      expect(JSON.stringify(lookups)).to.include('"reason":"no-email"').and.not.include('EDITED');
    });

    it('a getter that throws while the answer is read fails that lookup, and the decision says why', async () => {
      const hostile = Object.freeze({
        ...answered(PRIMARY),
        get onCall(): unknown[] {
          throw new Error('read me not');
        },
      });
      for (const withAtHand of [false, true]) {
        const e = engine(AUTO_AND_ESCALATION, { provider: sharing(hostile, withAtHand) });
        const d = await e.decide(ask('alice@example.com'));
        expect(d.decision).to.not.equal('approved');
        expect(d.reasons.join(' ')).to.match(/could not be read: read me not/);
      }
    });
  });

  it("a host's Engine denies a malformed request rather than reading a bare string as the requestor", async () => {
    const onCall = provider(() => ({ at: AT, schedules: [answered(PRIMARY, person('alice@example.com'))] }));
    // One Engine for every run: a malformed request never rejects a run, so it never poisons the Engine.
    const host = new Engine();
    installOnCallPlugin(host, { providers: { incidentio: onCall } });
    for (const rule of compileRules(rules(AUTO_AND_ESCALATION)).rules) host.addRule(rule);
    const decide = async (request: unknown) =>
      outcomeOf((await host.run({ [FACT.request]: request, [FACT.now]: NOW })).events);
    expect((await decide(ask('alice@example.com'))).decision).to.equal('approved'); // control
    for (const request of [
      'alice@example.com',
      { requestor: 'alice@example.com', resource: { service: 'aws' } },
      { ...ask('alice@example.com'), duration: 'PT0S' },
    ]) {
      const outcome = await decide(request);
      expect(outcome.decision, JSON.stringify(request)).to.equal('denied');
      expect(outcome.problems, JSON.stringify(request)).to.not.be.empty;
      expect((await decide(ask('alice@example.com'))).decision, 'the next run').to.equal('approved');
    }
  });

  it("a host's Engine refuses attributes nested where a deny filter cannot see them", async () => {
    const guarded = rules(`
- name: auto
  requestor: { type: any }
  resource: { type: any }
  approval: [{ type: persistent }]
- name: never admin
  requestor: { type: any }
  resource: { type: integration, service: aws, filters: { permission-set: { effect: keep, key: name, pattern: "^AdministratorAccess$" } } }
  approval: [{ type: deny }]
`);
    const host = new Engine();
    installOnCallPlugin(host, { providers: {} });
    for (const rule of compileRules(guarded).rules) host.addRule(rule);
    const admin = (name: unknown) => ({
      requestor: { email: 'zed@example.com' },
      resource: { service: 'aws', attributes: { 'permission-set': { name } } },
    });
    expect(
      outcomeOf((await host.run({ [FACT.request]: admin('AdministratorAccess'), [FACT.now]: NOW })).events).decision,
    ).to.equal('denied');
    const nested = outcomeOf(
      (await host.run({ [FACT.request]: admin([['AdministratorAccess']]), [FACT.now]: NOW })).events,
    );
    expect(nested.decision).to.equal('denied');
    expect(nested.reasons.join(' ')).to.match(/resource\.attributes\.permission-set\.name/);
  });

  it('many concurrent decisions and approver checks on one engine each get their own answer', async () => {
    const e = engine(AUTO_AND_ESCALATION);
    const people = ['alice@example.com', 'bob@example.com', 'zed@example.com', 'old@example.com', 'KATE@example.com'];
    const instants = [
      '2026-11-26T07:59:59.999Z',
      '2026-11-26T08:00:00Z',
      '2026-11-26T08:59:59.999Z',
      '2026-11-26T09:00:00Z',
    ].map((t) => new Date(t));
    const jobs = Array.from({ length: 400 }, (_, i) => ({
      who: people[i % 5]!,
      approver: people[(i * 3 + 1) % 5]!,
      now: instants[(i >> 2) % 4]!,
    }));
    const concurrent = await Promise.all(
      jobs.map(async (j) => [
        (await e.decide(ask(j.who), { now: j.now })).decision,
        (await e.canApprove(ask(j.who), { email: j.approver }, { now: j.now })).allowed,
      ]),
    );
    const sequential: unknown[] = [];
    for (const j of jobs) {
      const fresh = engine(AUTO_AND_ESCALATION);
      sequential.push([
        (await fresh.decide(ask(j.who), { now: j.now })).decision,
        (await fresh.canApprove(ask(j.who), { email: j.approver }, { now: j.now })).allowed,
      ]);
    }
    expect(concurrent).to.deep.equal(sequential);
    // Spot checks that the sequential answers are the right ones.
    const alice0800 = jobs.findIndex((j) => j.who === 'alice@example.com' && j.now.getTime() === NOW.getTime());
    expect(sequential[alice0800]).to.have.property('0', 'approved');
    const alice0900 = jobs.findIndex(
      (j) => j.who === 'alice@example.com' && j.now.toISOString() === '2026-11-26T09:00:00.000Z',
    );
    expect(sequential[alice0900]).to.have.property('0', 'pending');
  });
});
