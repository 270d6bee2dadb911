// `auto`: approve at once when the integration says the requestor is on call now, for any schedule of the
// account, or only for the listed schedules when `services` is given.
import { requestorEmail } from '../compile/conditions.js';
import { FACT } from '../compile/vocabulary.js';
import { failureSentences, lookupOf, onCallSentence, where } from './explain.js';
import type { ApprovalTypeDefinition, EntryOf, SchemaPart } from './definition.js';

const schema = {
  properties: { integration: 'integration', services: 'services' },
  required: ['integration'],
} as const satisfies SchemaPart;

export type AutoEntry = EntryOf<'auto', typeof schema>;

export const auto: ApprovalTypeDefinition<AutoEntry> = {
  type: 'auto',
  summary: 'approve at once when the requestor is on call now',
  schema,
  decisionEffect: 'automatic',
  params: (entry) => ({
    integration: entry.integration,
    ...(entry.services ? { schedules: [...entry.services] } : {}),
  }),
  onCall: (entry) =>
    entry.services === undefined
      ? {
          ...requestorEmail,
          operator: 'isOnCallAny',
          value: { fact: FACT.onCallAny, params: { integration: entry.integration } },
        }
      : {
          ...requestorEmail,
          operator: 'isOnCallFor',
          value: {
            fact: FACT.onCallFor,
            params: { integration: entry.integration, schedules: [...entry.services] },
          },
        },
  decided: ({ params, conditions, session, request, grant }) => {
    const leaf = conditions.find((c) => c.operator === 'isOnCallAny' || c.operator === 'isOnCallFor');
    const lookup = leaf ? lookupOf(leaf.value) : undefined;
    const onCall = onCallSentence(request.requestor.email, lookup ? session.answer(lookup) : undefined);
    const lasting = grant ? `, for ${grant.grantDuration}, until ${grant.expiresAt}` : '';
    return [
      ...(onCall ? [onCall] : []),
      `${where(params)} approves whoever is on call${lasting}.`,
      ...failureSentences(session),
    ];
  },
};
