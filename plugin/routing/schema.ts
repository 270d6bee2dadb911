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
import { AGENT_ALIASES, AGENT_TYPE_ALIASES, ENTRY_ALIASES, OPTION_ALIASES } from './normalise.js';

export const ROUTING_SCHEMA_ID = 'urn:oncall-approval:schema:routing:1';

/** Keys that could reach an object's prototype if a map were copied naively: refused in free-form maps. */
export const RESERVED_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

export const DIRECTORIES = ['workspace', 'okta', 'azure-ad', 'entra-id'] as const;
export const INTEGRATIONS = ['incidentio', 'pagerduty'] as const;
export const REQUESTOR_TYPES = ['any', 'some', 'user', 'group', 'agentic'] as const;
export const AGENT_TYPES = ['any', 'agent-client', 'agent-owner', 'owner-group', 'provider'] as const;
export const AGENT_USER_TYPES = ['any', 'none', 'user', 'group'] as const;
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

/** P0's snake_case spelling of a key, described as the key it stands for (normalise.ts rewrites it). */
function aliasProperties(
  aliases: Readonly<Record<string, string>>,
  properties: Record<string, Json>,
): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [alias, canonical] of Object.entries(aliases)) {
    const schema = properties[canonical];
    if (schema === undefined) continue;
    const description = `P0's snake_case spelling of \`${canonical}\`.`;
    out[alias] =
      typeof schema === 'object' && schema !== null && !Array.isArray(schema) && !('$ref' in schema)
        ? { ...schema, description }
        : { description, allOf: [schema] };
  }
  return out;
}

/** `properties` and, beside each key, P0's snake_case spelling of it. */
function withAliases(
  aliases: Readonly<Record<string, string>>,
  properties: Record<string, Json>,
): Record<string, Json> {
  return { ...properties, ...aliasProperties(aliases, properties) };
}

/**
 * A `group` branch that also takes P0's earlier flat group (`{type: group, id, label, directory}`), which
 * normalise.ts rewrites into `groups: [{id, label, directory}]` with effect `keep`.
 */
function groupBranch(keys: Record<string, Json>, required: string[]): JsonSchema {
  const b = branch('group', { ...keys, id: true, label: true, directory: true }, []);
  Object.assign(b.then as JsonSchema, {
    if: { properties: { id: true }, required: ['id'] },
    then: { properties: { id: true, directory: true }, required: ['id', 'directory'] },
    else: { properties: Object.fromEntries(required.map((k) => [k, true])), required },
  });
  return b;
}

const flatGroupProperties = (): Record<string, Json> => ({
  id: {
    type: 'string',
    minLength: 1,
    description: "P0's earlier flat group: the group's ID (with `directory`); the same as `groups: [{id, directory}]`.",
  },
  label: { type: 'string', description: "P0's earlier flat group: a readable name for the group." },
  directory: ref('directory'),
});

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
    for (const [alias, canonical] of Object.entries(ENTRY_ALIASES)) {
      if (Object.hasOwn(schema.properties, canonical)) {
        keys[alias] = true;
        properties[alias] = {
          description: `P0's snake_case spelling of \`${canonical}\`.`,
          allOf: [ref(schema.properties[canonical]!)],
        };
      }
    }
    for (const [key, definition] of Object.entries(schema.properties)) {
      if (named[key] !== undefined && named[key] !== definition) {
        throw new Error(`approval types disagree on what \`${key}\` is: ${named[key]} or ${definition}`);
      }
      named[key] = definition;
      properties[key] = ref(definition);
      keys[key] = true;
    }
    branches.push(
      type === 'group'
        ? groupBranch({ ...keys, options: true }, [...schema.required])
        : branch(type, { ...keys, options: true }, [...schema.required]),
    );
    sentences.push(`\`${type}\`: ${summary}.`);
  }
  properties.options = ref('options');
  // P0's flat group on a `group` entry (`directory` is already a key of `requestor-profile`).
  const flat = flatGroupProperties();
  properties.id = flat.id!;
  properties.label = flat.label!;
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
        id: {
          type: 'string',
          description: "P0's routing API (WorkflowConfig): the workflow's ID. Ignored by the engine.",
        },
        createdDate: {
          type: 'string',
          description: "P0's routing API (WorkflowConfig): when the workflow was saved. Ignored by the engine.",
        },
        workflow: {
          type: 'object',
          description: "P0's policy document: `{workflow: {rules, version}}`. Its `rules` are the routing rules.",
          properties: {
            rules: ref('ruleList'),
            version: { type: 'string', description: "P0's version of the rules document. Ignored by the engine." },
          },
          required: ['rules'],
          additionalProperties: false,
        },
      },
      additionalProperties: false,
      if: { properties: { workflow: true }, required: ['workflow'] },
      then: { properties: { rules: false, id: false, createdDate: false } },
      else: { properties: { rules: ref('ruleList') }, required: ['rules'] },
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
          'Who the rule applies to: `any` person, `some` (any, while another rule matches too), one `user`, members (or non-members) of directory `group`s, or `agentic` sessions.',
        properties: {
          type: {
            enum: [...REQUESTOR_TYPES],
            description:
              '`any`: every person. `some`: every person, but only while another rule matches the same request. `user`: the person whose email is `uid`. `group`: members of `groups` (effect `keep`) or everyone outside them (effect `remove`). `agentic`: agent sessions, by `agent` and the `user` behind it. Only `agentic` matches a request made by an agent.',
          },
          uid: ref('email'),
          groups: ref('groups'),
          effect: ref('groupEffect'),
          ...flatGroupProperties(),
          agent: ref('agent'),
          user: ref('agentUser'),
        },
        required: ['type'],
        additionalProperties: false,
        allOf: [
          branch('any', {}, []),
          branch('some', {}, []),
          branch('user', { uid: true }, ['uid']),
          groupBranch({ groups: true, effect: true }, ['groups', 'effect']),
          branch('agentic', { agent: true, user: true }, ['agent', 'user']),
        ],
      },
      agent: {
        type: 'object',
        description: "The agent of an agentic session, matched against the request's `agent`.",
        properties: withAliases(AGENT_ALIASES, {
          type: {
            enum: [...AGENT_TYPES, ...Object.keys(AGENT_TYPE_ALIASES)],
            description:
              '`any`: every agent. `agent-client`: agents connecting through gateway client `clientId` (`mcp-client` is its older name). `agent-owner`: agents owned by `owner`. `owner-group`: agents whose owner is in `groups` (effect `keep`) or in none of them (`remove`). `provider`: agents federated by identity provider `providerId`, optionally with a subject matching `subjectPattern`.',
          },
          clientId: { type: 'string', minLength: 1, description: "The gateway client's identifier." },
          owner: ref('email'),
          groups: ref('groups'),
          effect: ref('groupEffect'),
          providerId: {
            type: 'string',
            minLength: 1,
            description: 'The identity-provider integration that federates the agent.',
          },
          subjectPattern: {
            type: 'string',
            minLength: 1,
            maxLength: 1000,
            description: "A regular expression (unanchored, as filter patterns) the agent's subject must match.",
          },
        }),
        required: ['type'],
        additionalProperties: false,
        allOf: [
          branch('any', {}, []),
          branch('agent-client', { clientId: true, client_id: true }, []),
          branch('mcp-client', { clientId: true, client_id: true }, []),
          branch('agent-owner', { owner: true }, ['owner']),
          branch('owner-group', { groups: true, effect: true }, ['groups', 'effect']),
          branch('provider', { providerId: true, provider_id: true, subjectPattern: true, subject_pattern: true }, []),
        ],
      },
      agentUser: {
        type: 'object',
        description:
          'The person behind an agentic session: `any` (someone or nobody), `none` (a headless session), one `user`, or members of `groups`.',
        properties: {
          type: { enum: [...AGENT_USER_TYPES], description: '`any`, `none`, `user` or `group`.' },
          uid: ref('email'),
          groups: ref('groups'),
          effect: ref('groupEffect'),
          ...flatGroupProperties(),
        },
        required: ['type'],
        additionalProperties: false,
        allOf: [
          branch('any', {}, []),
          branch('none', {}, []),
          branch('user', { uid: true }, ['uid']),
          groupBranch({ groups: true, effect: true }, ['groups', 'effect']),
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
          access_type: {
            type: 'string',
            minLength: 1,
            description: "P0's snake_case spelling of `accessType`.",
          },
        },
        required: ['type'],
        additionalProperties: false,
        allOf: [
          branch('any', {}, []),
          branch('integration', { service: true, accessType: true, access_type: true, filters: true }, ['service']),
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
        properties: withAliases(OPTION_ALIASES, {
          allowOneParty: {
            type: 'boolean',
            description: 'The requestor may approve their own request. Meaningless on `auto`.',
          },
          requireReason: { type: 'boolean', description: 'The request must carry a non-blank reason.' },
          requireDuration: { type: 'boolean', description: 'The request must carry a duration.' },
          requirePreapproval: {
            type: 'boolean',
            description:
              'The request must carry a preapproval the host attests (`preapproval: {approver, expiresAt}`), unexpired now. Without one the entry holds for nobody.',
          },
          breakGlassApprover: {
            type: 'boolean',
            description:
              "Only people on the host's break-glass approver list may approve through this entry. Without a list the entry admits nobody. Meaningless on `auto`.",
          },
          cooldown: {
            type: 'number',
            description:
              "P0's routing API lists it; this engine cannot enforce it (it keeps no history of grants), so a rule that sets it is refused.",
          },
          duration: {
            type: 'number',
            description:
              "P0's routing API lists it without a unit; this engine cannot enforce it faithfully, so a rule that sets it is refused.",
          },
        }),
        additionalProperties: false,
      },
    },
  };
}
