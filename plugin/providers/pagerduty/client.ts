// A typed client for the PagerDuty calls this package needs. Classic pagination (`limit`, `offset`, `more`)
// is followed here, defensively: the offset a page answers must be the one asked for, a page saying more
// records follow must bring some, a page seen before means a loop, and PagerDuty's own end of pagination
// (offset + limit = 10,000) and the page cap end the list with an error, never with a silently short list.
// The transport under it handles timeouts, retries, the budget and error wording.
import type {
  PdCurrentUser,
  PdEscalationPolicy,
  PdOnCall,
  PdPage,
  PdScheduleDetail,
  PdScheduleSummary,
  PdService,
  PdUser,
} from './api-types.js';
import {
  decodeCurrentUser,
  decodeEscalationPoliciesPage,
  decodeOnCallsPage,
  decodeScheduleDetail,
  decodeSchedulesPage,
  decodeScheduleUsers,
  decodeService,
} from './decode.js';
import { PagerDutyError } from './errors.js';
import {
  MAX_RECORDS,
  resolvePagerDutySettings,
  type PagerDutySettings,
  type ResolvedPagerDutySettings,
} from './settings.js';
import { createTransport, type CallOptions, type Query, type Transport } from './transport.js';

export type { CallOptions } from './transport.js';

export interface OnCallsQuery {
  since: Date;
  until: Date;
  escalationPolicyIds?: readonly string[];
  scheduleIds?: readonly string[];
  userIds?: readonly string[];
}

export interface PagerDutyClient {
  /** Every on-call overlapping [since, until] (all pages), users included (for their emails). */
  listOnCalls(query: OnCallsQuery, options?: CallOptions): Promise<PdOnCall[]>;
  /** `GET /services/{id}`: its name and escalation policy; a 404 is a PagerDutyError of kind `not-found`. */
  showService(id: string, options?: CallOptions): Promise<PdService>;
  /** Every schedule of the account (all pages of `GET /schedules`), with the escalation policies using it. */
  listSchedules(options?: CallOptions): Promise<PdScheduleSummary[]>;
  /** `GET /schedules/{id}` with since/until: the final schedule's entries in the range (not truncated). */
  showSchedule(id: string, range: { since: Date; until: Date }, options?: CallOptions): Promise<PdScheduleDetail>;
  /** `GET /schedules/{id}/users`: the users on call in the range, with emails. */
  listScheduleUsers(id: string, range: { since: Date; until: Date }, options?: CallOptions): Promise<PdUser[]>;
  /** Every escalation policy (all pages of `GET /escalation_policies`), with its levels and services. */
  listEscalationPolicies(options?: CallOptions): Promise<PdEscalationPolicy[]>;
  /**
   * `GET /users/me`: the user a user token belongs to. PagerDuty answers it only for user tokens, so an
   * account key gets an error here (kind `rejected` with status 400): that is how the two are told apart.
   */
  currentUser(options?: CallOptions): Promise<PdCurrentUser>;
  /** HTTP requests sent so far, retries included. */
  readonly requestsSent: number;
  readonly settings: ResolvedPagerDutySettings;
  /** @internal the transport, shared with the provider for its budget. */
  readonly transport: Transport;
}

const iso = (d: Date) => d.toISOString();

export function createPagerDutyClient(input: PagerDutySettings | ResolvedPagerDutySettings): PagerDutyClient {
  const settings = resolvePagerDutySettings(input);
  const transport = createTransport(settings);
  const withDeadline = (options: CallOptions = {}): CallOptions => ({
    ...options,
    deadline: options.deadline ?? settings.clock().getTime() + settings.deadlineMs,
  });

  /** Reads every page of a classic-paginated list, or fails naming what went wrong. */
  async function paginate<T>(
    path: string,
    what: string,
    query: Query,
    decode: (body: unknown) => PdPage & { items: T[] },
    options: CallOptions,
  ): Promise<T[]> {
    const call = withDeadline(options);
    const all: T[] = [];
    const seen = new Set<string>();
    const fail = (why: string) => new PagerDutyError('shape', `PagerDuty's ${what} ${why}; stopping`, { path });
    let offset = 0;
    for (let pages = 0; pages < settings.maxPages; pages++) {
      const limit = Math.min(settings.pageSize, MAX_RECORDS - offset);
      const page = await transport.get(
        { path, query: { ...query, limit: String(limit), offset: String(offset) }, decode },
        call,
      );
      if (page.offset !== undefined && page.offset !== offset) {
        throw fail(`answered offset ${page.offset} to a request for offset ${offset}`);
      }
      all.push(...page.items);
      if (!page.more) return all;
      if (page.items.length === 0) throw fail(`said more records follow after offset ${offset} but sent none`);
      const signature = JSON.stringify(page.items);
      if (seen.has(signature)) throw fail(`sent a page it had sent before (offset ${offset})`);
      seen.add(signature);
      offset += page.items.length;
      if (offset >= MAX_RECORDS) {
        throw fail(`hold more than ${MAX_RECORDS} records, past which PagerDuty's pagination cannot read`);
      }
    }
    throw fail(`kept saying more records follow past ${settings.maxPages} pages`);
  }

  const client: PagerDutyClient = {
    settings,
    transport,
    get requestsSent() {
      return transport.sent;
    },

    listOnCalls(query, options = {}) {
      return paginate(
        '/oncalls',
        'on-calls',
        {
          time_zone: 'UTC',
          since: iso(query.since),
          until: iso(query.until),
          'include[]': ['users'],
          ...(query.escalationPolicyIds ? { 'escalation_policy_ids[]': query.escalationPolicyIds } : {}),
          ...(query.scheduleIds ? { 'schedule_ids[]': query.scheduleIds } : {}),
          ...(query.userIds ? { 'user_ids[]': query.userIds } : {}),
        },
        (body) => {
          const page = decodeOnCallsPage(body);
          return { ...page, items: page.oncalls };
        },
        options,
      );
    },

    showService(id, options = {}) {
      return transport.get(
        {
          path: `/services/${encodeURIComponent(id)}`,
          decode: decodeService,
          notFound: `there is no PagerDuty service ${id} (or the key cannot see it)`,
        },
        withDeadline(options),
      );
    },

    listSchedules(options = {}) {
      return paginate(
        '/schedules',
        'schedule list',
        {},
        (body) => {
          const page = decodeSchedulesPage(body);
          return { ...page, items: page.schedules };
        },
        options,
      );
    },

    showSchedule(id, range, options = {}) {
      return transport.get(
        {
          path: `/schedules/${encodeURIComponent(id)}`,
          // overflow=true: entries keep their real bounds instead of being cut at since/until.
          query: { time_zone: 'UTC', since: iso(range.since), until: iso(range.until), overflow: 'true' },
          decode: decodeScheduleDetail,
          notFound: `there is no PagerDuty schedule ${id} (or the key cannot see it)`,
        },
        withDeadline(options),
      );
    },

    listEscalationPolicies(options = {}) {
      return paginate(
        '/escalation_policies',
        'escalation policy list',
        {},
        (body) => {
          const page = decodeEscalationPoliciesPage(body);
          return { ...page, items: page.escalationPolicies };
        },
        options,
      );
    },

    currentUser(options = {}) {
      return transport.get({ path: '/users/me', decode: decodeCurrentUser }, withDeadline(options));
    },

    listScheduleUsers(id, range, options = {}) {
      return transport.get(
        {
          path: `/schedules/${encodeURIComponent(id)}/users`,
          query: { since: iso(range.since), until: iso(range.until) },
          decode: decodeScheduleUsers,
          notFound: `there is no PagerDuty schedule ${id} (or the key cannot see it)`,
        },
        withDeadline(options),
      );
    },
  };
  return client;
}
