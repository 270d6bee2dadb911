// What every contender is asked for and compared on: the outcome of one decision, and the on-call facts
// a host would already hold when it runs a baseline.
import type { AccessRequest } from '../plugin/request/types.js';

export type DecisionKind = 'approved' | 'pending' | 'denied';

/**
 * The outcome from the events/policies that fired, by ROUTING.md's order: a matching deny wins, then an
 * approval (persistent or satisfied auto), then any open approval path means pending, otherwise denied.
 */
export function outcome(fired: { deny: boolean; approve: boolean; path: boolean }): DecisionKind {
  if (fired.deny) return 'denied';
  if (fired.approve) return 'approved';
  if (fired.path) return 'pending';
  return 'denied';
}

/** Trimmed, lower-cased: how ROUTING.md compares emails. */
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
