// `some` rules apply only while another rule matches. Written naively, every `some` rule carries a copy of
// every other rule's match conditions: compiled JSON, memory and time grow with the square of the routing
// file, and a 300 KB file takes a process down. What is measured here is sizes and counts, never time: each
// must stay proportional to the number of rules.
import { expect } from 'chai';
import { Engine } from 'json-rules-engine';
import { compileRules, FACT, OTHER_RULES_RULE_NAME, type CompiledRuleSet } from '../../plugin/compile/compile.js';
import { outcomeOf } from '../../plugin/engine/host-outcome.js';
import { installOnCallPlugin } from '../../plugin/engine/plugin.js';
import { engine, NOW, rules } from './world.js';

/** n rules for n services, and n `some` rules that each apply wherever one of those does. */
function routing(n: number): string {
  let out = '';
  for (let i = 0; i < n; i++)
    out += `- {requestor: {type: any}, resource: {type: integration, service: s${i}}, approval: []}\n`;
  for (let i = 0; i < n; i++) out += `- {requestor: {type: some}, resource: {type: any}, approval: [{type: p0}]}\n`;
  return out;
}

const request = { requestor: { email: 'alice@example.com' }, resource: { service: 's1' } };

/** Conditions the approval engine evaluated (or recorded as skipped) for one decision. */
function conditionsInTrace(trace: unknown): number {
  let count = 0;
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) {
      const o = value as Record<string, unknown>;
      if (typeof o.operator === 'string') count++;
      Object.values(o).forEach(walk);
    }
  };
  walk(trace);
  return count;
}

function hostRun(compiled: CompiledRuleSet, rulesToAdd = compiled.rules) {
  const host = new Engine();
  installOnCallPlugin(host, { providers: {}, clock: () => NOW, reviewers: ['sec@example.com'] });
  for (const rule of rulesToAdd) host.addRule(rule);
  return host.run({ [FACT.request]: request });
}

describe('security: `some` rules stay linear in the routing file', () => {
  const sizes = [40, 80, 160];
  const measured = sizes.map((n) => {
    const loaded = rules(routing(n));
    const compiled = compileRules(loaded);
    return { n, loaded, compiled, bytes: JSON.stringify(compiled).length };
  });

  it('the compiled JSON grows in proportion to the rules', () => {
    for (let i = 1; i < measured.length; i++) {
      const ratio = measured[i]!.bytes / measured[i - 1]!.bytes;
      // Doubling the rules doubles the JSON; a copy of the others in every `some` rule would quadruple it.
      expect(ratio, `${measured[i - 1]!.n} → ${measured[i]!.n} rules`).to.be.lessThan(2.2);
    }
  });

  it('one compiled rule, not each `some` rule, holds the other rules’ match conditions', () => {
    const { compiled, n } = measured[0]!;
    const deciding = compiled.rules.filter((r) => r.name === OTHER_RULES_RULE_NAME);
    expect(deciding).to.have.length(1);
    const text = (r: unknown) => JSON.stringify(r);
    for (const rule of compiled.rules.filter((r) => r.name !== OTHER_RULES_RULE_NAME)) {
      // A `some` rule names no service; only its own match and entry conditions are in it.
      expect(text(rule).match(/"\$\.resource\.service"/g)?.length ?? 0, rule.name).to.be.at.most(1);
    }
    expect(text(deciding[0]).match(/"\$\.resource\.service"/g)).to.have.length(n);
  });

  it('a decision evaluates a number of conditions proportional to the rules', async () => {
    const counts: number[] = [];
    for (const { loaded } of measured) {
      const decision = await engine(loaded, { reviewers: ['sec@example.com'] }).decide(request);
      expect(decision.decision).to.equal('pending');
      counts.push(conditionsInTrace(decision.trace));
    }
    for (let i = 1; i < counts.length; i++) expect(counts[i]! / counts[i - 1]!).to.be.lessThan(2.2);
  });

  it("a host's Engine reaches the same outcome as decide, with and without another rule matching", async () => {
    const { loaded, compiled } = measured[0]!;
    const ours = engine(loaded, { reviewers: ['sec@example.com'] });
    for (const service of ['s1', 'elsewhere']) {
      const asked = { ...request, resource: { service } };
      const host = new Engine();
      installOnCallPlugin(host, { providers: {}, clock: () => NOW, reviewers: ['sec@example.com'] });
      for (const rule of compiled.rules) host.addRule(rule);
      const outcome = outcomeOf((await host.run({ [FACT.request]: asked })).events);
      const decided = await ours.decide(asked);
      expect(outcome.decision, service).to.equal(decided.decision);
      expect(outcome.paths.length, service).to.equal(service === 's1' ? measured[0]!.n : 0);
    }
  });

  it('a host that leaves out the deciding rule gets a failed run, not `some` rules quietly skipped', async () => {
    const { compiled } = measured[0]!;
    expect((await hostRun(compiled)).events.length).to.be.greaterThan(0);
    let caught: unknown;
    try {
      await hostRun(
        compiled,
        compiled.rules.filter((r) => r.name !== OTHER_RULES_RULE_NAME),
      );
    } catch (err) {
      caught = err;
    }
    expect(String(caught)).to.match(/was read before the compiled rule/);
  });
});
