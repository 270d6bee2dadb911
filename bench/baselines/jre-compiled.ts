// Scenario 2's third baseline: one json-rules-engine `Engine` holding every rule that `compileRules`
// produced, with our plugin's facts and operators installed (`installOnCallPlugin`), run once per decision.
// This is how a host would use the compiled output in its own engine; the difference to our approval engine
// is the indexing and evaluation our engine adds on top of the same compiled JSON.
import { Engine } from 'json-rules-engine';
import { compileRules, FACT, installOnCallPlugin, outcomeOf } from '../api.js';
import type { AccessRequest, LoadedRule, OnCallProvider } from '../api.js';
import type { DecisionKind } from './outcome.js';

export interface JreCompiledBaseline {
  decide(request: AccessRequest): Promise<DecisionKind>;
  ruleCount: number;
}

export function createJreCompiledBaseline(
  rules: LoadedRule[],
  provider: OnCallProvider,
  reviewers: string[],
  clock: () => Date,
): JreCompiledBaseline {
  const compiled = compileRules(rules);
  // Exactly as the package documents it for hosts.
  const engine = new Engine();
  installOnCallPlugin(engine, { providers: { incidentio: provider }, reviewers, clock });
  for (const rule of compiled.rules) engine.addRule(rule);
  return {
    ruleCount: compiled.rules.length,
    // One Engine, runs strictly one after another (a shared Engine must not run concurrently).
    async decide(request) {
      // The request under the plugin's fact name, as hosts pass it.
      const { events } = await engine.run({ [FACT.request]: request });
      return outcomeOf(events).decision;
    },
  };
}
