// The decision (ROUTING.md "Decision"): matching rules; none, or none with entries → denied; a matching
// deny → denied; a matching persistent → approved; a satisfied auto → approved for the grant; otherwise
// pending with every open path, or denied when no path is open. Lookups run only when a step needs them:
// a deny or a standing grant decides without asking anyone who is on call.
import { EVENT } from '../compile/vocabulary.js';
import type { AccessRequest } from '../request/types.js';
import type { ApprovalPath, Decision, EntryRef, TraceItem } from './decision-types.js';
import {
  describeRequest,
  failureSentences,
  firstFailure,
  lookupOf,
  onCallSentence,
  ruleTitle,
  scheduleList,
  where,
} from './explain.js';
import type { PreparedRuleSet } from './evaluator.js';
import { grantFor } from './grant.js';
import { entryRun, matchRules, runEntry, type EntryRun } from './matching.js';
import { normEmail } from './operators.js';
import type { Session } from './session.js';

export interface DecideSettings {
  grantDuration: string;
}

// Built field by field rather than with conditional spreads: these run for every entry of every decision,
// and the key order (what the JSON shows) stays the same.
function entryRef(run: EntryRun): EntryRef {
  const p = run.params;
  const ref: EntryRef = { rule: p.rule, entry: p.entry, type: p.type as EntryRef['type'] };
  if (p.integration) ref.integration = p.integration;
  return ref;
}

/** The decision with its fields in the order of CLI.md, so the JSON reads top-down. */
function finish(d: Omit<Decision, 'trace'>, trace: TraceItem[], session: Session, request: AccessRequest): Decision {
  return {
    decision: d.decision,
    evaluatedAt: d.evaluatedAt,
    ...(request.id !== undefined ? { requestId: request.id } : {}),
    ...(d.expiresAt !== undefined ? { expiresAt: d.expiresAt } : {}),
    ...(d.grantDuration !== undefined ? { grantDuration: d.grantDuration } : {}),
    ...(d.decidedBy !== undefined ? { decidedBy: d.decidedBy } : {}),
    ...(d.paths !== undefined ? { paths: d.paths } : {}),
    reasons: d.reasons,
    trace: [...trace, ...session.lookupTraces()],
  };
}

/** Who may approve through an open path now, and the sentence saying so. */
async function openPath(
  run: EntryRun,
  session: Session,
  request: AccessRequest,
): Promise<{ approvers?: string[]; why: string }> {
  const p = run.params;
  const self = p.options?.allowOneParty === true;
  const requestor = request.requestor.email;
  const others = (emails: string[]) => [...new Set(emails)].filter((e) => self || e !== requestor);
  switch (p.type) {
    case 'escalation': {
      const lookup = { fact: 'onCallFor' as const, integration: p.integration!, schedules: p.schedules ?? [] };
      const answer = await session.lookup(lookup);
      const approvers = others(
        answer.schedules.flatMap((s) => (s.status === 'answered' ? s.onCall.map((x) => x.email) : [])),
      );
      const failed = answer.schedules.filter((s) => s.status === 'failed').length;
      const unknown =
        failed > 0 ? `; ${failed === 1 ? 'one schedule' : `${failed} schedules`} could not be checked` : '';
      const names = scheduleList(p.schedules ?? [], answer);
      const why =
        approvers.length > 0
          ? `whoever is on call for ${names} may approve; on call now: ${approvers.join(', ')}${unknown}`
          : `whoever is on call for ${names} may approve; nobody${self ? '' : ' other than the requestor'} is on call now${unknown}`;
      return { approvers, why };
    }
    case 'p0': {
      const approvers = others(session.reviewers.map(normEmail).filter((e): e is string => e !== undefined));
      return { approvers, why: `a security reviewer may approve: ${approvers.join(', ')}` };
    }
    case 'requestor-profile': {
      const prop = p.profileProperty ?? 'manager';
      const named = normEmail(request.requestor.profile?.[prop]);
      return { approvers: named ? [named] : [], why: `the requestor's ${prop} may approve: ${named}` };
    }
    case 'group': {
      const groups = (p.groups ?? []).map((g) => `${g.directory}:${g.id}${g.label ? ` (${g.label})` : ''}`).join(', ');
      return {
        why: p.effect === 'remove' ? `anyone in none of ${groups} may approve` : `a member of ${groups} may approve`,
      };
    }
    default:
      return { why: 'open' };
  }
}

function pathOf(run: EntryRun, open: boolean, why: string, approvers?: string[]): ApprovalPath {
  const p = run.params;
  const path = entryRef(run) as ApprovalPath;
  if (p.schedules) path.schedules = [...p.schedules];
  if (approvers) path.approvers = approvers;
  if (p.groups) path.groups = p.groups.map((g) => `${g.directory}:${g.id}`);
  path.open = open;
  path.why = why;
  return path;
}

export async function decideWith(
  set: PreparedRuleSet,
  session: Session,
  request: AccessRequest,
  settings: DecideSettings,
): Promise<Decision> {
  const trace: TraceItem[] = [];
  const evaluatedAt = session.now.toISOString();
  const matched = matchRules(set, session, request.resource.service, trace);
  const done = (d: Omit<Decision, 'trace' | 'evaluatedAt'>) => finish({ evaluatedAt, ...d }, trace, session, request);

  if (matched.length === 0) {
    return done({
      decision: 'denied',
      reasons: [`No routing rule matches ${describeRequest(request)}, so the request is denied.`],
    });
  }
  const runs = matched.flatMap((m) =>
    m.rule.decide.filter((e) => e.rule.event.type !== EVENT.noAccess).map((e) => entryRun(m, e, 'decide')),
  );
  const noAccess = matched.filter((m) => m.rule.decide.some((e) => e.rule.event.type === EVENT.noAccess));
  const noAccessReasons = noAccess.map(
    (m) => `${ruleTitle(m.rule.label)} matches but has no approval entries: it gives no access.`,
  );

  // 3. A matching deny wins over everything.
  for (const run of runs) {
    if (run.params.type !== 'deny') continue;
    if ((await runEntry(run, session)) === true) {
      return done({
        decision: 'denied',
        decidedBy: entryRef(run),
        reasons: [`${where(run.params)} denies this request.`],
      });
    }
  }
  // 4. Standing access.
  for (const run of runs) {
    if (run.params.type !== 'persistent') continue;
    if ((await runEntry(run, session)) === true) {
      // Standing access lasts as long as asked for; without a requested duration it does not expire.
      const grant = request.duration !== undefined ? grantFor(session.now, request.duration) : undefined;
      return done({
        decision: 'approved',
        ...(grant ?? {}),
        decidedBy: entryRef(run),
        reasons: [
          grant
            ? `${where(run.params)} grants standing access; approved for the requested ${grant.grantDuration}, until ${grant.expiresAt}.`
            : `${where(run.params)} grants standing access; approved with no expiry.`,
        ],
      });
    }
  }
  // 5. Automatic approval for whoever is on call: all auto entries are checked together.
  const autos = runs.filter((r) => r.params.type === 'auto');
  const autoResults = await Promise.all(autos.map((run) => runEntry(run, session)));
  const approvedBy = autos.find((_, i) => autoResults[i] === true);
  if (approvedBy) {
    const grant = grantFor(session.now, settings.grantDuration, request.duration);
    const leaf = approvedBy.trace.conditions.find((c) => c.operator === 'isOnCallAny' || c.operator === 'isOnCallFor');
    const lookup = leaf ? lookupOf(leaf.value) : undefined;
    const onCall = onCallSentence(request.requestor.email, lookup ? session.answer(lookup) : undefined);
    return done({
      decision: 'approved',
      ...grant,
      decidedBy: entryRef(approvedBy),
      reasons: [
        ...(onCall ? [onCall] : []),
        `${where(approvedBy.params)} approves whoever is on call, for ${grant.grantDuration}, until ${grant.expiresAt}.`,
        ...failureSentences(session),
      ],
    });
  }
  // 6. Pending with every open path, or denied when none is open.
  const paths = await Promise.all(
    runs
      .filter((r) => r.params.type !== 'deny')
      .map(async (run): Promise<ApprovalPath> => {
        const result = run.trace.result ?? (await runEntry(run, session));
        const isPath = run.entry.rule.event.type === EVENT.path;
        if (isPath && result) {
          const { approvers, why } = await openPath(run, session, request);
          return pathOf(run, true, why, approvers);
        }
        const why = firstFailure(run.trace.conditions, session) ?? 'not satisfied';
        return pathOf(run, false, why);
      }),
  );
  const open = paths.filter((p) => p.open);
  const describe = (p: ApprovalPath) => `${where(p)}: ${p.why}.`;
  if (open.length > 0) {
    return done({
      decision: 'pending',
      paths,
      reasons: [
        `Waiting for approval: ${open.length === 1 ? 'one path is' : `${open.length} paths are`} open.`,
        ...open.map(describe),
        ...paths.filter((p) => !p.open).map(describe),
        ...noAccessReasons,
        ...failureSentences(session),
      ],
    });
  }
  return done({
    decision: 'denied',
    ...(paths.length > 0 ? { paths } : {}),
    reasons: [
      paths.length > 0
        ? 'No approval path is open, so the request is denied.'
        : `The matching rules give no access, so the request is denied.`,
      ...paths.map(describe),
      ...noAccessReasons,
      ...failureSentences(session),
    ],
  });
}
