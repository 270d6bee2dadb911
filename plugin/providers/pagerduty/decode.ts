// Loose decoders for PagerDuty answers: unknown fields are ignored, but a field we rely on that is missing
// or of the wrong type is an error (ShapeError), never a crash and never a silent guess. In particular an
// on-call's `start`/`end` must be a time or an explicit null ("always" / "never ends"): a missing one is
// not read as "always", and an on-call without an escalation level is not read as level 1.
import type {
  PdCurrentUser,
  PdEscalationPoliciesPage,
  PdEscalationPolicy,
  PdOnCall,
  PdOnCallsPage,
  PdPage,
  PdReference,
  PdScheduleDetail,
  PdScheduleEntry,
  PdSchedulesPage,
  PdScheduleSummary,
  PdService,
  PdUser,
} from './api-types.js';
import { parseInstant } from '../instant.js';
import { isObject, type Json, list, object, optionalString, ShapeError, string } from '../decode-helpers.js';

export { ShapeError };

function id(v: unknown, where: string): string {
  const text = string(v, where);
  if (text.trim() === '') throw new ShapeError(`${where} is empty`);
  return text;
}

function time(v: unknown, where: string): string {
  const text = string(v, where);
  if (!parseInstant(text)) throw new ShapeError(`${where} is not an RFC 3339 time: ${JSON.stringify(text)}`);
  return text;
}

/** A time or an explicit null; absent is an error. */
function timeOrNull(o: Json, key: string, where: string): string | null {
  if (!(key in o)) throw new ShapeError(`${where}.${key} is missing`);
  const v = o[key];
  return v === null ? null : time(v, `${where}.${key}`);
}

function reference(v: unknown, where: string): PdReference {
  const o = object(v, where);
  const summary = optionalString(o.summary, `${where}.summary`);
  return { id: id(o.id, `${where}.id`), ...(summary ? { summary } : {}) };
}

function user(v: unknown, where: string): PdUser | undefined {
  if (v === undefined || v === null) return undefined;
  const o = object(v, where);
  const name = optionalString(o.name, `${where}.name`) ?? optionalString(o.summary, `${where}.summary`);
  const email = optionalString(o.email, `${where}.email`);
  return { id: id(o.id, `${where}.id`), ...(name ? { name } : {}), ...(email !== undefined ? { email } : {}) };
}

/** `limit`, `offset`, `more`, `total`. `more` must be said: without it, records could be left unread. */
function page(o: Json): PdPage {
  if (typeof o.more !== 'boolean') throw new ShapeError('the page does not say whether more records follow (`more`)');
  const out: PdPage = { more: o.more };
  for (const key of ['offset', 'limit', 'total'] as const) {
    const v = o[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new ShapeError(`${key} is not a whole number`);
    out[key] = v;
  }
  return out;
}

function decodeOnCall(v: unknown, where: string): PdOnCall {
  const o = object(v, where);
  const level = o.escalation_level;
  if (typeof level !== 'number' || !Number.isInteger(level) || level < 1) {
    throw new ShapeError(`${where}.escalation_level is not a level (1, 2, ...)`);
  }
  const u = user(o.user, `${where}.user`);
  const schedule =
    o.schedule === undefined || o.schedule === null ? undefined : reference(o.schedule, `${where}.schedule`);
  return {
    escalationPolicy: reference(o.escalation_policy, `${where}.escalation_policy`),
    level,
    ...(u ? { user: u } : {}),
    ...(schedule ? { schedule } : {}),
    start: timeOrNull(o, 'start', where),
    end: timeOrNull(o, 'end', where),
  };
}

/** `GET /oncalls`. */
export function decodeOnCallsPage(body: unknown): PdOnCallsPage {
  const o = object(body, 'the body');
  const oncalls = list(o.oncalls, 'oncalls').map((x, i) => decodeOnCall(x, `oncalls[${i}]`));
  return { ...page(o), oncalls };
}

/** `GET /services/{id}`. */
export function decodeService(body: unknown): PdService {
  const s = object(object(body, 'the body').service, 'service');
  const serviceId = id(s.id, 'service.id');
  const name = optionalString(s.name, 'service.name') ?? optionalString(s.summary, 'service.summary') ?? serviceId;
  if (s.escalation_policy === undefined || s.escalation_policy === null) {
    throw new ShapeError('service.escalation_policy is missing: the service names no escalation policy');
  }
  return { id: serviceId, name, escalationPolicy: reference(s.escalation_policy, 'service.escalation_policy') };
}

function scheduleSummary(v: unknown, where: string): PdScheduleSummary {
  const o = object(v, where);
  const scheduleId = id(o.id, `${where}.id`);
  const name = optionalString(o.name, `${where}.name`) ?? optionalString(o.summary, `${where}.summary`) ?? scheduleId;
  const eps =
    o.escalation_policies === undefined || o.escalation_policies === null
      ? undefined
      : list(o.escalation_policies, `${where}.escalation_policies`).map(
          (e, i) => reference(e, `${where}.escalation_policies[${i}]`).id,
        );
  return {
    id: scheduleId,
    name,
    timeZone: optionalString(o.time_zone, `${where}.time_zone`) ?? '',
    ...(eps ? { escalationPolicyIds: eps } : {}),
  };
}

/** `GET /schedules`. */
export function decodeSchedulesPage(body: unknown): PdSchedulesPage {
  const o = object(body, 'the body');
  const schedules = list(o.schedules, 'schedules').map((s, i) => scheduleSummary(s, `schedules[${i}]`));
  return { ...page(o), schedules };
}

function scheduleEntry(v: unknown, where: string): PdScheduleEntry {
  const o = object(v, where);
  const u = o.user === undefined || o.user === null ? undefined : reference(o.user, `${where}.user`);
  return { start: time(o.start, `${where}.start`), end: timeOrNull(o, 'end', where), ...(u ? { user: u } : {}) };
}

/** `GET /schedules/{id}` asked with since/until: the final schedule's rendered entries must be there. */
export function decodeScheduleDetail(body: unknown): PdScheduleDetail {
  const s = object(object(body, 'the body').schedule, 'schedule');
  const scheduleId = id(s.id, 'schedule.id');
  const final = object(s.final_schedule, 'schedule.final_schedule');
  const entries = list(final.rendered_schedule_entries, 'schedule.final_schedule.rendered_schedule_entries');
  return {
    id: scheduleId,
    name: optionalString(s.name, 'schedule.name') ?? optionalString(s.summary, 'schedule.summary') ?? scheduleId,
    timeZone: optionalString(s.time_zone, 'schedule.time_zone') ?? '',
    finalEntries: entries.map((e, i) => scheduleEntry(e, `schedule.final_schedule.rendered_schedule_entries[${i}]`)),
  };
}

/** `GET /schedules/{id}/users`: the users on call in the range, with their emails. */
export function decodeScheduleUsers(body: unknown): PdUser[] {
  const users = list(object(body, 'the body').users, 'users');
  return users.map((u, i) => user(u, `users[${i}]`)).filter((u): u is PdUser => u !== undefined);
}

function escalationPolicy(v: unknown, where: string): PdEscalationPolicy {
  const o = object(v, where);
  const policyId = id(o.id, `${where}.id`);
  const name = optionalString(o.name, `${where}.name`) ?? optionalString(o.summary, `${where}.summary`) ?? policyId;
  const levels = list(o.escalation_rules, `${where}.escalation_rules`).map((r, i) => {
    const at = `${where}.escalation_rules[${i}]`;
    const rule = object(r, at);
    const delay = rule.escalation_delay_in_minutes;
    const targets = list(rule.targets, `${at}.targets`).map((t, j) => {
      const ref = reference(t, `${at}.targets[${j}]`);
      const type = string((t as Json).type, `${at}.targets[${j}].type`).replace(/_reference$/, '');
      return { type, ...ref };
    });
    return { ...(typeof delay === 'number' ? { delayMinutes: delay } : {}), targets };
  });
  const services =
    o.services === undefined || o.services === null
      ? []
      : list(o.services, `${where}.services`).map((s, i) => reference(s, `${where}.services[${i}]`));
  return { id: policyId, name, levels, services };
}

/** `GET /escalation_policies`. */
export function decodeEscalationPoliciesPage(body: unknown): PdEscalationPoliciesPage {
  const o = object(body, 'the body');
  const escalationPolicies = list(o.escalation_policies, 'escalation_policies').map((p, i) =>
    escalationPolicy(p, `escalation_policies[${i}]`),
  );
  return { ...page(o), escalationPolicies };
}

/** `GET /users/me`. */
export function decodeCurrentUser(body: unknown): PdCurrentUser {
  const u = object(object(body, 'the body').user, 'user');
  const name = optionalString(u.name, 'user.name');
  const email = optionalString(u.email, 'user.email');
  const role = optionalString(u.role, 'user.role');
  const teams =
    u.teams === undefined || u.teams === null
      ? []
      : list(u.teams, 'user.teams').map((t, i) => reference(t, `user.teams[${i}]`));
  return {
    id: id(u.id, 'user.id'),
    ...(name ? { name } : {}),
    ...(email !== undefined ? { email } : {}),
    ...(role ? { role } : {}),
    teams,
  };
}

/** What an error body says, when it is PagerDuty's envelope `{error: {code, message, errors}}`; never throws. */
export function decodeErrorEnvelope(body: unknown): { code?: number; messages: string[] } {
  if (!isObject(body) || !isObject(body.error)) return { messages: [] };
  const e = body.error;
  const messages: string[] = [];
  if (typeof e.message === 'string' && e.message) messages.push(e.message);
  if (Array.isArray(e.errors)) for (const m of e.errors) if (typeof m === 'string' && m) messages.push(m);
  return { ...(typeof e.code === 'number' ? { code: e.code } : {}), messages };
}
