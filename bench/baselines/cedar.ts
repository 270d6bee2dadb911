// Baseline (b): the same routing rules as Cedar policies, evaluated by @cedar-policy/cedar-wasm against a
// preparsed policy set. On-call is modelled as entity membership, the way Cedar-based access tools do it:
// the requestor `User` has a parent `Group::"oncall::<scheduleId>"` for each schedule they are on call for,
// and each of those groups has the parent `Group::"oncall::any"`.
//
// One authorization call per decision. Every entry is a policy whose ID says what it means; the decision
// is read from the policies that determined Cedar's answer: a forbid (deny entry) denies, a permit from an
// `approve` policy (persistent, or auto whose on-call condition held) approves, a permit from a `path`
// policy alone means pending.
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import type { EntityJson } from '@cedar-policy/cedar-wasm/nodejs';
import type { AccessRequest, ApprovalEntry, Rule } from '../api.js';
import {
  hasReason,
  normEmail,
  notModelled,
  outcome,
  profileFields,
  schedulesOnCall,
  type DecisionKind,
} from './outcome.js';

const str = (s: string): string => JSON.stringify(s);
const group = (id: string): string => `Group::${str(id)}`;

function likeLiteral(pattern: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(pattern)) {
    throw new Error(`baseline-cedar: pattern ${str(pattern)} is not a literal; Cedar's \`like\` cannot express it`);
  }
  return str(`*${pattern}*`);
}

function ruleScope(rule: Rule): { principal: string; resource: string; when: string[] } {
  const when: string[] = [];
  let principal = 'principal';
  const r = rule.requestor;
  if (r.type === 'user') principal = `principal == User::${str(normEmail(r.uid))}`;
  else if (r.type === 'group') {
    const anyOf = `principal in [${r.groups.map((g) => group(`${g.directory}:${g.id}`)).join(', ')}]`;
    when.push(r.effect === 'remove' ? `!(${anyOf})` : anyOf);
  } else if (r.type !== 'any') notModelled('baseline-cedar', `requestor type ${(r as { type: string }).type}`);
  let resource = 'resource';
  const res = rule.resource;
  if (res.type === 'integration') {
    resource = `resource in Service::${str(res.service)}`;
    if (res.accessType !== undefined && res.accessType !== 'any') {
      when.push(`resource has accessType && resource.accessType == ${str(res.accessType)}`);
    }
    for (const [name, f] of Object.entries(res.filters ?? {})) {
      if (f.effect === 'removeAll' || f.pattern === undefined || f.key === undefined) {
        throw new Error(
          `baseline-cedar: filter ${name} (${f.effect}) is not modelled; the generator should not emit it`,
        );
      }
      const path = `resource.attrs.${name}`;
      const hit = `(resource.attrs has ${name} && ${path} has ${f.key} && ${path}.${f.key} like ${likeLiteral(f.pattern)})`;
      when.push(f.effect === 'keep' ? hit : `!${hit}`);
    }
  }
  return { principal, resource, when };
}

function entryPolicy(entry: ApprovalEntry): { effect: 'permit' | 'forbid'; kind: string; when: string[] } {
  const when: string[] = [];
  if (entry.options?.requireReason) when.push('context.hasReason');
  if (entry.options?.requireDuration) when.push('context.hasDuration');
  switch (entry.type) {
    case 'deny':
      return { effect: 'forbid', kind: 'deny', when };
    case 'persistent':
      return { effect: 'permit', kind: 'approve', when };
    case 'auto': {
      const groups =
        entry.services === undefined ? [group('oncall::any')] : entry.services.map((s) => group(`oncall::${s}`));
      return { effect: 'permit', kind: 'approve', when: [`principal in [${groups.join(', ')}]`, ...when] };
    }
    case 'escalation':
    case 'group':
      return { effect: 'permit', kind: 'path', when };
    case 'p0':
      return { effect: 'permit', kind: 'path', when: ['context.hasReviewers', ...when] };
    case 'requestor-profile':
      return {
        effect: 'permit',
        kind: 'path',
        when: [`principal.profileFields.contains(${str(entry.profileProperty ?? 'manager')})`, ...when],
      };
    default:
      return notModelled('baseline-cedar', `approval type ${(entry as { type: string }).type}`);
  }
}

/** Policy text per ID (`r<rule>e<entry>:<kind>`). */
export function cedarPolicies(rules: Rule[]): Record<string, string> {
  const out: Record<string, string> = {};
  rules.forEach((rule, r) => {
    if (rule.disabled) return;
    const scope = ruleScope(rule);
    rule.approval.forEach((entry, e) => {
      const p = entryPolicy(entry);
      const when = [...scope.when, ...p.when];
      const body = when.length > 0 ? ` when { ${when.join(' && ')} }` : '';
      out[`r${r}e${e}:${p.kind}`] =
        `${p.effect}(${scope.principal}, action == Action::"access", ${scope.resource})${body};`;
    });
  });
  return out;
}

export interface CedarBaseline {
  decide(request: AccessRequest): DecisionKind;
  policyCount: number;
}

let nextSetId = 0;

export function createCedarBaseline(
  rules: Rule[],
  onCall: Map<string, Set<string>>,
  reviewers: string[],
): CedarBaseline {
  const policies = cedarPolicies(rules);
  const setId = `bench-${nextSetId++}`;
  const parsed = cedar.preparsePolicySet(setId, { staticPolicies: policies });
  if (parsed.type !== 'success') {
    throw new Error(`baseline-cedar: policy set did not parse: ${parsed.errors.map((e) => e.message).join('; ')}`);
  }
  // On-call groups the host keeps in its entity store (rebuilt when the on-call data changes, not per request).
  const onCallGroups = new Map<string, EntityJson>(
    [...onCall.keys()].map((id) => [
      id,
      { uid: { type: 'Group', id: `oncall::${id}` }, attrs: {}, parents: [{ type: 'Group', id: 'oncall::any' }] },
    ]),
  );
  const action = { type: 'Action', id: 'access' };
  return {
    policyCount: Object.keys(policies).length,
    decide(request) {
      const email = normEmail(request.requestor.email);
      const onCallIds = schedulesOnCall(onCall, email);
      const principal = { type: 'User', id: email };
      const resource = { type: 'Resource', id: request.id ?? 'request' };
      const entities: EntityJson[] = [
        {
          uid: principal,
          attrs: { profileFields: profileFields(request) },
          parents: [
            ...(request.requestor.groups ?? []).map((g) => ({ type: 'Group', id: `${g.directory}:${g.id}` })),
            ...onCallIds.map((id) => ({ type: 'Group', id: `oncall::${id}` })),
          ],
        },
        ...onCallIds.map((id) => onCallGroups.get(id)!),
        {
          uid: resource,
          attrs: {
            ...(request.resource.accessType === undefined ? {} : { accessType: request.resource.accessType }),
            attrs: (request.resource.attributes ?? {}) as EntityJson['attrs'],
          },
          parents: [{ type: 'Service', id: request.resource.service }],
        },
      ];
      const answer = cedar.statefulIsAuthorized({
        principal,
        action,
        resource,
        context: {
          hasReason: hasReason(request),
          hasDuration: typeof request.duration === 'string' && request.duration !== '',
          hasReviewers: reviewers.length > 0,
        },
        preparsedPolicySetId: setId,
        entities,
      });
      if (answer.type !== 'success') {
        throw new Error(`baseline-cedar: authorization failed: ${answer.errors.map((e) => e.message).join('; ')}`);
      }
      const { decision, diagnostics } = answer.response;
      if (diagnostics.errors.length > 0) {
        throw new Error(
          `baseline-cedar: policy errors: ${diagnostics.errors.map((e) => `${e.policyId}: ${e.error.message}`).join('; ')}`,
        );
      }
      const fired = { deny: false, approve: false, path: false };
      if (decision === 'deny') fired.deny = diagnostics.reason.length > 0;
      else for (const id of diagnostics.reason) fired[id.slice(id.indexOf(':') + 1) as keyof typeof fired] = true;
      return outcome(fired);
    },
  };
}
