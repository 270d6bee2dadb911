// Every scenario by number, loaded on demand: a scenario's process imports only its own module (Cedar's
// WebAssembly only where Cedar runs), and the runner imports none of them.
import type { Scenario } from './report.js';

export interface CatalogEntry {
  id: number;
  title: string;
  load(): Promise<Scenario<unknown>>;
}

const entry = (id: number, title: string, load: () => Promise<{ scenario: Scenario<unknown> }>): CatalogEntry => ({
  id,
  title,
  load: async () => (await load()).scenario,
});

export const CATALOG: readonly CatalogEntry[] = [
  entry(
    1,
    'one auto rule + one escalation rule, cached, against json-rules-engine and Cedar',
    () => import('./scenarios/two-rules.js'),
  ),
  entry(2, '500 routing rules, cached, against three baselines', () => import('./scenarios/many-rules.js')),
  entry(3, 'cold start: 200 schedules, 20 ms per call', () => import('./scenarios/cold-start.js')),
  entry(4, 'sustained: 100,000 decisions over 10 simulated minutes', () => import('./scenarios/sustained.js')),
  entry(5, 'load: parse, validate and compile 500 rules, cold and warm', () => import('./scenarios/load.js')),
  entry(6, 'engine memory: 500 rules, 200 cached schedules, after GC', () => import('./scenarios/engine-memory.js')),
  entry(7, 'the command: validate and evaluate against a bare node', () => import('./scenarios/cli.js')),
  entry(
    8,
    'schedules file: 4,000 and 10,000 entries, with and without anchors',
    () => import('./scenarios/schedules-file.js'),
  ),
  entry(
    9,
    'host path: a fresh json-rules-engine Engine per request, 500 compiled routing rules, three ways',
    () => import('./scenarios/host-path.js'),
  ),
  entry(10, 'scenario 1 against PagerDuty', async () => ({
    scenario: (await import('./scenarios/two-rules.js')).pagerDutyScenario,
  })),
  entry(11, 'scenario 3 (cold start) against PagerDuty', async () => ({
    scenario: (await import('./scenarios/cold-start.js')).pagerDutyScenario,
  })),
];

export function scenarioEntry(id: number): CatalogEntry {
  const found = CATALOG.find((e) => e.id === id);
  if (found === undefined) throw new Error(`no scenario ${id} (there are ${CATALOG.map((e) => e.id).join(', ')})`);
  return found;
}
