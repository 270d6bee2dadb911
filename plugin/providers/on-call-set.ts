// Who is on call at one instant, from any provider's entries: the users of the entries with
// start <= now < end, emails trimmed and lower-cased (plugin/email.ts). A person listed several times (several
// layers, escalation levels or overlapping entries) is one person, kept with the longest-lasting entry. An
// entry covering the instant with no user, or a user without an email, joins no set and is reported as
// skipped, so a trace can show it.
import { normaliseEmail } from '../email.js';
import type { OnCallPerson, SkippedEntry } from './contract.js';
import { compareInstants, covers, formatInstant, type Instant } from './instant.js';

/** One entry as every provider's decoder gives it: exact bounds, and the user when there is one. */
export interface PersonEntry {
  start: Instant;
  end: Instant;
  user?: { id?: string; name?: string; email?: string } | undefined;
}

export function peopleOnCall(
  entries: Iterable<PersonEntry>,
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
    const known = byEmail.get(email);
    if (known && compareInstants(known.end, entry.end) >= 0) continue;
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
  // Sorted by email so answers (and the CLI's output) do not depend on the order a provider sent entries in.
  const onCall = [...byEmail.values()]
    .map((v) => v.person)
    .sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
  return { onCall, skipped };
}

/**
 * The nearest entry boundaries at or before `at` (from) and after it (until): who is on call is the same for
 * every instant in [from, until), because no entry starts or ends inside it. Providers reuse an answer there.
 */
export function stableSpan(entries: Iterable<PersonEntry>, at: Instant): { from?: Instant; until?: Instant } {
  let from: Instant | undefined;
  let until: Instant | undefined;
  const consider = (b: Instant) => {
    if (compareInstants(b, at) <= 0) {
      if (from === undefined || compareInstants(b, from) > 0) from = b;
    } else if (until === undefined || compareInstants(b, until) < 0) until = b;
  };
  for (const e of entries) {
    consider(e.start);
    consider(e.end);
  }
  return { ...(from ? { from } : {}), ...(until ? { until } : {}) };
}
