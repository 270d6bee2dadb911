// For hosts running compiled rules in their own json-rules-engine: the outcome of one run from the events
// that fired, by the one precedence `decide` uses (plugin/approval-types/effects.ts). A deny wins; then
// standing access (persistent), then an automatic approval; then any open path means pending; otherwise
// denied. An admit event (the run had an `approver` fact) allows that approver unless a deny fired.
// json-rules-engine fires events in completion order, so the deciding entry is chosen by rule position and
// entry index, as `decide` does. An event whose entry type has no definition, or that its type never fires,
// counts for nothing, except that a deny is always honoured: a doctored event can only ever deny.
import type { Event } from 'json-rules-engine';
import {
  admitsApprovers,
  EFFECTS,
  effectOf,
  PRECEDENCE,
  type DecisionEffect,
  type EffectDefinition,
} from '../approval-types/index.js';
import { EVENT, type EntryEventParams } from '../compile/vocabulary.js';
import type { DecisionKind, EntryRef } from './decision-types.js';
import { entryRef } from './matching.js';

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

type OurEvent = Event & { params: EntryEventParams };

function ours(event: Event): event is OurEvent {
  return (
    typeof event?.type === 'string' && event.type.startsWith('oncall-approval.') && typeof event.params === 'object'
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

/** The outcome of a json-rules-engine run over compiled rules: pass the run's `events`. */
export function outcomeOf(events: readonly Event[]): HostOutcome {
  const mine = events.filter(ours);
  const effect = (e: OurEvent): DecisionEffect | undefined => effectOf(e.type, e.params.type);
  const [admit] = sorted(mine, (e) => e.type === EVENT.admit && admitsApprovers(e.params.type));
  const admitted = admit ? { allowed: true, admittedBy: entryRef(admit) } : { allowed: false };
  const waits = (e: OurEvent) => {
    const name = effect(e);
    return name !== undefined && EFFECTS[name].outcome === 'pending';
  };
  const paths = sorted(mine, waits).map(entryRef);
  for (const name of PRECEDENCE) {
    const [first] = sorted(mine, (e) => effect(e) === name);
    if (first === undefined) continue;
    const { outcome }: EffectDefinition = EFFECTS[name];
    if (outcome === 'denied') return { decision: 'denied', decidedBy: entryRef(first), paths, allowed: false };
    if (outcome === 'pending') return { decision: 'pending', paths, ...admitted };
    return { decision: outcome, decidedBy: entryRef(first), paths, ...admitted };
  }
  return { decision: 'denied', paths, ...admitted };
}
