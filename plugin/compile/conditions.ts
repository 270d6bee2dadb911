// The conditions each part of a routing rule becomes. Pure functions from typed rules to json-rules-engine
// condition JSON; see compile-vocabulary.ts for the facts and operators they use.
import type { NestedCondition } from 'json-rules-engine';
import { FACT } from './vocabulary.js';
import type { ApprovalEntry, GroupRef, RequestorMatcher, ResourceFilter, ResourceMatcher } from '../routing/types.js';

export type Condition = NestedCondition;

const requestorEmail = { fact: FACT.request, path: '$.requestor.email' } as const;

/** Groups are compared by directory and id only; labels are for people. */
const groupKeys = (groups: GroupRef[]) => groups.map((g) => ({ directory: g.directory, id: g.id }));

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
export function optionConditions(entry: ApprovalEntry): Condition[] {
  const out: Condition[] = [];
  if (entry.options?.requireReason)
    out.push({ fact: FACT.request, path: '$.reason', operator: 'nonBlank', value: true });
  if (entry.options?.requireDuration) {
    out.push({ fact: FACT.request, path: '$.duration', operator: 'positiveDuration', value: true });
  }
  return out;
}

const selfAllowed = (entry: ApprovalEntry) => entry.options?.allowOneParty === true;

/**
 * What keeps an approval path open when deciding (beyond the options): someone can still approve.
 * `escalation`: its integration is installed. `p0`: a reviewer other than the requestor exists.
 * `requestor-profile`: the profile names someone other than the requestor. `group`: always open.
 */
export function pathConditions(entry: ApprovalEntry): Condition[] {
  switch (entry.type) {
    case 'escalation':
      return [{ fact: FACT.integrations, operator: 'contains', value: entry.integration }];
    case 'p0':
      return selfAllowed(entry)
        ? [{ fact: FACT.reviewers, operator: 'hasEmail', value: true }]
        : [{ fact: FACT.reviewers, operator: 'hasEmailBesides', value: { ...requestorEmail } }];
    case 'requestor-profile': {
      const profile = { fact: FACT.requestorProfile, params: { property: entry.profileProperty ?? 'manager' } };
      return selfAllowed(entry)
        ? [{ ...profile, operator: 'nonBlank', value: true }]
        : [{ ...profile, operator: 'emailDiffers', value: { ...requestorEmail } }];
    }
    default:
      return [];
  }
}

/** `auto`: the requestor is on call now (for any schedule, or for the listed ones). */
export function autoOnCallCondition(entry: Extract<ApprovalEntry, { type: 'auto' }>): Condition {
  return entry.services === undefined
    ? {
        ...requestorEmail,
        operator: 'isOnCallAny',
        value: { fact: FACT.onCallAny, params: { integration: entry.integration } },
      }
    : {
        ...requestorEmail,
        operator: 'isOnCallFor',
        value: { fact: FACT.onCallFor, params: { integration: entry.integration, schedules: [...entry.services] } },
      };
}

const approverEmail = { fact: FACT.approver, path: '$.email' } as const;

/**
 * Who an entry admits as approver (synchronous checks). An approver is always named; unless the entry
 * allows one party, the approver is not the requestor.
 */
export function approverConditions(entry: ApprovalEntry): Condition[] {
  const out: Condition[] = [{ ...approverEmail, operator: 'nonBlank', value: true }];
  if (!selfAllowed(entry)) out.push({ ...approverEmail, operator: 'emailDiffers', value: { ...requestorEmail } });
  switch (entry.type) {
    case 'group':
      out.push({
        fact: FACT.approver,
        path: '$.groups',
        operator: entry.effect === 'remove' ? 'inNoGroup' : 'inAnyGroup',
        value: groupKeys(entry.groups),
      });
      break;
    case 'p0':
      out.push({ ...approverEmail, operator: 'emailIn', value: { fact: FACT.reviewers } });
      break;
    case 'requestor-profile':
      out.push({
        ...approverEmail,
        operator: 'emailEquals',
        value: { fact: FACT.requestorProfile, params: { property: entry.profileProperty ?? 'manager' } },
      });
      break;
    default:
      break;
  }
  return out;
}

/** `escalation`: the approver is on call now for one of the entry's schedules. */
export function escalationOnCallCondition(entry: Extract<ApprovalEntry, { type: 'escalation' }>): Condition {
  return {
    ...approverEmail,
    operator: 'isOnCallFor',
    value: { fact: FACT.onCallFor, params: { integration: entry.integration, schedules: [...entry.services] } },
  };
}
