// `deny`: a matching rule with this entry denies the request, whatever its other entries and other rules say.
import { where } from './explain.js';
import type { ApprovalTypeDefinition, EntryOf, SchemaPart } from './definition.js';

const schema = { properties: {}, required: [] } as const satisfies SchemaPart;

export type DenyEntry = EntryOf<'deny', typeof schema>;

export const deny: ApprovalTypeDefinition<DenyEntry> = {
  type: 'deny',
  summary: 'always denied',
  schema,
  decisionEffect: 'deny',
  decided: ({ params }) => [`${where(params)} denies this request.`],
};
