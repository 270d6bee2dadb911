// ISO 8601 durations as luxon reads them, in one place. The locale is named because without one luxon asks
// the system for its locale, which loads ICU's data (tens of milliseconds in a fresh process, before the
// first decision); a duration's length does not depend on a locale. Internal: no public declaration names
// luxon's types, so a host needs no @types/luxon.
import { Duration } from 'luxon';

const LOCALE = { locale: 'en-US' };

export function isoDuration(text: string): Duration {
  return Duration.fromISO(text, LOCALE);
}
