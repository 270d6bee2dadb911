// Properties over random schedules, rules and requests (fast-check): what must hold whatever the input.
import { expect } from 'chai';
import fc from 'fast-check';
import { Duration } from 'luxon';
import { createApprovalEngine } from '../../plugin/engine/approval-engine.js';
import type { OnCallProvider } from '../../plugin/providers/contract.js';
import type { ApprovalEntry, LoadedRule, Rule } from '../../plugin/routing/types.js';
import {
  approverArb,
  entryArbitrary,
  failingArb,
  norm,
  PEOPLE,
  requestArb,
  reviewersArb,
  rulesArb,
  SCHEDULE_IDS,
  schedulesArb,
  toLoaded,
} from './support/arbitraries.js';
import { createFakeProvider, onCallAtRaw, type RawSchedule } from './support/fake-provider.js';
import { NOW } from './support/rules.js';

const RUNS = 200;

/** Random rules plus one rule for everyone with the given kind of entries, so the property is exercised. */
function withRule(entries: fc.Arbitrary<ApprovalEntry>) {
  return fc
    .tuple(rulesArb, fc.array(entries, { minLength: 1, maxLength: 2 }), fc.nat())
    .map(([rules, approval, at]) => {
      const plain: Rule[] = rules.map(({ label: _l, source: _s, entrySources: _e, ...r }) => r);
      plain.splice(at % (plain.length + 1), 0, {
        name: 'extra',
        requestor: { type: 'any' },
        resource: { type: 'any' },
        approval,
      });
      return toLoaded(plain);
    });
}

const entryOf = (rules: LoadedRule[], ref: { rule: string; entry: number }) =>
  rules.find((r) => r.label === ref.rule)!.approval[ref.entry]!;

/** Who is on call per the raw entries, for schedules that answer (failing ones are unknown). */
function onCallRaw(schedules: RawSchedule[], failing: string[], ids: readonly string[], email: string): boolean {
  return schedules.some(
    (s) => ids.includes(s.id) && !failing.includes(s.id) && onCallAtRaw(s, NOW).includes(norm(email)),
  );
}

describe('engine: properties over random worlds', () => {
  it('an auto approval implies the requestor is on call at now per the raw entries (and the grant is right)', async () => {
    let approvals = 0;
    const autoEntry = fc
      .record({
        services: fc.option(fc.subarray(SCHEDULE_IDS, { minLength: 1 }), { nil: undefined }),
        reason: fc.boolean(),
      })
      .map(({ services, reason }): ApprovalEntry => ({
        type: 'auto',
        integration: 'incidentio',
        ...(services ? { services } : {}),
        ...(reason ? { options: { requireReason: true } } : {}),
      }));
    await fc.assert(
      fc.asyncProperty(
        withRule(autoEntry),
        schedulesArb,
        failingArb,
        requestArb,
        async (rules, schedules, failing, request) => {
          const engine = createApprovalEngine({
            rules,
            providers: { incidentio: createFakeProvider(schedules, { failing }) },
            clock: () => NOW,
          });
          const d = await engine.decide(request);
          if (d.decision !== 'approved' || d.decidedBy?.type !== 'auto') return;
          approvals++;
          const entry = entryOf(rules, d.decidedBy) as Extract<ApprovalEntry, { type: 'auto' }>;
          const scope = entry.services ?? SCHEDULE_IDS;
          expect(
            onCallRaw(schedules, failing, scope, request.requestor.email),
            JSON.stringify({ entry, request, schedules, failing }),
          ).to.equal(true);
          if (entry.options?.requireReason) expect(request.reason?.trim()).to.not.equal('');
          const grantMs = Date.parse(d.expiresAt!) - NOW.getTime();
          const asked = request.duration ? Duration.fromISO(request.duration).toMillis() : Infinity;
          expect(grantMs).to.equal(Math.min(3_600_000, asked));
        },
      ),
      { numRuns: RUNS },
    );
    expect(approvals, 'some random worlds approved automatically').to.be.greaterThan(0);
  });

  it('canApprove through escalation implies the approver is on call for one of its schedules and is not the requestor unless allowed', async () => {
    let admitted = 0;
    const escalation = fc
      .record({ services: fc.subarray(SCHEDULE_IDS, { minLength: 1 }), self: fc.boolean() })
      .map(({ services, self }): ApprovalEntry => ({
        type: 'escalation',
        integration: 'incidentio',
        services,
        options: { allowOneParty: self },
      }));
    await fc.assert(
      fc.asyncProperty(
        withRule(escalation),
        schedulesArb,
        failingArb,
        requestArb,
        approverArb,
        async (rules, schedules, failing, request, approver) => {
          const engine = createApprovalEngine({
            rules,
            providers: { incidentio: createFakeProvider(schedules, { failing }) },
            clock: () => NOW,
          });
          const can = await engine.canApprove(request, approver);
          if (!can.allowed || can.admittedBy?.type !== 'escalation') return;
          admitted++;
          const entry = entryOf(rules, can.admittedBy) as Extract<ApprovalEntry, { type: 'escalation' }>;
          const context = JSON.stringify({ entry, request, approver, schedules, failing });
          expect(onCallRaw(schedules, failing, entry.services, approver.email), context).to.equal(true);
          if (!entry.options?.allowOneParty)
            expect(norm(approver.email), context).to.not.equal(norm(request.requestor.email));
        },
      ),
      { numRuns: RUNS },
    );
    expect(admitted, 'some random approvers were admitted through escalation').to.be.greaterThan(0);
  });

  it('a matching deny always wins, for decide and for every approver', async () => {
    await fc.assert(
      fc.asyncProperty(
        rulesArb,
        fc.array(entryArbitrary, { maxLength: 2 }),
        fc.nat(),
        fc.boolean(),
        schedulesArb,
        reviewersArb,
        requestArb,
        approverArb,
        async (random, extra, at, byService, schedules, reviewers, request, approver) => {
          const plain: Rule[] = random.map(({ label: _l, source: _s, entrySources: _e, ...r }) => r);
          // A deny that matches this request, somewhere in the set, next to other entries.
          plain.splice(at % (plain.length + 1), 0, {
            requestor: { type: 'user', uid: request.requestor.email.toUpperCase() },
            resource: byService ? { type: 'integration', service: request.resource.service } : { type: 'any' },
            approval: [...extra, { type: 'deny' }],
          });
          const engine = createApprovalEngine({
            rules: toLoaded(plain),
            providers: { incidentio: createFakeProvider(schedules) },
            reviewers,
            clock: () => NOW,
          });
          const d = await engine.decide(request);
          expect(d.decision, JSON.stringify(d.reasons)).to.equal('denied');
          expect(d.decidedBy?.type).to.equal('deny');
          expect((await engine.canApprove(request, approver)).allowed).to.equal(false);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('1,000 concurrent decisions equal the same decisions made one by one', async () => {
    /** Answers after a random number of timer ticks, so concurrent decisions interleave. */
    function jittery(provider: OnCallProvider, seed: number): OnCallProvider {
      let x = seed;
      const delay = () => new Promise<void>((r) => setTimeout(r, (x = (x * 1103515245 + 12345) % 2 ** 31) % 3));
      return {
        integration: 'incidentio',
        onCallFor: async (ids, now, o) => (await delay(), provider.onCallFor(ids, now, o)),
        onCallAny: async (now, o) => (await delay(), provider.onCallAny(now, o)),
      };
    }
    for (const seed of [1, 2, 3]) {
      const [rules, schedules, failing, reviewers] = fc.sample(
        fc.tuple(rulesArb, schedulesArb, failingArb, reviewersArb),
        { seed, numRuns: 1 },
      )[0]!;
      const requests = fc.sample(fc.tuple(requestArb, approverArb), { seed, numRuns: 1000 });
      const engine = createApprovalEngine({
        rules,
        providers: { incidentio: jittery(createFakeProvider(schedules, { failing }), seed) },
        reviewers: reviewers.length ? reviewers : PEOPLE.slice(0, 1),
        clock: () => NOW,
      });
      const one = async ([request, approver]: (typeof requests)[number], i: number) =>
        JSON.stringify(i % 2 === 0 ? await engine.decide(request) : await engine.canApprove(request, approver));
      const sequential: string[] = [];
      for (let i = 0; i < requests.length; i++) sequential.push(await one(requests[i]!, i));
      const concurrent = await Promise.all(requests.map((r, i) => one(r, i)));
      for (let i = 0; i < requests.length; i++)
        expect(concurrent[i], `seed ${seed}, request ${i}`).to.equal(sequential[i]);
      expect(
        new Set(sequential.map((s) => JSON.parse(s).decision ?? JSON.parse(s).allowed)).size,
        'varied outcomes',
      ).to.be.greaterThan(1);
    }
  });
});
