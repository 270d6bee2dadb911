// Loose decoders for incident.io responses: unknown fields are ignored, but a field we rely on that is
// missing or of the wrong type is an error (ShapeError), never a crash and never a silent guess.
import type {
  ApiSchedule,
  ApiScheduleEntry,
  ApiUser,
  EntriesPage,
  Identity,
  SchedulesPage,
  TimedEntry,
} from './api-types.js';
import { compareInstants, parseInstant } from '../instant.js';
import { isObject, list, object, optionalString, ShapeError, string } from '../decode-helpers.js';

export { ShapeError };

function decodeSchedule(v: unknown, where: string): ApiSchedule {
  const o = object(v, where);
  const id = string(o.id, `${where}.id`);
  if (!id) throw new ShapeError(`${where}.id is empty`);
  const teamIds = o.team_ids === undefined || o.team_ids === null ? [] : list(o.team_ids, `${where}.team_ids`);
  return {
    id,
    name: string(o.name, `${where}.name`),
    timezone: optionalString(o.timezone, `${where}.timezone`) ?? '',
    team_ids: teamIds.map((t, i) => string(t, `${where}.team_ids[${i}]`)),
  };
}

export function decodeSchedulesPage(body: unknown): SchedulesPage {
  const o = object(body, 'the body');
  const schedules = list(o.schedules, 'schedules').map((s, i) => decodeSchedule(s, `schedules[${i}]`));
  let after: string | undefined;
  let totalRecordCount: number | undefined;
  if (o.pagination_meta !== undefined && o.pagination_meta !== null) {
    const meta = object(o.pagination_meta, 'pagination_meta');
    after = optionalString(meta.after, 'pagination_meta.after') || undefined;
    if (typeof meta.total_record_count === 'number') totalRecordCount = meta.total_record_count;
  }
  return { schedules, ...(after ? { after } : {}), ...(totalRecordCount !== undefined ? { totalRecordCount } : {}) };
}

export function decodeShowSchedule(body: unknown): ApiSchedule {
  return decodeSchedule(object(body, 'the body').schedule, 'schedule');
}

function decodeUser(v: unknown, where: string): ApiUser | undefined {
  if (v === undefined || v === null) return undefined;
  const o = object(v, where);
  const user: ApiUser = {};
  const id = optionalString(o.id, `${where}.id`);
  const name = optionalString(o.name, `${where}.name`);
  const email = optionalString(o.email, `${where}.email`);
  if (id !== undefined) user.id = id;
  if (name !== undefined) user.name = name;
  if (email !== undefined) user.email = email;
  return user;
}

export function decodeEntry(v: unknown, where: string): ApiScheduleEntry {
  const o = object(v, where);
  const start_at = string(o.start_at, `${where}.start_at`);
  const end_at = string(o.end_at, `${where}.end_at`);
  if (!parseInstant(start_at))
    throw new ShapeError(`${where}.start_at is not an RFC 3339 time: ${JSON.stringify(start_at)}`);
  if (!parseInstant(end_at)) throw new ShapeError(`${where}.end_at is not an RFC 3339 time: ${JSON.stringify(end_at)}`);
  const user = decodeUser(o.user, `${where}.user`);
  return { start_at, end_at, ...(user ? { user } : {}) };
}

export function decodeEntriesPage(body: unknown): EntriesPage {
  const o = object(body, 'the body');
  const payload = object(o.schedule_entries, 'schedule_entries');
  const entries = (key: 'scheduled' | 'overrides' | 'final') =>
    list(payload[key] ?? [], `schedule_entries.${key}`).map((e, i) => decodeEntry(e, `schedule_entries.${key}[${i}]`));
  // `final` is what decides; the API documents it as always present, so its absence (or a null, which would
  // read as nobody on call) is a shape error.
  if (payload.final === undefined) throw new ShapeError('schedule_entries.final is missing');
  if (payload.final === null) throw new ShapeError('schedule_entries.final is null, not a list');
  if (Array.isArray(payload.final)) {
    payload.final.forEach((e, i) => {
      const where = `schedule_entries.final[${i}]`;
      if (!isObject(e)) return;
      const start = typeof e.start_at === 'string' ? parseInstant(e.start_at) : undefined;
      const end = typeof e.end_at === 'string' ? parseInstant(e.end_at) : undefined;
      // An entry that ends at or before its start covers no instant: a server bug, not "nobody on call".
      if (start && end && compareInstants(end, start) <= 0)
        throw new ShapeError(`${where} ends at ${e.end_at}, not after its start ${e.start_at}`);
    });
  }
  const page: EntriesPage = {
    scheduled: entries('scheduled'),
    overrides: entries('overrides'),
    final: entries('final'),
  };
  if (o.pagination_meta !== undefined && o.pagination_meta !== null) {
    const meta = object(o.pagination_meta, 'pagination_meta');
    const after = optionalString(meta.after, 'pagination_meta.after');
    // The API says: keep paginating until pagination_meta is absent. A block without a cursor would leave
    // entries unread, so it is an error rather than the end.
    if (!after) throw new ShapeError('pagination_meta has no after cursor');
    page.after = after;
  }
  return page;
}

export function decodeIdentity(body: unknown): Identity {
  const identity = object(object(body, 'the body').identity, 'identity');
  const roles = identity.roles === undefined ? [] : list(identity.roles, 'identity.roles');
  const teamRoles =
    identity.team_roles === undefined || identity.team_roles === null
      ? []
      : list(identity.team_roles, 'identity.team_roles');
  const teams = identity.teams === undefined || identity.teams === null ? [] : list(identity.teams, 'identity.teams');
  const dashboardUrl = optionalString(identity.dashboard_url, 'identity.dashboard_url');
  return {
    name: string(identity.name, 'identity.name'),
    roles: roles.map((r, i) => string(r, `identity.roles[${i}]`)),
    teamRoles: teamRoles.map((r, i) => string(r, `identity.team_roles[${i}]`)),
    teams: teams.map((t, i) => {
      const team = object(t, `identity.teams[${i}]`);
      return {
        id: string(team.id, `identity.teams[${i}].id`),
        name: optionalString(team.name, `identity.teams[${i}].name`) ?? '',
      };
    }),
    ...(dashboardUrl ? { dashboardUrl } : {}),
  };
}

/** What an error body says, when it is the documented envelope; never throws. */
export function decodeErrorEnvelope(body: unknown): { requestId?: string; messages: string[]; retryAfter?: unknown } {
  if (!isObject(body)) return { messages: [] };
  const requestId = typeof body.request_id === 'string' && body.request_id ? body.request_id : undefined;
  const messages = Array.isArray(body.errors)
    ? body.errors.flatMap((e) => (isObject(e) && typeof e.message === 'string' && e.message ? [e.message] : []))
    : [];
  const retryAfter = isObject(body.rate_limit) ? body.rate_limit.retry_after : undefined;
  return { ...(requestId ? { requestId } : {}), messages, ...(retryAfter !== undefined ? { retryAfter } : {}) };
}

/** Parses the bounds once; entries reach here only after decodeEntry (or the schedules file) checked them. */
export function toTimedEntry(entry: ApiScheduleEntry): TimedEntry {
  const start = parseInstant(entry.start_at);
  const end = parseInstant(entry.end_at);
  if (!start || !end) throw new ShapeError(`entry has an invalid time: ${entry.start_at} – ${entry.end_at}`);
  return { start, end, ...(entry.user ? { user: entry.user } : {}) };
}
