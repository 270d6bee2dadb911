// How long an automatic approval lasts: the configured grant (PT1H by default), or the requested duration
// when that is shorter. Calendar arithmetic (luxon), so `P1D` across a clock change is still one day.
import { DateTime } from 'luxon';
import { isoDuration } from './duration.js';
import { isPositiveDuration } from './operators.js';
import { durationTooLong, MAX_DURATION } from '../request/check.js';

export const DEFAULT_GRANT = 'PT1H';

/** Throws a plain sentence when the configured grant is not a positive ISO 8601 duration of at most P10Y. */
export function checkGrantDuration(grant: string): string {
  if (!isPositiveDuration(grant)) {
    throw new TypeError(
      `grantDuration must be a positive ISO 8601 duration such as PT1H, got ${JSON.stringify(grant)}`,
    );
  }
  if (durationTooLong(grant)) {
    throw new TypeError(`grantDuration must be at most ${MAX_DURATION} (ten years), got ${JSON.stringify(grant)}`);
  }
  return grant.trim();
}

export interface Grant {
  grantDuration: string;
  expiresAt: string;
}

// In UTC a day is always 24 hours, so a duration without years, quarters or months (and with whole days and
// weeks) has one length in milliseconds wherever it starts. Those, the common case (PT1H), skip the calendar;
// the length is remembered per text. Months and years go through luxon's calendar arithmetic.
const fixedLengths = new Map<string, number | null>();

function fixedLength(duration: string): number | null {
  let ms = fixedLengths.get(duration);
  if (ms === undefined) {
    const d = isoDuration(duration);
    ms =
      d.isValid &&
      d.years === 0 &&
      d.quarters === 0 &&
      d.months === 0 &&
      Number.isInteger(d.weeks) &&
      Number.isInteger(d.days)
        ? d.toMillis()
        : null;
    if (fixedLengths.size >= 1_000) fixedLengths.clear(); // bounded: durations come from requests
    fixedLengths.set(duration, ms);
  }
  return ms;
}

// The largest epoch millisecond a Date holds; an end past it has no ISO text.
const LAST_DATE_MS = 8.64e15;

/** Epoch milliseconds of `now + duration`, in UTC; NaN when it is no instant a Date can hold. */
function endOf(now: Date, duration: string): number {
  const ms = fixedLength(duration);
  const end =
    ms !== null ? now.getTime() + ms : DateTime.fromJSDate(now, { zone: 'utc' }).plus(isoDuration(duration)).toMillis();
  return Number.isFinite(end) && Math.abs(end) <= LAST_DATE_MS ? end : Number.NaN;
}

/**
 * The grant for an approval at `now`. `requested` is used only when valid and shorter than `configured`.
 * Undefined when no end can be computed (a duration past the range of dates): the request check and the
 * engine's option both cap durations, so that is a host bypassing them, and the caller must not approve.
 */
export function grantFor(now: Date, configured: string, requested?: string): Grant | undefined {
  let duration = configured.trim();
  let end = endOf(now, duration);
  if (requested !== undefined && isPositiveDuration(requested)) {
    const asked = requested.trim();
    const askedEnd = endOf(now, asked);
    if (askedEnd < end || (Number.isNaN(end) && !Number.isNaN(askedEnd))) {
      duration = asked;
      end = askedEnd;
    }
  }
  if (Number.isNaN(end)) return undefined;
  return { grantDuration: duration, expiresAt: new Date(end).toISOString() };
}
