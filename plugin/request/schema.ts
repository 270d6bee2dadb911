// The JSON Schema (draft-07) of an access request, as a host or `evaluate --request` hands it in.
// schemas/request.schema.json is this function's output; a test keeps the two identical.
// Strict like the routing schema: a misspelt field is an error, never a silently missing fact.
import { DIRECTORIES, NOT_RESERVED_PATTERN, type JsonSchema } from '../routing/schema.js';

export const REQUEST_SCHEMA_ID = 'urn:oncall-approval:schema:request:1';

const notReserved = {
  pattern: NOT_RESERVED_PATTERN,
  patternErrorMessage: '`__proto__`, `constructor` and `prototype` are reserved and cannot be used as names.',
};

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
          email: {
            type: 'string',
            description: "The requestor's email address (compared case-insensitively, surrounding spaces ignored).",
            maxLength: 320,
            pattern: '^\\s*[^\\s@]+@[^\\s@]+\\s*$',
            patternErrorMessage: 'Must be an email address, such as alice@example.com.',
          },
          groups: {
            type: 'array',
            description: "The directory groups the requestor belongs to (the host's directory knows them).",
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
          },
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
        pattern:
          '^P(?=\\d|T\\d)(?:\\d+Y)?(?:\\d+M)?(?:\\d+W)?(?:\\d+D)?(?:T(?=\\d)(?:\\d+H)?(?:\\d+M)?(?:\\d+(?:\\.\\d+)?S)?)?$',
        patternErrorMessage: 'Must be an ISO 8601 duration, such as PT4H (four hours) or P1D (one day).',
      },
    },
    required: ['requestor', 'resource'],
    additionalProperties: false,
  };
}
