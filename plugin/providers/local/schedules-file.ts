// The local schedules file (CLI.md, "Where on-call data comes from"): schedules with their resolved entries,
// in YAML or JSON. It feeds the local provider and the simulator, so it is checked as strictly as an API
// answer: every mistake is a located problem (`file:line:col`), and a file with errors is never used.
import { readFile } from 'node:fs/promises';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Problem } from '../../routing/types.js';
import type { ApiScheduleEntry, ApiUser } from '../incidentio/api-types.js';
import { compareInstants, parseInstant } from '../instant.js';

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
  schedules: LocalSchedule[];
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

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function parseSchedulesText(text: string, file: string): { data?: SchedulesFile; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems: Problem[] = [];

  const at = (offsets: [number, number], path: string, message: string) => {
    const start = lineCounter.linePos(offsets[0]);
    const end = lineCounter.linePos(Math.max(offsets[0], offsets[1]));
    problems.push({
      file,
      line: start.line,
      column: start.col,
      endLine: end.line,
      endColumn: end.col,
      severity: 'error',
      message,
      path,
    });
  };
  const problem = (node: Node | null | undefined, fallback: Node | null | undefined, path: string, message: string) => {
    const range = node?.range ?? fallback?.range ?? [0, 0, 0];
    at([range[0], range[1]], path, message);
  };

  for (const error of doc.errors) at(error.pos, '', error.message.split('\n')[0]!);
  if (problems.length) return { problems };

  /** Follows YAML aliases (`*alice`), so a file can define a user once with `&alice` and reuse it. */
  const deref = (node: unknown): Node | undefined => {
    let current = node as Node | undefined;
    for (let i = 0; i < 16 && current && isAlias(current); i++) current = current.resolve(doc) as Node | undefined;
    return current;
  };
  const child = (parent: Node, key: string): Node | undefined =>
    isMap(parent) ? deref(parent.get(key, true)) : undefined;

  /** A string scalar, or a problem. `required` problems point at the parent when the key is missing. */
  function str(parent: Node, key: string, path: string, required: boolean): string | undefined {
    if (!isMap(parent)) return undefined;
    const node = child(parent, key);
    if (node === undefined || (isScalar(node) && node.value === null)) {
      if (required) problem(parent, parent, path, `missing \`${key}\``);
      return undefined;
    }
    if (!isScalar(node) || typeof node.value !== 'string') {
      problem(node, parent, `${path}/${key}`, `\`${key}\` must be a string${isScalar(node) ? ' (quote it)' : ''}`);
      return undefined;
    }
    return node.value;
  }

  function unknownKeys(map: Node, allowed: string[], path: string, what: string) {
    if (!isMap(map)) return;
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined || !allowed.includes(key)) {
        problem(
          pair.key as Node,
          map,
          `${path}/${key ?? ''}`,
          `unknown field \`${key ?? '?'}\` in ${what} (allowed: ${allowed.join(', ')})`,
        );
      }
    }
  }

  function user(node: Node, path: string): ApiUser | undefined {
    if (isScalar(node) && node.value === null) return undefined;
    if (!isMap(node)) {
      problem(node, node, path, '`user` must be a mapping with `id`, `name` and `email`');
      return undefined;
    }
    unknownKeys(node, USER_KEYS, path, 'a user');
    const out: ApiUser = {};
    for (const key of USER_KEYS) {
      const value = str(node, key, path, false);
      if (value !== undefined) (out as Record<string, string>)[key] = value;
    }
    if (out.email !== undefined && !EMAIL.test(out.email.trim())) {
      problem(child(node, 'email'), node, `${path}/email`, `\`${out.email}\` is not an email address`);
    }
    return out;
  }

  function entry(node: Node, path: string): ApiScheduleEntry | undefined {
    if (!isMap(node)) {
      problem(node, node, path, 'an entry must be a mapping with `start_at`, `end_at` and `user`');
      return undefined;
    }
    unknownKeys(node, ENTRY_KEYS, path, 'an entry');
    const before = problems.length;
    const start_at = str(node, 'start_at', path, true);
    const end_at = str(node, 'end_at', path, true);
    const start = parseInstant(start_at);
    const end = parseInstant(end_at);
    if (start_at !== undefined && !start)
      problem(
        child(node, 'start_at'),
        node,
        `${path}/start_at`,
        `\`${start_at}\` is not an RFC 3339 time such as 2026-11-26T09:00:00Z`,
      );
    if (end_at !== undefined && !end)
      problem(
        child(node, 'end_at'),
        node,
        `${path}/end_at`,
        `\`${end_at}\` is not an RFC 3339 time such as 2026-11-26T09:00:00Z`,
      );
    if (start && end && compareInstants(start, end) >= 0)
      problem(child(node, 'end_at'), node, `${path}/end_at`, '`end_at` must be after `start_at`');
    const userNode = child(node, 'user');
    const u = userNode === undefined ? undefined : user(userNode, `${path}/user`);
    const out: ApiScheduleEntry = { start_at: start_at ?? '', end_at: end_at ?? '' };
    if (u) out.user = u;
    for (const key of ['entry_id', 'fingerprint', 'rotation_id', 'layer_id'] as const) {
      const value = str(node, key, path, false);
      if (value !== undefined) out[key] = value;
    }
    return problems.length === before ? out : undefined;
  }

  function entryList(parent: Node, key: string, path: string, required: boolean): ApiScheduleEntry[] {
    if (!isMap(parent)) return [];
    const node = child(parent, key);
    if (node === undefined) {
      if (required)
        problem(parent, parent, path, `missing \`${key}\` (write \`${key}: []\` for a schedule with nobody on call)`);
      return [];
    }
    if (!isSeq(node)) {
      problem(node, parent, `${path}/${key}`, `\`${key}\` must be a list of entries`);
      return [];
    }
    return node.items.flatMap((item, i) => {
      const e = entry(deref(item)!, `${path}/${key}/${i}`);
      return e ? [e] : [];
    });
  }

  const root = deref(doc.contents) ?? null;
  if (!isMap(root)) {
    problem(root, root, '', 'a schedules file is a mapping with a `schedules` list');
    return { problems };
  }
  unknownKeys(root, ['schedules'], '', 'the schedules file');
  const list = child(root, 'schedules');
  if (!isSeq(list)) {
    problem(list, root, '/schedules', list === undefined ? 'missing `schedules`' : '`schedules` must be a list');
    return { problems };
  }
  const schedules: LocalSchedule[] = [];
  const seen = new Set<string>();
  list.items.forEach((item, i) => {
    const node = deref(item)!;
    const path = `/schedules/${i}`;
    if (!isMap(node)) {
      problem(node, list, path, 'a schedule must be a mapping with `id`, `name` and `entries`');
      return;
    }
    unknownKeys(node, SCHEDULE_KEYS, path, 'a schedule');
    const id = str(node, 'id', path, true);
    if (id !== undefined) {
      if (id.trim() === '') problem(child(node, 'id'), node, `${path}/id`, '`id` must not be empty');
      else if (seen.has(id)) problem(child(node, 'id'), node, `${path}/id`, `schedule \`${id}\` appears twice`);
      seen.add(id);
    }
    const name = str(node, 'name', path, true);
    const timezone = str(node, 'timezone', path, false) ?? 'UTC';
    if (!validTimeZone(timezone))
      problem(
        child(node, 'timezone'),
        node,
        `${path}/timezone`,
        `\`${timezone}\` is not an IANA time zone such as Europe/London`,
      );
    const teamIds: string[] = [];
    const teams = child(node, 'team_ids');
    if (teams !== undefined) {
      if (!isSeq(teams) || teams.items.some((t) => !isScalar(t) || typeof t.value !== 'string')) {
        problem(teams, node, `${path}/team_ids`, '`team_ids` must be a list of strings');
      } else teamIds.push(...teams.items.map((t) => String((t as { value: unknown }).value)));
    }
    const entries = entryList(node, 'entries', path, true);
    const scheduled = entryList(node, 'scheduled', path, false);
    const overrides = entryList(node, 'overrides', path, false);
    if (id && name !== undefined) schedules.push({ id, name, timezone, teamIds, entries, scheduled, overrides });
  });
  if (problems.length) return { problems };
  return { data: { file, schedules }, problems };
}

/** Reads and checks a schedules file; throws SchedulesFileError (located problems) when it is not usable. */
export async function loadSchedulesFile(path: string): Promise<SchedulesFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (code ?? 'unreadable');
    throw new SchedulesFileError([
      {
        file: path,
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
        severity: 'error',
        message: `cannot read the schedules file: ${why}`,
        path: '',
      },
    ]);
  }
  const { data, problems } = parseSchedulesText(text, path);
  if (!data) throw new SchedulesFileError(problems);
  return data;
}
