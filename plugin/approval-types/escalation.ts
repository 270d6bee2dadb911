// `escalation`: whoever is on call now for one of the entry's schedules may approve; the request waits for
// them (a host pages them).
import { approverEmail, selfAllowed } from '../compile/conditions.js';
import { FACT } from '../compile/vocabulary.js';
import { lookupOf, onCallSentence, scheduleList } from './explain.js';
import { approversBesidesRequestor, type ApprovalTypeDefinition, type EntryOf, type SchemaPart } from './definition.js';

const schema = {
  properties: { integration: 'integration', services: 'services' },
  required: ['integration', 'services'],
} as const satisfies SchemaPart;

export type EscalationEntry = EntryOf<'escalation', typeof schema>;

export const escalation: ApprovalTypeDefinition<EscalationEntry> = {
  type: 'escalation',
  summary: 'people on call now for `services` may approve',
  schema,
  decisionEffect: 'path',
  params: (entry) => ({ integration: entry.integration, schedules: [...entry.services] }),
  // Open while its integration is installed: otherwise nobody can ever count as on call for it.
  conditions: (entry) => [{ fact: FACT.integrations, operator: 'contains', value: entry.integration }],
  admits: {
    onCall: (entry) => ({
      ...approverEmail,
      operator: 'isOnCallFor',
      value: { fact: FACT.onCallFor, params: { integration: entry.integration, schedules: [...entry.services] } },
    }),
    because: ({ approver, conditions, session }) => {
      const leaf = conditions.find((c) => c.operator === 'isOnCallFor');
      const lookup = leaf ? lookupOf(leaf.value) : undefined;
      const who = approver.email;
      return onCallSentence(who, lookup ? session.answer(lookup) : undefined, false) ?? `${who} is on call`;
    },
  },
  openPath: async (context) => {
    const { params: p, session } = context;
    const answer = await session.lookup({
      fact: 'onCallFor',
      integration: p.integration!,
      schedules: p.schedules ?? [],
    });
    const approvers = approversBesidesRequestor(
      answer.schedules.flatMap((s) => (s.status === 'answered' ? s.onCall.map((x) => x.email) : [])),
      context,
    );
    const failed = answer.schedules.filter((s) => s.status === 'failed').length;
    const unknown = failed > 0 ? `; ${failed === 1 ? 'one schedule' : `${failed} schedules`} could not be checked` : '';
    const names = scheduleList(p.schedules ?? [], answer);
    const self = selfAllowed(p);
    const why =
      approvers.length > 0
        ? `whoever is on call for ${names} may approve; on call now: ${approvers.join(', ')}${unknown}`
        : `whoever is on call for ${names} may approve; nobody${self ? '' : ' other than the requestor'} is on call now${unknown}`;
    return { approvers, why };
  },
};
