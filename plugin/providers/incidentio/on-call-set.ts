// The on-call set of one schedule at one instant (docs/routing.md, What "on call" means): the users of the resolved
// entries with start_at <= now < end_at, emails trimmed and lower-cased. An entry covering the instant that
// has no user, or a user without an email, joins no set and is reported as skipped so a trace can show it.
import type { TimedEntry } from './api-types.js';
import { normaliseEmail } from '../../email.js';
import { covers, formatInstant, type Instant } from '../instant.js';
import type { OnCallPerson, SkippedEntry } from '../contract.js';

export function onCallAt(
  entries: readonly TimedEntry[],
  at: Instant,
): { onCall: OnCallPerson[]; skipped: SkippedEntry[] } {
  const byEmail = new Map<string, { person: OnCallPerson; end: Instant }>();
  const skipped: SkippedEntry[] = [];
  for (const entry of entries) {
    if (!covers(entry.start, entry.end, at)) continue;
    const since = formatInstant(entry.start);
    const until = formatInstant(entry.end);
    const user = entry.user;
    const email = normaliseEmail(user?.email) ?? '';
    if (!user || !email) {
      skipped.push({
        reason: user ? 'no-email' : 'no-user',
        since,
        until,
        ...(user?.id ? { userId: user.id } : {}),
        ...(user?.name ? { userName: user.name } : {}),
      });
      continue;
    }
    // Several layers can put the same person on call; keep one record, the one that lasts longest.
    const known = byEmail.get(email);
    if (known && (known.end.ms > entry.end.ms || (known.end.ms === entry.end.ms && known.end.us >= entry.end.us)))
      continue;
    byEmail.set(email, {
      end: entry.end,
      person: {
        email,
        ...(user.name ? { name: user.name } : {}),
        ...(user.id ? { userId: user.id } : {}),
        since,
        until,
      },
    });
  }
  // Sorted by email so answers (and the CLI's output) do not depend on the order the API sent entries in.
  const onCall = [...byEmail.values()]
    .map((v) => v.person)
    .sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
  return { onCall, skipped };
}
