// `requestor-profile`: the person named in a field of the requestor's directory profile (their manager, by
// default) may approve.
import { approverEmail, requestorEmail, selfAllowed } from '../compile/conditions.js';
import { FACT } from '../compile/vocabulary.js';
import { normaliseEmail } from '../email.js';
import type { ApprovalTypeDefinition, EntryOf, SchemaPart } from './definition.js';

const DEFAULT_PROPERTY = 'manager';

const profileFact = (property: string | undefined) =>
  ({ fact: FACT.requestorProfile, params: { property: property ?? DEFAULT_PROPERTY } }) as const;

const schema = {
  properties: { directory: 'directory', profileProperty: 'profileProperty' },
  required: ['directory'],
} as const satisfies SchemaPart;

export type RequestorProfileEntry = EntryOf<'requestor-profile', typeof schema>;

export const requestorProfile: ApprovalTypeDefinition<RequestorProfileEntry> = {
  type: 'requestor-profile',
  summary: "the person named in the requestor's profile (e.g. their manager) may approve",
  schema,
  decisionEffect: 'path',
  params: (entry) => ({ directory: entry.directory, profileProperty: entry.profileProperty ?? DEFAULT_PROPERTY }),
  // Open while the profile names someone (other than the requestor, unless the entry allows one party).
  conditions: (entry) =>
    selfAllowed(entry)
      ? [{ ...profileFact(entry.profileProperty), operator: 'nonBlank', value: true }]
      : [{ ...profileFact(entry.profileProperty), operator: 'emailDiffers', value: { ...requestorEmail } }],
  admits: {
    conditions: (entry) => [{ ...approverEmail, operator: 'emailEquals', value: profileFact(entry.profileProperty) }],
    because: ({ approver, params }) =>
      `${approver.email} is the requestor's ${params.profileProperty ?? DEFAULT_PROPERTY}`,
  },
  openPath: ({ params, request }) => {
    const property = params.profileProperty ?? DEFAULT_PROPERTY;
    const named = normaliseEmail(request.requestor.profile?.[property]);
    return { approvers: named ? [named] : [], why: `the requestor's ${property} may approve: ${named}` };
  },
};
