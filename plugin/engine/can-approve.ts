// "Can this person approve?" (ROUTING.md): some matching rule, with no matching deny, has an entry that
// admits the approver (escalation: on call now for one of its schedules; group, p0, requestor-profile),
// the entry's reason and duration requirements hold, and the approver is not the requestor unless the
// entry allows one party.
import { EVENT } from '../compile/vocabulary.js';
import type { AccessRequest, Approver } from '../request/types.js';
import type { CanApproveResult, EntryRef, TraceItem } from './decision-types.js';
import { describeRequest, failureSentences, firstFailure, lookupOf, onCallSentence, where } from './explain.js';
import type { PreparedRuleSet } from './evaluator.js';
import { entryRun, matchRules, runEntry, type EntryRun } from './matching.js';
import type { Session } from './session.js';

function entryRef(run: EntryRun): EntryRef {
  const p = run.params;
  return {
    rule: p.rule,
    entry: p.entry,
    type: p.type as EntryRef['type'],
    ...(p.integration ? { integration: p.integration } : {}),
  };
}

function admittedBecause(run: EntryRun, session: Session, request: AccessRequest, approver: Approver): string {
  const p = run.params;
  const who = approver.email;
  switch (p.type) {
    case 'escalation': {
      const leaf = run.trace.conditions.find((c) => c.operator === 'isOnCallFor');
      const lookup = leaf ? lookupOf(leaf.value) : undefined;
      return onCallSentence(who, lookup ? session.answer(lookup) : undefined, false) ?? `${who} is on call`;
    }
    case 'p0':
      return `${who} is a security reviewer`;
    case 'requestor-profile':
      return `${who} is the requestor's ${p.profileProperty ?? 'manager'}`;
    case 'group': {
      const groups = (p.groups ?? []).map((g) => `${g.directory}:${g.id}`).join(', ');
      return p.effect === 'remove' ? `${who} is in none of ${groups}` : `${who} is a member of ${groups}`;
    }
    default:
      return `${who} is admitted`;
  }
}

export async function canApproveWith(
  set: PreparedRuleSet,
  session: Session,
  request: AccessRequest,
  approver: Approver,
): Promise<CanApproveResult> {
  const trace: TraceItem[] = [];
  const matched = matchRules(set, session, request.resource.service, trace);
  const done = (r: Omit<CanApproveResult, 'approver' | 'trace'>): CanApproveResult => ({
    allowed: r.allowed,
    approver: approver.email,
    ...(r.admittedBy ? { admittedBy: r.admittedBy } : {}),
    reasons: r.reasons,
    trace: [...trace, ...session.lookupTraces()],
  });
  if (matched.length === 0) {
    return done({
      allowed: false,
      reasons: [`No routing rule matches ${describeRequest(request)}, so nobody may approve it.`],
    });
  }
  for (const m of matched) {
    for (const e of m.rule.decide) {
      if (e.rule.event.type !== EVENT.deny) continue;
      const run = entryRun(m, e, 'decide');
      if ((await runEntry(run, session)) === true) {
        return done({
          allowed: false,
          reasons: [`${where(run.params)} denies this request, so nobody may approve it.`],
        });
      }
    }
  }
  const runs = matched.flatMap((m) => m.rule.admit.map((e) => entryRun(m, e, 'approver')));
  const results = await Promise.all(runs.map((run) => runEntry(run, session)));
  const admitted = runs.find((_, i) => results[i] === true);
  if (admitted) {
    const self = approver.email === request.requestor.email;
    return done({
      allowed: true,
      admittedBy: entryRef(admitted),
      reasons: [
        admittedBecause(admitted, session, request, approver),
        `${where(admitted.params)} admits them${self ? ' (this entry allows the requestor to approve their own request)' : ''}.`,
      ],
    });
  }
  const others = matched.flatMap((m) =>
    m.rule.decide
      .filter((e) => e.rule.event.type === EVENT.approve)
      .map((e) => `${where(e.rule.event.params)} approves on its own and takes no approver.`),
  );
  return done({
    allowed: false,
    reasons: [
      runs.length === 0
        ? `No matching rule has an entry that takes an approver, so ${approver.email} may not approve.`
        : `${approver.email} may not approve this request.`,
      ...runs.map((run) => `${where(run.params)}: ${firstFailure(run.trace.conditions, session) ?? 'not satisfied'}.`),
      ...others,
      ...failureSentences(session),
    ],
  });
}
