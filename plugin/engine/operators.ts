// The plugin's operators. json-rules-engine calls operators synchronously with (fact value, condition
// value), so they only compare: the on-call answers they read were fetched by the async on-call facts.
// Every operator is total: a missing or malformed value compares false (or, for the "not" forms, as the
// routing language says), never throws. Emails are compared trimmed and lower-cased everywhere, so a host
// that hands in `Alice@Example.com ` gets the same answer as one that normalised it.
import { isoDuration } from './duration.js';
import { normaliseEmail } from '../email.js';
import { compileFilterPattern, type FilterPattern } from '../routing/pattern.js';
import type { OperatorKey as PluginOperator } from '../compile/vocabulary.js';
import type { OnCallAnswer } from '../providers/contract.js';
import { parseInstant } from '../providers/instant.js';
import { isSealed } from '../providers/lookup-helpers.js';

export type OperatorFn = (factValue: unknown, compareTo: unknown) => boolean;

/** The one email rule (plugin/email.ts), under the name the engine's modules use. */
export const normEmail = normaliseEmail;

// Something a reader can see: `trim()` keeps zero-width spaces, joiners, the byte-order mark, soft hyphens,
// control characters and fillers (U+3164, U+2800), so a reason made only of those would satisfy
// `requireReason` while saying nothing.
const VISIBLE = /[^\s\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]/u;

export function isNonBlank(value: unknown): value is string {
  return typeof value === 'string' && VISIBLE.test(value);
}

/** A valid ISO 8601 duration longer than zero (`PT2H`, `P1D`); `PT0S`, `PT-1H` and prose are not. */
export function isPositiveDuration(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const duration = isoDuration(value.trim());
  return duration.isValid && duration.toMillis() > 0;
}

/**
 * The normalised emails on call in a schedule answer this package sealed (plain data that never changes):
 * providers share such answers between decisions, so the set is made once, not per check.
 */
const onCallEmails = new WeakMap<object, ReadonlySet<string | undefined>>();
function sealedOnCall(s: { onCall: readonly unknown[] }): ReadonlySet<string | undefined> | undefined {
  let set = onCallEmails.get(s);
  if (set === undefined) {
    if (!isSealed(s)) return undefined;
    set = new Set(s.onCall.map((p) => normEmail((p as { email?: unknown } | null)?.email)));
    onCallEmails.set(s, set);
  }
  return set;
}

/** True only when a schedule that ANSWERED lists the email as on call: failed schedules never count. */
export function onCallIn(email: unknown, answer: unknown): boolean {
  const wanted = normEmail(email);
  if (wanted === undefined || typeof answer !== 'object' || answer === null) return false;
  const schedules = (answer as OnCallAnswer).schedules;
  if (!Array.isArray(schedules)) return false;
  return schedules.some((s) => {
    if (s?.status !== 'answered' || !Array.isArray(s.onCall)) return false;
    const known = sealedOnCall(s);
    return known !== undefined ? known.has(wanted) : s.onCall.some((p) => normEmail(p?.email) === wanted);
  });
}

function emailList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const v of value) {
    const e = normEmail(v);
    if (e !== undefined) out.push(e);
  }
  return out;
}

function groupKey(g: unknown): string | undefined {
  if (typeof g !== 'object' || g === null) return undefined;
  const { directory, id } = g as { directory?: unknown; id?: unknown };
  return typeof directory === 'string' && typeof id === 'string' ? `${directory}\u0000${id}` : undefined;
}

/** Directory groups count as the same when directory and id are equal (labels are for people). */
function inAnyGroup(groups: unknown, wanted: unknown): boolean {
  if (!Array.isArray(groups) || !Array.isArray(wanted)) return false;
  // A requestor is in a few groups and a rule names a few: comparing each pair beats building a set, up to
  // a point; past it, the set keeps this linear.
  if (groups.length * wanted.length > 64) {
    const have = new Set(groups.map(groupKey));
    return wanted.some((w) => {
      const k = groupKey(w);
      return k !== undefined && have.has(k);
    });
  }
  for (const w of wanted) {
    if (typeof w !== 'object' || w === null) continue;
    const { directory, id } = w as { directory?: unknown; id?: unknown };
    if (typeof directory !== 'string' || typeof id !== 'string') continue;
    for (const g of groups) {
      if (typeof g === 'object' && g !== null && g.directory === directory && g.id === id) return true;
    }
  }
  return false;
}

/** A matching value: strings as they are, numbers and booleans as text, objects by any of their values. */
export function valueMatches(value: unknown, pattern: FilterPattern): boolean {
  if (typeof value === 'string') return pattern.test(value);
  if (typeof value === 'number' || typeof value === 'boolean') return pattern.test(String(value));
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return Object.values(value).some((v) => (typeof v === 'object' ? false : valueMatches(v, pattern)));
  }
  if (Array.isArray(value)) return value.some((v) => (typeof v === 'object' ? false : valueMatches(v, pattern)));
  return false;
}

/**
 * The plugin's operator table. Each call makes its own regular-expression cache: patterns are compiled once
 * per engine (the first time a rule uses them), the way the routing loader compiles them.
 */
export function createOperators(): Record<PluginOperator, OperatorFn> {
  const patterns = new Map<string, FilterPattern>();
  const regex = (pattern: unknown): FilterPattern | undefined => {
    if (typeof pattern !== 'string') return undefined;
    let re = patterns.get(pattern);
    if (re === undefined) {
      try {
        re = compileFilterPattern(pattern);
      } catch {
        return undefined; // refused at load and compile time; here it simply never matches
      }
      patterns.set(pattern, re);
    }
    return re;
  };
  const matches = (value: unknown, pattern: unknown): boolean => {
    const re = regex(pattern);
    return re !== undefined && valueMatches(value, re);
  };
  return {
    isOnCallAny: onCallIn,
    isOnCallFor: onCallIn,
    emailEquals: (a, b) => {
      const x = normEmail(a);
      return x !== undefined && x === normEmail(b);
    },
    emailDiffers: (a, b) => {
      const x = normEmail(a);
      const y = normEmail(b);
      return x !== undefined && y !== undefined && x !== y;
    },
    emailIn: (a, list) => {
      const x = normEmail(a);
      return x !== undefined && emailList(list).includes(x);
    },
    hasEmail: (list, expected) => emailList(list).length > 0 === (expected === true),
    hasEmailBesides: (list, other) => {
      const o = normEmail(other);
      return emailList(list).some((e) => e !== o);
    },
    inAnyGroup,
    // Absent groups count as none: the host states the groups it knows.
    inNoGroup: (groups, wanted) => Array.isArray(wanted) && !inAnyGroup(Array.isArray(groups) ? groups : [], wanted),
    matchesPattern: matches,
    notMatchesPattern: (value, pattern) => regex(pattern) !== undefined && !matches(value, pattern),
    isPresent: (value, expected) => (value !== undefined && value !== null) === (expected === true),
    nonBlank: (value, expected) => isNonBlank(value) === (expected === true),
    positiveDuration: (value, expected) => isPositiveDuration(value) === (expected === true),
    instantAfter: (value, now) => {
      const at = parseInstant(value)?.ms;
      const ref = instantMs(now);
      return at !== undefined && ref !== undefined && at > ref;
    },
  };
}

/**
 * The evaluation instant as a `now` fact holds it: a Date, epoch milliseconds, or RFC 3339 text with its
 * zone. Anything else (an invalid Date, local-time text) is no instant, so nothing is "after" it.
 */
function instantMs(value: unknown): number | undefined {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : parseInstant(value)?.ms;
  return ms !== undefined && Number.isFinite(ms) ? ms : undefined;
}

/** json-rules-engine's built-in operators, with the same semantics (used by the approval engine's evaluator). */
const numeric = (v: unknown) => Number.parseFloat(v as string).toString() !== 'NaN';
export const BUILTIN_OPERATOR_FNS: Record<string, OperatorFn> = {
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  in: (a, b) => (b as unknown[]).indexOf(a) > -1,
  notIn: (a, b) => (b as unknown[]).indexOf(a) === -1,
  contains: (a, b) => Array.isArray(a) && a.indexOf(b) > -1,
  doesNotContain: (a, b) => Array.isArray(a) && a.indexOf(b) === -1,
  lessThan: (a, b) => numeric(a) && (a as number) < (b as number),
  lessThanInclusive: (a, b) => numeric(a) && (a as number) <= (b as number),
  greaterThan: (a, b) => numeric(a) && (a as number) > (b as number),
  greaterThanInclusive: (a, b) => numeric(a) && (a as number) >= (b as number),
};
