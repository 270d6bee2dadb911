// A host's own json-rules-engine `Engine`, with the plugin installed and the output of `compileRules` added,
// reaches the same outcome as `decide` and `canApprove`, on fixed cases and on random worlds.
import { expect } from 'chai';
import fc from 'fast-check';
import { Almanac, Engine, Fact, type RunOptions } from 'json-rules-engine';
import { createApprovalEngine } from '../../plugin/engine/approval-engine.js';
import { outcomeOf } from '../../plugin/engine/host-outcome.js';
import { installOnCallPlugin } from '../../plugin/engine/plugin.js';
import type { AccessRequest, Approver } from '../../plugin/request/types.js';
import { compileRules, EVENT, FACT } from '../../plugin/compile/compile.js';
import type { LoadedRule } from '../../plugin/routing/types.js';
import type { OnCallProvider } from '../../plugin/providers/contract.js';
import { approverArb, failingArb, requestArb, reviewersArb, rulesArb, schedulesArb } from './support/arbitraries.js';
import { createFakeProvider } from './support/fake-provider.js';
import { DATABASE, NOW, PRIMARY, ruleSet, WORLD } from './support/rules.js';

type Mode = 'every compiled rule' | 'single-rule mode';

/**
 * How the host hands its facts to the run: plain values, json-rules-engine `Fact`s computed in the run, its
 * own `Almanac`, or an approver that is no plain object (an instance of the host's class, which the check
 * refuses). The compiled rules must read the same checked request whichever way it came.
 */
const VIAS = ['plain values', 'Facts', "the host's Almanac", 'an approver object'] as const;
type Via = (typeof VIAS)[number];

class HostApprover {
  constructor(
    readonly email: string,
    readonly groups?: Approver['groups'],
  ) {}
}

function handOver(facts: Record<string, unknown>, via: Via): [Record<string, unknown>, RunOptions?] {
  switch (via) {
    case 'plain values':
      return [facts];
    case 'Facts':
      return [Object.fromEntries(Object.entries(facts).map(([id, value]) => [id, new Fact(id, async () => value)]))];
    case "the host's Almanac": {
      const almanac = new Almanac();
      for (const [id, value] of Object.entries(facts)) almanac.addFact(id, value);
      return [{}, { almanac }];
    }
    case 'an approver object': {
      const approver = facts[FACT.approver] as Approver | undefined;
      if (approver === undefined) return [facts];
      return [{ ...facts, [FACT.approver]: new HostApprover(approver.email, approver.groups) }];
    }
  }
}

async function hostRun(
  rules: LoadedRule[],
  provider: OnCallProvider,
  reviewers: string[],
  facts: Record<string, unknown>,
  mode: Mode = 'every compiled rule',
  via: Via = 'plain values',
) {
  // A fresh Engine per run: json-rules-engine must not run concurrently on one Engine.
  const engine = new Engine();
  // Through JSON text, as a host reading `oncall-approval compile` output would.
  const compiled = JSON.parse(JSON.stringify(compileRules(rules)));
  const options = { providers: { incidentio: provider }, reviewers, clock: () => NOW };
  if (mode === 'single-rule mode') installOnCallPlugin(engine, { ...options, rules: compiled });
  else {
    installOnCallPlugin(engine, options);
    for (const rule of compiled.rules) engine.addRule(rule);
  }
  const { events } = await engine.run(...handOver(facts, via));
  return outcomeOf(events);
}

/** Sentences about lookups that failed: said by whichever side asked, so compared apart from the rest. */
const aboutLookups = (reason: string) => /^The (on-call lookup for|list of) /.test(reason);

async function compare(
  rules: LoadedRule[],
  provider: OnCallProvider,
  reviewers: string[],
  request: AccessRequest,
  approver: Approver,
  vias: readonly Via[] = VIAS,
) {
  const ours = createApprovalEngine({ rules, providers: { incidentio: provider }, reviewers, clock: () => NOW });
  const d = await ours.decide(request);
  const can = await ours.canApprove(request, approver);
  for (const [mode, via] of (['every compiled rule', 'single-rule mode'] as const).flatMap((m) =>
    vias.map((v) => [m, v] as const),
  )) {
    const host = await hostRun(rules, provider, reviewers, { [FACT.request]: request }, mode, via);
    const context = `${mode}, ${via}: ${JSON.stringify({ rules, request, ours: d, host })}`;
    // Every field a grant depends on.
    expect(host.decision, context).to.equal(d.decision);
    expect(host.decidedBy, context).to.deep.equal(d.decidedBy);
    expect(host.grantDuration, context).to.equal(d.grantDuration);
    expect(host.expiresAt, context).to.equal(d.expiresAt);
    const openPaths = (d.paths ?? []).filter((p) => p.open).map(({ open: _open, ...p }) => p);
    if (d.decision === 'pending') expect(host.paths, context).to.deep.equal(openPaths);
    if (mode === 'single-rule mode') expect(host.reasons, context).to.deep.equal(d.reasons);
    else if (d.decision === 'pending') {
      // The open paths' sentences; the closed ones are seen only by `decide`, which evaluates every entry.
      expect(host.reasons, context).to.deep.equal(d.reasons.slice(0, 1 + openPaths.length));
    } else if (d.decidedBy) {
      expect(
        host.reasons.filter((r) => !aboutLookups(r)),
        context,
      ).to.deep.equal(d.reasons.filter((r) => !aboutLookups(r)));
    }

    const hostCan = await hostRun(
      rules,
      provider,
      reviewers,
      { [FACT.request]: request, [FACT.approver]: approver },
      mode,
      via,
    );
    const canContext = `${mode}, ${via}: ${JSON.stringify({ rules, request, approver, ours: can, host: hostCan })}`;
    if (via === 'an approver object') {
      // Not data the check reads (an instance of the host's class): refused, never read around the check.
      expect(hostCan.allowed, canContext).to.equal(false);
      expect(
        hostCan.problems?.map((p) => p.code),
        canContext,
      ).to.deep.equal(['request.not-plain-data']);
      continue;
    }
    expect(hostCan.allowed, canContext).to.equal(can.allowed);
    expect(hostCan.admittedBy, canContext).to.deep.equal(can.admittedBy);
    if (mode === 'single-rule mode') expect(hostCan.reasons, canContext).to.deep.equal(can.reasons);
  }
}

describe("engine: a host's own json-rules-engine agrees with decide / canApprove", () => {
  const provider = createFakeProvider(WORLD);
  const fixed: Array<{
    name: string;
    rules: LoadedRule[];
    request: AccessRequest;
    approver: Approver;
    reviewers?: string[];
  }> = [
    {
      name: 'auto approval of a requestor on call',
      rules: ruleSet({ name: 'on call', approval: [{ type: 'auto', integration: 'incidentio' }] }),
      request: { requestor: { email: 'alice@example.com' }, resource: { service: 'aws' } },
      approver: { email: 'carol@example.com' },
    },
    {
      name: 'escalation: pending, and the on-call approver is admitted',
      rules: ruleSet({
        name: 'prod',
        approval: [{ type: 'escalation', integration: 'incidentio', services: [DATABASE] }],
      }),
      request: { requestor: { email: 'bob@example.com' }, resource: { service: 'aws' } },
      approver: { email: 'carol@example.com' },
    },
    {
      name: 'deny precedence over auto',
      rules: ruleSet(
        { name: 'a', approval: [{ type: 'auto', integration: 'incidentio', services: [PRIMARY] }] },
        { name: 'b', approval: [{ type: 'deny' }] },
      ),
      request: { requestor: { email: 'alice@example.com' }, resource: { service: 'aws' } },
      approver: { email: 'carol@example.com' },
    },
    {
      // The check lower-cases the service: the deny for aws must hold in the host as in decide.
      name: 'a deny for a service named in capitals',
      rules: ruleSet(
        { name: 'never', resource: { type: 'integration', service: 'aws' }, approval: [{ type: 'deny' }] },
        { name: 'on call', approval: [{ type: 'auto', integration: 'incidentio' }] },
      ),
      request: { requestor: { email: ' Alice@Example.com' }, resource: { service: 'AWS' } },
      approver: { email: 'Carol@example.com ' },
    },
    {
      name: 'p0 reviewer with requireReason',
      rules: ruleSet({ name: 'r', approval: [{ type: 'p0', options: { requireReason: true } }] }),
      request: { requestor: { email: 'bob@example.com' }, resource: { service: 'aws' }, reason: 'INC-1' },
      approver: { email: 'sec@example.com' },
      reviewers: ['sec@example.com'],
    },
  ];
  for (const c of fixed) {
    it(c.name, async () => {
      await compare(c.rules, provider, c.reviewers ?? [], c.request, c.approver);
    });
  }

  it('the host engine really consults the provider: an approval flips when the lookup fails', async () => {
    const rules = fixed[0]!.rules;
    const request = fixed[0]!.request;
    for (const mode of ['every compiled rule', 'single-rule mode'] as const) {
      const facts = { [FACT.request]: request };
      expect((await hostRun(rules, createFakeProvider(WORLD), [], facts, mode)).decision).to.equal('approved');
      expect((await hostRun(rules, createFakeProvider(WORLD, { throws: true }), [], facts, mode)).decision).to.equal(
        'denied',
      );
    }
  });

  it('outcomeOf: a doctored event never approves or admits; a deny event always denies', () => {
    const params = (type: string, position: number) => ({ rule: `r${position}`, position, entry: 0, type });
    const event = (type: string, entryType: string, position = 0) => ({
      type,
      params: params(entryType, position),
    });
    // An approve event for a type that only opens a path, or for a type nothing defines.
    expect(outcomeOf([event(EVENT.approve, 'escalation')]).decision).to.equal('denied');
    expect(outcomeOf([event(EVENT.approve, 'oncall-lead')]).decision).to.equal('denied');
    expect(outcomeOf([event(EVENT.path, 'oncall-lead')])).to.deep.include({ decision: 'denied', paths: [] });
    // An admit event for a type that admits nobody.
    expect(outcomeOf([event(EVENT.admit, 'auto')]).allowed).to.equal(false);
    expect(outcomeOf([event(EVENT.admit, 'p0')]).allowed).to.equal(true);
    // A deny event wins whatever entry it names, over a genuine approval.
    const denied = outcomeOf([event(EVENT.approve, 'persistent', 0), event(EVENT.deny, 'oncall-lead', 1)]);
    expect(denied).to.deep.include({ decision: 'denied', allowed: false });
    expect(denied.decidedBy).to.deep.equal({ rule: 'r1', entry: 0, type: 'oncall-lead' });
  });

  it('outcomeOf follows the one precedence: standing access over an automatic approval, whatever the order', () => {
    const event = (type: string, entryType: string, position: number) => ({
      type,
      params: { rule: `r${position}`, position, entry: 0, type: entryType },
    });
    const outcome = outcomeOf([
      event(EVENT.path, 'p0', 0),
      event(EVENT.approve, 'auto', 1),
      event(EVENT.approve, 'persistent', 2),
    ]);
    expect(outcome.decision).to.equal('approved');
    expect(outcome.decidedBy?.type).to.equal('persistent');
    expect(outcome.paths.map((p) => p.type)).to.deep.equal(['p0']);
  });

  it('agrees on random worlds (rules, schedules, failures, requests, approvers)', async () => {
    await fc.assert(
      fc.asyncProperty(
        rulesArb,
        schedulesArb,
        failingArb,
        reviewersArb,
        requestArb,
        approverArb,
        fc.constantFrom<(s: string) => string>(
          (s) => s,
          (s) => s.toUpperCase(),
          (s) => ` ${s[0]!.toUpperCase()}${s.slice(1)} `,
        ),
        fc.constantFrom(...VIAS),
        async (rules, schedules, failing, reviewers, request, approver, spell, via) => {
          // The service as a host may hand it in: the check trims and lower-cases it.
          const spelled = { ...request, resource: { ...request.resource, service: spell(request.resource.service) } };
          await compare(rules, createFakeProvider(schedules, { failing }), reviewers, spelled, approver, [via]);
        },
      ),
      { numRuns: 150 },
    );
  });
});
