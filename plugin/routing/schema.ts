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
import { AGENT_ALIASES, ENTRY_ALIASES, OPTION_ALIASES, RESOURCE_ALIASES } from './normalise.js';

/**
 * The package's version (package.json's `version`; spec/routing/schema.spec.ts keeps the two in step). Every
 * schema's `$id` is the URL of that release's copy of the file, so an editor or a SchemaStore catalog entry
 * can name the exact schema of the version installed.
 */
export const SCHEMA_VERSION = '0.1.0';

/** The `$id` of one of the package's schemas: `https://unpkg.com/oncall-approval@VERSION/schemas/NAME.schema.json`. */
export function schemaId(name: string): string {
  return `https://unpkg.com/oncall-approval@${SCHEMA_VERSION}/schemas/${name}.schema.json`;
}

export const ROUTING_SCHEMA_ID = schemaId('routing');

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

/** One `type` value of a typed object: the keys it takes (each with its schema) and the ones it requires. */
interface TypeBranch {
  type: string;
  /** What this value means, shown when completing or hovering the value. */
  description: string;
  keys: Record<string, Json>;
  required: string[];
  /** P0's snake_case spellings accepted beside `keys` (alias → canonical key). */
  aliases?: Readonly<Record<string, string>>;
  /** P0's earlier flat group (`{type: group, id, label, directory}`) is accepted instead of `required`. */
  flatGroup?: boolean;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A pattern matching exactly these keys (`patternProperties` of keys accepted but not offered). */
const exactly = (keys: readonly string[]): string => `^(?:${keys.map(escapeRegExp).join('|')})$`;

/**
 * P0's snake_case spellings, described as the key each stands for (normalise.ts rewrites them), keyed by an
 * exact pattern: accepted and described on hover, but never offered by completion, which lists `properties`
 * only (measured with yaml-language-server 1.x).
 */
function aliasPatterns(
  aliases: Readonly<Record<string, string>>,
  properties: Record<string, Json>,
): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [alias, canonical] of Object.entries(aliases)) {
    const schema = properties[canonical];
    if (schema === undefined) continue;
    const description = `P0's snake_case spelling of \`${canonical}\`.`;
    out[exactly([alias])] =
      typeof schema === 'object' && schema !== null && !Array.isArray(schema) && !('$ref' in schema)
        ? { ...schema, description }
        : { description, allOf: [schema] };
  }
  return out;
}

/** The person matchers a rule's requestor and an agentic session's `user` share. */
const personMatchers = {
  user: {
    type: 'user',
    description: 'The person whose email is `uid`.',
    keys: { uid: ref('email') },
    required: ['uid'],
  },
  group: {
    type: 'group',
    description: 'Members of `groups` (effect `keep`) or everyone outside them (effect `remove`).',
    keys: { groups: ref('groups'), effect: ref('groupEffect') },
    required: ['groups', 'effect'],
    flatGroup: true,
  },
} satisfies Record<string, TypeBranch>;

/**
 * A `type`-keyed object (an approval entry, a requestor, a resource, an agent...) whose each `type` offers
 * exactly its own keys in editors. Measured with the real yaml-language-server (spec/authoring/editor.spec.ts):
 * it completes and hovers the keys of an `if`/`then` branch whose `if` holds, and the outer `properties`
 * always, so
 * - the outer object lists only `type` and the keys every type takes (`shared`);
 * - each type's keys, with their schemas and descriptions, live in its `then`, which refuses any other key;
 * - the outer object still refuses a key no type knows (a typo is "unknown", a key of another type "does not
 *   belong"): its `patternProperties` admits the other types' keys without offering them.
 * A `oneOf` of one schema per type was measured too: it completes as well, but a wrong entry gets one error
 * per branch (`Value must be "auto" | "escalation"` on the wrong line) instead of one precise error.
 */
function typedObject(
  description: string,
  typeDescription: string,
  branches: readonly TypeBranch[],
  shared: Record<string, Json> = {},
): JsonSchema {
  const others = new Set<string>();
  for (const b of branches) {
    for (const key of Object.keys(b.keys)) if (!Object.hasOwn(shared, key)) others.add(key);
    for (const alias of Object.keys(b.aliases ?? {})) others.add(alias);
    if (b.flatGroup) for (const key of Object.keys(flatGroupProperties())) others.add(key);
  }
  return {
    type: 'object',
    description,
    properties: {
      type: {
        enum: branches.map((b) => b.type),
        description: typeDescription,
        markdownEnumDescriptions: branches.map((b) => b.description),
      },
      ...shared,
    },
    ...(others.size ? { patternProperties: { [exactly([...others])]: true } } : {}),
    required: ['type'],
    additionalProperties: false,
    allOf: branches.map((b) => typeBranch(b, Object.keys(shared))),
  };
}

function typeBranch(b: TypeBranch, shared: readonly string[]): JsonSchema {
  const keys = b.keys;
  // P0's spellings and its earlier flat group are accepted (and hovered) but not offered.
  const accepted = {
    ...aliasPatterns(b.aliases ?? {}, keys),
    ...(b.flatGroup
      ? Object.fromEntries(Object.entries(flatGroupProperties()).map(([k, v]) => [exactly([k]), v]))
      : {}),
  };
  const then: JsonSchema = {
    properties: { type: true, ...keys, ...Object.fromEntries(shared.map((k) => [k, true])) },
    ...(Object.keys(accepted).length ? { patternProperties: accepted } : {}),
    additionalProperties: false,
  };
  if (b.flatGroup) {
    // Either the flat group (`id` and `directory`) or the keys the type requires.
    then.if = { properties: { id: true }, required: ['id'] };
    // (ajv's strict mode wants each required key declared beside `required`.)
    then.then = { properties: { id: true, directory: true }, required: ['id', 'directory'] };
    then.else = { properties: Object.fromEntries(b.required.map((k) => [k, true])), required: b.required };
  } else if (b.required.length) then.required = b.required;
  // `type: 'object'` in the test: for an empty list item (null) the server would otherwise take every
  // branch as holding and offer every type's keys.
  return { if: { type: 'object', properties: { type: { const: b.type } }, required: ['type'] }, then };
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

/** The approval entry's branches, from the approval types' definitions (their keys, described by definition). */
function approvalEntryBranches(): TypeBranch[] {
  const named: Record<string, string> = {};
  return APPROVAL_TYPE_NAMES.map((type) => {
    const { schema, summary } = DEFINITIONS[type];
    const keys: Record<string, Json> = {};
    for (const [key, definition] of Object.entries(schema.properties)) {
      if (named[key] !== undefined && named[key] !== definition) {
        throw new Error(`approval types disagree on what \`${key}\` is: ${named[key]} or ${definition}`);
      }
      named[key] = definition;
      keys[key] = ref(definition);
    }
    const aliases = Object.fromEntries(
      Object.entries(ENTRY_ALIASES).filter(([, canonical]) => Object.hasOwn(keys, canonical)),
    );
    const description = `${summary.charAt(0).toUpperCase()}${summary.slice(1)}.`;
    return { type, description, keys, required: [...schema.required], aliases, flatGroup: type === 'group' };
  });
}

/**
 * The routing schema with the rules left unchecked: the document's shape (a list, or `{ $schema, rules }`),
 * which the loader checks before it checks each rule on its own.
 */
export function routingShapeSchema(): JsonSchema {
  const shape = routingSchema();
  // Distinct from the routing schema's `$id`, so one ajv can hold both; never published.
  shape.$id = `${ROUTING_SCHEMA_ID}?shape`;
  (shape.definitions as Record<string, JsonSchema>).ruleList!.items = true;
  return shape;
}

/** The options of an approval entry that this engine enforces: the ones an editor offers. */
const OPTIONS: Record<string, Json> = {
  allowOneParty: {
    type: 'boolean',
    description: 'The requestor may approve their own request. Meaningless on `auto`.',
  },
  requireReason: { type: 'boolean', description: 'The request must carry a non-blank reason.' },
  requireDuration: { type: 'boolean', description: 'The request must carry a duration.' },
  requirePreapproval: {
    type: 'boolean',
    description:
      'The request must carry a preapproval, given by someone other than the requestor and unexpired now. ' +
      '**The host must supply it**: `preapproval: {approver, expiresAt}` on the request, from its own record of ' +
      'who pre-approved. Without one the entry holds for nobody (see docs/p0.md).',
  },
  breakGlassApprover: {
    type: 'boolean',
    description:
      "Only people on the host's break-glass approver list may approve through this entry. " +
      '**The host must supply the list** (`breakGlassApprovers` on `createApprovalEngine`, per call, or on ' +
      '`installOnCallPlugin`). Without a list the entry admits nobody. Meaningless on `auto` (see docs/p0.md).',
  },
};

export function routingSchema(): JsonSchema {
  const options = structuredClone(OPTIONS);
  const typed = typedObject(
    'One way to approve a matching request.',
    'How this entry approves.',
    approvalEntryBranches(),
    {
      options: ref('options'),
    },
  );
  const approvalEntryExamples = SEED_AUTO_RULE.approval.concat(SEED_ESCALATION_RULE.approval as never[]) as Json[];
  const clientIdSchema: Json = { type: 'string', minLength: 1, description: "The gateway client's identifier." };
  const providerIdSchema: Json = {
    type: 'string',
    minLength: 1,
    description: 'The identity-provider integration that federates the agent.',
  };
  const subjectPatternSchema: Json = {
    type: 'string',
    minLength: 1,
    maxLength: 1000,
    description: "A regular expression (unanchored, as filter patterns) the agent's subject must match.",
  };
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
            description: '`true` leaves the rule out of every decision. It is still checked. Left out: `false`.',
          },
          requestor: ref('requestor'),
          resource: ref('resource'),
          approval: ref('approval'),
        },
        required: ['requestor', 'resource', 'approval'],
        additionalProperties: false,
        examples: [SEED_AUTO_RULE, SEED_ESCALATION_RULE],
        // Whole rules, on a new list item only (inside a rule they would insert a second set of keys).
        allOf: [
          {
            if: { not: { type: 'object' } },
            then: {
              defaultSnippets: [
                {
                  label: 'incident.io auto-approval rule',
                  description:
                    'Approve at once, for one hour, a requestor who is on call now for any incident.io schedule.',
                  body: {
                    name: '${1:on-call engineers}',
                    requestor: { type: 'any' },
                    resource: { type: 'any' },
                    approval: [{ type: 'auto', integration: 'incidentio', options: { requireReason: true } }],
                  },
                },
                {
                  label: 'incident.io on-call approver rule',
                  description:
                    "Let whoever is on call now for these incident.io schedules approve other people's requests.",
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
      requestor: typedObject(
        'Who the rule applies to: `any` person, `some` (any, while another rule matches too), one `user`, members (or non-members) of directory `group`s, or `agentic` sessions.',
        'Who the rule applies to. Only `agentic` matches a request made by an agent.',
        [
          { type: 'any', description: 'Every person.', keys: {}, required: [] },
          {
            type: 'some',
            description: 'Every person, but only while another rule matches the same request.',
            keys: {},
            required: [],
          },
          personMatchers.user,
          personMatchers.group,
          {
            type: 'agentic',
            description: 'Agent sessions, by `agent` and the `user` behind it.',
            keys: { agent: ref('agent'), user: ref('agentUser') },
            required: ['agent', 'user'],
          },
        ],
      ),
      agent: typedObject(
        "The agent of an agentic session, matched against the request's `agent`.",
        'Which agents match.',
        [
          { type: 'any', description: 'Every agent.', keys: {}, required: [] },
          {
            type: 'agent-client',
            description: 'Agents connecting through gateway client `clientId`.',
            keys: { clientId: clientIdSchema },
            required: [],
            aliases: AGENT_ALIASES,
          },
          {
            type: 'mcp-client',
            description: 'The older name of `agent-client`.',
            keys: { clientId: clientIdSchema },
            required: [],
            aliases: AGENT_ALIASES,
          },
          {
            type: 'agent-owner',
            description: 'Agents owned by `owner`.',
            keys: { owner: ref('email') },
            required: ['owner'],
          },
          {
            type: 'owner-group',
            description: 'Agents whose owner is in `groups` (effect `keep`) or in none of them (`remove`).',
            keys: { groups: ref('groups'), effect: ref('groupEffect') },
            required: ['groups', 'effect'],
          },
          {
            type: 'provider',
            description:
              'Agents federated by identity provider `providerId`, optionally with a subject matching `subjectPattern`.',
            keys: { providerId: providerIdSchema, subjectPattern: subjectPatternSchema },
            required: [],
            aliases: AGENT_ALIASES,
          },
        ],
      ),
      agentUser: typedObject(
        'The person behind an agentic session: `any` (someone or nobody), `none` (a headless session), one `user`, or members of `groups`.',
        'Who must be behind the session.',
        [
          { type: 'any', description: 'Someone or nobody.', keys: {}, required: [] },
          { type: 'none', description: 'A headless session, with nobody behind it.', keys: {}, required: [] },
          personMatchers.user,
          personMatchers.group,
        ],
      ),
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
      resource: typedObject(
        'What the rule applies to: `any` resource, or the resources of one `integration` (service), optionally narrowed by access type and filters.',
        'Which resources the rule covers.',
        [
          { type: 'any', description: 'Every resource.', keys: {}, required: [] },
          {
            type: 'integration',
            description: 'Resources of `service`, optionally narrowed by `accessType` and `filters`.',
            keys: {
              service: {
                type: 'string',
                minLength: 1,
                description: 'The service a request is for, e.g. `aws`, `gcloud`, `ssh`.',
              },
              accessType: {
                type: 'string',
                minLength: 1,
                description:
                  'The kind of access within the service (e.g. `permission-set`). Left out, or `any`, every kind matches.',
              },
              filters: ref('filters'),
            },
            required: ['service'],
            aliases: RESOURCE_ALIASES,
          },
        ],
      ),
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
        ...typed,
        // Whole entries, offered on a new list item only (measured: on the object itself they are offered
        // inside every entry, inserting another type's keys): an entry that has its `type` is offered its keys.
        allOf: [
          ...(typed.allOf as Json[]),
          {
            if: { not: { type: 'object', required: ['type'] } },
            then: {
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
          },
        ],
        examples: approvalEntryExamples,
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
        description: "The field of the requestor's directory profile that names the approver. Left out: `manager`.",
      },
      options: {
        type: 'object',
        description: 'Conditions on this approval entry (all default to false).',
        properties: options,
        // Accepted, described on hover, never offered by completion: P0's spellings, and the options this
        // engine refuses (a rule that sets one is an error, see semantics.ts), which an editor must not suggest.
        patternProperties: {
          ...aliasPatterns(OPTION_ALIASES, options),
          [exactly(['cooldown'])]: {
            type: 'number',
            description:
              "P0's routing API lists it; this engine cannot enforce it (it keeps no history of grants), so a rule that sets it is refused.",
          },
          [exactly(['duration'])]: {
            type: 'number',
            description:
              "P0's routing API lists it without a unit; this engine cannot enforce it faithfully, so a rule that sets it is refused.",
          },
        },
        additionalProperties: false,
      },
    },
  };
}
