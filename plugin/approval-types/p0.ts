// `p0`: a security reviewer may approve. The reviewers are a list the host supplies.
import { approverEmail, requestorEmail, selfAllowed } from '../compile/conditions.js';
import { FACT } from '../compile/vocabulary.js';
import { normaliseEmail } from '../email.js';
import { approversBesidesRequestor, type ApprovalTypeDefinition, type EntryOf, type SchemaPart } from './definition.js';

const schema = { properties: {}, required: [] } as const satisfies SchemaPart;

export type P0Entry = EntryOf<'p0', typeof schema>;

export const p0: ApprovalTypeDefinition<P0Entry> = {
  type: 'p0',
  summary: 'a security reviewer may approve',
  schema,
  decisionEffect: 'path',
  // Open while a reviewer other than the requestor exists (any reviewer, when the entry allows one party).
  conditions: (entry) =>
    selfAllowed(entry)
      ? [{ fact: FACT.reviewers, operator: 'hasEmail', value: true }]
      : [{ fact: FACT.reviewers, operator: 'hasEmailBesides', value: { ...requestorEmail } }],
  admits: {
    conditions: () => [{ ...approverEmail, operator: 'emailIn', value: { fact: FACT.reviewers } }],
    because: ({ approver }) => `${approver.email} is a security reviewer`,
  },
  openPath: (context) => {
    const reviewers = context.session.reviewers.map(normaliseEmail).filter((e): e is string => e !== undefined);
    const approvers = approversBesidesRequestor(reviewers, context);
    return { approvers, why: `a security reviewer may approve: ${approvers.join(', ')}` };
  },
};
