// A typed client for the four incident.io calls this package needs. Pagination is followed here; the
// transport under it handles timeouts, retries, the budget and error wording.
import type { ApiSchedule, Identity, ScheduleEntries, SchedulesPage } from './api-types.js';
import { decodeEntriesPage, decodeIdentity, decodeSchedulesPage, decodeShowSchedule } from './decode.js';
import { IncidentIoError } from './errors.js';
import { formatInstantMicros, instantFromDate } from '../instant.js';
import { resolveSettings, type IncidentIoSettings, type ResolvedIncidentIoSettings } from './settings.js';
import { createTransport, type CallOptions, type Transport } from './transport.js';

export type { CallOptions } from './transport.js';

// A runaway cursor (a server that keeps answering with more pages, or cycling through cursors) must end in an
// error, not a hang or a spent call budget; so must a list too long to be real. Every cursor seen is kept,
// so a cycle of any length (A, B, A) is caught at its first repeat.
/** Pages followed for one list. */
export const MAX_PAGES = 100;
/** Schedules of one account: far above real accounts, far below what would exhaust memory. */
export const MAX_SCHEDULES = 10_000;
/** Entries of one schedule in one lookup window (a few minutes: real answers hold a handful). */
export const MAX_ENTRIES = 10_000;

/** Appends without spreading: `push(...page)` overflows the stack on a page of a few hundred thousand items. */
function append<T>(into: T[], page: readonly T[], max: number, what: string, path: string): void {
  if (into.length + page.length > max) {
    throw new IncidentIoError('shape', `incident.io returned more than ${max.toLocaleString('en')} ${what}; stopping`, {
      path,
    });
  }
  for (const item of page) into.push(item);
}

export interface EntriesQuery {
  scheduleId: string;
  windowStart: Date;
  windowEnd: Date;
}

export interface IncidentIoClient {
  /** One page of `GET /v2/schedules`. */
  listSchedules(options?: CallOptions & { pageSize?: number; after?: string }): Promise<SchedulesPage>;
  /** Every schedule of the account, following `pagination_meta.after`. */
  listAllSchedules(options?: CallOptions): Promise<ApiSchedule[]>;
  /** `GET /v2/schedules/{id}`; a 404 is an IncidentIoError of kind `not-found`. */
  showSchedule(id: string, options?: CallOptions): Promise<ApiSchedule>;
  /** Every entry overlapping the window (all pages merged), window sent in UTC. */
  listScheduleEntries(query: EntriesQuery, options?: CallOptions): Promise<ScheduleEntries>;
  /** `GET /v1/identity`: the key's name, roles and (for team-scoped keys) teams. */
  identity(options?: CallOptions): Promise<Identity>;
  /** HTTP requests sent so far, retries included. */
  readonly requestsSent: number;
  readonly settings: ResolvedIncidentIoSettings;
  /** @internal the transport, shared with the provider for its budget. */
  readonly transport: Transport;
}

export function createIncidentIoClient(input: IncidentIoSettings | ResolvedIncidentIoSettings): IncidentIoClient {
  const settings = resolveSettings(input);
  const transport = createTransport(settings);
  const withDeadline = (options: CallOptions = {}): CallOptions => ({
    ...options,
    deadline: options.deadline ?? settings.clock().getTime() + settings.deadlineMs,
  });

  const client: IncidentIoClient = {
    settings,
    transport,
    get requestsSent() {
      return transport.sent;
    },

    listSchedules(options = {}) {
      const { pageSize, after, ...call } = options;
      return transport.get(
        {
          path: '/v2/schedules',
          query: { page_size: String(pageSize ?? settings.schedulesPageSize), after },
          decode: decodeSchedulesPage,
        },
        withDeadline(call),
      );
    },

    async listAllSchedules(options = {}) {
      const call = withDeadline(options);
      const all: ApiSchedule[] = [];
      const seen = new Set<string>();
      const cursors = new Set<string>();
      let after: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const result = await client.listSchedules({ ...call, ...(after ? { after } : {}) });
        if (result.schedules.length > MAX_SCHEDULES)
          append(all, result.schedules, MAX_SCHEDULES, 'schedules', '/v2/schedules');
        for (const schedule of result.schedules) {
          if (seen.has(schedule.id)) continue;
          seen.add(schedule.id);
          append(all, [schedule], MAX_SCHEDULES, 'schedules', '/v2/schedules');
        }
        if (!result.after || result.schedules.length === 0) return all;
        if (cursors.has(result.after)) {
          throw new IncidentIoError(
            'shape',
            'incident.io returned a schedules page cursor it had returned before; stopping',
            {
              path: '/v2/schedules',
            },
          );
        }
        cursors.add(result.after);
        after = result.after;
      }
      throw new IncidentIoError('shape', `incident.io kept returning schedule pages past ${MAX_PAGES}; stopping`, {
        path: '/v2/schedules',
      });
    },

    showSchedule(id, options = {}) {
      return transport.get(
        {
          path: `/v2/schedules/${encodeURIComponent(id)}`,
          decode: decodeShowSchedule,
          notFound: `there is no schedule ${id} (or the key cannot see it)`,
        },
        withDeadline(options),
      );
    },

    async listScheduleEntries({ scheduleId, windowStart, windowEnd }, options = {}) {
      const call = withDeadline(options);
      const end = formatInstantMicros(instantFromDate(windowEnd));
      let start = formatInstantMicros(instantFromDate(windowStart));
      const merged: ScheduleEntries = { scheduled: [], overrides: [], final: [] };
      const cursors = new Set<string>();
      for (let page = 0; page < MAX_PAGES; page++) {
        const result = await transport.get(
          {
            path: '/v2/schedule_entries',
            // The next page is asked for with the opaque cursor as entry_window_start and the same end.
            query: { schedule_id: scheduleId, entry_window_start: start, entry_window_end: end },
            decode: decodeEntriesPage,
            notFound: `there is no schedule ${scheduleId} (or the key cannot see it)`,
          },
          call,
        );
        const path = '/v2/schedule_entries';
        append(merged.scheduled, result.scheduled, MAX_ENTRIES, 'scheduled entries in one window', path);
        append(merged.overrides, result.overrides, MAX_ENTRIES, 'override entries in one window', path);
        append(merged.final, result.final, MAX_ENTRIES, 'final entries in one window', path);
        if (!result.after) return merged;
        if (cursors.has(result.after)) {
          throw new IncidentIoError(
            'shape',
            'incident.io returned a schedule entries cursor it had returned before; stopping',
            {
              path: '/v2/schedule_entries',
            },
          );
        }
        cursors.add(result.after);
        start = result.after;
      }
      throw new IncidentIoError(
        'shape',
        `incident.io kept returning schedule entry pages past ${MAX_PAGES}; stopping`,
        { path: '/v2/schedule_entries' },
      );
    },

    identity(options = {}) {
      return transport.get({ path: '/v1/identity', decode: decodeIdentity }, withDeadline(options));
    },
  };
  return client;
}
