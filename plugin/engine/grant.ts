// How long an automatic approval lasts: the configured grant (PT1H by default), or the requested duration
// when that is shorter. Calendar arithmetic (luxon), so `P1D` across a clock change is still one day.
import { DateTime, Duration } from 'luxon';
import { isPositiveDuration } from './operators.js';

export const DEFAULT_GRANT = 'PT1H';

/** Throws a plain sentence when the configured grant is not a positive ISO 8601 duration. */
export function checkGrantDuration(grant: string): string {
  if (!isPositiveDuration(grant)) {
    throw new TypeError(
      `grantDuration must be a positive ISO 8601 duration such as PT1H, got ${JSON.stringify(grant)}`,
    );
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
    const d = Duration.fromISO(duration);
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

/** Epoch milliseconds of `now + duration`, in UTC. */
function endOf(now: Date, duration: string): number {
  const ms = fixedLength(duration);
  if (ms !== null) return now.getTime() + ms;
  return DateTime.fromJSDate(now, { zone: 'utc' }).plus(Duration.fromISO(duration)).toMillis();
}

/** The grant for an approval at `now`. `requested` is used only when valid and shorter than `configured`. */
export function grantFor(now: Date, configured: string, requested?: string): Grant {
  let duration = configured.trim();
  if (requested !== undefined && isPositiveDuration(requested)) {
    const asked = requested.trim();
    if (endOf(now, asked) < endOf(now, duration)) duration = asked;
  }
  return { grantDuration: duration, expiresAt: new Date(endOf(now, duration)).toISOString() };
}
