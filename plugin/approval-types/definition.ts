// What one approval type is, said once: the keys its entries take (from which come its JSON Schema branch and
// its TypeScript type), the conditions it compiles to, what a satisfied entry does to the decision, whom it
// admits as approver, and the sentences it explains itself with. The table of every type is ./index.ts.
//
// A definition is written as `const schema = {...} as const satisfies SchemaPart`, its entry type as
// `EntryOf<'name', typeof schema>`, and the definition itself with that type annotated: the annotation keeps
// the table's type (and so `ApprovalEntry`) from depending on the definitions' bodies, which themselves
// mention `ApprovalEntry` through the compiled vocabulary.
import { selfAllowed, type Condition } from '../compile/conditions.js';
import type { EntryEventParams } from '../compile/vocabulary.js';
import type { ConditionTrace } from '../engine/decision-types.js';
import type { Grant } from '../engine/grant.js';
import type { Session } from '../engine/session.js';
import type { AccessRequest, Approver } from '../request/types.js';
import type { ApprovalOptions, Directory, Effect, GroupRef, Integration } from '../routing/types.js';
import type { DecisionEffect } from './effects.js';

/** The routing schema's definitions an entry key may be described by, with the type each gives the key. */
export interface EntryKeyTypes {
  integration: Integration;
  services: string[];
  groups: GroupRef[];
  groupEffect: Effect;
  directory: Directory;
  profileProperty: string;
}

/** The keys an entry of a type takes besides `type` and `options` (which every entry takes). */
export interface SchemaPart {
  /** Each key, with the name of the schema definition (`#/definitions/...`) that describes it. */
  readonly properties: { readonly [key: string]: keyof EntryKeyTypes };
  readonly required: readonly string[];
}

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The TypeScript type of an entry, read off its schema part, so the two cannot disagree. */
export type EntryOf<T extends string, S extends SchemaPart> = Simplify<
  { type: T } & {
    -readonly [K in keyof S['properties'] & S['required'][number]]: EntryKeyTypes[S['properties'][K]];
  } & {
    -readonly [K in Exclude<keyof S['properties'], S['required'][number]>]?: EntryKeyTypes[S['properties'][K]];
  } & { options?: ApprovalOptions }
>;

/** Any entry, as the definitions' shared parts see it. */
export interface AnyEntry {
  type: string;
  options?: ApprovalOptions;
}

/** What a sentence about one evaluated entry may read. */
export interface EntryContext {
  /** The entry as compiled (its event's params). */
  params: EntryEventParams;
  /** The entry's evaluated conditions, with their actual values (the lookup that satisfied it is among them). */
  conditions: readonly ConditionTrace[];
  session: Session;
  request: AccessRequest;
}

export interface DecidedContext extends EntryContext {
  /** How long the approval lasts; absent for a denial and for standing access with no requested duration. */
  grant?: Grant;
}

export interface AdmittedContext extends EntryContext {
  approver: Approver;
}

/** Who may approve through an open path now (when the path can name them), and the sentence saying so. */
export interface OpenPath {
  approvers?: string[];
  why: string;
}

/** How an entry admits approvers (`canApprove`). */
export interface Admits<E extends AnyEntry> {
  /**
   * Who the entry admits, beyond what every approver must be (named, and not the requestor unless the
   * entry allows one party). Synchronous checks only.
   */
  conditions?(entry: E): Condition[];
  /** The approver's on-call check, evaluated after every synchronous one. */
  onCall?(entry: E): Condition;
  /** Why this approver was admitted, as a clause. */
  because(context: AdmittedContext): string;
}

interface DefinitionBase<E extends AnyEntry> {
  readonly type: E['type'];
  /** What the type does, as a clause; the schema's description of `type` is made of these. */
  readonly summary: string;
  readonly schema: SchemaPart;
  /** What the type adds to its events' params (between `type` and `options`): what a host acts on. */
  params?(entry: E): Partial<EntryEventParams>;
  /**
   * Request-side conditions, beyond the options, that a satisfied entry needs: for a path, what keeps it
   * open (someone other than the requestor can still approve). Synchronous checks only.
   */
  conditions?(entry: E): Condition[];
  /** The requestor's on-call check, when being on call is what satisfies the entry. */
  onCall?(entry: E): Condition;
  /** Present when people may approve through the entry. */
  readonly admits?: Admits<E>;
}

/** What a satisfied entry does to the decision, with the sentences that go with it. */
type Deciding =
  | {
      readonly decisionEffect: Exclude<DecisionEffect, 'path'>;
      /** The decision's reasons when this entry decides it. */
      decided(context: DecidedContext): string[];
    }
  | {
      readonly decisionEffect: 'path';
      /** Who may approve now, and how the open path reads. */
      openPath(context: EntryContext): OpenPath | Promise<OpenPath>;
    };

export type ApprovalTypeDefinition<E extends AnyEntry = AnyEntry> = DefinitionBase<E> & Deciding;

/** The entry type a definition describes. */
export type EntryOfDefinition<D> = D extends ApprovalTypeDefinition<infer E> ? E : never;

/** People who may approve through an entry: each once, and not the requestor unless the entry allows it. */
export function approversBesidesRequestor(emails: readonly string[], context: EntryContext): string[] {
  const self = selfAllowed(context.params);
  const requestor = context.request.requestor.email;
  return [...new Set(emails)].filter((e) => self || e !== requestor);
}
