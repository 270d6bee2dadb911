// A synthetic but realistic world for the benchmark: routing rules (as typed rules and as the YAML an
// administrator would write), the schedules behind them, a stream of access requests, and schedules files
// as people write them. Seeded, so every run and every contender sees the same inputs.
import { stringify } from 'yaml';
import type {
  AccessRequest,
  ApprovalEntry,
  GroupRef,
  PagerDutyData,
  RequestorMatcher,
  ResourceMatcher,
  Rule,
} from './api.js';

/** One schedule in the shape of a local schedules file and of the simulator's data. */
export interface BenchSchedule {
  id: string;
  name: string;
  timezone: string;
  entries: Array<{
    start_at: string;
    end_at: string;
    user: { id: string; name: string; email: string };
  }>;
}

export interface BenchWorld {
  now: Date;
  schedules: BenchSchedule[];
  rules: Rule[];
  /** The same rules as a routing file. */
  yaml: string;
  requests: AccessRequest[];
  reviewers: string[];
  /** Ground truth a host would hold: schedule ID → emails on call at `now`. Baselines get this as facts. */
  onCall: Map<string, Set<string>>;
}

export interface WorldOptions {
  seed?: number;
  rules: number;
  services: number;
  schedules: number;
  users: number;
  requests: number;
  now?: Date;
}

export const BENCH_NOW = new Date('2026-11-26T10:00:00.000Z');
export const ACCESS_TYPES = ['permission-set', 'role', 'database'] as const;
const ENVS = ['prod', 'staging', 'dev'] as const;
const GROUP_COUNT = 30;

/** mulberry32: a tiny seeded PRNG, good enough to spread synthetic data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const int = (rand: Rand, n: number): number => Math.floor(rand() * n);
function sample<T>(rand: Rand, items: readonly T[], n: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < n && pool.length > 0) out.push(pool.splice(int(rand, pool.length), 1)[0]!);
  return out;
}
function weighted<T extends string>(rand: Rand, weights: Record<T, number>): T {
  const entries = Object.entries(weights) as Array<[T, number]>;
  let x = rand() * entries.reduce((s, [, w]) => s + w, 0);
  for (const [k, w] of entries) {
    x -= w;
    if (x < 0) return k;
  }
  return entries[entries.length - 1]![0];
}

/** incident.io-looking schedule IDs (26 characters, Crockford base32 alphabet). */
export function scheduleId(n: number): string {
  return `01HBENCH${String(n).padStart(18, '0')}`;
}
export const userEmail = (n: number): string => `user${n}@example.com`;
export const serviceName = (n: number): string => `svc-${String(n).padStart(2, '0')}`;
const groupRef = (n: number): GroupRef => ({
  id: `00g${n}`,
  label: `team-${n}`,
  directory: n % 3 === 0 ? 'azure-ad' : 'okta',
});

/**
 * Schedules with two people on call at `now` (so an escalation always has someone other than the requestor
 * to page), plus an ended and a future shift that must not count.
 */
export function makeSchedules(count: number, users: number, now: Date, rand: Rand): BenchSchedule[] {
  const iso = (offsetH: number): string => new Date(now.getTime() + offsetH * 3_600_000).toISOString();
  const entry = (u: number, from: number, to: number) => ({
    start_at: iso(from),
    end_at: iso(to),
    user: { id: `U${u}`, name: `User ${u}`, email: userEmail(u) },
  });
  return Array.from({ length: count }, (_, s) => {
    const [a, b, c, d] = sample(
      rand,
      Array.from({ length: users }, (_, u) => u),
      4,
    );
    return {
      id: scheduleId(s),
      name: `Schedule ${s}`,
      timezone: 'Europe/London',
      entries: [entry(c!, -36, -12), entry(a!, -12, 12), entry(b!, -2, 6), entry(d!, 12, 36)],
    };
  });
}

export function onCallAt(schedules: BenchSchedule[], now: Date): Map<string, Set<string>> {
  const t = now.getTime();
  return new Map(
    schedules.map((s) => [
      s.id,
      new Set(
        s.entries
          .filter((e) => Date.parse(e.start_at) <= t && t < Date.parse(e.end_at))
          .map((e) => e.user.email.trim().toLowerCase()),
      ),
    ]),
  );
}

function makeRequestor(rand: Rand, users: number): RequestorMatcher {
  const kind = weighted(rand, { any: 40, group: 35, user: 25 });
  if (kind === 'any') return { type: 'any' };
  if (kind === 'user') return { type: 'user', uid: userEmail(int(rand, users)) };
  const groups = sample(
    rand,
    Array.from({ length: GROUP_COUNT }, (_, g) => g),
    1 + int(rand, 2),
  ).map(groupRef);
  return { type: 'group', groups, effect: rand() < 0.8 ? 'keep' : 'remove' };
}

function makeResource(rand: Rand, services: number): ResourceMatcher {
  if (rand() < 0.02) return { type: 'any' };
  const resource: ResourceMatcher = { type: 'integration', service: serviceName(int(rand, services)) };
  if (rand() < 0.6) resource.accessType = pick(rand, ACCESS_TYPES);
  if (rand() < 0.12) {
    // Literal patterns only, so Cedar's `like "*x*"` means the same as our unanchored regular expression.
    resource.filters = {
      tag: { effect: rand() < 0.7 ? 'keep' : 'remove', key: 'env', pattern: pick(rand, ['prod', 'stag']) },
    };
  }
  return resource;
}

function makeEntry(rand: Rand, scheduleIds: string[]): ApprovalEntry {
  const kind = weighted(rand, {
    autoAny: 10,
    autoServices: 15,
    escalation: 27,
    group: 15,
    p0: 15,
    profile: 8,
    persistent: 5,
    deny: 5,
  });
  const options = rand() < 0.15 ? { options: { requireReason: true } } : {};
  const services = (): string[] => sample(rand, scheduleIds, 1 + int(rand, 3));
  switch (kind) {
    case 'autoAny':
      return { type: 'auto', integration: 'incidentio', ...options };
    case 'autoServices':
      return { type: 'auto', integration: 'incidentio', services: services(), ...options };
    case 'escalation':
      return { type: 'escalation', integration: 'incidentio', services: services(), ...options };
    case 'group':
      return { type: 'group', groups: [groupRef(int(rand, GROUP_COUNT))], effect: 'keep', ...options };
    case 'p0':
      return { type: 'p0', ...options };
    case 'profile':
      return { type: 'requestor-profile', directory: 'okta', profileProperty: 'manager', ...options };
    case 'persistent':
      return { type: 'persistent' };
    case 'deny':
      return { type: 'deny' };
  }
}

export function makeRules(count: number, services: number, users: number, scheduleIds: string[], rand: Rand): Rule[] {
  return Array.from({ length: count }, (_, i) => {
    const approval = rand() < 0.02 ? [] : Array.from({ length: 1 + int(rand, 2) }, () => makeEntry(rand, scheduleIds));
    // Most rules are named, as administrators do; a few are left to be labelled by position (#N).
    const named = rand() < 0.9;
    const disabled = rand() < 0.02;
    return {
      ...(named ? { name: `rule-${String(i + 1).padStart(3, '0')}` } : {}),
      ...(disabled ? { disabled: true } : {}),
      requestor: makeRequestor(rand, users),
      resource: makeResource(rand, services),
      approval,
    };
  });
}

/** A user's directory groups: a stable function of the user number, so requests agree with each other. */
export function groupsOf(user: number): GroupRef[] {
  return [groupRef(user % GROUP_COUNT), groupRef((user * 7 + 3) % GROUP_COUNT)];
}

export function makeRequests(
  count: number,
  services: number,
  users: number,
  onCall: Map<string, Set<string>>,
  rand: Rand,
): AccessRequest[] {
  const onCallUsers = [...new Set([...onCall.values()].flatMap((s) => [...s]))].map((e) => Number(/\d+/.exec(e)![0]));
  return Array.from({ length: count }, (_, i) => {
    const user = rand() < 0.4 && onCallUsers.length > 0 ? pick(rand, onCallUsers) : int(rand, users);
    const request: AccessRequest = {
      id: `req-${i}`,
      requestor: {
        email: userEmail(user),
        groups: groupsOf(user).map((g) => ({ directory: g.directory, id: g.id })),
      },
      resource: { service: serviceName(int(rand, services)), accessType: pick(rand, ACCESS_TYPES) },
    };
    if (rand() < 0.7) request.requestor.profile = { manager: `manager${user % 17}@example.com` };
    if (rand() < 0.7) request.resource.attributes = { tag: { env: pick(rand, ENVS) } };
    if (rand() < 0.5) request.reason = `INC-${1000 + i} database failover`;
    return request;
  });
}

export const REVIEWERS = ['security-1@example.com', 'security-2@example.com'];

/** The 500-rule world of scenario 2 (and, smaller, of the smoke test). */
export function generateWorld(options: WorldOptions): BenchWorld {
  const rand = prng(options.seed ?? 42);
  const now = options.now ?? BENCH_NOW;
  const schedules = makeSchedules(options.schedules, options.users, now, rand);
  const onCall = onCallAt(schedules, now);
  const rules = makeRules(
    options.rules,
    options.services,
    options.users,
    schedules.map((s) => s.id),
    rand,
  );
  const requests = makeRequests(options.requests, options.services, options.users, onCall, rand);
  return { now, schedules, rules, yaml: rulesToYaml(rules), requests, reviewers: REVIEWERS, onCall };
}

/**
 * Scenario 1's world: one auto rule and one escalation rule on one service, requests from people on call
 * and not on call (approved and pending).
 */
export function twoRuleWorld(options: {
  requests: number;
  schedules?: number;
  users?: number;
  seed?: number;
  now?: Date;
}): BenchWorld {
  const rand = prng(options.seed ?? 7);
  const now = options.now ?? BENCH_NOW;
  const users = options.users ?? 200;
  const schedules = makeSchedules(options.schedules ?? 10, users, now, rand);
  const onCall = onCallAt(schedules, now);
  const rules: Rule[] = [
    {
      name: 'on-call engineers',
      requestor: { type: 'any' },
      resource: { type: 'integration', service: serviceName(0) },
      approval: [{ type: 'auto', integration: 'incidentio' }],
    },
    {
      name: 'escalate to primary',
      requestor: { type: 'any' },
      resource: { type: 'integration', service: serviceName(0) },
      approval: [{ type: 'escalation', integration: 'incidentio', services: [schedules[0]!.id] }],
    },
  ];
  const requests = makeRequests(options.requests, 1, users, onCall, rand);
  return { now, schedules, rules, yaml: rulesToYaml(rules), requests, reviewers: REVIEWERS, onCall };
}

export function rulesToYaml(rules: Rule[]): string {
  return `# Synthetic routing rules for the benchmark (bench/world.ts).\n${stringify(rules, { lineWidth: 0 })}`;
}

/** Scenario 5's routing file: the same generated text wherever it is built (fixed seed). */
export function loadScenarioYaml(sizes: { rules: number; services: number; schedules: number }): string {
  return generateWorld({
    rules: sizes.rules,
    services: sizes.services,
    schedules: sizes.schedules,
    users: 100,
    requests: 0,
  }).yaml;
}

/**
 * A schedules file in the style of the bundled rules/oncall.example.yaml: `schedules` schedules of daily
 * shifts, `entries` in all, people taking turns. With `anchors`, each person is written out once (`&uN`)
 * and every later shift refers to them (`*uN`); without, every entry spells the person out. Both forms
 * hold exactly the same data.
 */
export function schedulesFileText(options: {
  entries: number;
  schedules: number;
  users: number;
  anchors: boolean;
}): string {
  const { entries, schedules, users, anchors } = options;
  const day = 86_400_000;
  const start = Date.parse('2026-01-01T09:00:00Z');
  const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');
  const written = new Set<number>();
  const person = (u: number): string => {
    const full = `{ id: U${u}, name: User ${u}, email: ${userEmail(u)} }`;
    if (!anchors) return full;
    if (written.has(u)) return `*u${u}`;
    written.add(u);
    return `&u${u} ${full}`;
  };
  const lines = ['# Synthetic schedules file for the benchmark (bench/world.ts).', 'schedules:'];
  const perSchedule = Math.ceil(entries / schedules);
  let left = entries;
  for (let s = 0; s < schedules && left > 0; s++) {
    lines.push(`  - id: ${scheduleId(s)}`, `    name: Schedule ${s}`, '    timezone: Europe/London', '    entries:');
    const n = Math.min(perSchedule, left);
    for (let k = 0; k < n; k++) {
      const t = start + k * day;
      const u = (s * 7 + k) % users;
      lines.push(`      - { start_at: ${iso(t)}, end_at: ${iso(t + day)}, layer_id: primary, user: ${person(u)} }`);
    }
    left -= n;
  }
  return `${lines.join('\n')}\n`;
}

/** The PagerDuty service whose escalation policy pages schedule `scheduleId` at its first level. */
export const pagerDutyServiceOf = (scheduleId: string): string => `PSVC${scheduleId.slice(-6)}`;

/**
 * The same schedules as PagerDuty holds them: each schedule (same ID) is the one target of the first level
 * of its own escalation policy, which one service (pagerDutyServiceOf) uses. Who is on call when is the
 * same as in the incident.io form, so the same requests get the same decisions from either provider.
 */
export function pagerDutyData(schedules: BenchSchedule[]): PagerDutyData {
  const users = new Map<string, { id: string; name: string; email: string }>();
  for (const s of schedules) for (const e of s.entries) users.set(e.user.id, e.user);
  return {
    users: [...users.values()],
    schedules: schedules.map((s) => ({
      id: s.id,
      name: s.name,
      timeZone: s.timezone,
      entries: s.entries.map((e) => ({ start: e.start_at, end: e.end_at, user: e.user.id })),
    })),
    escalationPolicies: schedules.map((s) => ({
      id: `PEP${s.id.slice(-6)}`,
      name: `${s.name} policy`,
      levels: [{ targets: [{ type: 'schedule', id: s.id }] }],
    })),
    services: schedules.map((s) => ({
      id: pagerDutyServiceOf(s.id),
      name: `${s.name} service`,
      escalationPolicy: `PEP${s.id.slice(-6)}`,
    })),
  };
}

/**
 * A world asked of PagerDuty instead of incident.io: every on-call entry names `pagerduty`, and a list of
 * schedules becomes the services that page them (PagerDuty's `services` are service IDs). The ground truth
 * the baselines get gains the service IDs, each on call as its schedule is.
 */
export function onPagerDuty(world: BenchWorld): BenchWorld {
  const entry = (e: ApprovalEntry): ApprovalEntry =>
    e.type === 'auto' || e.type === 'escalation'
      ? {
          ...e,
          integration: 'pagerduty',
          ...(e.services === undefined ? {} : { services: e.services.map(pagerDutyServiceOf) }),
        }
      : e;
  const rules = world.rules.map((r) => ({ ...r, approval: r.approval.map(entry) }));
  const onCall = new Map(world.onCall);
  for (const [id, set] of world.onCall) onCall.set(pagerDutyServiceOf(id), set);
  return { ...world, rules, yaml: rulesToYaml(rules), onCall };
}
