// The JSON Schema (draft-07) of routing files: the one description of the language that both editors and
// the validator use. schemas/routing.schema.json is this function's output (`oncall-approval schema`), and a
// test keeps the two identical.
//
// Design choices, each for the person who gets an error:
// - `if`/`then` keyed on `type` instead of `oneOf`: a mistake in one entry gives one precise error
//   ("`services` is missing") instead of one error per branch that did not match.
// - `additionalProperties: false` everywhere: a misspelt option is an error, never a silently ignored constraint.
// - Every property carries a `description`, directly or on the definition it refers to (editors show them).
// - An approval entry's keys, its per-`type` branch and the description of `type` come from the approval
//   types' definitions (plugin/approval-types/), so a type's schema is written where the type is.
//
// Extending: `routingSchema()` returns a fresh object each call, so a caller may edit it. Schedule IDs are
// described once, in `definitions.scheduleId` (e.g. `schema --with-schedules` can add an `enum` of the
// account's schedule IDs there, or `examples`).

import { APPROVAL_TYPES as DEFINITIONS, APPROVAL_TYPE_NAMES } from '../approval-types/index.js';

export const ROUTING_SCHEMA_ID = 'urn:oncall-approval:schema:routing:1';

/** Keys that could reach an object's prototype if a map were copied naively: refused in free-form maps. */
export const RESERVED_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

export const DIRECTORIES = ['workspace', 'okta', 'azure-ad', 'entra-id'] as const;
export const INTEGRATIONS = ['incidentio', 'pagerduty'] as const;
export const REQUESTOR_TYPES = ['any', 'user', 'group'] as const;
export const RESOURCE_TYPES = ['any', 'integration'] as const;
/** The approval types, in the order of their definitions' table. */
export const APPROVAL_TYPES = APPROVAL_TYPE_NAMES;
export const FILTER_EFFECTS = ['keep', 'remove', 'removeAll'] as const;

/** Matches a key that is not one of RESERVED_KEYS (used as `propertyNames` of free-form maps). */
export const NOT_RESERVED_PATTERN = `^(?!(?:${RESERVED_KEYS.join('|')})$)`;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonSchema = { [key: string]: Json };

const ref = (name: string): JsonSchema => ({ $ref: `#/definitions/${name}` });

/** The two rules of incident.io's approval page, as they are offered in editors. */
export const SEED_AUTO_RULE = {
  name: 'on-call engineers',
  requestor: { type: 'any' },
  resource: { type: 'any' },
  approval: [{ type: 'auto', integration: 'incidentio', options: { requireReason: true } }],
};

export const SEED_ESCALATION_RULE = {
  name: 'on-call approver',
  requestor: { type: 'any' },
  resource: { type: 'any' },
  approval: [
    {
      type: 'escalation',
      integration: 'incidentio',
      services: ['01HPRIMARY0000000000000000'],
      options: { allowOneParty: false, requireReason: true },
    },
  ],
};

/**
 * Per-`type` branch: the keys that type takes and the ones it requires. `type` itself is always allowed.
 * The outer object lists every key of every type (with descriptions, for editors); the branch then refuses
 * keys that do not belong to this type, so `integration` on a `p0` entry is an error.
 */
function branch(type: string, keys: Record<string, Json>, required: string[]): JsonSchema {
  return {
    if: { properties: { type: { const: type } }, required: ['type'] },
    then: {
      properties: { type: true, ...keys },
      ...(required.length ? { required } : {}),
      additionalProperties: false,
    },
  };
}

/**
 * The approval entry's keys and per-type branches, from the approval types' definitions. Every entry takes
 * `options`; the other keys are listed once each (first use first), described by the definition they name.
 */
function approvalEntryParts(): { properties: Record<string, Json>; branches: JsonSchema[]; typeDescription: string } {
  const properties: Record<string, Json> = {};
  const named: Record<string, string> = {};
  const branches: JsonSchema[] = [];
  const sentences: string[] = [];
  for (const type of APPROVAL_TYPE_NAMES) {
    const { schema, summary } = DEFINITIONS[type];
    const keys: Record<string, Json> = {};
    for (const [key, definition] of Object.entries(schema.properties)) {
      if (named[key] !== undefined && named[key] !== definition) {
        throw new Error(`approval types disagree on what \`${key}\` is: ${named[key]} or ${definition}`);
      }
      named[key] = definition;
      properties[key] = ref(definition);
      keys[key] = true;
    }
    branches.push(branch(type, { ...keys, options: true }, [...schema.required]));
    sentences.push(`\`${type}\`: ${summary}.`);
  }
  properties.options = ref('options');
  return { properties, branches, typeDescription: sentences.join(' ') };
}

/**
 * The routing schema with the rules left unchecked: the document's shape (a list, or `{ $schema, rules }`),
 * which the loader checks before it checks each rule on its own.
 */
export function routingShapeSchema(): JsonSchema {
  const shape = routingSchema();
  shape.$id = `${ROUTING_SCHEMA_ID}:shape`;
  (shape.definitions as Record<string, JsonSchema>).ruleList!.items = true;
  return shape;
}

export function routingSchema(): JsonSchema {
  const approvalEntry = approvalEntryParts();
  const approvalEntryExamples = SEED_AUTO_RULE.approval.concat(SEED_ESCALATION_RULE.approval as never[]) as Json[];
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: ROUTING_SCHEMA_ID,
    title: 'oncall-approval routing rules',
    description:
      "Who may approve which just-in-time access request. A list of rules (P0's shape), or a mapping with a `rules` list. " +
      'Every rule whose requestor and resource match a request applies; meeting any one approval entry of a matching rule is enough, but a matching `deny` wins.',
    type: ['array', 'object'],
    if: { type: 'array' },
    then: ref('ruleList'),
    else: {
      properties: {
        $schema: {
          type: 'string',
          description: 'Where editors find this schema, e.g. `../schemas/routing.schema.json`. Ignored by the engine.',
        },
        rules: ref('ruleList'),
      },
      required: ['rules'],
      additionalProperties: false,
    },
    definitions: {
      ruleList: {
        type: 'array',
        description: 'The routing rules. All rules that match a request apply together.',
        minItems: 1,
        items: ref('rule'),
      },
      rule: {
        type: 'object',
        description: 'A routing rule: which requestors and resources it covers, and how their requests are approved.',
        properties: {
          name: ref('ruleName'),
          disabled: {
            type: 'boolean',
            description: '`true` leaves the rule out of every decision. It is still checked.',
            default: false,
          },
          requestor: ref('requestor'),
          resource: ref('resource'),
          approval: ref('approval'),
        },
        required: ['requestor', 'resource', 'approval'],
        additionalProperties: false,
        examples: [SEED_AUTO_RULE, SEED_ESCALATION_RULE],
        defaultSnippets: [
          {
            label: 'incident.io auto-approval rule',
            description: 'Approve at once, for one hour, a requestor who is on call now for any incident.io schedule.',
            body: {
              name: '${1:on-call engineers}',
              requestor: { type: 'any' },
              resource: { type: 'any' },
              approval: [{ type: 'auto', integration: 'incidentio', options: { requireReason: true } }],
            },
          },
          {
            label: 'incident.io on-call approver rule',
            description: "Let whoever is on call now for these incident.io schedules approve other people's requests.",
            body: {
              name: '${1:on-call approver}',
              requestor: { type: 'any' },
              resource: { type: 'any' },
              approval: [
                {
                  type: 'escalation',
                  integration: 'incidentio',
                  services: ['${2:01HPRIMARY0000000000000000}'],
                  options: { allowOneParty: false, requireReason: true },
                },
              ],
            },
          },
        ],
      },
      ruleName: {
        type: 'string',
        description:
          'A name for the rule, unique across the loaded files; decisions and errors use it. Unnamed rules are called `#N` by position, so a name cannot start with `#`.',
        minLength: 1,
        maxLength: 200,
        pattern: '^[^#]',
        patternErrorMessage:
          'A rule name cannot start with `#`: names like `#3` are given to unnamed rules by position.',
      },
      requestor: {
        type: 'object',
        description:
          'Who the rule applies to: `any` requestor, one `user`, or members (or non-members) of directory `group`s.',
        properties: {
          type: {
            enum: [...REQUESTOR_TYPES],
            description:
              '`any`: everyone. `user`: the person whose email is `uid`. `group`: members of `groups` (effect `keep`) or everyone outside them (effect `remove`).',
          },
          uid: ref('email'),
          groups: ref('groups'),
          effect: ref('groupEffect'),
        },
        required: ['type'],
        additionalProperties: false,
        allOf: [
          branch('any', {}, []),
          branch('user', { uid: true }, ['uid']),
          branch('group', { groups: true, effect: true }, ['groups', 'effect']),
        ],
      },
      email: {
        type: 'string',
        description: 'An email address (compared case-insensitively, surrounding spaces ignored).',
        pattern: '^\\s*[^\\s@]+@[^\\s@]+\\s*$',
        patternErrorMessage: 'Must be an email address, such as alice@example.com.',
        maxLength: 320,
      },
      groups: {
        type: 'array',
        description: 'Directory groups, as `{id, label, directory}`.',
        minItems: 1,
        items: ref('groupRef'),
      },
      groupRef: {
        type: 'object',
        description: 'A group in a directory.',
        properties: {
          id: { type: 'string', minLength: 1, description: "The group's ID in its directory." },
          label: { type: 'string', description: 'A readable name for the group; not used for matching.' },
          directory: ref('directory'),
        },
        required: ['id', 'directory'],
        additionalProperties: false,
      },
      directory: {
        enum: [...DIRECTORIES],
        description: 'The directory that holds the group or profile: `workspace`, `okta`, `azure-ad` or `entra-id`.',
      },
      groupEffect: {
        enum: ['keep', 'remove'],
        description: '`keep`: members of any listed group. `remove`: people in none of the listed groups.',
      },
      resource: {
        type: 'object',
        description:
          'What the rule applies to: `any` resource, or the resources of one `integration` (service), optionally narrowed by access type and filters.',
        properties: {
          type: {
            enum: [...RESOURCE_TYPES],
            description: '`any`: every resource. `integration`: resources of `service`.',
          },
          service: {
            type: 'string',
            minLength: 1,
            description: 'The service a request is for, e.g. `aws`, `gcloud`, `ssh`.',
          },
          accessType: {
            type: 'string',
            minLength: 1,
            default: 'any',
            description:
              'The kind of access within the service (e.g. `permission-set`); `any` (the default) matches every kind.',
          },
          filters: ref('filters'),
        },
        required: ['type'],
        additionalProperties: false,
        allOf: [
          branch('any', {}, []),
          branch('integration', { service: true, accessType: true, filters: true }, ['service']),
        ],
      },
      filters: {
        type: 'object',
        description:
          "Filters on the request's resource attributes, by attribute name. Every filter must admit the resource.",
        minProperties: 1,
        propertyNames: {
          pattern: NOT_RESERVED_PATTERN,
          patternErrorMessage: '`__proto__`, `constructor` and `prototype` are reserved and cannot be filter names.',
        },
        additionalProperties: ref('filter'),
      },
      filter: {
        type: 'object',
        description:
          'Looks at `resource.attributes[name][key]`. `keep`: admits only when it exists and matches. `remove`: admits only when it does not match. `removeAll`: the rule does not apply to a resource that has the attribute at all.',
        properties: {
          effect: {
            enum: [...FILTER_EFFECTS],
            description: "`keep`, `remove` or `removeAll` (see the filter's description).",
          },
          key: { type: 'string', minLength: 1, description: 'The field of the attribute to look at.' },
          pattern: {
            type: 'string',
            minLength: 1,
            maxLength: 1000,
            description:
              'An RE2 regular expression (the dialect of Go), unanchored and case-sensitive: write `^...$` or `\\A...\\z` to match the whole value, `(?i)` to ignore case. Lookahead, lookbehind and backreferences are not RE2 and are refused.',
          },
          value: {
            type: 'boolean',
            description: 'For a true/false attribute: the value to compare with, instead of `pattern`.',
          },
        },
        required: ['effect'],
        additionalProperties: false,
      },
      approval: {
        type: 'array',
        description:
          'How matching requests are approved. Meeting any entry is enough; a `deny` wins over all. An empty list means no access.',
        items: ref('approvalEntry'),
      },
      approvalEntry: {
        type: 'object',
        description: 'One way to approve a matching request.',
        properties: {
          type: { enum: [...APPROVAL_TYPES], description: approvalEntry.typeDescription },
          ...approvalEntry.properties,
        },
        required: ['type'],
        additionalProperties: false,
        allOf: approvalEntry.branches,
        examples: approvalEntryExamples,
        defaultSnippets: [
          {
            label: 'incident.io auto-approval',
            description: 'Approve at once when the requestor is on call now for any incident.io schedule.',
            body: { type: 'auto', integration: 'incidentio', options: { requireReason: true } },
          },
          {
            label: 'incident.io on-call approver',
            description: 'People on call now for these incident.io schedules may approve.',
            body: {
              type: 'escalation',
              integration: 'incidentio',
              services: ['${1:01HPRIMARY0000000000000000}'],
              options: { allowOneParty: false, requireReason: true },
            },
          },
        ],
      },
      integration: {
        enum: [...INTEGRATIONS],
        description:
          'The on-call integration that answers: `incidentio` or `pagerduty`. An integration not installed in the engine can never be satisfied.',
      },
      services: {
        type: 'array',
        description:
          'Schedule IDs of the integration (for incident.io, the schedule ID from its API or URL). `escalation`: who is on call for one of them may approve. `auto`: only being on call for one of them approves.',
        minItems: 1,
        items: ref('scheduleId'),
      },
      scheduleId: {
        type: 'string',
        description: 'A schedule ID, e.g. `01HPRIMARY0000000000000000` (incident.io IDs are 26 letters and digits).',
        pattern: '^[A-Za-z0-9][A-Za-z0-9_-]*$',
        patternErrorMessage:
          'Not a schedule ID: schedule IDs are letters and digits (and `-`, `_`), e.g. 01HPRIMARY0000000000000000.',
        maxLength: 64,
      },
      profileProperty: {
        type: 'string',
        minLength: 1,
        default: 'manager',
        description: "The field of the requestor's directory profile that names the approver (default `manager`).",
      },
      options: {
        type: 'object',
        description: 'Conditions on this approval entry (all default to false).',
        properties: {
          allowOneParty: {
            type: 'boolean',
            description: 'The requestor may approve their own request. Meaningless on `auto`.',
          },
          requireReason: { type: 'boolean', description: 'The request must carry a non-blank reason.' },
          requireDuration: { type: 'boolean', description: 'The request must carry a duration.' },
          requirePreapproval: {
            type: 'boolean',
            description:
              'Not supported by this engine: `true` is refused, because an ignored constraint would be a hole.',
          },
          breakGlassApprover: {
            type: 'boolean',
            description:
              'Not supported by this engine: `true` is refused, because an ignored constraint would be a hole.',
          },
        },
        additionalProperties: false,
      },
    },
  };
}
