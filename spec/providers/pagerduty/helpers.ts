// Test helpers for the PagerDuty specs: a manual clock whose sleep moves time instead of waiting, a small
// PagerDuty world (services, escalation policies, schedules, users), and simulators that are always closed.
import type { PagerDutyData, PdDataEntry } from '../../../plugin/providers/pagerduty/data.js';
import {
  startPagerDutySimulator,
  type PagerDutySimulator,
  type PagerDutySimulatorOptions,
} from '../../../plugin/providers/pagerduty/simulator.js';
import type { OnCallAnswer } from '../../../plugin/providers/contract.js';

export { closeAll, manualClock, watchUnhandled } from '../helpers.js';

/** PagerDuty keys may hold `+`, which URL encoding turns into `%2B`: the redaction must catch both. */
export const TEST_KEY = 'u+pdTEST-7f3a9c21-never-print-me';

export const entry = (start: string, end: string | null, user: string | null): PdDataEntry => ({ start, end, user });

/**
 * The world most specs use, at 2026-11-26:
 * - service SVC-CHECKOUT (and SVC-CART) → policy EP-ENG: level 1 the schedule S-PRIMARY (alice until 09:00,
 *   then bob), level 2 carol directly (always on call), level 3 the schedule S-TEAM (dave, erin all day);
 * - service SVC-DB → policy EP-DB: level 1 the schedule S-DB (Frank@Example.COM, in capitals, all day);
 * - schedule S-SHADOW is in no escalation policy: grace, all day;
 * - heidi exists in PagerDuty but is on call nowhere; nobody@example.com is not a PagerDuty user.
 */
export function world(): PagerDutyData {
  return {
    users: [
      { id: 'PALICE', name: 'Alice', email: 'alice@example.com' },
      { id: 'PBOB', name: 'Bob', email: 'bob@example.com' },
      { id: 'PCAROL', name: 'Carol', email: 'carol@example.com' },
      { id: 'PDAVE', name: 'Dave', email: 'dave@example.com' },
      { id: 'PERIN', name: 'Erin', email: 'erin@example.com' },
      { id: 'PFRANK', name: 'Frank', email: 'Frank@Example.COM' },
      { id: 'PGRACE', name: 'Grace', email: 'grace@example.com' },
      { id: 'PHEIDI', name: 'Heidi', email: 'heidi@example.com' },
    ],
    schedules: [
      {
        id: 'S-PRIMARY',
        name: 'Primary',
        entries: [
          entry('2026-11-25T09:00:00Z', '2026-11-26T09:00:00Z', 'PALICE'),
          entry('2026-11-26T09:00:00Z', '2026-11-27T09:00:00Z', 'PBOB'),
        ],
      },
      {
        id: 'S-TEAM',
        name: 'Whole team',
        entries: [
          entry('2026-11-26T00:00:00Z', '2026-11-27T00:00:00Z', 'PDAVE'),
          entry('2026-11-26T00:00:00Z', '2026-11-27T00:00:00Z', 'PERIN'),
        ],
      },
      { id: 'S-DB', name: 'Database', entries: [entry('2026-11-26T00:00:00Z', '2026-11-27T00:00:00Z', 'PFRANK')] },
      { id: 'S-SHADOW', name: 'Shadow', entries: [entry('2026-11-26T00:00:00Z', '2026-11-27T00:00:00Z', 'PGRACE')] },
    ],
    escalationPolicies: [
      {
        id: 'EP-ENG',
        name: 'Engineering',
        levels: [
          { targets: [{ type: 'schedule', id: 'S-PRIMARY' }] },
          { targets: [{ type: 'user', id: 'PCAROL' }] },
          { targets: [{ type: 'schedule', id: 'S-TEAM' }] },
        ],
      },
      { id: 'EP-DB', name: 'Database', levels: [{ targets: [{ type: 'schedule', id: 'S-DB' }] }] },
    ],
    services: [
      { id: 'SVC-CHECKOUT', name: 'Checkout', escalationPolicy: 'EP-ENG' },
      { id: 'SVC-CART', name: 'Cart', escalationPolicy: 'EP-ENG' },
      { id: 'SVC-DB', name: 'Database', escalationPolicy: 'EP-DB' },
    ],
  };
}

/** Starts a simulator that requires TEST_KEY; pass the list to `closeAll` in an `afterEach`. */
export async function simulator(
  opened: PagerDutySimulator[],
  options: PagerDutySimulatorOptions,
): Promise<PagerDutySimulator> {
  const sim = await startPagerDutySimulator({ apiKey: TEST_KEY, ...options });
  opened.push(sim);
  return sim;
}

/** The emails on call in one answered lookup (by ID, or the first); throws when it did not answer. */
export function emailsOf(answer: OnCallAnswer, id?: string): string[] {
  const s = id ? answer.schedules.find((x) => x.scheduleId === id) : answer.schedules[0];
  if (!s || s.status !== 'answered') throw new Error(`not answered: ${JSON.stringify(s ?? answer)}`);
  return s.onCall.map((p) => p.email);
}

/** Every email on call in an answer, across its lookups, sorted. */
export function everyoneIn(answer: OnCallAnswer): string[] {
  const all = answer.schedules.flatMap((s) => (s.status === 'answered' ? s.onCall.map((p) => p.email) : []));
  return [...new Set(all)].sort();
}

export function reasonOf(answer: OnCallAnswer, id?: string): string {
  const s = id ? answer.schedules.find((x) => x.scheduleId === id) : answer.schedules[0];
  if (!s || s.status !== 'failed') throw new Error(`expected a failed lookup, got ${JSON.stringify(s ?? answer)}`);
  return s.reason;
}
