// "Can this person approve?": some matching rule, with no satisfied entry whose effect denies the request,
// has an entry that admits the approver (its approval type's definition says whom: people on call for its
// schedules, members of its groups, security reviewers, the person the requestor's profile names), the
// entry's reason and duration requirements hold, and the approver is not the requestor unless the entry
// allows one party.
import { approves, definitionOf, denies, effectOf } from '../approval-types/index.js';
import type { AccessRequest, Approver } from '../request/types.js';
import type { CanApproveResult, TraceItem } from './decision-types.js';
import { describeRequest, failureSentences, firstFailure, printable, where } from '../approval-types/explain.js';
import type { PreparedRuleSet } from './evaluator.js';
import { entryRef, entryRun, matchRules, runEntry, type EntryRun } from './matching.js';
import type { Session } from './session.js';

function admittedBecause(run: EntryRun, session: Session, request: AccessRequest, approver: Approver): string {
  const context = { params: run.params, conditions: run.trace.conditions, session, request, approver };
  return definitionOf(run.params.type)?.admits?.because(context) ?? `${approver.email} is admitted`;
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
    reasons: r.reasons.map(printable),
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
      if (!denies(effectOf(e.rule.event.type, e.rule.event.params.type))) continue;
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
      admittedBy: entryRef(admitted.params),
      reasons: [
        admittedBecause(admitted, session, request, approver),
        `${where(admitted.params)} admits them${self ? ' (this entry allows the requestor to approve their own request)' : ''}.`,
      ],
    });
  }
  const others = matched.flatMap((m) =>
    m.rule.decide
      .filter((e) => approves(effectOf(e.rule.event.type, e.rule.event.params.type)))
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
