// Exact instants for shift boundaries. incident.io sends RFC 3339 times with microseconds
// (`2026-11-26T09:00:00.123456Z`) and `Date.parse` silently drops everything after the millisecond, so an
// entry ending at 09:00:00.000500 would look as if it ended at 09:00:00.000 and its person would drop off
// half a millisecond early. We keep the epoch millisecond and the microseconds inside it separately and
// compare the pair.
//
// Digits finer than a microsecond are rounded UP to the next microsecond. Lookup instants are whole
// milliseconds (a `Date`), so for any whole-microsecond `now`:  start <= now  and  now < end  give the same
// answer with the rounded-up value as with the exact one. Rounding up is therefore exact, not a guess.

export interface Instant {
  /** Whole epoch milliseconds (floor). */
  ms: number;
  /** Microseconds past `ms`, 0..999. */
  us: number;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,12}))?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses an RFC 3339 timestamp (any offset, any fraction length); undefined when it is not one. */
export function parseInstant(text: unknown): Instant | undefined {
  if (typeof text !== 'string') return undefined;
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac = '', zone] = m;
  const year = Number(y),
    month = Number(mo),
    day = Number(d);
  const hour = Number(h),
    minute = Number(mi),
    second = Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCMonth() !== month - 1) return undefined; // 31 November and friends
  date.setUTCHours(hour, minute, second, 0);
  let ms = date.getTime();
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone!.startsWith('-') ? -1 : 1;
    const oh = Number(zone!.slice(1, 3)),
      om = Number(zone!.slice(4, 6));
    if (oh > 23 || om > 59) return undefined;
    ms -= sign * (oh * 60 + om) * 60_000;
  }
  const digits = frac.padEnd(9, '0');
  ms += Number(digits.slice(0, 3));
  let us = Number(digits.slice(3, 6));
  if (/[1-9]/.test(frac.slice(6))) us += 1; // round sub-microsecond digits up (see the header)
  if (us === 1000) {
    ms += 1;
    us = 0;
  }
  if (!Number.isFinite(ms)) return undefined;
  return { ms, us };
}

export function instantFromDate(date: Date): Instant {
  return { ms: date.getTime(), us: 0 };
}

/** Negative when a is before b, 0 when equal, positive after. */
export function compareInstants(a: Instant, b: Instant): number {
  return a.ms !== b.ms ? a.ms - b.ms : a.us - b.us;
}

/** True when `start <= at < end`: the half-open interval of a shift. */
export function covers(start: Instant, end: Instant, at: Instant): boolean {
  return compareInstants(start, at) <= 0 && compareInstants(at, end) < 0;
}

/**
 * UTC ISO text with as many fraction digits as the instant needs: `2026-11-27T00:00:00Z`,
 * `2026-11-26T09:00:00.123Z`, `2026-11-26T09:00:00.000500Z`.
 */
export function formatInstant(instant: Instant): string {
  const base = new Date(instant.ms).toISOString(); // ....sss Z
  const whole = base.slice(0, 19);
  const millis = base.slice(20, 23);
  if (instant.us) return `${whole}.${millis}${String(instant.us).padStart(3, '0')}Z`;
  if (millis !== '000') return `${whole}.${millis}Z`;
  return `${whole}Z`;
}

/** incident.io's own style: always six fraction digits. */
export function formatInstantMicros(instant: Instant): string {
  const base = new Date(instant.ms).toISOString();
  return `${base.slice(0, 23)}${String(instant.us).padStart(3, '0')}Z`;
}

/**
 * An instant a decision can be made at, from text: RFC 3339 with its zone, a real calendar date, and at most
 * millisecond precision (a decision's instant is a `Date`, which holds whole milliseconds, so finer digits
 * would be silently cut and a shift ending at `.000500` would still cover `.000600`). Every place that
 * takes an instant from a person or a host (`now` in test files, a host's `now` fact, the CLI's `--now`)
 * reads it with this, so they all refuse the same texts with the same sentence.
 */
export function parseInstantStrict(text: unknown): { date: Date; problem?: undefined } | { problem: string } {
  if (typeof text !== 'string') return { problem: 'an instant must be RFC 3339 text' };
  const instant = parseInstant(text);
  if (!instant && text.length <= 40 && /^\d{4}-\d\d-\d\d[Tt ][\d:.]+$/.test(text) && parseInstant(`${text}Z`)) {
    // A local time: the commonest slip, and its fix is one letter.
    return {
      problem: `\`${text}\` is missing its zone: add Z for UTC (${text}Z) or an offset such as +01:00; without one it is not a real RFC 3339 instant`,
    };
  }
  if (!instant) {
    return {
      problem: `\`${text.length > 60 ? `${text.slice(0, 57)}...` : text}\` is not a real RFC 3339 instant with its zone (such as 2026-11-26T08:00:00Z or 2026-11-26T09:00:00+01:00)`,
    };
  }
  if (instant.us !== 0) {
    return {
      problem:
        'the instant has digits finer than a millisecond, which a decision cannot use: write at most three after the point',
    };
  }
  const date = new Date(instant.ms);
  if (Number.isNaN(date.getTime())) return { problem: 'the instant is outside the range of dates' };
  return { date };
}

/**
 * A `Date` for an instant given as a value (a host's `now` fact): a valid Date, whole epoch milliseconds,
 * or text read by `parseInstantStrict`. Anything else, fractional milliseconds included, is an invalid Date,
 * which every lookup turns into "unknown".
 */
export function instantValueToDate(value: unknown): Date {
  if (value instanceof Date) return new Date(value.getTime());
  if (typeof value === 'number') return Number.isSafeInteger(value) ? new Date(value) : new Date(Number.NaN);
  const read = parseInstantStrict(value);
  return 'date' in read ? read.date : new Date(Number.NaN);
}
