// A typed client for the four incident.io calls this package needs. Pagination is followed here; the
// transport under it handles timeouts, retries, the budget and error wording.
import type { ApiSchedule, Identity, ScheduleEntries, SchedulesPage } from './api-types.js';
import { decodeEntriesPage, decodeIdentity, decodeSchedulesPage, decodeShowSchedule } from './decode.js';
import { IncidentIoError } from './errors.js';
import { formatInstantMicros, instantFromDate } from '../instant.js';
import { resolveSettings, type IncidentIoSettings, type ResolvedIncidentIoSettings } from './settings.js';
import { createTransport, type CallOptions, type Transport } from './transport.js';

export type { CallOptions } from './transport.js';

// A runaway cursor (a server that keeps answering with more pages) must end in an error, not a hang.
const MAX_PAGES = 1_000;

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
      let after: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const result = await client.listSchedules({ ...call, ...(after ? { after } : {}) });
        for (const schedule of result.schedules) {
          if (!seen.has(schedule.id)) all.push(schedule);
          seen.add(schedule.id);
        }
        if (!result.after || result.schedules.length === 0) return all;
        if (result.after === after) {
          throw new IncidentIoError('shape', 'incident.io returned the same schedules page cursor twice; stopping', {
            path: '/v2/schedules',
          });
        }
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
        merged.scheduled.push(...result.scheduled);
        merged.overrides.push(...result.overrides);
        merged.final.push(...result.final);
        if (!result.after) return merged;
        if (cursors.has(result.after)) {
          throw new IncidentIoError('shape', 'incident.io returned the same schedule entries cursor twice; stopping', {
            path: '/v2/schedule_entries',
          });
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
