// Where routing files name the IDs of one integration: every item of `services` in an entry whose
// integration is `incidentio` (incident.io schedules) or `pagerduty` (PagerDuty services), with the place it
// is written. `validate --online` checks each one against the account of its own integration.
import { ROUTING_INPUT } from '../parse/kinds.js';
import type { NodeIndex } from '../parse/positions.js';
import { readDocument, readDocumentFile } from '../parse/reader.js';
import type { RoutingSource } from '../routing/load.js';

export interface ScheduleReference {
  id: string;
  /** JSON pointer of the item, e.g. `/0/approval/1/services/0`. */
  pointer: string;
  file: string;
  index: NodeIndex;
}

/** References in files that already loaded without errors (so their shape is known to be right). */
export async function scheduleReferences(
  paths: readonly (string | RoutingSource)[],
  integration: 'incidentio' | 'pagerduty' = 'incidentio',
): Promise<ScheduleReference[]> {
  const refs: ScheduleReference[] = [];
  for (const source of new Set(paths)) {
    const file = typeof source === 'string' ? source : source.file;
    const { data, index } =
      typeof source === 'string'
        ? await readDocumentFile(source, ROUTING_INPUT)
        : readDocument(source.input, source.file, ROUTING_INPUT);
    const base = Array.isArray(data) ? '' : '/rules';
    const rules = Array.isArray(data) ? data : (data as { rules?: unknown } | null)?.rules;
    if (!Array.isArray(rules)) continue;
    rules.forEach((rule, i) => {
      const approval = (rule as { approval?: unknown })?.approval;
      if (!Array.isArray(approval)) return;
      approval.forEach((entry, j) => {
        const e = entry as { integration?: unknown; services?: unknown };
        if (e?.integration !== integration || !Array.isArray(e.services)) return;
        e.services.forEach((id, k) => {
          if (typeof id === 'string')
            refs.push({ id, pointer: `${base}/${i}/approval/${j}/services/${k}`, file, index });
        });
      });
    });
  }
  return refs;
}
