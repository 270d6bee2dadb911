// The `pagerduty` section of a local schedules file: PagerDuty's model (users, schedules with their final
// entries, escalation policies with levels of targets, services pointing at a policy), checked as strictly
// as the incident.io part. Every mistake is a located problem; a reference to a user, schedule or policy
// the section does not define is one too, since a dangling reference would silently drop a person.
import type { NodeIndex } from '../../parse/positions.js';
import { pointerSegment } from '../../parse/positions.js';
import type { Problem, ProblemCode } from '../../parse/problems.js';
import { compareInstants, parseInstant } from '../instant.js';
import type {
  PagerDutyData,
  PdDataEntry,
  PdDataLevel,
  PdDataPolicy,
  PdDataSchedule,
  PdDataService,
  PdDataTarget,
  PdDataUser,
} from '../pagerduty/data.js';

const SECTION_KEYS = ['users', 'schedules', 'escalation_policies', 'services'];
const USER_KEYS = ['id', 'name', 'email'];
const SCHEDULE_KEYS = ['id', 'name', 'time_zone', 'entries'];
const ENTRY_KEYS = ['start', 'end', 'user'];
const POLICY_KEYS = ['id', 'name', 'levels'];
const LEVEL_KEYS = ['targets', 'delay_minutes'];
const TARGET_KEYS = ['type', 'id'];
const SERVICE_KEYS = ['id', 'name', 'escalation_policy'];
const EMAIL = /^[^@\s]+@[^@\s]+$/;

type Data = Record<string, unknown>;
const isMapping = (v: unknown): v is Data => v !== null && typeof v === 'object' && !Array.isArray(v);

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Checks `value` (the section, at JSON pointer `/pagerduty`); problems are appended to `problems`. */
export function checkPagerDutySection(
  value: unknown,
  index: NodeIndex,
  problems: Problem[],
): PagerDutyData | undefined {
  const before = problems.length;
  const problem = (path: string, code: ProblemCode, message: string, part: 'key' | 'value' = 'value') =>
    problems.push(index.problem(path, 'error', code, message, part));

  function unknownKeys(map: Data, allowed: string[], path: string, what: string) {
    for (const key of Object.keys(map))
      if (!allowed.includes(key))
        problem(
          `${path}/${pointerSegment(key)}`,
          'schedules.unknown-key',
          `unknown field \`${key}\` in ${what} (allowed: ${allowed.join(', ')})`,
          'key',
        );
  }

  function str(parent: Data, key: string, path: string, required: boolean): string | undefined {
    const v = parent[key];
    if (v === undefined || v === null) {
      if (required) problem(path, 'schedules.missing-key', `missing \`${key}\``);
      return undefined;
    }
    if (typeof v !== 'string') {
      problem(
        `${path}/${key}`,
        'schedules.type',
        `\`${key}\` must be a string${typeof v !== 'object' ? ' (quote it)' : ''}`,
      );
      return undefined;
    }
    return v;
  }

  function id(parent: Data, path: string, seen: Set<string>, what: string): string | undefined {
    const v = str(parent, 'id', path, true);
    if (v === undefined) return undefined;
    if (v.trim() === '') {
      problem(`${path}/id`, 'schedules.empty-id', '`id` must not be empty');
      return undefined;
    }
    if (seen.has(v)) problem(`${path}/id`, 'schedules.duplicate-id', `${what} \`${v}\` appears twice`);
    seen.add(v);
    return v;
  }

  function list(parent: Data, key: string, path: string): [unknown, number][] {
    const v = parent[key];
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      problem(`${path}/${key}`, 'schedules.type', `\`${key}\` must be a list`);
      return [];
    }
    return v.map((item, i) => [item, i]);
  }

  function mapping(item: unknown, path: string, what: string): item is Data {
    if (isMapping(item)) return true;
    problem(path, 'schedules.type', `${what} must be a mapping`);
    return false;
  }

  if (!isMapping(value)) {
    problem(
      '/pagerduty',
      'schedules.type',
      '`pagerduty` must be a mapping with `users`, `schedules`, `escalation_policies` and `services`',
    );
    return undefined;
  }
  unknownKeys(value, SECTION_KEYS, '/pagerduty', 'the pagerduty section');

  // Users first: schedules and levels refer to them.
  const users: PdDataUser[] = [];
  const userIds = new Set<string>();
  for (const [item, i] of list(value, 'users', '/pagerduty')) {
    const path = `/pagerduty/users/${i}`;
    if (!mapping(item, path, 'a user')) continue;
    unknownKeys(item, USER_KEYS, path, 'a PagerDuty user');
    const userId = id(item, path, userIds, 'user');
    const name = str(item, 'name', path, false);
    const email = str(item, 'email', path, false);
    if (email !== undefined && !EMAIL.test(email.trim()))
      problem(`${path}/email`, 'schedules.bad-email', `\`${email}\` is not an email address`);
    if (userId !== undefined)
      users.push({ id: userId, name: name ?? userId, ...(email !== undefined ? { email } : {}) });
  }

  const userRef = (v: string, path: string) => {
    if (!userIds.has(v)) problem(path, 'schedules.unknown-reference', `user \`${v}\` is not in \`pagerduty.users\``);
  };

  const schedules: PdDataSchedule[] = [];
  const scheduleIds = new Set<string>();
  for (const [item, i] of list(value, 'schedules', '/pagerduty')) {
    const path = `/pagerduty/schedules/${i}`;
    if (!mapping(item, path, 'a schedule')) continue;
    unknownKeys(item, SCHEDULE_KEYS, path, 'a PagerDuty schedule');
    const scheduleId = id(item, path, scheduleIds, 'schedule');
    const name = str(item, 'name', path, true);
    const timeZone = str(item, 'time_zone', path, false);
    if (timeZone !== undefined && !validTimeZone(timeZone))
      problem(
        `${path}/time_zone`,
        'schedules.bad-timezone',
        `\`${timeZone}\` is not an IANA time zone such as Europe/London`,
      );
    if (item.entries === undefined)
      problem(
        path,
        'schedules.missing-key',
        'missing `entries` (write `entries: []` for a schedule with nobody on call)',
      );
    const entries: PdDataEntry[] = [];
    for (const [e, j] of list(item, 'entries', path)) {
      const at = `${path}/entries/${j}`;
      if (!mapping(e, at, 'an entry')) continue;
      unknownKeys(e, ENTRY_KEYS, at, 'a PagerDuty schedule entry');
      const start = str(e, 'start', at, true);
      // `end: null` (written out) is an entry that does not end, as PagerDuty says; a missing `end` is a mistake.
      const openEnd = Object.hasOwn(e, 'end') && e.end === null;
      const end = openEnd ? null : str(e, 'end', at, true);
      const s = parseInstant(start);
      const t = end === null ? null : parseInstant(end);
      const notATime = (x: string) => `\`${x}\` is not an RFC 3339 time such as 2026-11-26T09:00:00Z`;
      if (start !== undefined && !s) problem(`${at}/start`, 'schedules.bad-time', notATime(start));
      if (end !== undefined && end !== null && !t) problem(`${at}/end`, 'schedules.bad-time', notATime(end));
      if (s && t && compareInstants(s, t) >= 0)
        problem(`${at}/end`, 'schedules.end-before-start', '`end` must be after `start`');
      if (!Object.hasOwn(e, 'user'))
        problem(at, 'schedules.missing-key', 'missing `user` (a user ID, or null for a gap)');
      const user = e.user === null ? null : str(e, 'user', at, false);
      if (typeof user === 'string') userRef(user, `${at}/user`);
      if (start !== undefined && end !== undefined && user !== undefined) entries.push({ start, end, user });
    }
    if (scheduleId !== undefined && name !== undefined)
      schedules.push({ id: scheduleId, name, ...(timeZone !== undefined ? { timeZone } : {}), entries });
  }

  const escalationPolicies: PdDataPolicy[] = [];
  const policyIds = new Set<string>();
  for (const [item, i] of list(value, 'escalation_policies', '/pagerduty')) {
    const path = `/pagerduty/escalation_policies/${i}`;
    if (!mapping(item, path, 'an escalation policy')) continue;
    unknownKeys(item, POLICY_KEYS, path, 'an escalation policy');
    const policyId = id(item, path, policyIds, 'escalation policy');
    const name = str(item, 'name', path, true);
    if (item.levels === undefined) problem(path, 'schedules.missing-key', 'missing `levels` (level 1 first)');
    const levels: PdDataLevel[] = [];
    for (const [l, j] of list(item, 'levels', path)) {
      const at = `${path}/levels/${j}`;
      if (!mapping(l, at, 'a level')) continue;
      unknownKeys(l, LEVEL_KEYS, at, 'an escalation level');
      const targets: PdDataTarget[] = [];
      if (l.targets === undefined) problem(at, 'schedules.missing-key', 'missing `targets`');
      for (const [t, k] of list(l, 'targets', at)) {
        const tp = `${at}/targets/${k}`;
        if (!mapping(t, tp, 'a target')) continue;
        unknownKeys(t, TARGET_KEYS, tp, 'a target');
        const type = str(t, 'type', tp, true);
        const targetId = str(t, 'id', tp, true);
        if (type !== undefined && type !== 'user' && type !== 'schedule') {
          problem(`${tp}/type`, 'schedules.type', '`type` must be `user` or `schedule`');
          continue;
        }
        if (type === undefined || targetId === undefined) continue;
        if (type === 'user') userRef(targetId, `${tp}/id`);
        else if (!scheduleIds.has(targetId))
          problem(
            `${tp}/id`,
            'schedules.unknown-reference',
            `schedule \`${targetId}\` is not in \`pagerduty.schedules\``,
          );
        targets.push({ type, id: targetId });
      }
      const delay = l.delay_minutes;
      if (delay !== undefined && (typeof delay !== 'number' || !Number.isInteger(delay) || delay < 1))
        problem(
          `${at}/delay_minutes`,
          'schedules.type',
          '`delay_minutes` must be a whole number of minutes, at least 1',
        );
      levels.push({ targets, ...(typeof delay === 'number' ? { delayMinutes: delay } : {}) });
    }
    if (policyId !== undefined && name !== undefined) escalationPolicies.push({ id: policyId, name, levels });
  }

  const services: PdDataService[] = [];
  const serviceIds = new Set<string>();
  for (const [item, i] of list(value, 'services', '/pagerduty')) {
    const path = `/pagerduty/services/${i}`;
    if (!mapping(item, path, 'a service')) continue;
    unknownKeys(item, SERVICE_KEYS, path, 'a PagerDuty service');
    const serviceId = id(item, path, serviceIds, 'service');
    const name = str(item, 'name', path, true);
    const policy = str(item, 'escalation_policy', path, true);
    if (policy !== undefined && !policyIds.has(policy))
      problem(
        `${path}/escalation_policy`,
        'schedules.unknown-reference',
        `escalation policy \`${policy}\` is not in \`pagerduty.escalation_policies\``,
      );
    if (serviceId !== undefined && name !== undefined && policy !== undefined)
      services.push({ id: serviceId, name, escalationPolicy: policy });
  }

  return problems.length === before ? { users, schedules, escalationPolicies, services } : undefined;
}
