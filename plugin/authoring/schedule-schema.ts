// The routing schema with the account's schedules enumerated, so an editor offers them as a pick list in
// `services` (the ID, with "Name (time zone)" beside it) and flags an ID the account does not have, the way
// P0's Policy Studio offers a dropdown.
//
// The choice is attached only to entries with `integration: incidentio` (an `if`/`then` on the entry):
// `services` of a PagerDuty entry holds PagerDuty IDs and must not be checked against incident.io.
// Each schedule is `{const, title, description}` inside `anyOf`, plain JSON Schema that any validator
// accepts; yaml-language-server shows the description in completion and hover (proven in the specs).
import type { ScheduleSummary } from '../providers/contract.js';
import { routingSchema, type JsonSchema } from '../routing/schema.js';

export const INCIDENTIO_SCHEDULE_DEFINITION = 'incidentioScheduleId';

/** "Primary on-call (Europe/London)". */
export function scheduleLabel(s: ScheduleSummary): string {
  return s.timezone ? `${s.name} (${s.timezone})` : s.name;
}

export function scheduleAwareSchema(
  schedules: readonly ScheduleSummary[],
  options: { base?: JsonSchema; generatedAt?: Date; source?: string } = {},
): JsonSchema {
  const schema = structuredClone(options.base ?? routingSchema()) as Record<string, any>;
  const definitions = schema.definitions as Record<string, any>;
  const sorted = [...schedules].sort(
    (a, b) => a.name.localeCompare(b.name, 'en') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const when = options.generatedAt ? ` on ${options.generatedAt.toISOString()}` : '';
  const from = options.source ? ` from ${options.source}` : '';
  definitions[INCIDENTIO_SCHEDULE_DEFINITION] = {
    ...definitions.scheduleId,
    description:
      `An incident.io schedule of the account. The list was read${from}${when}; ` +
      'regenerate this schema with `oncall-approval schema --with-schedules --out FILE` when schedules change.',
    // `anyOf: []` would accept nothing: an account without schedules leaves the plain ID rule in place.
    ...(sorted.length
      ? { anyOf: sorted.map((s) => ({ const: s.id, title: s.name, description: scheduleLabel(s) })) }
      : {}),
  };
  (definitions.approvalEntry.allOf as unknown[]).push({
    if: { properties: { integration: { const: 'incidentio' } }, required: ['integration'] },
    then: {
      properties: { services: { type: 'array', items: { $ref: `#/definitions/${INCIDENTIO_SCHEDULE_DEFINITION}` } } },
    },
  });
  return schema as JsonSchema;
}

export const PAGERDUTY_SERVICE_DEFINITION = 'pagerdutyServiceId';

/**
 * The schema with the PagerDuty account's services enumerated for `services` of `integration: pagerduty`
 * entries (the ID, with "Name (escalation policy)" beside it), as the incident.io schedules are above.
 */
export function withPagerDutyServices(
  base: JsonSchema,
  services: readonly { id: string; name: string; escalationPolicy?: { name: string } }[],
  options: { generatedAt?: Date } = {},
): JsonSchema {
  const schema = structuredClone(base) as Record<string, any>;
  const definitions = schema.definitions as Record<string, any>;
  const sorted = [...services].sort(
    (a, b) => a.name.localeCompare(b.name, 'en') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const when = options.generatedAt ? ` on ${options.generatedAt.toISOString()}` : '';
  definitions[PAGERDUTY_SERVICE_DEFINITION] = {
    ...definitions.scheduleId,
    description:
      `A PagerDuty service of the account (an \`escalation\` entry admits who is on call at the first level of its escalation policy). The list was read from PagerDuty${when}; ` +
      'regenerate this schema with `oncall-approval schema --with-schedules --out FILE` when services change.',
    ...(sorted.length
      ? {
          anyOf: sorted.map((s) => ({
            const: s.id,
            title: s.name,
            description: s.escalationPolicy ? `${s.name} (escalation policy ${s.escalationPolicy.name})` : s.name,
          })),
        }
      : {}),
  };
  (definitions.approvalEntry.allOf as unknown[]).push({
    if: { properties: { integration: { const: 'pagerduty' } }, required: ['integration'] },
    then: {
      properties: { services: { type: 'array', items: { $ref: `#/definitions/${PAGERDUTY_SERVICE_DEFINITION}` } } },
    },
  });
  return schema as JsonSchema;
}
