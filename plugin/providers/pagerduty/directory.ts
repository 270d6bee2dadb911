// What `oncall-approval schedules` shows of a PagerDuty account: its services, escalation policies (with
// levels) and schedules, and who is on call now for each. Read through a view that the API and the local
// schedules file both provide, then judged by the same rule as every lookup (on-call-set.ts), so the
// listing cannot disagree with a decision about who is on call.
import type { PdEscalationPolicy, PdScheduleSummary, TimedOnCall } from './api-types.js';
import type { PagerDutyClient } from './client.js';
import { onCallAt, timedOnCall, timedScheduleEntry } from './on-call-set.js';
import type { PdUser } from './api-types.js';
import type { OnCallPerson } from '../contract.js';
import { instantFromDate } from '../instant.js';
import { FIRST_LEVEL } from './provider.js';

export interface PagerDutyDirectory {
  /** Services, each with its escalation policy (every PagerDuty service has one). */
  services: { id: string; name: string; escalationPolicy: { id: string; name: string } }[];
  escalationPolicies: PdEscalationPolicy[];
  schedules: PdScheduleSummary[];
}

/** The data the listing is computed from. Every method rejects with a plain sentence (never the key). */
export interface PagerDutyView {
  directory(options?: { signal?: AbortSignal }): Promise<PagerDutyDirectory>;
  /** Every on-call of the account (all policies and levels) overlapping [now, now + 1 s]. */
  onCalls(now: Date, options?: { signal?: AbortSignal }): Promise<TimedOnCall[]>;
  /** The final entries of one schedule overlapping [now, now + 1 s], users with emails (level 0). */
  scheduleEntries(scheduleId: string, now: Date, options?: { signal?: AbortSignal }): Promise<TimedOnCall[]>;
}

/** Services are listed through their escalation policies: each policy names the services using it. */
export function directoryFrom(policies: PdEscalationPolicy[], schedules: PdScheduleSummary[]): PagerDutyDirectory {
  const services = new Map<string, PagerDutyDirectory['services'][number]>();
  for (const p of policies)
    for (const s of p.services)
      if (!services.has(s.id))
        services.set(s.id, { id: s.id, name: s.summary ?? s.id, escalationPolicy: { id: p.id, name: p.name } });
  return { services: [...services.values()], escalationPolicies: policies, schedules };
}

const SECOND = 1_000;

/** The view over the REST API: `GET /escalation_policies`, `GET /schedules`, `GET /oncalls`, `GET /schedules/{id}`. */
export function pagerDutyApiView(client: PagerDutyClient): PagerDutyView {
  return {
    async directory() {
      const [policies, schedules] = await Promise.all([client.listEscalationPolicies(), client.listSchedules()]);
      return directoryFrom(policies, schedules);
    },
    async onCalls(now) {
      const list = await client.listOnCalls({ since: now, until: new Date(now.getTime() + SECOND) });
      return list.map(timedOnCall);
    },
    async scheduleEntries(scheduleId, now) {
      const range = { since: now, until: new Date(now.getTime() + SECOND) };
      const [detail, users] = await Promise.all([
        client.showSchedule(scheduleId, range),
        client.listScheduleUsers(scheduleId, range),
      ]);
      const byId = new Map<string, PdUser>(users.map((u) => [u.id, u]));
      return detail.finalEntries.map((e) => timedScheduleEntry(e, byId));
    },
  };
}

/** Who is on call now, as `oncall-approval schedules` lists it. */
export interface PagerDutyListing {
  /** The instant (ISO, UTC). */
  at: string;
  /** Each service with the people on call now at its policy's first level: who its `escalation` admits. */
  services: (PagerDutyDirectory['services'][number] & { onCall: OnCallPerson[]; skipped: number })[];
  /** Each policy, level by level (level 1 first), with the people on call now at that level. */
  escalationPolicies: {
    id: string;
    name: string;
    levels: { level: number; targets: { type: string; id: string; name: string }[]; onCall: OnCallPerson[] }[];
  }[];
  /** Each schedule with who is on call through it now; `escalationPolicyIds` empty: no policy uses it. */
  schedules: { id: string; name: string; timezone: string; escalationPolicyIds: string[]; onCall: OnCallPerson[] }[];
}

/**
 * The listing: one read of the directory and of the account's on-calls, plus one schedule read per schedule
 * that no policy uses. Rejects (with the view's sentence) when any part cannot be read: a partial listing
 * would show "nobody" where PagerDuty was not asked.
 */
export async function listPagerDuty(
  view: PagerDutyView,
  now: Date,
  options: { signal?: AbortSignal } = {},
): Promise<PagerDutyListing> {
  const at = instantFromDate(now);
  const [dir, onCalls] = await Promise.all([view.directory(options), view.onCalls(now, options)]);
  const people = (keep: (e: TimedOnCall) => boolean, entries: readonly TimedOnCall[] = onCalls) =>
    onCallAt(entries, at, keep);
  const services = dir.services.map((s) => {
    const set = people((e) => e.escalationPolicy?.id === s.escalationPolicy.id && e.level === FIRST_LEVEL);
    return { ...s, onCall: set.onCall, skipped: set.skipped.length };
  });
  const escalationPolicies = dir.escalationPolicies.map((p) => ({
    id: p.id,
    name: p.name,
    levels: p.levels.map((l, i) => ({
      level: i + 1,
      targets: l.targets.map((t) => ({ type: t.type, id: t.id, name: t.summary ?? t.id })),
      onCall: people((e) => e.escalationPolicy?.id === p.id && e.level === i + 1).onCall,
    })),
  }));
  const schedules = await Promise.all(
    dir.schedules.map(async (s) => {
      const policies = s.escalationPolicyIds ?? [];
      const onCall = policies.length
        ? people((e) => e.schedule?.id === s.id).onCall
        : onCallAt(await view.scheduleEntries(s.id, now, options), at).onCall;
      return { id: s.id, name: s.name, timezone: s.timeZone, escalationPolicyIds: policies, onCall };
    }),
  );
  return { at: now.toISOString(), services, escalationPolicies, schedules };
}
