// Builders for LoadedRule objects and a small world of schedules, for the engine's table-driven tests.
import type { ApprovalEntry, LoadedRule, Rule } from '../../../plugin/routing/types.js';
import type { RawSchedule } from './fake-provider.js';

export const PRIMARY = '01HPRIMARY0000000000000000';
export const DATABASE = '01HDATABASE000000000000000';
export const SECURITY = '01HSECURITY000000000000000';

export const NOW = new Date('2026-11-26T08:00:00.000Z');

/** alice: Primary; carol: Database; dave: Security; bob: nobody (his shift ended); erin: starts later. */
export const WORLD: RawSchedule[] = [
  {
    id: PRIMARY,
    name: 'Primary on-call',
    entries: [
      { start: '2026-11-25T00:00:00Z', end: '2026-11-26T00:00:00Z', email: 'bob@example.com' },
      { start: '2026-11-26T00:00:00Z', end: '2026-11-27T00:00:00Z', email: 'alice@example.com' },
    ],
  },
  {
    id: DATABASE,
    name: 'Database on-call',
    entries: [
      { start: '2026-11-26T06:00:00Z', end: '2026-11-26T18:00:00Z', email: 'Carol@Example.com' },
      { start: '2026-11-26T18:00:00Z', end: '2026-11-27T06:00:00Z', email: 'erin@example.com' },
    ],
  },
  {
    id: SECURITY,
    name: 'Security on-call',
    entries: [{ start: '2026-11-20T00:00:00Z', end: '2026-12-01T00:00:00Z', email: 'dave@example.com' }],
  },
];

let counter = 0;

/** A LoadedRule with made-up but plausible source positions. Unnamed rules are labelled `#N`. */
export function loaded(rule: Partial<Rule> & { approval: ApprovalEntry[] }, position?: number): LoadedRule {
  const n = position ?? ++counter;
  const line = n * 10;
  return {
    requestor: { type: 'any' },
    resource: { type: 'any' },
    ...rule,
    label: rule.name ?? `#${n}`,
    source: { file: 'test.routing.yaml', line, column: 3 },
    entrySources: rule.approval.map((_, i) => ({ file: 'test.routing.yaml', line: line + 4 + i, column: 7 })),
  };
}

/** Labels rules by position in the set, as loading does. */
export function ruleSet(...rules: Array<Partial<Rule> & { approval: ApprovalEntry[] }>): LoadedRule[] {
  return rules.map((r, i) => loaded(r, i + 1));
}
