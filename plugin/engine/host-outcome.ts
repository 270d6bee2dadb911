// For hosts running compiled rules in their own json-rules-engine: the outcome of one run from the events
// that fired, by ROUTING.md's order. A deny wins; then standing access (persistent), then an automatic
// approval; then any open path means pending; otherwise denied. An admit event (the run had an `approver`
// fact) allows that approver unless a deny fired. json-rules-engine fires events in completion order, so
// the deciding entry is chosen by rule position and entry index, as `decide` does.
import type { Event } from 'json-rules-engine';
import { EVENT, type EntryEventParams } from '../compile/vocabulary.js';
import type { DecisionKind, EntryRef } from './decision-types.js';

export interface HostOutcome {
  decision: DecisionKind;
  /** The entry that approved or denied. */
  decidedBy?: EntryRef;
  /** Open approval paths (whom to ask), in rule order. */
  paths: EntryRef[];
  /** Whether the run's `approver` may approve (false when no approver was given). */
  allowed: boolean;
  admittedBy?: EntryRef;
}

function ours(event: Event): event is Event & { params: EntryEventParams } {
  return (
    typeof event?.type === 'string' && event.type.startsWith('oncall-approval.') && typeof event.params === 'object'
  );
}

function ref(p: EntryEventParams): EntryRef {
  return {
    rule: p.rule,
    entry: p.entry,
    type: p.type as EntryRef['type'],
    ...(p.integration ? { integration: p.integration } : {}),
  };
}

const inOrder = (a: EntryEventParams, b: EntryEventParams) => a.position - b.position || a.entry - b.entry;

function first(
  events: Array<Event & { params: EntryEventParams }>,
  type: string,
  entryType?: string,
): EntryEventParams | undefined {
  return events
    .filter((e) => e.type === type && (entryType === undefined || e.params.type === entryType))
    .map((e) => e.params)
    .sort(inOrder)[0];
}

/** The outcome of a json-rules-engine run over compiled rules: pass the run's `events`. */
export function outcomeOf(events: readonly Event[]): HostOutcome {
  const mine = events.filter(ours);
  const paths = mine
    .filter((e) => e.type === EVENT.path)
    .map((e) => e.params)
    .sort(inOrder)
    .map(ref);
  const deny = first(mine, EVENT.deny);
  if (deny) return { decision: 'denied', decidedBy: ref(deny), paths, allowed: false };
  const admit = first(mine, EVENT.admit);
  const admitted = admit ? { allowed: true, admittedBy: ref(admit) } : { allowed: false };
  const approve = first(mine, EVENT.approve, 'persistent') ?? first(mine, EVENT.approve);
  if (approve) return { decision: 'approved', decidedBy: ref(approve), paths, ...admitted };
  return { decision: paths.length > 0 ? 'pending' : 'denied', paths, ...admitted };
}
