// The local schedules file (the CLI's `--schedules FILE`): schedules with their resolved entries, in YAML or
// JSON. It feeds the local provider and the simulator, so it is checked as strictly as an API answer: every
// mistake is a located problem (`file:line:col`), and a file with errors is never used. It is read by the
// one reader (parse/reader.ts), so aliases (`&alice` … `*alice`) cost one copy each, however many there are.
import { SCHEDULES_INPUT } from '../../parse/kinds.js';
import { readDocument, readDocumentFile, type Input, type ParsedDocument } from '../../parse/reader.js';
import { pointerSegment } from '../../parse/positions.js';
import type { Problem, ProblemCode } from '../../parse/problems.js';
import type { ApiScheduleEntry, ApiUser } from '../incidentio/api-types.js';
import { compareInstants, parseInstant } from '../instant.js';
import { hasHiddenCharacter, normaliseEmail } from '../../email.js';
import type { PagerDutyData } from '../pagerduty/data.js';
import { checkPagerDutySection } from './pagerduty-section.js';

/**
 * One schedule of a schedules file. The parser fills every field; data built in code (a host's tests, the
 * benchmark) may leave the optional ones out.
 */
export interface LocalSchedule {
  id: string;
  name: string;
  /** IANA zone; `UTC` when the file does not say. */
  timezone?: string;
  teamIds?: string[];
  /** Resolved entries (incident.io `final`, overrides applied): the only list that decides who is on call. */
  entries: ApiScheduleEntry[];
  /** Served as-is by the simulator; informational. */
  scheduled?: ApiScheduleEntry[];
  overrides?: ApiScheduleEntry[];
}

export interface SchedulesFile {
  /** Where the data came from (a path, or a label for data built in memory). */
  file?: string;
  /** incident.io schedules (empty when the file has only a PagerDuty section). */
  schedules: LocalSchedule[];
  /** PagerDuty's model, when the file has a `pagerduty` section: it feeds the PagerDuty local provider. */
  pagerduty?: PagerDutyData;
}

/** Thrown by loadSchedulesFile: `message` is the problems, one `FILE:LINE:COL: error: ...` line each. */
export class SchedulesFileError extends Error {
  override name = 'SchedulesFileError';
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.message}`).join('\n'));
  }
}

const SCHEDULE_KEYS = ['id', 'name', 'timezone', 'team_ids', 'entries', 'scheduled', 'overrides'];
const ENTRY_KEYS = ['start_at', 'end_at', 'user', 'entry_id', 'fingerprint', 'rotation_id', 'layer_id'];
const USER_KEYS = ['id', 'name', 'email', 'role', 'slack_user_id'];
const EMAIL = /^[^@\s]+@[^@\s]+$/;

// The zones ICU names canonically, listed without loading what a date format needs (constructing one costs
// tens of milliseconds in a fresh process); any other name (an alias such as US/Eastern) is tried on a format.
let canonicalZones: Set<string> | undefined;

function validTimeZone(zone: string): boolean {
  canonicalZones ??= new Set(['UTC', ...(Intl.supportedValuesOf?.('timeZone') ?? [])]);
  if (canonicalZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

type Data = Record<string, unknown>;

const isMapping = (v: unknown): v is Data => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Checks a schedules file given as text or bytes; `file` names it in problems. */
export function parseSchedulesText(input: Input, file: string): { data?: SchedulesFile; problems: Problem[] } {
  return checkSchedulesDocument(readDocument(input, file, SCHEDULES_INPUT));
}

/** Checks a schedules document already read: a whole file, or the `schedules` written inline in a test file. */
export function checkSchedulesDocument(doc: Pick<ParsedDocument, 'data' | 'index' | 'problems'>): {
  data?: SchedulesFile;
  problems: Problem[];
} {
  const { index } = doc;
  const file = index.file;
  const problems: Problem[] = doc.problems.filter((p) => p.severity === 'error');
  if (problems.length || doc.data === undefined) return { problems };

  const problem = (path: string, code: ProblemCode, message: string, part: 'key' | 'value' = 'value') =>
    problems.push(index.problem(path, 'error', code, message, part));

  /** A string value, or a problem. `required` problems point at the parent when the key is missing. */
  function str(parent: Data, key: string, path: string, required: boolean): string | undefined {
    const value = parent[key];
    if (value === undefined || value === null) {
      if (required) problem(path, 'schedules.missing-key', `missing \`${key}\``);
      return undefined;
    }
    if (typeof value !== 'string') {
      const scalar = typeof value !== 'object';
      problem(`${path}/${key}`, 'schedules.type', `\`${key}\` must be a string${scalar ? ' (quote it)' : ''}`);
      return undefined;
    }
    return value;
  }

  function unknownKeys(map: Data, allowed: string[], path: string, what: string) {
    for (const key of Object.keys(map)) {
      if (!allowed.includes(key)) {
        problem(
          `${path}/${pointerSegment(key)}`,
          'schedules.unknown-key',
          `unknown field \`${key}\` in ${what} (allowed: ${allowed.join(', ')})`,
          'key',
        );
      }
    }
  }

  function user(value: unknown, path: string): ApiUser | undefined {
    if (value === null) return undefined;
    if (!isMapping(value)) {
      problem(path, 'schedules.type', '`user` must be a mapping with `id`, `name` and `email`');
      return undefined;
    }
    unknownKeys(value, USER_KEYS, path, 'a user');
    const out: ApiUser = {};
    for (const key of USER_KEYS) {
      const v = str(value, key, path, false);
      if (v !== undefined) (out as Record<string, string>)[key] = v;
    }
    if (out.email !== undefined && (!EMAIL.test(out.email.trim()) || normaliseEmail(out.email) === undefined)) {
      problem(
        `${path}/email`,
        'schedules.bad-email',
        hasHiddenCharacter(out.email.trim())
          ? 'this email holds a character that cannot be seen (a zero-width space, a joiner, a control or bidi character), so it is not an email address'
          : `\`${out.email}\` is not an email address`,
      );
    }
    return out;
  }

  function entry(value: unknown, path: string): ApiScheduleEntry | undefined {
    if (!isMapping(value)) {
      problem(path, 'schedules.type', 'an entry must be a mapping with `start_at`, `end_at` and `user`');
      return undefined;
    }
    unknownKeys(value, ENTRY_KEYS, path, 'an entry');
    const before = problems.length;
    const start_at = str(value, 'start_at', path, true);
    const end_at = str(value, 'end_at', path, true);
    const start = parseInstant(start_at);
    const end = parseInstant(end_at);
    const notATime = (t: string) => `\`${t}\` is not an RFC 3339 time such as 2026-11-26T09:00:00Z`;
    if (start_at !== undefined && !start) problem(`${path}/start_at`, 'schedules.bad-time', notATime(start_at));
    if (end_at !== undefined && !end) problem(`${path}/end_at`, 'schedules.bad-time', notATime(end_at));
    if (start && end && compareInstants(start, end) >= 0)
      problem(`${path}/end_at`, 'schedules.end-before-start', '`end_at` must be after `start_at`');
    const u = value.user === undefined ? undefined : user(value.user, `${path}/user`);
    const out: ApiScheduleEntry = { start_at: start_at ?? '', end_at: end_at ?? '' };
    if (u) out.user = u;
    for (const key of ['entry_id', 'fingerprint', 'rotation_id', 'layer_id'] as const) {
      const v = str(value, key, path, false);
      if (v !== undefined) out[key] = v;
    }
    return problems.length === before ? out : undefined;
  }

  function entryList(parent: Data, key: string, path: string, required: boolean): ApiScheduleEntry[] {
    const value = parent[key];
    if (value === undefined) {
      if (required)
        problem(
          path,
          'schedules.missing-key',
          `missing \`${key}\` (write \`${key}: []\` for a schedule with nobody on call)`,
        );
      return [];
    }
    if (!Array.isArray(value)) {
      problem(`${path}/${key}`, 'schedules.type', `\`${key}\` must be a list of entries`);
      return [];
    }
    return value.flatMap((item, i) => {
      const e = entry(item, `${path}/${key}/${i}`);
      return e ? [e] : [];
    });
  }

  const root = doc.data;
  if (!isMapping(root)) {
    problem('', 'schedules.not-a-mapping', 'a schedules file is a mapping with a `schedules` list');
    return { problems };
  }
  unknownKeys(root, ['schedules', 'pagerduty'], '', 'the schedules file');
  const pagerduty = root.pagerduty === undefined ? undefined : checkPagerDutySection(root.pagerduty, index, problems);
  // A file for PagerDuty only may leave the incident.io `schedules` out.
  const list = root.schedules === undefined && root.pagerduty !== undefined ? [] : root.schedules;
  if (!Array.isArray(list)) {
    if (list === undefined) problem('/schedules', 'schedules.missing-key', 'missing `schedules`');
    else problem('/schedules', 'schedules.type', '`schedules` must be a list');
    return { problems };
  }
  const schedules: LocalSchedule[] = [];
  const seen = new Set<string>();
  list.forEach((item, i) => {
    const path = `/schedules/${i}`;
    if (!isMapping(item)) {
      problem(path, 'schedules.type', 'a schedule must be a mapping with `id`, `name` and `entries`');
      return;
    }
    unknownKeys(item, SCHEDULE_KEYS, path, 'a schedule');
    const id = str(item, 'id', path, true);
    if (id !== undefined) {
      if (id.trim() === '') problem(`${path}/id`, 'schedules.empty-id', '`id` must not be empty');
      else if (seen.has(id)) problem(`${path}/id`, 'schedules.duplicate-id', `schedule \`${id}\` appears twice`);
      seen.add(id);
    }
    const name = str(item, 'name', path, true);
    const timezone = str(item, 'timezone', path, false) ?? 'UTC';
    if (!validTimeZone(timezone))
      problem(
        `${path}/timezone`,
        'schedules.bad-timezone',
        `\`${timezone}\` is not an IANA time zone such as Europe/London`,
      );
    const teamIds: string[] = [];
    const teams = item.team_ids;
    if (teams !== undefined) {
      if (!Array.isArray(teams) || teams.some((t) => typeof t !== 'string')) {
        problem(`${path}/team_ids`, 'schedules.type', '`team_ids` must be a list of strings');
      } else teamIds.push(...(teams as string[]));
    }
    const entries = entryList(item, 'entries', path, true);
    const scheduled = entryList(item, 'scheduled', path, false);
    const overrides = entryList(item, 'overrides', path, false);
    if (id && name !== undefined) schedules.push({ id, name, timezone, teamIds, entries, scheduled, overrides });
  });
  if (problems.length) return { problems };
  return { data: { file, schedules, ...(pagerduty ? { pagerduty } : {}) }, problems };
}

/** Reads and checks a schedules file; throws SchedulesFileError (located problems) when it is not usable. */
export async function loadSchedulesFile(path: string): Promise<SchedulesFile> {
  const { data, problems } = checkSchedulesDocument(await readDocumentFile(path, SCHEDULES_INPUT));
  if (!data) throw new SchedulesFileError(problems);
  return data;
}
