// The conditions each part of a routing rule becomes. Pure functions from typed rules to json-rules-engine
// condition JSON; ./vocabulary.ts names the facts and operators they use. What is particular to one
// approval type is in that type's definition (plugin/approval-types/); here are the parts every rule and
// every entry share.
import type { NestedCondition } from 'json-rules-engine';
import { normaliseName } from '../email.js';
import { FACT, GROUP, OPERATOR, PRIORITY } from './vocabulary.js';
import type {
  AgentMatcher,
  AgentUserMatcher,
  ApprovalOptions,
  Effect,
  GroupRef,
  RequestorMatcher,
  ResourceFilter,
  ResourceMatcher,
} from '../routing/types.js';

export type Condition = NestedCondition;

export const requestorEmail = { fact: FACT.request, path: '$.requestor.email' } as const;

/** Groups are compared by directory and id only; labels are for people. */
export const groupKeys = (groups: GroupRef[]) => groups.map((g) => ({ directory: g.directory, id: g.id }));

/** Whether the request was made by an agent session: people-only matchers require it absent. */
const agentPresent = (present: boolean): Condition => ({
  fact: FACT.request,
  path: '$.agent',
  operator: 'isPresent',
  value: present,
});

/** Whether a person is behind the agent session (`agent.headless` is not `true`). */
const headless = (is: boolean): Condition => ({
  fact: FACT.request,
  path: '$.agent.headless',
  operator: is ? 'equal' : 'notEqual',
  value: true,
});

function inGroups(path: string, groups: GroupRef[], effect: Effect): Condition {
  return {
    fact: FACT.request,
    path,
    operator: effect === 'remove' ? 'inNoGroup' : 'inAnyGroup',
    value: groupKeys(groups),
  };
}

/**
 * A rule's name as the request check makes the request's (trimmed, ASCII lower-cased): `AWS ` meets `aws`.
 * A hand-built rule's non-text value is kept as it is, and matches no checked request.
 */
const compared = (value: unknown): unknown => (typeof value === 'string' ? normaliseName(value) : value);

function agentConditions(agent: AgentMatcher): Condition[] {
  switch (agent.type) {
    case 'any':
      return [];
    case 'agent-client':
      return [{ fact: FACT.request, path: '$.agent.clientId', operator: 'equal', value: compared(agent.clientId) }];
    case 'agent-owner':
      return [{ fact: FACT.request, path: '$.agent.owner', operator: 'emailEquals', value: agent.owner }];
    case 'owner-group':
      return [inGroups('$.agent.ownerGroups', agent.groups, agent.effect)];
    case 'provider':
      return [
        { fact: FACT.request, path: '$.agent.providerId', operator: 'equal', value: compared(agent.providerId) },
        ...(agent.subjectPattern === undefined
          ? []
          : [{ fact: FACT.request, path: '$.agent.subject', operator: 'matchesPattern', value: agent.subjectPattern }]),
      ];
    default:
      // A hand-built rule's unknown agent type matches nothing rather than every agent.
      return [{ ...requestorEmail, operator: 'isPresent', value: false }];
  }
}

function agentUserConditions(user: AgentUserMatcher): Condition[] {
  switch (user.type) {
    case 'any':
      return [];
    case 'none':
      return [headless(true)];
    case 'user':
      return [headless(false), { ...requestorEmail, operator: 'emailEquals', value: user.uid }];
    case 'group':
      return [headless(false), inGroups('$.requestor.groups', user.groups, user.effect)];
    default:
      return [{ ...requestorEmail, operator: 'isPresent', value: false }];
  }
}

/**
 * The requestor's conditions. A people matcher (`any`, `some`, `user`, `group`) never matches a request made
 * by an agent, and `agentic` matches only those. What makes `some` conditional on other rules is added by
 * the compiler, which sees them all.
 */
export function requestorConditions(requestor: RequestorMatcher): Condition[] {
  switch (requestor.type) {
    case 'any':
    case 'some':
      return [agentPresent(false)];
    case 'user':
      return [{ ...requestorEmail, operator: 'emailEquals', value: requestor.uid }, agentPresent(false)];
    case 'group':
      return [inGroups('$.requestor.groups', requestor.groups, requestor.effect), agentPresent(false)];
    case 'agentic':
      return [agentPresent(true), ...agentConditions(requestor.agent), ...agentUserConditions(requestor.user)];
    default:
      // A hand-built rule's unknown requestor type: a condition no checked request meets.
      return [{ ...requestorEmail, operator: 'isPresent', value: false }];
  }
}

/** Thrown for a filter the compiler cannot express faithfully; the caller locates it. */
export class FilterShapeError extends Error {}

function filterCondition(name: string, filter: ResourceFilter): Condition {
  // Anything but `keep` would otherwise read as `remove` and widen the rule: a hand-built rule's typo is refused.
  if (filter.effect !== 'keep' && filter.effect !== 'remove' && filter.effect !== 'removeAll') {
    throw new FilterShapeError(
      `filter '${name}' has effect ${JSON.stringify(filter.effect)}; use keep, remove or removeAll`,
    );
  }
  if (filter.effect === 'removeAll') {
    // The rule does not apply at all to a resource that carries the attribute.
    return { fact: FACT.resourceAttribute, params: { name }, operator: 'isPresent', value: false };
  }
  if (filter.pattern !== undefined && filter.value !== undefined) {
    throw new FilterShapeError(`filter '${name}' sets both pattern and value; use one`);
  }
  const params = filter.key === undefined ? { name } : { name, key: filter.key };
  const keep = filter.effect === 'keep';
  if (filter.pattern !== undefined) {
    return {
      fact: FACT.resourceAttribute,
      params,
      operator: keep ? 'matchesPattern' : 'notMatchesPattern',
      value: filter.pattern,
    };
  }
  if (filter.value !== undefined) {
    // Compared with the attribute's text as well as a boolean: directories and clouds hand tags over as text
    // ("true"), and a strict `equal` would let `remove value: true` pass a resource tagged "true".
    const text = filter.value ? 'true|True|TRUE' : 'false|False|FALSE';
    return {
      fact: FACT.resourceAttribute,
      params,
      operator: keep ? 'matchesPattern' : 'notMatchesPattern',
      value: `^(${text})$`,
    };
  }
  // Neither pattern nor value: keep admits resources that carry the attribute, remove those that do not.
  return { fact: FACT.resourceAttribute, params, operator: 'isPresent', value: keep };
}

export function resourceConditions(resource: ResourceMatcher): Condition[] {
  if (resource.type === 'any') return [];
  const out: Condition[] = [
    { fact: FACT.request, path: '$.resource.service', operator: 'equal', value: compared(resource.service) },
  ];
  // `any` (however written: `ANY`, ` any`) is every access type, not one named "any".
  const accessType = compared(resource.accessType);
  if (accessType !== undefined && accessType !== 'any') {
    out.push({ fact: FACT.request, path: '$.resource.accessType', operator: 'equal', value: accessType });
  }
  for (const [name, filter] of Object.entries(resource.filters ?? {})) out.push(filterCondition(name, filter));
  return out;
}

/** The request-side requirements of an entry's options. */
export function optionConditions(entry: { options?: ApprovalOptions }): Condition[] {
  const out: Condition[] = [];
  if (entry.options?.requireReason)
    out.push({ fact: FACT.request, path: '$.reason', operator: 'nonBlank', value: true });
  if (entry.options?.requireDuration) {
    out.push({ fact: FACT.request, path: '$.duration', operator: 'positiveDuration', value: true });
  }
  if (entry.options?.requirePreapproval) {
    // The host attests a preapproval on the request: who gave it (not the requestor, unless the entry allows
    // one party) and until when. Without one, or once it has expired, the entry holds for nobody.
    const by = { fact: FACT.request, path: '$.preapproval.approver' } as const;
    out.push({ ...by, operator: 'nonBlank', value: true });
    if (!selfAllowed(entry)) out.push({ ...by, operator: 'emailDiffers', value: { ...requestorEmail } });
    out.push({
      fact: FACT.request,
      path: '$.preapproval.expiresAt',
      operator: 'instantAfter',
      value: { fact: FACT.now },
    });
  }
  return out;
}

/**
 * What keeps an entry with `breakGlassApprover` open: a break-glass approver the host configured (other
 * than the requestor, unless the entry allows one party). Only entries that admit approvers take it.
 */
export function breakGlassConditions(entry: { options?: ApprovalOptions }): Condition[] {
  // Truthy, not `=== true`: a hand-built rule's `'yes'` restricts too, never widens.
  if (!entry.options?.breakGlassApprover) return [];
  return selfAllowed(entry)
    ? [{ fact: FACT.breakGlassApprovers, operator: 'hasEmail', value: true }]
    : [{ fact: FACT.breakGlassApprovers, operator: 'hasEmailBesides', value: { ...requestorEmail } }];
}

/** Whether the entry lets the requestor approve their own request. */
export const selfAllowed = (entry: { options?: ApprovalOptions }): boolean => entry.options?.allowOneParty === true;

export const approverEmail = { fact: FACT.approver, path: '$.email' } as const;

/**
 * What every approver must be, whatever the entry's type: named, and not the requestor unless the entry
 * allows one party. The type's own conditions follow these.
 */
export function approverBaseConditions(entry: { options?: ApprovalOptions }): Condition[] {
  const out: Condition[] = [{ ...approverEmail, operator: 'nonBlank', value: true }];
  if (!selfAllowed(entry)) out.push({ ...approverEmail, operator: 'emailDiffers', value: { ...requestorEmail } });
  if (entry.options?.breakGlassApprover)
    out.push({ ...approverEmail, operator: 'emailIn', value: { fact: FACT.breakGlassApprovers } });
  return out;
}

/**
 * The first group of every compiled rule: the run carries a request that passed the check and is for this
 * rule's service (any service, for a rule without one). json-rules-engine stops a rule at its first failing
 * priority, so a host's run without our request, with a malformed one, or for another service evaluates one
 * cheap condition per rule and never reads the request.
 */
export function guardGroup(service: string | undefined): NestedCondition[] {
  const condition: Condition =
    service === undefined
      ? { fact: FACT.service, operator: OPERATOR.isPresent, value: true }
      : { fact: FACT.service, operator: 'equal', value: compared(service) };
  return [{ name: GROUP.guard, priority: PRIORITY.guard, all: [condition] }];
}
