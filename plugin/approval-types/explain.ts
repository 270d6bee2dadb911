// Sentences for audit logs, made from condition results and lookup answers: who is on call and until when,
// which option the request fails, which schedules could not be checked and why.
import { FACT, lookupKind, shortOperator, type EntryEventParams } from '../compile/vocabulary.js';
import type { OnCallAnswer } from '../providers/contract.js';
import type { ConditionTrace } from '../engine/decision-types.js';
import type { LookupRequest } from '../engine/on-call-lookup.js';
import { normaliseEmail as normEmail } from '../email.js';
import type { Session } from '../engine/session.js';

// Sentences quote what others wrote: schedule and person names and failure messages from a provider's
// server, emails and services from a request. A control or bidi character among them could rewrite what a
// reader sees (a right-to-left override turns `approved` around, a carriage return overwrites a terminal
// line), so every sentence is made printable before it leaves the engine.
export { printable } from '../printable.js';

export function ruleName(label: string): string {
  return label.startsWith('#') ? `rule ${label}` : `rule "${label}"`;
}

/** `Rule "prod"` / `Rule #3`, to start a sentence. */
export function ruleTitle(label: string): string {
  const r = ruleName(label);
  return `${r[0]!.toUpperCase()}${r.slice(1)}`;
}

type EntryLike = Pick<EntryEventParams, 'rule' | 'entry' | 'type' | 'integration'>;

export function entryName(p: EntryLike): string {
  return `entry ${p.entry} (${p.type}${p.integration ? `, ${p.integration}` : ''})`;
}

/** `Rule "prod", entry 1 (escalation, incidentio)` */
export function where(p: EntryLike): string {
  return `${ruleTitle(p.rule)}, ${entryName(p)}`;
}

function scheduleLabel(id: string, answer: OnCallAnswer | undefined): string {
  const name = answer?.schedules.find((s) => s.scheduleId === id)?.scheduleName;
  return name ? `${name} (${id})` : id;
}

export function scheduleList(ids: readonly string[], answer?: OnCallAnswer): string {
  return ids.map((id) => scheduleLabel(id, answer)).join(', ');
}

/** `alice@example.com is on call for Primary on-call until 2026-11-27T00:00:00Z`, from the first answered schedule. */
export function onCallSentence(email: string, answer: OnCallAnswer | undefined, withUntil = true): string | undefined {
  const wanted = normEmail(email);
  for (const s of answer?.schedules ?? []) {
    if (s.status !== 'answered') continue;
    const person = s.onCall.find((p) => p.email === wanted);
    if (person)
      return `${wanted} is on call for ${s.scheduleName ?? s.scheduleId}${withUntil ? ` until ${person.until}` : ''}`;
  }
  return undefined;
}

/** One sentence per schedule that could not be checked (deduplicated across lookups). */
export function failureSentences(session: Session): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const { request, answer } of session.allAnswers()) {
    // An integration without a provider is said once, by the entry that needs it ("not installed").
    if (!session.integrations.includes(request.integration)) continue;
    if (answer.listFailure && !seen.has(`list:${request.integration}`)) {
      seen.add(`list:${request.integration}`);
      out.push(
        `The list of ${request.integration} schedules could not be read (${answer.listFailure}), so nobody counts as on call for an unknown schedule.`,
      );
    }
    for (const s of answer.schedules) {
      if (s.status !== 'failed' || seen.has(s.scheduleId)) continue;
      seen.add(s.scheduleId);
      out.push(
        `The on-call lookup for ${scheduleLabel(s.scheduleId, answer)} failed (${s.reason}); nobody counts as on call for it.`,
      );
    }
  }
  return out;
}

export function lookupOf(value: unknown): LookupRequest | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as { fact?: unknown; params?: { integration?: unknown; schedules?: unknown } };
  const kind = lookupKind(v.fact);
  if (kind === undefined) return undefined;
  const schedules = Array.isArray(v.params?.schedules)
    ? v.params.schedules.filter((s): s is string => typeof s === 'string')
    : [];
  return { fact: kind, integration: String(v.params?.integration ?? ''), schedules };
}

/** ` (…)` saying what could not be checked, or nothing. */
function unknownPart(answer: OnCallAnswer | undefined): string {
  const failed = (answer?.schedules ?? []).filter((s) => s.status === 'failed').length;
  const parts: string[] = [];
  if (answer?.listFailure) parts.push('the list of schedules could not be read');
  if (failed > 0) parts.push(`${failed === 1 ? 'one schedule' : `${failed} schedules`} could not be checked`);
  return parts.length > 0 ? ` (${parts.join('; ')}: counted as not on call)` : '';
}

function notOnCall(email: string, leaf: ConditionTrace, session: Session): string {
  const lookup = lookupOf(leaf.value);
  const answer = lookup ? session.answer(lookup) : undefined;
  const integration = lookup?.integration ?? 'the integration';
  if (lookup && !session.integrations.includes(lookup.integration)) {
    return `integration ${integration} is not installed in this engine, so nobody counts as on call for it`;
  }
  // PagerDuty `services` admit only the first level of each service's escalation policy: someone on call at a
  // later level is on call, but not in the sense the entry asks for.
  const scope =
    lookup?.fact !== 'onCallFor'
      ? `for any ${integration} schedule`
      : lookup.integration === 'pagerduty'
        ? `at the first level of the escalation policy of ${scheduleList(lookup.schedules ?? [], answer)}`
        : `for ${scheduleList(lookup.schedules ?? [], answer)}`;
  return `${email || 'nobody'} is not on call now ${scope}${unknownPart(answer)}`;
}

function groupText(value: unknown): string {
  return Array.isArray(value) ? value.map((g) => `${g?.directory}:${g?.id}`).join(', ') : String(value);
}

/** Why a condition that failed keeps an entry from deciding or admitting, as a clause. */
export function whyFailed(leaf: ConditionTrace, session: Session): string {
  const requestor = String((session.request as { requestor?: { email?: string } })?.requestor?.email ?? '');
  const approver = String((session.approver as { email?: string } | null)?.email ?? '');
  const prop = String(leaf.params?.property ?? 'manager');
  const breakGlass = leaf.fact === FACT.breakGlassApprovers;
  switch (shortOperator(leaf.operator)) {
    case 'nonBlank':
      if (leaf.path === '$.reason') return 'the request gives no reason, and this entry requires one';
      if (leaf.path === '$.preapproval.approver')
        return 'the request carries no preapproval (`preapproval: {approver, expiresAt}`, attested by the host), and this entry requires one';
      if (leaf.fact === FACT.requestorProfile) return `the requestor's profile names no ${prop}`;
      if (leaf.fact === FACT.checkedApprover) return 'no approver was named';
      break;
    case 'positiveDuration':
      return 'the request gives no duration (an ISO 8601 duration such as PT2H), and this entry requires one';
    case 'contains':
      if (leaf.fact === FACT.integrations) return `integration ${String(leaf.value)} is not installed in this engine`;
      break;
    case 'instantAfter':
      return `the request's preapproval is not valid now (it expires at ${JSON.stringify(leaf.factResult)})`;
    case 'isPresent':
      if (leaf.path === '$.agent')
        return leaf.value === false
          ? 'the request is made by an agent, and this rule is for people'
          : 'the request is not made by an agent, and this rule is for agent sessions';
      break;
    case 'hasEmail':
      return breakGlass ? 'no break-glass approvers are configured' : 'no security reviewers are configured';
    case 'hasEmailBesides':
      if (breakGlass)
        return Array.isArray(leaf.factResult) && leaf.factResult.some((e) => normEmail(e) !== undefined)
          ? 'no break-glass approver other than the requestor is configured, and this entry does not allow self-approval'
          : 'no break-glass approvers are configured, and this entry admits only them';
      return Array.isArray(leaf.factResult) && leaf.factResult.some((e) => normEmail(e) !== undefined)
        ? 'no security reviewer other than the requestor is configured, and this entry does not allow self-approval'
        : 'no security reviewers are configured';
    case 'emailDiffers':
      if (leaf.fact === FACT.requestorProfile) {
        return normEmail(leaf.factResult) === undefined
          ? `the requestor's profile names no ${prop}`
          : `the requestor's ${prop} is the requestor, and this entry does not allow self-approval`;
      }
      if (leaf.fact === FACT.checkedApprover)
        return `${approver} is the requestor, and this entry does not allow self-approval`;
      if (leaf.path === '$.preapproval.approver')
        return 'the preapproval was given by the requestor, and this entry does not allow self-approval';
      break;
    case 'inAnyGroup':
      return `${leaf.fact === FACT.checkedApprover ? approver : requestor} is in none of ${groupText(leaf.value)}`;
    case 'inNoGroup':
      return `${leaf.fact === FACT.checkedApprover ? approver : requestor} is in ${groupText(leaf.value)}`;
    case 'emailIn': {
      const list = (leaf.value as { fact?: unknown } | undefined)?.fact;
      return list === FACT.breakGlassApprovers
        ? `${approver} is not a break-glass approver`
        : `${approver} is not a security reviewer`;
    }
    case 'emailEquals':
      if (leaf.fact === FACT.checkedApprover) {
        const named = normEmail(leaf.valueResult);
        return named
          ? `${approver} is not the requestor's ${prop} (${named})`
          : `the requestor's profile names no ${prop}`;
      }
      break;
    case 'isOnCallAny':
    case 'isOnCallFor':
      return notOnCall(leaf.fact === FACT.checkedApprover ? approver : requestor, leaf, session);
    default:
      break;
  }
  return `condition ${leaf.fact}${leaf.path ? ` ${leaf.path}` : ''} ${leaf.operator} ${JSON.stringify(leaf.value)} does not hold (actual: ${JSON.stringify(leaf.factResult)})`;
}

/** The first failed condition's clause, or undefined when none failed. */
export function firstFailure(conditions: readonly ConditionTrace[], session: Session): string | undefined {
  const failed = conditions.find((c) => c.result === false);
  return failed ? whyFailed(failed, session) : undefined;
}

export function describeRequest(request: {
  requestor: { email: string };
  resource: { service: string; accessType?: string };
}): string {
  const r = request.resource;
  return `${request.requestor.email} requesting ${r.service}${r.accessType ? ` (${r.accessType})` : ''}`;
}
