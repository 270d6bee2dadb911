// The inputs the package reads. They all go through the one reader (reader.ts); a kind supplies only what
// differs: what the input is called in messages, its bounds, and which of its lists are expected to be long.
import { DEFAULT_LIMITS, resolveLimits, SCHEDULES_LIMITS, type SourceLimits } from './limits.js';

export interface InputKind {
  /** What the input is called in messages ("the routing file is UTF-16 text"): one noun a kind. */
  noun: string;
  /** Who shares the size bound, for the message refusing an input over it; defaults to the noun. */
  sizeNoun?: string;
  limits: SourceLimits;
  /** JSON pointers of the lists that may hold more than `limits.maxEntries` items (the list of rules). */
  longLists: readonly string[];
}

export const ROUTING_INPUT: InputKind = {
  noun: 'routing file',
  sizeNoun: 'routing or request file',
  limits: DEFAULT_LIMITS,
  longLists: ['', '/rules'],
};

export const REQUEST_INPUT: InputKind = {
  noun: 'request',
  sizeNoun: 'routing or request file',
  limits: DEFAULT_LIMITS,
  longLists: [],
};

/** A test file holds its rules inline under `rules`, a list as long as a routing file's. */
export const TEST_INPUT: InputKind = { noun: 'test file', limits: DEFAULT_LIMITS, longLists: ['', '/rules'] };

export const SCHEDULES_INPUT: InputKind = { noun: 'schedules file', limits: SCHEDULES_LIMITS, longLists: [] };

/** The kind with some of its bounds changed (a host may tighten or widen them). */
export function withLimits(kind: InputKind, limits: Partial<SourceLimits> | undefined): InputKind {
  return limits ? { ...kind, limits: resolveLimits(limits, kind.limits) } : kind;
}
