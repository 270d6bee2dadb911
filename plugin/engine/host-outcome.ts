// For hosts running compiled rules in their own json-rules-engine: the outcome of one run from the events
// that fired, by the one precedence `decide` uses (plugin/approval-types/effects.ts). A deny wins; then
// standing access (persistent), then an automatic approval; then any open path means pending; otherwise
// denied. An admit event (the run had an `approver` fact) allows that approver unless a deny fired.
// json-rules-engine fires events in completion order, so the deciding entry is chosen by rule position and
// entry index, as `decide` does. An event whose entry type has no definition, or that its type never fires,
// counts for nothing, except that a deny is always honoured: a doctored event can only ever deny.
//
// The plugin completes our events as they fire (the grant, who may approve now, the reasons), and reports a
// malformed request as its own event; in single-rule mode one event carries the whole decision.
import type { Event } from 'json-rules-engine';
import {
  admitsApprovers,
  EFFECTS,
  effectOf,
  PRECEDENCE,
  type DecisionEffect,
  type EffectDefinition,
} from '../approval-types/index.js';
import { EVENT, EVENT_PREFIX, type EntryEventParams } from '../compile/vocabulary.js';
import type { RequestProblem } from '../request/check.js';
import type { CanApproveResult, Decision, DecisionKind, EntryRef } from './decision-types.js';
import { where } from '../approval-types/explain.js';
import { entryRef } from './matching.js';

/** An open approval path, as `decide` lists it (without `open`, which is always true here). */
export interface HostPath extends EntryRef {
  /** `escalation` (and `auto` with services): the schedule IDs. */
  schedules?: string[];
  /** Who may approve now: people on call (escalation), reviewers (p0), the profile's person. */
  approvers?: string[];
  /** `group` entries: `directory:id` of the groups whose members may approve. */
  groups?: string[];
  /** Who may approve, as a sentence. */
  why?: string;
  /** Present (true) when every on-call lookup the path hinges on failed: do not wait on it. */
  unknown?: true;
}

export interface HostOutcome {
  decision: DecisionKind;
  /** The entry that approved or denied. */
  decidedBy?: EntryRef;
  /** How long an approval lasts and until when (absent for standing access requested without a duration). */
  grantDuration?: string;
  expiresAt?: string;
  /** Open approval paths (whom to ask), in rule order. */
  paths: HostPath[];
  /** Why, for an audit log. */
  reasons: string[];
  /** Whether the run's `approver` may approve (false when no approver was given). */
  allowed: boolean;
  admittedBy?: EntryRef;
  /** The request's problems, when it could not be decided (it is denied). */
  problems?: RequestProblem[];
}

type OurEvent = Event & { params: EntryEventParams };

function ours(event: Event): event is OurEvent {
  return (
    typeof event?.type === 'string' &&
    event.type.startsWith(EVENT_PREFIX) &&
    typeof event.params === 'object' &&
    event.params !== null
  );
}

const inOrder = (a: EntryEventParams, b: EntryEventParams) => a.position - b.position || a.entry - b.entry;

/** The params of the matching events, in rule and entry order. */
function sorted(events: OurEvent[], keep: (event: OurEvent) => boolean): EntryEventParams[] {
  return events
    .filter(keep)
    .map((e) => e.params)
    .sort(inOrder);
}

const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every((v) => typeof v === 'string') ? [...value] : undefined;

function pathOf(p: EntryEventParams): HostPath {
  const path: HostPath = entryRef(p);
  if (p.schedules) path.schedules = [...p.schedules];
  const approvers = strings(p.approvers);
  if (approvers) path.approvers = approvers;
  if (p.groups) path.groups = p.groups.map((g) => `${g.directory}:${g.id}`);
  if (p.unknown === true) path.unknown = true;
  if (typeof p.why === 'string') path.why = p.why;
  return path;
}

/** Single-rule mode: the decision the plugin's one rule made, as an outcome. */
function fromDecision(outcome: Partial<Decision & CanApproveResult>): HostOutcome {
  if (typeof outcome.allowed === 'boolean') {
    return {
      decision: outcome.allowed ? 'approved' : 'denied',
      paths: [],
      reasons: [...(outcome.reasons ?? [])],
      allowed: outcome.allowed,
      ...(outcome.admittedBy ? { admittedBy: outcome.admittedBy } : {}),
    };
  }
  const out: HostOutcome = {
    decision: outcome.decision ?? 'denied',
    paths: (outcome.paths ?? []).filter((p) => p.open).map(({ open: _open, ...p }) => p),
    reasons: [...(outcome.reasons ?? [])],
    allowed: false,
  };
  if (outcome.decidedBy) out.decidedBy = outcome.decidedBy;
  if (outcome.grantDuration) out.grantDuration = outcome.grantDuration;
  if (outcome.expiresAt) out.expiresAt = outcome.expiresAt;
  return out;
}

/** The outcome of a json-rules-engine run over compiled rules: pass the run's `events`. */
export function outcomeOf(events: readonly Event[]): HostOutcome {
  const mine = events.filter(ours);
  const invalid = mine.find((e) => e.type === EVENT.invalid);
  if (invalid) {
    const params = invalid.params as unknown as { problems?: RequestProblem[]; reasons?: string[] };
    return {
      decision: 'denied',
      paths: [],
      reasons: strings(params.reasons) ?? ['The request cannot be decided, so it is denied.'],
      allowed: false,
      problems: Array.isArray(params.problems) ? params.problems : [],
    };
  }
  const single = mine.find((e) => e.type === EVENT.decision);
  const decided = (single?.params as { outcome?: unknown } | undefined)?.outcome;
  if (typeof decided === 'object' && decided !== null) return fromDecision(decided);

  const effect = (e: OurEvent): DecisionEffect | undefined => effectOf(e.type, e.params.type);
  const [admit] = sorted(mine, (e) => e.type === EVENT.admit && admitsApprovers(e.params.type));
  const admitted = admit ? { allowed: true, admittedBy: entryRef(admit) } : { allowed: false };
  const waits = (e: OurEvent) => {
    const name = effect(e);
    return name !== undefined && EFFECTS[name].outcome === 'pending';
  };
  const paths = sorted(mine, waits).map(pathOf);
  for (const name of PRECEDENCE) {
    const [first] = sorted(mine, (e) => effect(e) === name);
    if (first === undefined) continue;
    const { outcome }: EffectDefinition = EFFECTS[name];
    const reasons = strings(first.reasons) ?? [`${where(first)} decides this request.`];
    if (outcome === 'denied') {
      return { decision: 'denied', decidedBy: entryRef(first), paths, reasons, allowed: false };
    }
    if (outcome === 'pending') {
      const count = paths.length === 1 ? 'one path is' : `${paths.length} paths are`;
      const open = paths.map((p) => `${where(p)}: ${p.why ?? 'open'}.`);
      return { decision: 'pending', paths, reasons: [`Waiting for approval: ${count} open.`, ...open], ...admitted };
    }
    if (first.ungranted === true) {
      // The plugin could not compute the approval's end: as `decide` does, the request is denied.
      return { decision: 'denied', decidedBy: entryRef(first), paths, reasons, allowed: false };
    }
    const grant = typeof first.grantDuration === 'string' && typeof first.expiresAt === 'string';
    // An automatic approval always lasts a limited time: one whose end the plugin did not add grants nothing.
    if (!grant && 'grant' in EFFECTS[name] && EFFECTS[name].grant === 'engine') continue;
    return {
      decision: outcome,
      decidedBy: entryRef(first),
      ...(grant ? { grantDuration: first.grantDuration!, expiresAt: first.expiresAt! } : {}),
      paths,
      reasons,
      ...admitted,
    };
  }
  const reason =
    mine.length === 0
      ? 'No routing rule applies to this run (no request, or no rule matches it), so it is denied.'
      : 'No approval path is open, so the request is denied.';
  return { decision: 'denied', paths, reasons: [reason], ...admitted };
}
