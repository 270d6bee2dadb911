// Before anything is timed, every baseline must reach the same decision as our engine on every request of
// the scenario; otherwise the ratio would compare different work. A disagreement aborts the scenario.
import type { AccessRequest } from '../plugin/request/types.js';
import { DisagreementError, type DecisionKind } from './decision-kind.js';

export interface Decider {
  name: string;
  decide(request: AccessRequest): Promise<DecisionKind> | DecisionKind;
}

/** Decision counts by kind, so a report can show the mix (a benchmark of only denials proves little). */
export type DecisionMix = Record<DecisionKind, number>;

export async function assertAgreement(
  scenario: string,
  requests: AccessRequest[],
  ours: Decider,
  baselines: Decider[],
): Promise<DecisionMix> {
  const mix: DecisionMix = { approved: 0, pending: 0, denied: 0 };
  for (const [i, request] of requests.entries()) {
    const expected = await ours.decide(request);
    mix[expected]++;
    for (const b of baselines) {
      const got = await b.decide(request);
      if (got !== expected) throw new DisagreementError(scenario, b.name, i, request, expected, got);
    }
  }
  return mix;
}

export const describeMix = (mix: DecisionMix): string =>
  `decision mix over the request set: ${mix.approved} approved, ${mix.pending} pending, ${mix.denied} denied`;
