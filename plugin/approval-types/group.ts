// `group`: a member of the listed directory groups may approve (with `effect: remove`, anyone in none of
// them). Always open: the engine cannot list a directory's members, so a host asks them.
import { groupKeys } from '../compile/conditions.js';
import { FACT } from '../compile/vocabulary.js';
import type { ApprovalTypeDefinition, EntryOf, SchemaPart } from './definition.js';

const schema = {
  properties: { groups: 'groups', effect: 'groupEffect' },
  required: ['groups'],
} as const satisfies SchemaPart;

export type GroupEntry = EntryOf<'group', typeof schema>;

export const group: ApprovalTypeDefinition<GroupEntry> = {
  type: 'group',
  summary: 'members of `groups` may approve',
  schema,
  decisionEffect: 'path',
  params: (entry) => ({
    groups: entry.groups.map((g) => ({ directory: g.directory, id: g.id, ...(g.label ? { label: g.label } : {}) })),
    effect: entry.effect ?? 'keep',
  }),
  admits: {
    conditions: (entry) => [
      {
        fact: FACT.approver,
        path: '$.groups',
        operator: entry.effect === 'remove' ? 'inNoGroup' : 'inAnyGroup',
        value: groupKeys(entry.groups),
      },
    ],
    because: ({ approver, params }) => {
      const groups = (params.groups ?? []).map((g) => `${g.directory}:${g.id}`).join(', ');
      return params.effect === 'remove'
        ? `${approver.email} is in none of ${groups}`
        : `${approver.email} is a member of ${groups}`;
    },
  },
  openPath: ({ params }) => {
    const groups = (params.groups ?? [])
      .map((g) => `${g.directory}:${g.id}${g.label ? ` (${g.label})` : ''}`)
      .join(', ');
    return {
      why: params.effect === 'remove' ? `anyone in none of ${groups} may approve` : `a member of ${groups} may approve`,
    };
  },
};
