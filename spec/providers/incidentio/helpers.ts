// Test helpers for the incident.io specs: a manual clock whose sleep moves time instead of waiting,
// small builders for schedule data, and a simulator that is always closed.
import crossFetch from 'cross-fetch';
import type { ApiScheduleEntry } from '../../../plugin/providers/incidentio/api-types.js';
import type { LocalSchedule, SchedulesFile } from '../../../plugin/providers/local/schedules-file.js';
import {
  startSimulator,
  type Simulator,
  type SimulatorOptions,
} from '../../../plugin/providers/incidentio/simulator.js';

export { closeAll, manualClock, watchUnhandled } from '../helpers.js';

export const TEST_KEY = 'test-key-7f3a9c21-never-print-me';

export function user(email: string | undefined, extra: { id?: string; name?: string } = {}) {
  return {
    id: extra.id ?? `U-${email ?? 'x'}`,
    name: extra.name ?? email ?? 'nameless',
    ...(email !== undefined ? { email } : {}),
  };
}

export function entry(
  start: string,
  end: string,
  email?: string | null,
  extra: Partial<ApiScheduleEntry> = {},
): ApiScheduleEntry {
  return { start_at: start, end_at: end, ...(email === null ? {} : { user: user(email) }), ...extra };
}

export function schedule(id: string, entries: ApiScheduleEntry[], extra: Partial<LocalSchedule> = {}): LocalSchedule {
  return {
    id,
    name: extra.name ?? `Schedule ${id}`,
    timezone: 'Europe/London',
    teamIds: [],
    entries,
    scheduled: [],
    overrides: [],
    ...extra,
  };
}

export function data(...schedules: LocalSchedule[]): SchedulesFile {
  return { file: 'test-data', schedules };
}

/** `count` schedules `S00`..: each with one person on call all day long, `person-NN@example.com`. */
export function manySchedules(count: number, day = '2026-11-26'): LocalSchedule[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `S${String(i).padStart(2, '0')}`;
    return schedule(id, [
      entry(`${day}T00:00:00Z`, `${day}T23:59:59Z`, `person-${String(i).padStart(2, '0')}@example.com`),
    ]);
  });
}

/** Starts a simulator; pass the list to `closeAll` in an `afterEach`. */
export async function simulator(opened: Simulator[], options: SimulatorOptions): Promise<Simulator> {
  const sim = await startSimulator({ apiKey: TEST_KEY, ...options });
  opened.push(sim);
  return sim;
}

export const realFetch = crossFetch as unknown as typeof globalThis.fetch;
