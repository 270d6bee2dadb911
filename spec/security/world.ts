// The small world every security spec attacks: two schedules around a 09:00Z handover, a few routing files
// written inline, and helpers that build an approval engine over them. Times are fixed, nothing is random.
import { createApprovalEngine, type ApprovalEngine } from '../../plugin/engine/approval-engine.js';
import { createLocalProvider } from '../../plugin/providers/local/local-provider.js';
import { parseSchedulesText, type SchedulesFile } from '../../plugin/providers/local/schedules-file.js';
import type { OnCallProvider } from '../../plugin/providers/contract.js';
import { loadRoutingText } from '../../plugin/routing/load.js';
import type { LoadedRule } from '../../plugin/routing/types.js';

export const NOW = new Date('2026-11-26T08:00:00Z');
export const PRIMARY = '01HPRIMARY0000000000000000';
export const DATABASE = '01HDATABASE000000000000000';

// alice is on call for Primary until 09:00Z, exactly; old@ was until 08:00Z (= NOW); bob and kate for Database.
// Entries without a user or without an email cover NOW too: they must put nobody on call.
export const SCHEDULES_YAML = `
schedules:
  - id: ${PRIMARY}
    name: Primary on-call
    entries:
      - { start_at: 2026-11-26T00:00:00Z, end_at: 2026-11-26T08:00:00Z, user: { id: U0, email: old@example.com } }
      - { start_at: 2026-11-26T08:00:00Z, end_at: 2026-11-26T09:00:00Z, user: { id: U1, email: alice@example.com } }
      - { start_at: 2026-11-26T07:00:00Z, end_at: 2026-11-26T10:00:00Z, user: { id: U9, name: No Email } }
      - { start_at: 2026-11-26T07:00:00Z, end_at: 2026-11-26T10:00:00Z }
  - id: ${DATABASE}
    name: Database on-call
    entries:
      - { start_at: 2026-11-26T00:00:00Z, end_at: 2026-11-27T00:00:00Z, user: { id: U2, email: bob@example.com } }
      - { start_at: 2026-11-26T00:00:00Z, end_at: 2026-11-27T00:00:00Z, user: { id: U3, email: Kate@Example.com } }
`;

export function schedulesData(): SchedulesFile {
  const { data, problems } = parseSchedulesText(SCHEDULES_YAML, 'security-schedules.yaml');
  if (!data) throw new Error(`test schedules do not parse: ${problems.map((p) => p.message).join('; ')}`);
  return data;
}

export function rules(yaml: string, file = 'security.routing.yaml'): LoadedRule[] {
  const { rules: loaded, problems } = loadRoutingText(yaml, file);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new Error(`test rules do not load: ${errors.map((p) => p.message).join('; ')}`);
  return loaded;
}

export function engine(
  routing: string | LoadedRule[],
  options: { provider?: OnCallProvider; reviewers?: string[] } = {},
): ApprovalEngine {
  return createApprovalEngine({
    rules: typeof routing === 'string' ? rules(routing) : routing,
    providers: { incidentio: options.provider ?? createLocalProvider(schedulesData()) },
    reviewers: options.reviewers ?? [],
    clock: () => NOW,
  });
}

/** Auto-approval for whoever is on call, with every option that can be asked of a request. */
export const AUTO_STRICT = `
- name: on call, with reason and duration
  requestor: { type: any }
  resource: { type: any }
  approval:
    - { type: auto, integration: incidentio, options: { requireReason: true, requireDuration: true } }
`;

export const ESCALATION = `
- name: primary approves
  requestor: { type: any }
  resource: { type: any }
  approval:
    - { type: escalation, integration: incidentio, services: [${PRIMARY}] }
`;
