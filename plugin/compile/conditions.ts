// The conditions each part of a routing rule becomes. Pure functions from typed rules to json-rules-engine
// condition JSON; ./vocabulary.ts names the facts and operators they use. What is particular to one
// approval type is in that type's definition (plugin/approval-types/); here are the parts every rule and
// every entry share.
import type { NestedCondition } from 'json-rules-engine';
import { FACT, GROUP, OPERATOR, PRIORITY } from './vocabulary.js';
import type { ApprovalOptions, GroupRef, RequestorMatcher, ResourceFilter, ResourceMatcher } from '../routing/types.js';

export type Condition = NestedCondition;

export const requestorEmail = { fact: FACT.request, path: '$.requestor.email' } as const;

/** Groups are compared by directory and id only; labels are for people. */
export const groupKeys = (groups: GroupRef[]) => groups.map((g) => ({ directory: g.directory, id: g.id }));

export function requestorConditions(requestor: RequestorMatcher): Condition[] {
  switch (requestor.type) {
    case 'any':
      return [];
    case 'user':
      return [{ ...requestorEmail, operator: 'emailEquals', value: requestor.uid }];
    case 'group':
      return [
        {
          fact: FACT.request,
          path: '$.requestor.groups',
          operator: requestor.effect === 'remove' ? 'inNoGroup' : 'inAnyGroup',
          value: groupKeys(requestor.groups),
        },
      ];
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
    { fact: FACT.request, path: '$.resource.service', operator: 'equal', value: resource.service },
  ];
  if (resource.accessType !== undefined && resource.accessType !== 'any') {
    out.push({ fact: FACT.request, path: '$.resource.accessType', operator: 'equal', value: resource.accessType });
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
  return out;
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
      : { fact: FACT.service, operator: 'equal', value: service };
  return [{ name: GROUP.guard, priority: PRIORITY.guard, all: [condition] }];
}
