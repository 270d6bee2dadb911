// What a test file's on-call data (its "world") lacks: a schedule ID a rule under test names that the world
// has no schedule for. Such a lookup finds nobody on call, so every case quietly tests "nobody is on call for
// it", which is rarely what the author meant (a mistyped ID, or data copied from another account). A
// warning, not an error: a world may leave a schedule out on purpose. Only an integration the world has data
// for is compared (a world without a `pagerduty` section says nothing about PagerDuty services).
import type { NodeIndex } from '../parse/positions.js';
import type { SchedulesFile } from '../providers/local/schedules-file.js';
import type { LoadedRule, Problem } from '../routing/types.js';

const where = (s: { file: string; line: number; column: number }) => `${s.file}:${s.line}:${s.column}`;

/** Warnings at `pointer` (where the test file gives the world) for each ID the rules name and the world lacks. */
export function worldWarnings(
  rules: readonly LoadedRule[],
  world: SchedulesFile,
  index: NodeIndex,
  pointer: string,
): Problem[] {
  const have = {
    incidentio: world.schedules.length ? new Set(world.schedules.map((s) => s.id)) : undefined,
    pagerduty: world.pagerduty ? new Set(world.pagerduty.services.map((s) => s.id)) : undefined,
  };
  // ID → the places that name it, in rule order.
  const missing = new Map<string, { integration: 'incidentio' | 'pagerduty'; places: string[] }>();
  for (const rule of rules) {
    if (rule.disabled === true) continue;
    rule.approval.forEach((entry, i) => {
      const e = entry as { integration?: unknown; services?: unknown };
      if ((e.integration !== 'incidentio' && e.integration !== 'pagerduty') || !Array.isArray(e.services)) return;
      const known = have[e.integration];
      if (!known) return;
      for (const id of e.services) {
        if (typeof id !== 'string' || known.has(id)) continue;
        const key = `${e.integration}:${id}`;
        const m = missing.get(key) ?? { integration: e.integration, places: [] };
        const at = rule.entrySources[i];
        m.places.push(`rule ${rule.label}${at ? ` (${where(at)})` : ''}`);
        missing.set(key, m);
      }
    });
  }
  return [...missing].map(([key, m]) => {
    const id = key.slice(key.indexOf(':') + 1);
    const what = m.integration === 'incidentio' ? 'incident.io schedule' : 'PagerDuty service';
    return index.problem(
      pointer,
      'warning',
      'test.unknown-schedule',
      `this on-call data (${world.file ?? 'inline'}) has no ${what} \`${id}\`, which ${m.places.join(', ')} names: its lookups find nobody on call in these cases`,
    );
  });
}
