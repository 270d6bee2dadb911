// The decision: the matching rules (none, or none with approval entries: denied), then their entries'
// effects, strongest first by the one precedence every entry point shares (plugin/approval-types/effects.ts):
// a satisfied deny denies; standing access approves; an automatic approval approves for the grant; otherwise
// the request waits on every open path, or is denied when no path is open. What each entry does and how it
// reads comes from its approval type's definition. Lookups run only when a step needs them: a deny or a
// standing grant decides without asking anyone who is on call.
import {
  definitionOf,
  denies,
  EFFECTS,
  effectOf,
  PRECEDENCE,
  type DecisionEffect,
  type EffectDefinition,
} from '../approval-types/index.js';
import { EVENT, type EntryEventParams } from '../compile/vocabulary.js';
import type { AccessRequest } from '../request/types.js';
import type { ApprovalPath, ConditionTrace, Decision, TraceItem } from './decision-types.js';
import {
  describeRequest,
  failureSentences,
  firstFailure,
  lookupOf,
  printable,
  ruleTitle,
  where,
} from '../approval-types/explain.js';
import type { LookupRequest } from './on-call-lookup.js';
import type { PreparedRuleSet } from './evaluator.js';
import { grantFor } from './grant.js';
import { entryRef, entryRun, matchRules, runEntry, type EntryRun } from './matching.js';
import type { Session } from './session.js';

export interface DecideSettings {
  grantDuration: string;
}

/** The decision with its fields in a fixed order (verdict, grant, then why), so the JSON reads top-down. */
function finish(d: Omit<Decision, 'trace'>, trace: TraceItem[], session: Session, request: AccessRequest): Decision {
  return {
    decision: d.decision,
    evaluatedAt: d.evaluatedAt,
    ...(request.id !== undefined ? { requestId: request.id } : {}),
    ...(d.expiresAt !== undefined ? { expiresAt: d.expiresAt } : {}),
    ...(d.grantDuration !== undefined ? { grantDuration: d.grantDuration } : {}),
    ...(d.decidedBy !== undefined ? { decidedBy: d.decidedBy } : {}),
    ...(d.paths !== undefined ? { paths: d.paths.map((p) => ({ ...p, why: printable(p.why) })) } : {}),
    reasons: d.reasons.map(printable),
    trace: [...trace, ...session.lookupTraces()],
  };
}

function effectOfRun(run: EntryRun): DecisionEffect | undefined {
  return effectOf(run.entry.rule.event.type, run.params.type);
}

/** The first satisfied run in order, evaluating them one at a time or all at once as the effect says. */
async function firstSatisfied(
  runs: EntryRun[],
  session: Session,
  evaluate: EffectDefinition['evaluate'],
): Promise<EntryRun | undefined> {
  if (evaluate === 'first') {
    for (const run of runs) if ((await runEntry(run, session)) === true) return run;
    return undefined;
  }
  const results = await Promise.all(runs.map((run) => runEntry(run, session)));
  return runs.find((_, i) => results[i] === true);
}

/** The decision a satisfied entry makes, with its grant and the reasons its type gives. */
function decidedBy(
  run: EntryRun,
  effect: EffectDefinition,
  session: Session,
  request: AccessRequest,
  settings: DecideSettings,
): Omit<Decision, 'trace' | 'evaluatedAt'> {
  const grant =
    effect.grant === 'engine'
      ? grantFor(session.now, settings.grantDuration, request.duration)
      : effect.grant === 'requested' && request.duration !== undefined
        ? grantFor(session.now, request.duration)
        : undefined;
  const needsGrant = effect.grant === 'engine' || (effect.grant === 'requested' && request.duration !== undefined);
  if (needsGrant && grant === undefined) {
    // Only a duration past the range of dates gets here (the request check caps durations): fail closed.
    return {
      decision: 'denied',
      decidedBy: entryRef(run.params),
      reasons: [
        `${where(run.params)} would approve, but the grant's end cannot be computed, so the request is denied.`,
      ],
    };
  }
  const definition = definitionOf(run.params.type);
  const context = { params: run.params, conditions: run.trace.conditions, session, request, grant };
  return {
    decision: effect.outcome,
    ...(grant ?? {}),
    decidedBy: entryRef(run.params),
    reasons:
      definition && 'decided' in definition
        ? definition.decided(context)
        : [`${where(run.params)} decides this request.`],
  };
}

/**
 * Every entry that could let the request through (all but denying ones), open or closed with why: open
 * when it is a satisfied entry of the waiting effect, and then its type says who may approve.
 */
function pathsOf(runs: EntryRun[], waiting: DecisionEffect, session: Session, request: AccessRequest) {
  return Promise.all(
    runs
      .filter((run) => !denies(effectOfRun(run)))
      .map(async (run): Promise<ApprovalPath> => {
        const result = run.trace.result ?? (await runEntry(run, session));
        if (result && effectOfRun(run) === waiting) {
          const definition = definitionOf(run.params.type);
          const context = { params: run.params, conditions: run.trace.conditions, session, request };
          const { approvers, why } =
            definition && 'openPath' in definition ? await definition.openPath(context) : { why: 'open' };
          return pathOf(run, true, why, approvers, onCallUnknown(run.trace.conditions, run.params, session));
        }
        const why = firstFailure(run.trace.conditions, session) ?? 'not satisfied';
        return pathOf(run, false, why, undefined, onCallUnknown(run.trace.conditions, run.params, session));
      }),
  );
}

/**
 * True when the path hinges on who is on call and not one schedule it asked about answered (every lookup
 * failed, or the schedule list could not be read): the path is neither really open nor really closed, and a
 * host should not wait on it as if someone could approve.
 */
export function onCallUnknown(conditions: readonly ConditionTrace[], p: EntryEventParams, session: Session): boolean {
  let answered = 0;
  /** False when this lookup was answered and something in it was not a failure. */
  const allFailed = (l: LookupRequest): boolean => {
    const a = session.answer(l);
    if (a === undefined) return true;
    answered++;
    return (a.schedules.length > 0 || a.listFailure !== undefined) && a.schedules.every((s) => s.status === 'failed');
  };
  for (const c of conditions) {
    if (c.operator !== 'isOnCallFor' && c.operator !== 'isOnCallAny') continue;
    const l = lookupOf(c.value);
    if (l && !allFailed(l)) return false;
  }
  if (p.integration && p.schedules && p.schedules.length > 0) {
    if (!allFailed({ fact: 'onCallFor', integration: p.integration, schedules: p.schedules })) return false;
  }
  return answered > 0;
}

function pathOf(run: EntryRun, open: boolean, why: string, approvers?: string[], unknown = false): ApprovalPath {
  const p = run.params;
  const path = entryRef(p) as ApprovalPath;
  if (p.schedules) path.schedules = [...p.schedules];
  if (approvers) path.approvers = approvers;
  if (p.groups) path.groups = p.groups.map((g) => `${g.directory}:${g.id}`);
  path.open = open;
  if (unknown) path.unknown = true;
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

  // Effects strongest first: the first effect with a satisfied entry decides, and a waiting effect decides
  // when one of its paths is open.
  let paths: ApprovalPath[] = [];
  for (const effect of PRECEDENCE) {
    const definition: EffectDefinition = EFFECTS[effect];
    if (definition.outcome === 'pending') {
      paths = await pathsOf(runs, effect, session, request);
      if (paths.some((p) => p.open)) break;
      continue;
    }
    const winner = await firstSatisfied(
      runs.filter((run) => effectOfRun(run) === effect),
      session,
      definition.evaluate,
    );
    if (winner) return done(decidedBy(winner, definition, session, request, settings));
  }
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
