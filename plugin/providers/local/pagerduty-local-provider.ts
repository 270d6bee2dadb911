// The PagerDuty provider fed by the `pagerduty` section of a local schedules file: the same answers, by the
// same rules, as the API provider, without the network. On-calls are derived from the data as PagerDuty
// defines them (a user target of a level is a permanent on-call; a schedule target is one on-call per final
// entry), and then judged by the one rule of on-call-set.ts:
//
// - `onCallFor(serviceIds)`: the people on call now at the FIRST level of each service's escalation policy;
// - `onCallAny()`: one answer per escalation policy (any level), plus every schedule no policy uses.
import type { PagerDutyData } from '../pagerduty/data.js';
import type { PdEscalationPolicy, PdScheduleSummary, PdUser, TimedOnCall } from '../pagerduty/api-types.js';
import { directoryFrom, type PagerDutyDirectory, type PagerDutyView } from '../pagerduty/directory.js';
import { OPEN_END, OPEN_START, onCallAt } from '../pagerduty/on-call-set.js';
import { FIRST_LEVEL } from '../pagerduty/provider.js';
import { gatherLookups } from '../gather.js';
import { instantFromDate, parseInstant } from '../instant.js';
import type { OnCallAnswer, OnCallProvider, ScheduleLookup } from '../contract.js';

export interface LocalPagerDutyProvider extends OnCallProvider, PagerDutyView {
  readonly integration: 'pagerduty';
}

export interface LocalPagerDutyOptions {
  /** Names the file in reasons ("service P… is not in the schedules file F"). */
  file?: string;
  /** Reported as `fetchedAt`; default: when the provider was created. */
  loadedAt?: Date;
}

const validInstant = (now: unknown): now is Date => now instanceof Date && !Number.isNaN(now.getTime());

export function createLocalPagerDutyProvider(
  data: PagerDutyData,
  options: LocalPagerDutyOptions = {},
): LocalPagerDutyProvider {
  const fetchedAt = (options.loadedAt ?? new Date()).toISOString();
  const users = new Map<string, PdUser>(
    data.users.map((u) => [u.id, { id: u.id, name: u.name, ...(u.email !== undefined ? { email: u.email } : {}) }]),
  );
  const schedulesById = new Map(data.schedules.map((s) => [s.id, s]));
  const services = new Map(data.services.map((s) => [s.id, s]));
  const where = options.file ? ` ${options.file}` : '';

  /** A schedule's final entries as timed entries; an entry without a (known) user joins no set. */
  function entriesOf(scheduleId: string): TimedOnCall[] {
    const s = schedulesById.get(scheduleId);
    if (!s) return [];
    return s.entries.flatMap((e) => {
      const start = parseInstant(e.start);
      const end = e.end === null ? OPEN_END : parseInstant(e.end);
      if (!start || !end) return [];
      const user = e.user === null ? undefined : users.get(e.user);
      return [{ start, end, level: 0, ...(user ? { user } : {}) }];
    });
  }

  // Every on-call of the account, computed once: the data does not change while the provider lives.
  const onCalls: TimedOnCall[] = [];
  const usedSchedules = new Map<string, string[]>();
  for (const p of data.escalationPolicies) {
    const escalationPolicy = { id: p.id, summary: p.name };
    p.levels.forEach((level, i) => {
      for (const t of level.targets) {
        if (t.type === 'user') {
          const user = users.get(t.id);
          if (user) onCalls.push({ start: OPEN_START, end: OPEN_END, level: i + 1, escalationPolicy, user });
          continue;
        }
        const schedule = schedulesById.get(t.id);
        if (!schedule) continue;
        usedSchedules.set(t.id, [...new Set([...(usedSchedules.get(t.id) ?? []), p.id])]);
        for (const e of entriesOf(t.id)) {
          // PagerDuty lists no on-call for a gap nobody covers.
          if (e.user)
            onCalls.push({
              ...e,
              level: i + 1,
              escalationPolicy,
              schedule: { id: schedule.id, summary: schedule.name },
            });
        }
      }
    });
  }

  const answered = (
    scheduleId: string,
    scheduleName: string,
    entries: readonly TimedOnCall[],
    now: Date,
    keep?: (e: TimedOnCall) => boolean,
  ): ScheduleLookup => {
    const { onCall, skipped } = onCallAt(entries, instantFromDate(now), keep);
    return { scheduleId, scheduleName, status: 'answered', onCall, skipped, fetchedAt };
  };

  function lookupService(serviceId: string, now: Date): ScheduleLookup {
    const service = services.get(serviceId);
    if (!service)
      return {
        scheduleId: serviceId,
        status: 'failed',
        reason: `PagerDuty service ${serviceId} is not in the schedules file${where}`,
      };
    const policyId = service.escalationPolicy;
    return answered(
      serviceId,
      service.name,
      onCalls,
      now,
      (e) => e.escalationPolicy?.id === policyId && e.level === FIRST_LEVEL,
    );
  }

  const policies: PdEscalationPolicy[] = data.escalationPolicies.map((p) => ({
    id: p.id,
    name: p.name,
    levels: p.levels.map((l) => ({
      ...(l.delayMinutes !== undefined ? { delayMinutes: l.delayMinutes } : {}),
      targets: l.targets.map((t) => ({
        type: t.type,
        id: t.id,
        summary: t.type === 'user' ? (users.get(t.id)?.name ?? t.id) : (schedulesById.get(t.id)?.name ?? t.id),
      })),
    })),
    services: data.services.filter((s) => s.escalationPolicy === p.id).map((s) => ({ id: s.id, summary: s.name })),
  }));
  const scheduleSummaries: PdScheduleSummary[] = data.schedules.map((s) => ({
    id: s.id,
    name: s.name,
    timeZone: s.timeZone ?? 'Etc/UTC',
    escalationPolicyIds: usedSchedules.get(s.id) ?? [],
  }));
  const directory: PagerDutyDirectory = directoryFrom(policies, scheduleSummaries);

  async function onCallAny(now: Date): Promise<OnCallAnswer> {
    if (!validInstant(now))
      return { at: String(now), schedules: [], listFailure: 'the lookup instant is not a valid time' };
    const lookups: ScheduleLookup[] = data.escalationPolicies.map((p) =>
      answered(p.id, p.name, onCalls, now, (e) => e.escalationPolicy?.id === p.id),
    );
    const unused = data.schedules.filter((s) => !usedSchedules.has(s.id));
    const rest = await gatherLookups(
      unused.map((s) => s.id),
      async (id) => answered(id, schedulesById.get(id)!.name, entriesOf(id), now),
      {},
    );
    return { at: now.toISOString(), schedules: [...lookups, ...rest.schedules] };
  }

  return {
    integration: 'pagerduty',
    async onCallFor(ids, now, opts = {}) {
      const list = Array.isArray(ids) ? ids : [];
      if (!validInstant(now))
        return {
          at: String(now),
          schedules: [...new Set(list)].map((id) => ({
            scheduleId: String(id),
            status: 'failed' as const,
            reason: 'the lookup instant is not a valid time',
          })),
        };
      const { schedules, partial } = await gatherLookups(list, async (id) => lookupService(id, now), opts);
      return { at: now.toISOString(), schedules, ...(partial ? { partial } : {}) };
    },
    onCallAny: (now) => onCallAny(now),
    directory: async () => directory,
    onCalls: async () => onCalls,
    scheduleEntries: async (id) => {
      if (!schedulesById.has(id)) throw new Error(`PagerDuty schedule ${id} is not in the schedules file${where}`);
      return entriesOf(id);
    },
  };
}
