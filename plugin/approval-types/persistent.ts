// `persistent`: standing access, approved whenever the rule matches (and the entry's options hold).
import { where } from './explain.js';
import type { ApprovalTypeDefinition, EntryOf, SchemaPart } from './definition.js';

const schema = { properties: {}, required: [] } as const satisfies SchemaPart;

export type PersistentEntry = EntryOf<'persistent', typeof schema>;

export const persistent: ApprovalTypeDefinition<PersistentEntry> = {
  type: 'persistent',
  summary: 'always approved',
  schema,
  decisionEffect: 'standing',
  decided: ({ params, grant }) => [
    grant
      ? `${where(params)} grants standing access; approved for the requested ${grant.grantDuration}, until ${grant.expiresAt}.`
      : `${where(params)} grants standing access; approved with no expiry.`,
  ],
};
