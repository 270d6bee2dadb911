// What a satisfied approval entry does to a decision, and which effect wins when several hold. `decide`,
// `canApprove` and `outcomeOf` (a host's own json-rules-engine run) all read this one table, so they cannot
// disagree about which entry decides a request.
import { EVENT, type EventType } from '../compile/vocabulary.js';
import type { DecisionKind } from '../engine/decision-types.js';

export interface EffectDefinition {
  /** The event a satisfied entry fires: what a host's own engine reports, and how `outcomeOf` recognises it. */
  readonly event: EventType;
  /** The decision a satisfied entry makes when no stronger effect holds. */
  readonly outcome: DecisionKind;
  /**
   * How `decide` evaluates the entries of this effect. `first`: in order, stopping at the first satisfied one
   * (they need no on-call lookup, and later ones stay unevaluated in the trace). `together`: all at once, so
   * their on-call lookups overlap; the first satisfied one in order still decides.
   */
  readonly evaluate: 'first' | 'together';
  /**
   * How long an approval lasts. `requested`: as long as the request asks, and without a requested duration
   * it does not expire (standing access). `engine`: the engine's grant, or the requested duration when that
   * is shorter.
   */
  readonly grant?: 'requested' | 'engine';
  /**
   * Whether the entry's options (a reason, a duration) constrain it. A denying entry's do not: an option
   * that could weaken a deny would let a request through that the rule meant to stop.
   */
  readonly options: boolean;
}

/**
 * Every decision effect, strongest first: this order is the precedence. A deny wins over everything,
 * standing access over an automatic approval, and any approval over a path that still waits for a person.
 */
export const EFFECTS = {
  deny: { event: EVENT.deny, outcome: 'denied', evaluate: 'first', options: false },
  standing: { event: EVENT.approve, outcome: 'approved', evaluate: 'first', grant: 'requested', options: true },
  automatic: { event: EVENT.approve, outcome: 'approved', evaluate: 'together', grant: 'engine', options: true },
  path: { event: EVENT.path, outcome: 'pending', evaluate: 'together', options: true },
} as const satisfies Record<string, EffectDefinition>;

export type DecisionEffect = keyof typeof EFFECTS;

/** The effects, strongest first. */
export const PRECEDENCE = Object.keys(EFFECTS) as readonly DecisionEffect[];

/** Effects whose satisfied entry denies the request: past one of them nobody may approve it either. */
export function denies(effect: DecisionEffect | undefined): boolean {
  return effect !== undefined && EFFECTS[effect].outcome === 'denied';
}

/** Effects whose satisfied entry approves on its own, with no person to approve. */
export function approves(effect: DecisionEffect | undefined): boolean {
  return effect !== undefined && EFFECTS[effect].outcome === 'approved';
}
