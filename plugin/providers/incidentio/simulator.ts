// A local incident.io: a real HTTP server on 127.0.0.1 serving a schedules file with incident.io's paths,
// query parameters, pagination, response shapes (they validate against the OpenAPI excerpt's schemas, see
// spec/providers/incidentio/api-schemas) and error envelopes. Tests, demos and a host's own tests run the real client
// against it end to end. Fault switches (429 with Retry-After, 5xx, non-JSON and wrong-shape bodies,
// latency, a key to require, a rate limit) can be set at start and changed while it runs; it counts every
// call it receives so a test can assert what a workload cost.
import type { ServerResponse } from 'node:http';
import type { ApiScheduleEntry, ApiUser } from './api-types.js';
import { compareInstants, formatInstantMicros, instantFromDate, parseInstant, type Instant } from '../instant.js';
import type { LocalSchedule, SchedulesFile } from '../local/schedules-file.js';
import {
  initialFaults,
  sendJson as send,
  startSimulatorServer,
  type CommonCallCounter,
  type CommonSimulator,
  type CommonSimulatorFaults,
  type CommonSimulatorOptions,
} from '../simulator-server.js';

/**
 * The common fault switches (see ../simulator-server.ts). A forced 429's `form` says where the wait is
 * given: the Retry-After header in seconds (default), the header as an HTTP date, or only the body's
 * `rate_limit.retry_after`.
 */
export type SimulatorFaults = CommonSimulatorFaults<'seconds' | 'http-date' | 'body'>;

export interface SimulatorOptions extends CommonSimulatorOptions<SimulatorFaults> {
  data: SchedulesFile;
  /** When set, calls without `Authorization: Bearer <apiKey>` get 401. */
  apiKey?: string;
  /** Largest page for both lists (schedules and entries). Default: 250 entries, the API's 25 schedules. */
  pageSize?: number;
  /** The simulator's "now": `current_shifts`, the default window and Retry-After dates. Default: the real clock. */
  now?: () => Date;
  /** What /v1/identity answers; `teams` not empty makes a team-scoped key. */
  identity?: { name?: string; roles?: string[]; teams?: { id: string; name: string }[] };
}

/** `byPath` routes: `/v2/schedules`, `/v2/schedules/{id}`, `/v2/schedule_entries`, `/v1/identity`, `other`. */
export interface CallCounter extends CommonCallCounter {
  /** `/v2/schedule_entries` calls by `schedule_id`. */
  bySchedule: Record<string, number>;
}

export interface Simulator extends CommonSimulator<CallCounter, SimulatorFaults> {
  /** Serves other data from the next call on. */
  setData(data: SchedulesFile): void;
}

const DEFAULT_SCHEDULES_PAGE = 25;
const MAX_SCHEDULES_PAGE = 250;
const DEFAULT_ENTRIES_PAGE = 250;
const CREATED_AT = '2026-01-05T09:00:00.000000Z';

interface TimedApiEntry {
  entry: ApiScheduleEntry;
  start: Instant;
  end: Instant;
}

interface ServedSchedule {
  schedule: LocalSchedule;
  lists: { scheduled: TimedApiEntry[]; overrides: TimedApiEntry[]; final: TimedApiEntry[] };
}

function stableId(text: string): string {
  let h = 2166136261;
  for (const c of text) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return `01HSIMUSER${h.toString(36).toUpperCase().padStart(16, '0')}`;
}

/** An entry as incident.io sends it: UTC times with microseconds and a user carrying the required fields. */
function apiEntry(e: TimedApiEntry): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ...e.entry,
    start_at: formatInstantMicros(e.start),
    end_at: formatInstantMicros(e.end),
  };
  if (e.entry.user) {
    const u: ApiUser = e.entry.user;
    const id = u.id ?? stableId(u.email ?? u.name ?? 'user');
    out.user = { ...u, id, name: u.name ?? u.email ?? id, role: u.role ?? 'responder' };
  } else delete out.user;
  return out;
}

function prepare(data: SchedulesFile): Map<string, ServedSchedule> {
  const timed = (list: ApiScheduleEntry[] = []): TimedApiEntry[] =>
    list
      .flatMap((entry) => {
        const start = parseInstant(entry.start_at);
        const end = parseInstant(entry.end_at);
        return start && end ? [{ entry, start, end }] : [];
      })
      .sort((a, b) => compareInstants(a.start, b.start) || compareInstants(a.end, b.end));
  const out = new Map<string, ServedSchedule>();
  for (const schedule of data.schedules) {
    out.set(schedule.id, {
      schedule,
      lists: {
        scheduled: timed(schedule.scheduled),
        overrides: timed(schedule.overrides),
        final: timed(schedule.entries),
      },
    });
  }
  return out;
}

function encodeCursor(start: string, offset: number): string {
  return `c1.${Buffer.from(JSON.stringify({ s: start, o: offset })).toString('base64url')}`;
}

function decodeCursor(text: string): { start: string; offset: number } | undefined {
  if (!text.startsWith('c1.')) return undefined;
  try {
    const v = JSON.parse(Buffer.from(text.slice(3), 'base64url').toString('utf8')) as { s?: unknown; o?: unknown };
    if (typeof v.s === 'string' && typeof v.o === 'number' && Number.isInteger(v.o) && v.o >= 0)
      return { start: v.s, offset: v.o };
  } catch {
    // not ours
  }
  return undefined;
}

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  let served = prepare(options.data);
  let order = options.data.schedules.map((s) => s.id);
  let requestCounter = 0;

  const faults: SimulatorFaults = initialFaults(options);
  const calls: CallCounter = {
    total: 0,
    byPath: {},
    bySchedule: {},
    reset() {
      calls.total = 0;
      calls.byPath = {};
      calls.bySchedule = {};
    },
  };

  let baseUrl = '';

  function fail(
    res: ServerResponse,
    status: number,
    type: string,
    code: string,
    message: string,
    extra: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    send(
      res,
      status,
      { type, status, request_id: `sim-${requestCounter}`, errors: [{ code, message }], ...extra },
      headers,
    );
  }

  function routeOf(pathname: string): string {
    if (pathname === '/v2/schedules') return '/v2/schedules';
    if (/^\/v2\/schedules\/[^/]+$/.test(pathname)) return '/v2/schedules/{id}';
    if (pathname === '/v2/schedule_entries') return '/v2/schedule_entries';
    if (pathname === '/v1/identity') return '/v1/identity';
    return 'other';
  }

  function scheduleJson(s: ServedSchedule) {
    const at = instantFromDate(now());
    const current = s.lists.final.filter((e) => compareInstants(e.start, at) <= 0 && compareInstants(at, e.end) < 0);
    return {
      id: s.schedule.id,
      name: s.schedule.name,
      timezone: s.schedule.timezone ?? 'UTC',
      team_ids: s.schedule.teamIds ?? [],
      permalink: `https://app.incident.io/simulated/on-call/schedules/${encodeURIComponent(s.schedule.id)}`,
      created_at: CREATED_AT,
      updated_at: CREATED_AT,
      annotations: {},
      config: { rotations: [] },
      current_shifts: current.map(apiEntry),
    };
  }

  function listSchedules(url: URL, res: ServerResponse) {
    const sizeParam = url.searchParams.get('page_size');
    let requested = DEFAULT_SCHEDULES_PAGE;
    if (sizeParam !== null && sizeParam !== '') {
      if (!/^\d+$/.test(sizeParam) || Number(sizeParam) < 1 || Number(sizeParam) > 10_000) {
        return fail(res, 422, 'validation_error', 'invalid_value', 'page_size must be an integer from 1 to 10000');
      }
      requested = Number(sizeParam);
    }
    const size = Math.min(requested, options.pageSize ?? MAX_SCHEDULES_PAGE, MAX_SCHEDULES_PAGE);
    const after = url.searchParams.get('after');
    let from = 0;
    if (after) {
      const index = order.indexOf(after);
      if (index < 0) return fail(res, 422, 'validation_error', 'invalid_value', 'after does not name a schedule');
      from = index + 1;
    }
    const page = order.slice(from, from + size);
    const more = from + size < order.length;
    send(res, 200, {
      schedules: page.map((id) => scheduleJson(served.get(id)!)),
      pagination_meta: {
        page_size: size,
        total_record_count: order.length,
        ...(more && page.length ? { after: page[page.length - 1] } : {}),
      },
    });
  }

  function showSchedule(pathname: string, res: ServerResponse) {
    const id = decodeURIComponent(pathname.slice('/v2/schedules/'.length));
    const s = served.get(id);
    if (!s) return fail(res, 404, 'not_found', 'not_found', 'Schedule not found');
    send(res, 200, { schedule: scheduleJson(s) });
  }

  function listEntries(url: URL, res: ServerResponse) {
    const id = url.searchParams.get('schedule_id');
    if (!id) return fail(res, 422, 'validation_error', 'missing_parameter', 'schedule_id is required');
    const s = served.get(id);
    if (!s) return fail(res, 404, 'not_found', 'not_found', 'Schedule not found');
    const startParam = url.searchParams.get('entry_window_start');
    const endParam = url.searchParams.get('entry_window_end');
    let startText = startParam || formatInstantMicros(instantFromDate(now()));
    let offset = 0;
    const cursor = startParam ? decodeCursor(startParam) : undefined;
    if (cursor) {
      startText = cursor.start;
      offset = cursor.offset;
    }
    const start = parseInstant(startText);
    if (!start)
      return fail(
        res,
        422,
        'validation_error',
        'invalid_value',
        'entry_window_start must be an RFC 3339 time or a cursor from pagination_meta.after',
      );
    const end = endParam ? parseInstant(endParam) : { ms: start.ms + 86_400_000, us: start.us };
    if (!end) return fail(res, 422, 'validation_error', 'invalid_value', 'entry_window_end must be an RFC 3339 time');
    if (compareInstants(end, start) < 0)
      return fail(
        res,
        422,
        'validation_error',
        'invalid_value',
        'entry_window_end must not be before entry_window_start',
      );
    // Every entry that overlaps the closed window [start, end]; the client filters by its own instant.
    const overlapping = (list: TimedApiEntry[]) =>
      list.filter((e) => compareInstants(e.start, end) <= 0 && compareInstants(e.end, start) >= 0);
    const lists = {
      scheduled: overlapping(s.lists.scheduled),
      overrides: overlapping(s.lists.overrides),
      final: overlapping(s.lists.final),
    };
    const size = Math.max(1, options.pageSize ?? DEFAULT_ENTRIES_PAGE);
    const more = Object.values(lists).some((l) => l.length > offset + size);
    const page = (list: TimedApiEntry[]) => list.slice(offset, offset + size).map(apiEntry);
    const body: Record<string, unknown> = {
      schedule_entries: {
        scheduled: page(lists.scheduled),
        overrides: page(lists.overrides),
        final: page(lists.final),
      },
    };
    if (more) {
      const after = encodeCursor(startText, offset + size);
      const next = new URLSearchParams({
        schedule_id: id,
        entry_window_start: after,
        ...(endParam ? { entry_window_end: endParam } : {}),
      });
      body.pagination_meta = { after, after_url: `${baseUrl}/v2/schedule_entries?${next}` };
    }
    send(res, 200, body);
  }

  function identity(res: ServerResponse) {
    send(res, 200, {
      identity: {
        name: options.identity?.name ?? 'oncall-approval simulator key',
        roles: options.identity?.roles ?? ['viewer'],
        team_roles: [],
        teams: options.identity?.teams ?? [],
        dashboard_url: 'https://app.incident.io/simulated',
      },
    });
  }

  function tooMany(res: ServerResponse, seconds: number, form: SimulatorFaults['status429']['form'] = 'seconds') {
    const at = new Date(now().getTime() + seconds * 1000);
    const headers: Record<string, string> =
      form === 'seconds'
        ? { 'Retry-After': String(seconds) }
        : form === 'http-date'
          ? { 'Retry-After': at.toUTCString() }
          : {};
    fail(
      res,
      429,
      'too_many_requests',
      'too_many_requests',
      'Rate limit exceeded',
      {
        rate_limit: { name: 'api_key', limit: options.rateLimit ?? 1200, remaining: 0, retry_after: at.toISOString() },
      },
      headers,
    );
  }

  function route(url: URL, res: ServerResponse) {
    switch (routeOf(url.pathname)) {
      case '/v2/schedules':
        return listSchedules(url, res);
      case '/v2/schedules/{id}':
        return showSchedule(url.pathname, res);
      case '/v2/schedule_entries':
        return listEntries(url, res);
      case '/v1/identity':
        return identity(res);
      default:
        return fail(res, 404, 'not_found', 'not_found', `No route for ${url.pathname}`);
    }
  }

  const server = await startSimulatorServer({
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.rateLimit !== undefined ? { rateLimit: options.rateLimit } : {}),
    ...(options.apiKey !== undefined ? { authorization: `Bearer ${options.apiKey}` } : {}),
    faults,
    random,
    count(url) {
      requestCounter++;
      const path = routeOf(url.pathname);
      calls.total++;
      calls.byPath[path] = (calls.byPath[path] ?? 0) + 1;
      if (path === '/v2/schedule_entries') {
        const id = url.searchParams.get('schedule_id') ?? '';
        calls.bySchedule[id] = (calls.bySchedule[id] ?? 0) + 1;
      }
    },
    methodNotAllowed: (res) => fail(res, 405, 'method_not_allowed', 'method_not_allowed', 'Only GET is simulated'),
    tooMany,
    unauthorized: (res) =>
      fail(res, 401, 'authentication_error', 'authentication_error', 'The API key provided is not valid'),
    serverError: (res) => fail(res, 500, 'internal_server_error', 'internal_error', 'Something went wrong (simulated)'),
    internalError: (res) => fail(res, 500, 'internal_server_error', 'internal_error', 'Simulator error'),
    route,
  });
  baseUrl = server.url;

  return {
    url: baseUrl,
    calls,
    faults,
    setData(data) {
      served = prepare(data);
      order = data.schedules.map((s) => s.id);
    },
    close: () => server.close(),
  };
}
