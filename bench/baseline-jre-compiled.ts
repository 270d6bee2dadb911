// The baseline the issue names for scenario 2: one json-rules-engine `Engine` holding every rule that
// `compileRules` produced, with our plugin's facts and operators installed, run once per decision. This is
// how a host would use the compiled output in its own engine (plugin.ts); the difference to our approval
// engine is the indexing and evaluation our engine adds on top of the same compiled JSON.
import { Engine } from 'json-rules-engine';
import { installOnCallPlugin } from '../plugin/engine/plugin.js';
import { outcomeOf } from '../plugin/engine/host-outcome.js';
import type { OnCallProvider } from '../plugin/providers/contract.js';
import { compileRules, FACT } from '../plugin/compile/compile.js';
import type { LoadedRule } from '../plugin/routing/types.js';
import type { AccessRequest } from '../plugin/request/types.js';
import type { DecisionKind } from './decision-kind.js';
import { BASELINE_JRE_COMPILED } from './targets.js';

export { BASELINE_JRE_COMPILED };

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
  // Exactly as plugin.ts documents it for hosts.
  const engine = new Engine();
  installOnCallPlugin(engine, { providers: { incidentio: provider }, reviewers, clock });
  for (const rule of compiled.rules) engine.addRule(rule);
  return {
    ruleCount: compiled.rules.length,
    // One Engine, runs strictly one after another (a shared Engine must not run concurrently).
    async decide(request) {
      const { events } = await engine.run({ [FACT.request]: request });
      return outcomeOf(events).decision;
    },
  };
}
