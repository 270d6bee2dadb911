// The routing schema with the account's schedules enumerated, so an editor offers them as a pick list in
// `services` and flags an ID the account does not have, the way P0's Policy Studio offers a dropdown.
//
// The choice is attached only to entries with `integration: incidentio` (an `if`/`then` on the entry):
// `services` of a PagerDuty entry holds PagerDuty IDs and must not be checked against incident.io.
//
// Shaped by what yaml-language-server 1.x does (measured in spec/authoring/editor.spec.ts):
// - the pick list is one `defaultSnippets` item per schedule, labelled "ID — Name", so the name is in the
//   list itself, not only in the documentation flyout (an `enum`/`const` item is labelled by its value
//   alone). The server shortens labels over 60 characters and then shows them twice, so a long name is cut;
// - an ID is checked by one `pattern` with its own message, short whatever the size of the account (an
//   `enum` or `anyOf` of constants lists every ID in the message);
// - hover on an ID shows the first description it finds along the path, so `scheduleId` loses its generic
//   description here and each ID gets `if: {const: ID}`, `then: {description: "Name (time zone)"}`.
import type { ScheduleSummary } from '../providers/contract.js';
import { routingSchema, type JsonSchema } from '../routing/schema.js';

export const INCIDENTIO_SCHEDULE_DEFINITION = 'incidentioScheduleId';

/** The longest completion label yaml-language-server shows whole. */
const LABEL_LIMIT = 60;

/** "Primary on-call (Europe/London)". */
export function scheduleLabel(s: ScheduleSummary): string {
  return s.timezone ? `${s.name} (${s.timezone})` : s.name;
}

/** "01HPRIMARY0000000000000000 — Primary on-call", cut to what the editor shows whole. */
export function schedulePickLabel(s: ScheduleSummary): string {
  const label = `${s.id} — ${s.name}`;
  return label.length <= LABEL_LIMIT ? label : `${label.slice(0, LABEL_LIMIT - 1)}…`;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

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
  const regenerate = 'regenerate this schema with `oncall-approval schema --with-schedules --out FILE`';
  const { description: idDescription, ...plainId } = definitions.scheduleId;
  // An account without schedules leaves the plain ID rule in place (and its description).
  if (!sorted.length) {
    definitions[INCIDENTIO_SCHEDULE_DEFINITION] = {
      ...definitions.scheduleId,
      description: `${idDescription} The account had no schedules when the list was read${from}${when}; ${regenerate}.`,
    };
  } else {
    definitions.scheduleId = plainId;
    definitions.services.description =
      `${definitions.services.description} ${idDescription} ` +
      `The incident.io schedules were read${from}${when}; ${regenerate} when schedules change.`;
    definitions[INCIDENTIO_SCHEDULE_DEFINITION] = {
      ...plainId,
      pattern: `^(?:${sorted.map((s) => escapeRegExp(s.id)).join('|')})$`,
      patternErrorMessage: `Not a schedule of the incident.io account (as read${when}): pick one from the list, or regenerate this schema if it is new.`,
      defaultSnippets: sorted.map((s) => ({ label: schedulePickLabel(s), description: scheduleLabel(s), body: s.id })),
      allOf: sorted.map((s) => ({ if: { const: s.id }, then: { description: scheduleLabel(s) } })),
    };
  }
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
    patternErrorMessage:
      "Not a PagerDuty service ID: service IDs are letters and digits, e.g. PABC123 (from the service's URL).",
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
