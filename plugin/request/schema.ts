// The JSON Schemas (draft-07) of an access request, as a host or `evaluate --request` hands it in, and of
// an approver, as a host hands it to `canApprove`. schemas/request.schema.json is `requestSchema()`'s output;
// a test keeps the two identical. The approver's schema is not published: the CLI takes the approver as
// flags, and a host builds the object itself.
// Strict like the routing schema: a misspelt field is an error, never a silently missing fact.
import { DIRECTORIES, NOT_RESERVED_PATTERN, schemaId, type JsonSchema } from '../routing/schema.js';

export const REQUEST_SCHEMA_ID = schemaId('request');
/** Not published (see above): an identifier only. */
export const APPROVER_SCHEMA_ID = schemaId('approver');

const notReserved = {
  pattern: NOT_RESERVED_PATTERN,
  patternErrorMessage: '`__proto__`, `constructor` and `prototype` are reserved and cannot be used as names.',
};

/**
 * An ISO 8601 duration: `P`, then years, months, weeks, days, and after `T` hours, minutes, seconds, each
 * optional but one at least. As ISO 8601 allows, the last component written may have a decimal fraction
 * (`PT1.5H`, `PT0.5S`); signs and repetitions (`-PT1H`, `R5/PT1H`) are not durations. Every part is a
 * fixed sequence, so matching never backtracks.
 */
const DURATION_PATTERN = (() => {
  const part = (unit: string) => `(?:\\d+(?:\\.\\d+(?=${unit}$))?${unit})?`;
  return `^P(?=\\d|T\\d)${part('Y')}${part('M')}${part('W')}${part('D')}(?:T(?=\\d)${part('H')}${part('M')}${part('S')})?$`;
})();

/** An email, as both the requestor and the approver give it. */
function emailSchema(whose: string): JsonSchema {
  return {
    type: 'string',
    description: `${whose} email address (compared case-insensitively, surrounding spaces ignored).`,
    maxLength: 320,
    pattern: '^\\s*[^\\s@]+@[^\\s@]+\\s*$',
    patternErrorMessage: 'Must be an email address, such as alice@example.com.',
  };
}

/** Directory groups, as both the requestor and the approver belong to them. */
function groupsSchema(description: string): JsonSchema {
  return {
    type: 'array',
    description,
    items: {
      type: 'object',
      description: 'A group in a directory.',
      properties: {
        directory: {
          enum: [...DIRECTORIES],
          description: 'The directory holding the group: `workspace`, `okta`, `azure-ad` or `entra-id`.',
        },
        id: { type: 'string', minLength: 1, description: "The group's ID in its directory." },
      },
      required: ['directory', 'id'],
      additionalProperties: false,
    },
  };
}

export function approverSchema(): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: APPROVER_SCHEMA_ID,
    title: 'oncall-approval approver',
    description: 'The person asking whether they may approve a request. Only `email` is required.',
    type: 'object',
    properties: {
      email: emailSchema("The approver's"),
      groups: groupsSchema("The directory groups the approver belongs to (the host's directory knows them)."),
    },
    required: ['email'],
    additionalProperties: false,
  };
}

export function requestSchema(): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: REQUEST_SCHEMA_ID,
    title: 'oncall-approval access request',
    description:
      'A just-in-time access request: who asks, for what, why and for how long. Only `requestor.email` and `resource.service` are required.',
    type: 'object',
    properties: {
      id: {
        type: 'string',
        minLength: 1,
        maxLength: 200,
        description: "The host's identifier for the request; echoed in decisions.",
      },
      requestor: {
        type: 'object',
        description: 'The person asking for access.',
        properties: {
          email: emailSchema("The requestor's"),
          groups: groupsSchema("The directory groups the requestor belongs to (the host's directory knows them)."),
          profile: {
            type: 'object',
            description: "Fields of the requestor's directory profile, e.g. `manager: bob@example.com`.",
            propertyNames: notReserved,
            additionalProperties: { type: 'string', description: "A profile field's value." },
          },
        },
        required: ['email'],
        additionalProperties: false,
      },
      resource: {
        type: 'object',
        description: 'What access is asked for.',
        properties: {
          service: {
            type: 'string',
            minLength: 1,
            description:
              'The service, e.g. `aws`; routing rules of type `integration` compare it with their `service`.',
          },
          accessType: {
            type: 'string',
            minLength: 1,
            description: 'The kind of access within the service, e.g. `permission-set`.',
          },
          attributes: {
            type: 'object',
            description: 'What resource filters look at: `attributes[name][key]`, e.g. `tag: { env: prod }`.',
            propertyNames: notReserved,
            additionalProperties: {
              type: 'object',
              description: "One attribute's fields.",
              propertyNames: notReserved,
              additionalProperties: {
                type: ['string', 'number', 'boolean'],
                description: "A field's value: text, a number or true/false.",
              },
            },
          },
        },
        required: ['service'],
        additionalProperties: false,
      },
      reason: {
        type: 'string',
        maxLength: 4000,
        description: 'Why access is needed, e.g. `INC-1234 database failover`.',
      },
      duration: {
        type: 'string',
        description: 'How long access is wanted, as an ISO 8601 duration such as `PT4H`.',
        pattern: DURATION_PATTERN,
        patternErrorMessage: 'Must be an ISO 8601 duration, such as PT4H (four hours) or P1D (one day).',
      },
      agent: {
        type: 'object',
        description:
          'Present when an agent makes the request: only `agentic` routing rules match it. `requestor` is the person behind the agent (or, when `headless`, the agent itself).',
        properties: {
          clientId: {
            type: 'string',
            minLength: 1,
            maxLength: 200,
            description: 'The gateway client the agent connects through.',
          },
          owner: emailSchema("The agent's owner's"),
          ownerGroups: groupsSchema("The directory groups the agent's owner belongs to."),
          providerId: {
            type: 'string',
            minLength: 1,
            maxLength: 200,
            description: 'The identity-provider integration that federates the agent.',
          },
          subject: {
            type: 'string',
            minLength: 1,
            maxLength: 1000,
            description: "The agent's subject claim at that provider.",
          },
          headless: { type: 'boolean', description: '`true`: nobody is behind the agent session.' },
        },
        additionalProperties: false,
      },
      preapproval: {
        type: 'object',
        description:
          'A preapproval the host attests: who allowed this access ahead of time, and until when. Entries with `requirePreapproval` need one that has not expired.',
        properties: {
          approver: emailSchema("The pre-approver's"),
          expiresAt: {
            type: 'string',
            maxLength: 64,
            description:
              'Until when the preapproval holds: an RFC 3339 instant with its zone, e.g. `2026-11-26T18:00:00Z`.',
            pattern: '^\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:[Zz]|[+-]\\d{2}:\\d{2})$',
            patternErrorMessage: 'Must be an RFC 3339 instant with its zone, such as 2026-11-26T18:00:00Z.',
          },
        },
        required: ['approver', 'expiresAt'],
        additionalProperties: false,
      },
    },
    required: ['requestor', 'resource'],
    additionalProperties: false,
  };
}
