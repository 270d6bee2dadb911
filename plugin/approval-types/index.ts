// Every approval type, one row each. The schema's `if`/`then` branches, the `ApprovalEntry` type, the
// compiled conditions and events, and what `decide`, `canApprove` and `outcomeOf` do with an entry all come
// from this table: adding a type is adding a definition here. The compiler refuses an entry whose type has
// no row, so a hand-built rule cannot smuggle in a type that nothing enforces.
import { auto } from './auto.js';
import type { ApprovalTypeDefinition, EntryOfDefinition } from './definition.js';
import { deny } from './deny.js';
import { denies, EFFECTS, PRECEDENCE, type DecisionEffect } from './effects.js';
import { escalation } from './escalation.js';
import { group } from './group.js';
import { p0 } from './p0.js';
import { persistent } from './persistent.js';
import { requestorProfile } from './requestor-profile.js';

export * from './definition.js';
export * from './effects.js';

// The order is the order of the schema's `type` enum and of its branches.
const TABLE = {
  auto,
  escalation,
  group,
  p0,
  'requestor-profile': requestorProfile,
  persistent,
  deny,
};

export type ApprovalType = keyof typeof TABLE;

/** An approval entry of a routing rule: one member per type, read off the type's definition. */
export type ApprovalEntry = { [K in ApprovalType]: EntryOfDefinition<(typeof TABLE)[K]> }[ApprovalType];

/** Every approval type's definition, each filed under its own name. */
export const APPROVAL_TYPES = TABLE satisfies Record<ApprovalType, ApprovalTypeDefinition> & {
  [K in ApprovalType]: { type: K };
};

export const APPROVAL_TYPE_NAMES = Object.keys(APPROVAL_TYPES) as readonly ApprovalType[];

/** The definition of an approval type; undefined for anything that is not one (hand-built rules carry anything). */
export function definitionOf(type: unknown): ApprovalTypeDefinition<ApprovalEntry> | undefined {
  if (typeof type !== 'string' || !Object.hasOwn(APPROVAL_TYPES, type)) return undefined;
  // Sound: the table files each definition under the type its entries carry.
  return APPROVAL_TYPES[type as ApprovalType] as ApprovalTypeDefinition<ApprovalEntry>;
}

/**
 * The effect of a fired event of an entry of type `type`: the type's own, when the event is the one that
 * effect fires. A denying event is honoured whatever entry it names (failing closed); any other mismatch
 * (an unknown type, an event the type never fires) has no effect, so it can never approve.
 */
export function effectOf(event: unknown, type: unknown): DecisionEffect | undefined {
  const definition = definitionOf(type);
  if (definition && EFFECTS[definition.decisionEffect].event === event) return definition.decisionEffect;
  return PRECEDENCE.find((e) => EFFECTS[e].event === event && denies(e));
}

/** Whether people may approve through entries of this type. */
export function admitsApprovers(type: unknown): boolean {
  return definitionOf(type)?.admits !== undefined;
}
