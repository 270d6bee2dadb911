// What every contender is asked for and compared on: the outcome of one decision, the on-call facts a host
// would already hold when it runs a baseline, and the check that all contenders agree before any timing.
import type { AccessRequest } from '../api.js';

export type DecisionKind = 'approved' | 'pending' | 'denied';

/**
 * The outcome from the events/policies that fired, in the order the engine decides: a matching deny wins,
 * then an approval (persistent or satisfied auto), then any open approval path means pending, otherwise
 * denied.
 */
export function outcome(fired: { deny: boolean; approve: boolean; path: boolean }): DecisionKind {
  if (fired.deny) return 'denied';
  if (fired.approve) return 'approved';
  if (fired.path) return 'pending';
  return 'denied';
}

/**
 * For a routing construct a baseline does not model: the generator never emits it, and a baseline must not
 * quietly read it as something else.
 */
export function notModelled(baseline: string, what: string): never {
  throw new Error(`${baseline}: ${what} is not modelled; the generator should not emit it`);
}

/** Trimmed, lower-cased: how the engine compares emails. */
export const normEmail = (email: string): string => email.trim().toLowerCase();

export const hasReason = (request: AccessRequest): boolean =>
  typeof request.reason === 'string' && request.reason.trim() !== '';

/** Profile properties that carry a non-blank value (who a requestor-profile entry would page). */
export function profileFields(request: AccessRequest): string[] {
  const profile = request.requestor.profile ?? {};
  return Object.keys(profile).filter((k) => typeof profile[k] === 'string' && profile[k]!.trim() !== '');
}

/** Schedule IDs the requestor is on call for, from on-call sets the host holds. */
export function schedulesOnCall(onCall: Map<string, Set<string>>, email: string): string[] {
  const out: string[] = [];
  for (const [id, set] of onCall) if (set.has(email)) out.push(id);
  return out;
}

export class DisagreementError extends Error {
  constructor(
    scenario: string,
    contender: string,
    index: number,
    request: AccessRequest,
    ours: string,
    theirs: string,
  ) {
    super(
      `${scenario}: ${contender} disagrees with our engine on request #${index} (${request.requestor.email} → ` +
        `${request.resource.service}/${request.resource.accessType ?? '-'}): ours ${ours}, ${contender} ${theirs}. ` +
        `The baseline does not do the same work, so timing it would mean nothing.\nRequest: ${JSON.stringify(request)}`,
    );
    this.name = 'DisagreementError';
  }
}

/** A contender reduced to what the agreement check needs. */
export interface Decider {
  name: string;
  decide(request: AccessRequest): Promise<DecisionKind> | DecisionKind;
}

/** Decision counts by kind, so a report can show the mix (a benchmark of only denials proves little). */
export type DecisionMix = Record<DecisionKind, number>;

/**
 * Before anything is timed, every baseline must reach the same decision as our engine on every request of
 * the scenario; otherwise the ratio would compare different work. A disagreement throws.
 */
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
