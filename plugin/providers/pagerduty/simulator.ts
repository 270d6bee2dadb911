// A local PagerDuty: a real HTTP server on 127.0.0.1 serving a PagerDuty data object (data.ts) with
// PagerDuty's paths, query parameters, classic pagination, response shapes (they validate against the
// OpenAPI excerpt's schemas, see spec/providers/pagerduty/api-schemas) and error envelope. Tests, demos and a
// host's own tests run the real client against it end to end. Fault switches (429 with `ratelimit-reset`
// and Retry-After, 5xx, non-JSON and wrong-shape bodies, broken pagination, latency, a key to require, a
// rate limit) can be set at start and changed while it runs; it counts every call it receives so a test
// can assert what a workload cost.
//
// On-calls are computed from the data as PagerDuty defines them: for every escalation policy, level and
// target, a user target is one permanent on-call (`start` and `end` null), and a schedule target is one
// on-call per final schedule entry overlapping [since, until].
import type { ServerResponse } from 'node:http';
import { compareInstants, formatInstant, instantFromDate, parseInstant, type Instant } from '../instant.js';
import type { PagerDutyData, PdDataPolicy, PdDataSchedule, PdDataService, PdDataUser } from './data.js';
import {
  initialFaults,
  sendJson,
  startSimulatorServer,
  type CommonCallCounter,
  type CommonSimulator,
  type CommonSimulatorFaults,
  type CommonSimulatorOptions,
} from '../simulator-server.js';

/**
 * The common fault switches (see ../simulator-server.ts). A forced 429 asks to wait in `ratelimit-reset`
 * (PagerDuty's header, the default), in `Retry-After` as seconds, or in `Retry-After` as an HTTP date.
 */
export interface PagerDutySimulatorFaults extends CommonSimulatorFaults<
  'ratelimit-reset' | 'retry-after' | 'http-date'
> {
  /**
   * Broken classic pagination on lists: `loop` ignores `offset` (the first page again, `more: true`, the
   * offset asked for echoed);
   * `endless` says `more: true` on every page, the empty ones past the end included.
   */
  pagination: 'none' | 'loop' | 'endless';
}

export interface PagerDutySimulatorOptions extends CommonSimulatorOptions<PagerDutySimulatorFaults> {
  data: PagerDutyData;
  /** When set, calls without `Authorization: Token token=<apiKey>` get 401. */
  apiKey?: string;
  /** Largest page of every list (PagerDuty's is 100). */
  pageSize?: number;
  /** The simulator's "now": default since/until and Retry-After dates. Default: the real clock. */
  now?: () => Date;
  /** Cut on-call `start`/`end` at since/until (the client must be exact either way). Default false. */
  clipOnCalls?: boolean;
  /**
   * The key is a user token of this user (`GET /users/me` answers it, with `role` and `teams`). Without it
   * the key is an account key, and `GET /users/me` answers 400 as PagerDuty does.
   */
  userToken?: { user: string; role?: string; teams?: { id: string; name: string }[] };
}

/** `byPath` routes: `/oncalls`, `/services/{id}`, `/schedules`, `/schedules/{id}`, `/schedules/{id}/users`, ... */
export interface PagerDutyCallCounter extends CommonCallCounter {
  /**
   * By object asked about: `service:ID`, `schedule:ID`, `schedule-users:ID`, `escalation_policy:ID`, and
   * `oncalls:EPID` (the policies filtered on, comma-separated) or `oncalls:*` (the whole account).
   */
  byId: Record<string, number>;
}

export interface PagerDutySimulator extends CommonSimulator<PagerDutyCallCounter, PagerDutySimulatorFaults> {
  /** Serves other data from the next call on. */
  setData(data: PagerDutyData): void;
}

const DEFAULT_PAGE = 25;
const MAX_PAGE = 100;
const MAX_RECORDS = 10_000;
const CREATED_AT = '2026-01-05T09:00:00Z';
const WEB = 'https://simulated.pagerduty.com';

interface TimedEntry {
  start: Instant;
  end: Instant | null;
  user: string | null;
}

interface Prepared {
  users: Map<string, PdDataUser>;
  schedules: Map<string, { schedule: PdDataSchedule; entries: TimedEntry[]; policies: string[] }>;
  policies: Map<string, PdDataPolicy>;
  services: Map<string, PdDataService>;
}

function prepare(data: PagerDutyData): Prepared {
  const policies = new Map(data.escalationPolicies.map((p) => [p.id, p]));
  const usedBy = new Map<string, string[]>();
  for (const p of data.escalationPolicies)
    for (const level of p.levels)
      for (const t of level.targets)
        if (t.type === 'schedule' && !(usedBy.get(t.id) ?? []).includes(p.id))
          usedBy.set(t.id, [...(usedBy.get(t.id) ?? []), p.id]);
  const schedules = new Map<string, { schedule: PdDataSchedule; entries: TimedEntry[]; policies: string[] }>();
  for (const schedule of data.schedules) {
    const entries = schedule.entries
      .flatMap((e): TimedEntry[] => {
        const start = parseInstant(e.start);
        const end = e.end === null ? null : parseInstant(e.end);
        return start && end !== undefined ? [{ start, end, user: e.user }] : [];
      })
      .sort((a, b) => compareInstants(a.start, b.start));
    schedules.set(schedule.id, { schedule, entries, policies: usedBy.get(schedule.id) ?? [] });
  }
  return {
    users: new Map(data.users.map((u) => [u.id, u])),
    schedules,
    policies,
    services: new Map(data.services.map((s) => [s.id, s])),
  };
}

const ref = (type: string, path: string, id: string, summary: string) => ({
  id,
  type,
  summary,
  self: `https://api.pagerduty.com/${path}/${id}`,
  html_url: `${WEB}/${path}/${id}`,
});

export async function startPagerDutySimulator(options: PagerDutySimulatorOptions): Promise<PagerDutySimulator> {
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  let served = prepare(options.data);
  let requestCounter = 0;

  const faults: PagerDutySimulatorFaults = {
    ...initialFaults(options),
    pagination: options.faults?.pagination ?? 'none',
  };
  const calls: PagerDutyCallCounter = {
    total: 0,
    byPath: {},
    byId: {},
    reset() {
      calls.total = 0;
      calls.byPath = {};
      calls.byId = {};
    },
  };
  const countId = (id: string) => {
    calls.byId[id] = (calls.byId[id] ?? 0) + 1;
  };

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    sendJson(res, status, body, { 'X-Request-Id': `sim-${requestCounter}`, ...headers });
  }

  function fail(
    res: ServerResponse,
    status: number,
    code: number,
    message: string,
    errors: string[] = [],
    headers: Record<string, string> = {},
  ) {
    send(res, status, { error: { code, message, ...(errors.length ? { errors } : {}) } }, headers);
  }

  function routeOf(pathname: string): string {
    if (pathname === '/oncalls') return '/oncalls';
    if (pathname === '/schedules') return '/schedules';
    if (/^\/schedules\/[^/]+$/.test(pathname)) return '/schedules/{id}';
    if (/^\/schedules\/[^/]+\/users$/.test(pathname)) return '/schedules/{id}/users';
    if (/^\/services\/[^/]+$/.test(pathname)) return '/services/{id}';
    if (pathname === '/escalation_policies') return '/escalation_policies';
    if (/^\/escalation_policies\/[^/]+$/.test(pathname)) return '/escalation_policies/{id}';
    if (pathname === '/users/me') return '/users/me';
    return 'other';
  }

  const idIn = (pathname: string, index: number) => decodeURIComponent(pathname.split('/')[index] ?? '');

  function userRef(id: string) {
    const u = served.users.get(id);
    return ref('user_reference', 'users', id, u?.name ?? id);
  }

  function fullUser(id: string) {
    const u = served.users.get(id);
    const name = u?.name ?? id;
    return {
      ...ref('user', 'users', id, name),
      name,
      ...(u?.email !== undefined ? { email: u.email } : {}),
      time_zone: 'Etc/UTC',
      color: 'green',
      role: 'user',
      avatar_url: 'https://pd-static-assets.pagerduty.com/users/blank-avatar.png',
      description: null,
      invitation_sent: false,
      job_title: '',
      teams: [],
      contact_methods: [],
      notification_rules: [],
    };
  }

  const policyRef = (p: PdDataPolicy) => ref('escalation_policy_reference', 'escalation_policies', p.id, p.name);
  const scheduleRef = (s: PdDataSchedule) => ref('schedule_reference', 'schedules', s.id, s.name);

  /** since/until: RFC 3339 when given; undefined when absent; null when unreadable. */
  function timeParam(url: URL, name: string): Instant | undefined | null {
    const text = url.searchParams.get(name);
    if (text === null || text === '') return undefined;
    return parseInstant(text) ?? null;
  }

  const overlaps = (e: TimedEntry, since: Instant, until: Instant) =>
    compareInstants(e.start, until) <= 0 && (e.end === null || compareInstants(e.end, since) >= 0);

  /** The classic pagination block, or an error already sent. */
  function paging(url: URL, res: ServerResponse): { offset: number; limit: number } | undefined {
    const read = (name: string, fallback: number) => {
      const text = url.searchParams.get(name);
      if (text === null || text === '') return fallback;
      return /^\d+$/.test(text) ? Number(text) : NaN;
    };
    const limit = read('limit', DEFAULT_PAGE);
    const offset = read('offset', 0);
    if (!Number.isFinite(limit) || !Number.isFinite(offset) || limit < 1) {
      fail(res, 400, 2001, 'Invalid Input Provided', ['limit and offset must be whole numbers, limit at least 1']);
      return undefined;
    }
    if (offset + Math.min(limit, MAX_PAGE) > MAX_RECORDS) {
      fail(res, 400, 2001, 'Invalid Input Provided', [`Offset plus limit must not exceed ${MAX_RECORDS}`]);
      return undefined;
    }
    return { offset, limit: Math.min(limit, MAX_PAGE, options.pageSize ?? MAX_PAGE) };
  }

  function sendPage(url: URL, res: ServerResponse, key: string, records: unknown[]) {
    const p = paging(url, res);
    if (!p) return;
    // `loop` is a server that ignores the offset it echoes: the first page again and again.
    const from = faults.pagination === 'loop' ? 0 : p.offset;
    const items = records.slice(from, from + p.limit);
    const more = faults.pagination === 'none' ? from + items.length < records.length : true;
    const total = url.searchParams.get('total') === 'true' ? records.length : null;
    send(res, 200, { [key]: items, limit: p.limit, offset: p.offset, more, total });
  }

  function listOnCalls(url: URL, res: ServerResponse) {
    const at = instantFromDate(now());
    const sinceParam = timeParam(url, 'since');
    const untilParam = timeParam(url, 'until');
    if (sinceParam === null || untilParam === null) {
      return fail(res, 400, 2001, 'Invalid Input Provided', ['since and until must be ISO 8601 times']);
    }
    const since = sinceParam ?? at;
    const until = untilParam ?? since;
    if (compareInstants(until, since) < 0) {
      return fail(res, 400, 2001, 'Invalid Input Provided', ['The until time cannot be before the since time']);
    }
    const policiesWanted = url.searchParams.getAll('escalation_policy_ids[]');
    const schedulesWanted = url.searchParams.getAll('schedule_ids[]');
    const usersWanted = url.searchParams.getAll('user_ids[]');
    const withUsers = url.searchParams.getAll('include[]').includes('users');
    countId(`oncalls:${policiesWanted.length ? policiesWanted.join(',') : '*'}`);
    const clip = (t: Instant | null, bound: Instant, later: boolean) => {
      if (!options.clipOnCalls) return t === null ? null : formatInstant(t);
      if (t === null) return formatInstant(bound);
      return formatInstant((later ? compareInstants(t, bound) > 0 : compareInstants(t, bound) < 0) ? bound : t);
    };
    const oncalls: unknown[] = [];
    for (const policy of served.policies.values()) {
      if (policiesWanted.length && !policiesWanted.includes(policy.id)) continue;
      policy.levels.forEach((level, i) => {
        for (const target of level.targets) {
          const base = { escalation_policy: policyRef(policy), escalation_level: i + 1 };
          const person = (id: string) => (withUsers ? fullUser(id) : userRef(id));
          if (target.type === 'user') {
            if (!served.users.has(target.id)) continue;
            if (usersWanted.length && !usersWanted.includes(target.id)) continue;
            if (schedulesWanted.length && !schedulesWanted.includes('null')) continue;
            oncalls.push({
              ...base,
              user: person(target.id),
              start: clip(null, since, false),
              end: clip(null, until, true),
            });
            continue;
          }
          const s = served.schedules.get(target.id);
          if (!s || (schedulesWanted.length && !schedulesWanted.includes(s.schedule.id))) continue;
          for (const e of s.entries) {
            if (e.user === null || !served.users.has(e.user) || !overlaps(e, since, until)) continue;
            if (usersWanted.length && !usersWanted.includes(e.user)) continue;
            oncalls.push({
              ...base,
              user: person(e.user),
              schedule: scheduleRef(s.schedule),
              start: clip(e.start, since, false),
              end: clip(e.end, until, true),
            });
          }
        }
      });
    }
    sendPage(url, res, 'oncalls', oncalls);
  }

  function serviceJson(s: PdDataService) {
    const policy = served.policies.get(s.escalationPolicy);
    return {
      ...ref('service', 'services', s.id, s.name),
      name: s.name,
      description: '',
      auto_resolve_timeout: 14400,
      acknowledgement_timeout: 1800,
      created_at: CREATED_AT,
      status: 'active',
      escalation_policy: ref(
        'escalation_policy_reference',
        'escalation_policies',
        s.escalationPolicy,
        policy?.name ?? s.escalationPolicy,
      ),
      teams: [],
      integrations: [],
      incident_urgency_rule: { type: 'constant', urgency: 'high' },
      alert_creation: 'create_alerts_and_incidents',
    };
  }

  function showService(pathname: string, res: ServerResponse) {
    const id = idIn(pathname, 2);
    countId(`service:${id}`);
    const s = served.services.get(id);
    if (!s) return fail(res, 404, 2100, 'Not Found');
    send(res, 200, { service: serviceJson(s) });
  }

  function scheduleJson(id: string) {
    const s = served.schedules.get(id)!;
    const users = [...new Set(s.entries.flatMap((e) => (e.user !== null && served.users.has(e.user) ? [e.user] : [])))];
    return {
      ...ref('schedule', 'schedules', id, s.schedule.name),
      name: s.schedule.name,
      time_zone: s.schedule.timeZone ?? 'Etc/UTC',
      description: '',
      escalation_policies: s.policies.map((p) => policyRef(served.policies.get(p)!)),
      users: users.map(userRef),
      teams: [],
    };
  }

  function listSchedules(url: URL, res: ServerResponse) {
    const query = url.searchParams.get('query')?.toLowerCase() ?? '';
    const ids = [...served.schedules.keys()].filter(
      (id) => !query || served.schedules.get(id)!.schedule.name.toLowerCase().includes(query),
    );
    sendPage(url, res, 'schedules', ids.map(scheduleJson));
  }

  function showSchedule(url: URL, pathname: string, res: ServerResponse) {
    const id = idIn(pathname, 2);
    countId(`schedule:${id}`);
    const s = served.schedules.get(id);
    if (!s) return fail(res, 404, 2100, 'Not Found');
    const sinceParam = timeParam(url, 'since');
    const untilParam = timeParam(url, 'until');
    if (sinceParam === null || untilParam === null) {
      return fail(res, 400, 2001, 'Invalid Input Provided', ['since and until must be ISO 8601 times']);
    }
    const body: Record<string, unknown> = { ...scheduleJson(id), schedule_layers: [] };
    // Rendered entries only when a range is given, as documented; two weeks on the missing side.
    if (sinceParam !== undefined || untilParam !== undefined) {
      const TWO_WEEKS = 14 * 86_400_000;
      const since = sinceParam ?? { ms: untilParam!.ms - TWO_WEEKS, us: untilParam!.us };
      const until = untilParam ?? { ms: since.ms + TWO_WEEKS, us: since.us };
      const overflow = url.searchParams.get('overflow') === 'true';
      const entries = s.entries
        .filter((e) => e.user === null || served.users.has(e.user))
        .filter((e) => overlaps(e, since, until))
        .map((e) => {
          const start = overflow || compareInstants(e.start, since) >= 0 ? e.start : since;
          const end = overflow ? e.end : e.end === null || compareInstants(e.end, until) > 0 ? until : e.end;
          return {
            start: formatInstant(start),
            end: end === null ? null : formatInstant(end),
            ...(e.user !== null ? { user: userRef(e.user) } : {}),
          };
        });
      body.final_schedule = { name: 'Final Schedule', rendered_schedule_entries: entries };
      body.overrides_subschedule = { name: 'Overrides', rendered_schedule_entries: [] };
    }
    send(res, 200, { schedule: body });
  }

  function listScheduleUsers(url: URL, pathname: string, res: ServerResponse) {
    const id = idIn(pathname, 2);
    countId(`schedule-users:${id}`);
    const s = served.schedules.get(id);
    if (!s) return fail(res, 404, 2100, 'Not Found');
    const at = instantFromDate(now());
    const sinceParam = timeParam(url, 'since');
    const untilParam = timeParam(url, 'until');
    if (sinceParam === null || untilParam === null) {
      return fail(res, 400, 2001, 'Invalid Input Provided', ['since and until must be ISO 8601 times']);
    }
    const since = sinceParam ?? at;
    const until = untilParam ?? since;
    const ids = new Set<string>();
    for (const e of s.entries)
      if (e.user !== null && served.users.has(e.user) && overlaps(e, since, until)) ids.add(e.user);
    send(res, 200, { users: [...ids].map(fullUser) });
  }

  function policyJson(p: PdDataPolicy) {
    return {
      ...ref('escalation_policy', 'escalation_policies', p.id, p.name),
      name: p.name,
      description: '',
      num_loops: 0,
      on_call_handoff_notifications: 'if_has_services',
      escalation_rules: p.levels.map((level, i) => ({
        id: `${p.id}-R${i + 1}`,
        escalation_delay_in_minutes: level.delayMinutes ?? 30,
        targets: level.targets.map((t) =>
          t.type === 'user'
            ? userRef(t.id)
            : ref('schedule_reference', 'schedules', t.id, served.schedules.get(t.id)?.schedule.name ?? t.id),
        ),
      })),
      services: [...served.services.values()]
        .filter((s) => s.escalationPolicy === p.id)
        .map((s) => ref('service_reference', 'services', s.id, s.name)),
      teams: [],
    };
  }

  function listPolicies(url: URL, res: ServerResponse) {
    sendPage(url, res, 'escalation_policies', [...served.policies.values()].map(policyJson));
  }

  function showPolicy(pathname: string, res: ServerResponse) {
    const id = idIn(pathname, 2);
    countId(`escalation_policy:${id}`);
    const p = served.policies.get(id);
    if (!p) return fail(res, 404, 2100, 'Not Found');
    send(res, 200, { escalation_policy: policyJson(p) });
  }

  function currentUser(res: ServerResponse) {
    const token = options.userToken;
    if (!token) {
      return fail(res, 400, 2001, 'Invalid Input Provided', [
        'This endpoint requires a user-level API token or an OAuth token (an account key has no current user)',
      ]);
    }
    const base = fullUser(token.user);
    send(res, 200, {
      user: {
        ...base,
        role: token.role ?? 'user',
        teams: (token.teams ?? []).map((t) => ref('team_reference', 'teams', t.id, t.name)),
      },
    });
  }

  function tooMany(res: ServerResponse, seconds: number, form?: PagerDutySimulatorFaults['status429']['form']) {
    const headers: Record<string, string> =
      form === 'retry-after'
        ? { 'Retry-After': String(seconds) }
        : form === 'http-date'
          ? { 'Retry-After': new Date(now().getTime() + seconds * 1000).toUTCString() }
          : {
              'ratelimit-limit': String(options.rateLimit ?? 960),
              'ratelimit-remaining': '0',
              'ratelimit-reset': String(seconds),
            };
    fail(res, 429, 2020, 'Rate Limit Exceeded', [], headers);
  }

  function route(url: URL, res: ServerResponse) {
    switch (routeOf(url.pathname)) {
      case '/oncalls':
        return listOnCalls(url, res);
      case '/services/{id}':
        return showService(url.pathname, res);
      case '/schedules':
        return listSchedules(url, res);
      case '/schedules/{id}':
        return showSchedule(url, url.pathname, res);
      case '/schedules/{id}/users':
        return listScheduleUsers(url, url.pathname, res);
      case '/escalation_policies':
        return listPolicies(url, res);
      case '/escalation_policies/{id}':
        return showPolicy(url.pathname, res);
      case '/users/me':
        return currentUser(res);
      default:
        return fail(res, 404, 2100, 'Not Found', [`No route for ${url.pathname}`]);
    }
  }

  const server = await startSimulatorServer({
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.rateLimit !== undefined ? { rateLimit: options.rateLimit } : {}),
    ...(options.apiKey !== undefined ? { authorization: `Token token=${options.apiKey}` } : {}),
    faults,
    random,
    count(url) {
      requestCounter++;
      const path = routeOf(url.pathname);
      calls.total++;
      calls.byPath[path] = (calls.byPath[path] ?? 0) + 1;
    },
    methodNotAllowed: (res) => fail(res, 405, 2000, 'Only GET is simulated'),
    tooMany,
    unauthorized: (res) => fail(res, 401, 2006, 'Unauthorized'),
    serverError: (res) => fail(res, 500, 2000, 'Internal Server Error (simulated)'),
    internalError: (res) => fail(res, 500, 2000, 'Simulator error'),
    route,
  });
  const url = server.url;

  return {
    url,
    calls,
    faults,
    setData(data) {
      served = prepare(data);
    },
    close: () => server.close(),
  };
}
