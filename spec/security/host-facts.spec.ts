// A host hands the request (and approver) to its own json-rules-engine Engine in more ways than one: a plain
// value, a `Fact` computed in the run, its own `Almanac`. Whichever way, the compiled rules must read the
// request as the check returned it (service lower-cased, emails trimmed), or a request spelled `AWS` passes
// the guard of an `aws` rule, fails the rule's match, and slips past its deny.
import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Almanac, Engine, Fact, type RunOptions } from 'json-rules-engine';
import { compileRules, FACT, type CompiledRuleSet } from '../../plugin/compile/compile.js';
import { outcomeOf } from '../../plugin/engine/host-outcome.js';
import { installOnCallPlugin, PluginRuleError, PluginRunError } from '../../plugin/engine/plugin.js';
import { createLocalProvider } from '../../plugin/providers/local/local-provider.js';
import { loadRoutingFiles } from '../../plugin/routing/load.js';
import { repoRoot } from '../support/cli.js';
import { engine, NOW, rules, schedulesData } from './world.js';

// alice is on call at NOW: the auto rule approves her anywhere but on aws, which the deny closes.
const DENY_AWS = `
- name: never aws
  requestor: { type: any }
  resource: { type: integration, service: aws }
  approval: [{ type: deny }]
- name: on call anywhere
  requestor: { type: any }
  resource: { type: any }
  approval: [{ type: auto, integration: incidentio }]
- name: reviewers
  requestor: { type: any }
  resource: { type: integration, service: gcp }
  approval: [{ type: p0 }]
`;
const shouted = { requestor: { email: ' Alice@Example.COM ' }, resource: { service: 'AWS' } };

type Facts = Record<string, unknown>;
const WAYS: Record<string, (facts: Facts) => [Facts, RunOptions?]> = {
  'plain values': (facts) => [facts],
  'a Fact computed in the run': (facts) => [
    Object.fromEntries(Object.entries(facts).map(([id, value]) => [id, new Fact(id, async () => value)])),
  ],
  "the host's own Almanac": (facts) => {
    const almanac = new Almanac();
    for (const [id, value] of Object.entries(facts)) almanac.addFact(id, value);
    return [{}, { almanac }];
  },
};

function hostEngine(compiled: CompiledRuleSet, singleRule = false, reviewers: string[] = []): Engine {
  const host = new Engine();
  const options = { providers: { incidentio: createLocalProvider(schedulesData()) }, clock: () => NOW, reviewers };
  if (singleRule) installOnCallPlugin(host, { ...options, rules: compiled });
  else {
    installOnCallPlugin(host, options);
    for (const rule of compiled.rules) host.addRule(rule);
  }
  return host;
}

/** Every fact a condition (or a condition's value) of these compiled rules reads. */
function factsRead(condition: unknown, out = new Set<string>()): Set<string> {
  if (typeof condition !== 'object' || condition === null) return out;
  const c = condition as Record<string, unknown>;
  for (const key of ['all', 'any'] as const) if (Array.isArray(c[key])) for (const x of c[key]) factsRead(x, out);
  if (c.not !== undefined) factsRead(c.not, out);
  if (typeof c.fact === 'string') out.add(c.fact);
  const value = c.value as { fact?: unknown } | undefined;
  if (typeof value === 'object' && value !== null && typeof value.fact === 'string') out.add(value.fact);
  return out;
}

describe("security: the request as a host's Engine receives it", () => {
  const compiled = compileRules(rules(DENY_AWS));

  it('decide and canApprove deny a request for AWS (the reference)', async () => {
    expect((await engine(DENY_AWS).decide(shouted)).decision).to.equal('denied');
    const can = await engine(DENY_AWS, { reviewers: ['sec@example.com'] }).canApprove(shouted, {
      email: 'sec@example.com',
    });
    expect(can.allowed).to.equal(false);
  });

  for (const [way, hand] of Object.entries(WAYS)) {
    for (const singleRule of [false, true]) {
      const mode = singleRule ? 'single-rule mode' : 'every compiled rule';
      it(`a host's Engine denies it too, given ${way} (${mode})`, async () => {
        const { events } = await hostEngine(compiled, singleRule).run(...hand({ [FACT.request]: shouted }));
        const outcome = outcomeOf(events);
        expect(outcome.decision).to.equal('denied');
        expect(outcome.decidedBy?.rule).to.equal('never aws');
      });

      it(`a host's Engine reads the approver given as ${way} through the check (${mode})`, async () => {
        const request = { requestor: { email: 'bob@example.com' }, resource: { service: 'GCP' } };
        const ask = (approver: unknown) =>
          hostEngine(compiled, singleRule, ['sec@example.com']).run(
            ...hand({ [FACT.request]: request, [FACT.approver]: approver }),
          );
        // The reviewer, spelled otherwise, is admitted; the requestor, spelled otherwise, is not.
        expect(outcomeOf((await ask({ email: ' SEC@example.com' })).events).allowed).to.equal(true);
        expect(outcomeOf((await ask({ email: 'Bob@Example.com ' })).events).allowed).to.equal(false);
      });
    }
  }

  it('no compiled condition reads the fact the host supplies: only its checked copy', async () => {
    const dir = join(repoRoot, 'rules');
    // One folder per example: rules/NAME/NAME.routing.yaml.
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.routing.yaml'))
      .map((f) => join(dir, f));
    expect(files.length).to.be.greaterThan(3);
    for (const file of files) {
      const { rules: loaded } = await loadRoutingFiles([file]);
      const read = new Set<string>();
      for (const rule of compileRules(loaded).rules) factsRead(rule.conditions, read);
      expect([...read], file).to.not.include.members([FACT.request]);
      expect([...read], file).to.not.include.members([FACT.approver]);
    }
    const read = new Set<string>();
    for (const rule of compiled.rules) factsRead(rule.conditions, read);
    expect([...read]).to.include.members([FACT.checkedRequest, FACT.checkedApprover]);
  });

  it('compiled JSON that reads the raw request is refused, not run', () => {
    const doctored = JSON.parse(
      JSON.stringify(compiled).replaceAll(`"${FACT.checkedRequest}"`, `"${FACT.request}"`),
    ) as CompiledRuleSet;
    expect(() => hostEngine(doctored, true)).to.throw(/checked copy/);
  });

  it('a run that supplies a fact the plugin derives from the request is refused', async () => {
    const host = hostEngine(compiled);
    for (const name of [FACT.checkedRequest, FACT.service, FACT.check, FACT.otherRuleMatches]) {
      let caught: unknown;
      try {
        await host.run({ [FACT.request]: shouted, [name]: { requestor: { email: 'alice@example.com' } } });
      } catch (err) {
        caught = err;
      }
      expect(caught, name).to.be.instanceOf(PluginRunError);
    }
  });
});

describe('security: what a host adds to its Engine, and how it runs it', () => {
  const compiledOf = async (text: string) => compileRules(rules(text));
  const SOME = `
- name: some deny aws
  requestor: { type: some }
  resource: { type: integration, service: aws }
  approval: [{ type: deny }]
- name: alice aws on call
  requestor: { type: user, uid: alice@example.com }
  resource: { type: integration, service: aws }
  approval: [{ type: auto, integration: incidentio }]
`;
  const OTHER = `
- name: gcp reviewers
  requestor: { type: any }
  resource: { type: integration, service: gcp }
  approval: [{ type: p0 }]
- name: some gcp
  requestor: { type: some }
  resource: { type: integration, service: gcp }
  approval: [{ type: p0 }]
`;

  it('a run cannot supply a derived fact through the facts object\u2019s prototype', async () => {
    const host = hostEngine(await compiledOf(DENY_AWS));
    const facts = Object.create({
      [FACT.checkedRequest]: { requestor: { email: 'alice@example.com' }, resource: { service: 'gcp' } },
      [FACT.service]: 'gcp',
    }) as Facts;
    facts[FACT.request] = { requestor: { email: 'alice@example.com' }, resource: { service: 'aws' } };
    let refused: unknown;
    try {
      await host.run(facts);
    } catch (err) {
      refused = err;
    }
    expect(refused).to.be.instanceOf(PluginRunError);
  });

  it('compiled JSON that reads the raw request (older format, or edited) is refused when added', async () => {
    const compiled = await compiledOf(DENY_AWS);
    const stale = JSON.parse(
      JSON.stringify(compiled).replaceAll(`"${FACT.checkedRequest}"`, `"${FACT.request}"`),
    ) as CompiledRuleSet;
    const host = new Engine();
    installOnCallPlugin(host, { providers: { incidentio: createLocalProvider(schedulesData()) }, clock: () => NOW });
    expect(() => stale.rules.forEach((rule) => host.addRule(rule))).to.throw(PluginRuleError, /checked copy/);
    // Nothing that could skip the deny was run: the sound rules of the same request still deny.
    const sound = hostEngine(compiled);
    const outcome = outcomeOf((await sound.run({ [FACT.request]: shouted, [FACT.now]: NOW })).events);
    expect(outcome.decision).to.equal('denied');
  });

  it('two compiled sets in one Engine are refused, so one set\u2019s `some` answer never stands for another\u2019s', async () => {
    const a = await compiledOf(SOME);
    const b = await compiledOf(OTHER);
    const host = new Engine();
    installOnCallPlugin(host, { providers: { incidentio: createLocalProvider(schedulesData()) }, clock: () => NOW });
    for (const rule of a.rules) host.addRule(rule);
    expect(() => b.rules.forEach((rule) => host.addRule(rule))).to.throw(PluginRuleError, /one compiled set/);
    // The sets pooled into one compile decide as decide does: the `some` deny wins.
    const pooled = compileRules(rules(SOME + OTHER));
    const one = hostEngine(pooled);
    const run = await one.run({
      [FACT.request]: { requestor: { email: 'alice@example.com' }, resource: { service: 'aws' } },
      [FACT.now]: NOW,
    });
    expect(outcomeOf(run.events).decision).to.equal('denied');
    expect(
      (await engine(SOME + OTHER).decide({ requestor: { email: 'alice@example.com' }, resource: { service: 'aws' } }))
        .decision,
    ).to.equal('denied');
  });
});
