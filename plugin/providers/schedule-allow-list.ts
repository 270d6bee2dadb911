// The schedules "on call for any schedule" may look at, as a person writes them (a comma-separated list,
// as a command-line flag or an environment variable takes it). P0's integration page lets an account narrow
// auto-approval to chosen schedules; both providers take the list as `scheduleAllowList`. A malformed list is
// refused, never read as "no restriction": an allow-list that silently widened would be a hole.
import { routingSchema } from '../routing/schema.js';

const definitions = routingSchema().definitions as Record<string, { pattern: string; maxLength: number }>;
/** The routing language's rule for a schedule ID (`definitions.scheduleId`), so the two cannot drift. */
const SCHEDULE_ID = new RegExp(definitions.scheduleId!.pattern);
const MAX_LENGTH = definitions.scheduleId!.maxLength;

export type AllowListResult = { scheduleAllowList: string[] } | { error: string };

/** `01HPRIMARY…,01HSECURITY…` → the IDs, each once, in order; or a sentence saying what is wrong. */
export function parseScheduleAllowList(text: string): AllowListResult {
  const items = text.split(',').map((s) => s.trim());
  if (items.every((s) => s === '')) return { error: 'the schedule allow-list is empty: name at least one schedule ID' };
  const ids: string[] = [];
  for (const [i, id] of items.entries()) {
    if (id === '') return { error: `item ${i + 1} of the schedule allow-list is empty` };
    if (id.length > MAX_LENGTH || !SCHEDULE_ID.test(id))
      return {
        error: `${JSON.stringify(id)} in the schedule allow-list is not a schedule ID (letters, digits, - and _)`,
      };
    if (!ids.includes(id)) ids.push(id);
  }
  return { scheduleAllowList: ids };
}
