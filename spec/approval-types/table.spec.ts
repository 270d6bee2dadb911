// The approval types' table: each row filed under its own name, the one precedence of effects, the routing
// schema and the entry type read off the rows, and events judged by their type's row.
import { expect } from 'chai';
import {
  admitsApprovers,
  APPROVAL_TYPE_NAMES,
  APPROVAL_TYPES,
  definitionOf,
  EFFECTS,
  effectOf,
  PRECEDENCE,
  type ApprovalEntry,
} from '../../plugin/approval-types/index.js';
import { EVENT } from '../../plugin/compile/vocabulary.js';
import { routingSchema, type JsonSchema } from '../../plugin/routing/schema.js';

/** The keys P0 writes for an entry of a type beside the canonical ones: snake_case, and the flat group. */
const P0_SPELLINGS: Partial<Record<string, string[]>> = {
  group: ['id', 'label', 'directory'],
  'requestor-profile': ['profile_property'],
};

// The entry type comes from the rows' schema parts: tsc refuses these (the spec run type-checks them).
// @ts-expect-error an escalation entry needs `services`
export const missingServices: ApprovalEntry = { type: 'escalation', integration: 'incidentio' };
// @ts-expect-error a p0 entry takes no `integration`
export const extraKey: ApprovalEntry = { type: 'p0', integration: 'incidentio' };
// @ts-expect-error no approval type is called `oncall-lead`
export const unknownType: ApprovalEntry = { type: 'oncall-lead' };

describe('approval types: one definition each', () => {
  it('files each definition under the type its entries carry, in the order of the schema', () => {
    expect(APPROVAL_TYPE_NAMES).to.deep.equal([
      'auto',
      'escalation',
      'group',
      'p0',
      'requestor-profile',
      'persistent',
      'deny',
    ]);
    for (const name of APPROVAL_TYPE_NAMES) expect(APPROVAL_TYPES[name].type).to.equal(name);
  });

  it('gives every required key a description and every type the sentences of its effect', () => {
    for (const name of APPROVAL_TYPE_NAMES) {
      const definition = APPROVAL_TYPES[name];
      for (const key of definition.schema.required) expect(definition.schema.properties, name).to.have.property(key);
      if (definition.decisionEffect === 'path') expect(definition, name).to.have.property('openPath');
      else expect(definition, name).to.have.property('decided');
    }
  });

  it('has one precedence, strongest first: deny, standing access, automatic approval, a path waiting for a person', () => {
    expect(PRECEDENCE).to.deep.equal(['deny', 'standing', 'automatic', 'path']);
    expect(PRECEDENCE.map((e) => EFFECTS[e].outcome)).to.deep.equal(['denied', 'approved', 'approved', 'pending']);
    // Options can never weaken a deny.
    expect(EFFECTS.deny.options).to.equal(false);
  });

  it('knows exactly the types in the table (not inherited names, not other values)', () => {
    for (const name of APPROVAL_TYPE_NAMES) expect(definitionOf(name)).to.equal(APPROVAL_TYPES[name]);
    for (const other of ['oncall-lead', 'constructor', '__proto__', 'toString', '', 'AUTO', 7, null, undefined]) {
      expect(definitionOf(other), String(other)).to.equal(undefined);
    }
  });

  it('builds the routing schema of approval entries from the rows', () => {
    const entry = (routingSchema().definitions as Record<string, JsonSchema>).approvalEntry!;
    const properties = entry.properties as Record<string, JsonSchema>;
    expect((properties.type as { enum: string[] }).enum).to.deep.equal([...APPROVAL_TYPE_NAMES]);
    // The type branches; a last branch offers whole entries on a new list item.
    const branches = (
      entry.allOf as Array<{ if: JsonSchema; then: { properties: JsonSchema; required?: string[] } }>
    ).filter((b) => (b.if.properties as JsonSchema | undefined)?.type);
    expect(branches).to.have.length(APPROVAL_TYPE_NAMES.length);
    APPROVAL_TYPE_NAMES.forEach((name, i) => {
      const { schema } = APPROVAL_TYPES[name];
      expect(branches[i]!.if).to.deep.equal({
        type: 'object',
        properties: { type: { const: name } },
        required: ['type'],
      });
      // Besides the definition's keys, a branch takes P0's spellings of them (docs/p0.md): nothing else.
      const own = ['type', ...Object.keys(schema.properties), 'options'];
      // (P0's spellings are accepted through `patternProperties`, so that editors do not offer them.)
      const then = branches[i]!.then as { properties: JsonSchema; patternProperties?: JsonSchema };
      const keys = Object.keys(then.properties);
      expect(keys.filter((k) => own.includes(k))).to.deep.equal(own);
      const spellings = Object.keys(then.patternProperties ?? {}).map((p) => p.replace(/^\^\(\?:|\)\$$/g, ''));
      expect([...keys.filter((k) => !own.includes(k)), ...spellings]).to.deep.equal(P0_SPELLINGS[name] ?? []);
      // The group branch requires its keys unless P0's flat group (`id`) is written instead.
      const required = then as { required?: string[]; else?: { required?: string[] } };
      expect(required.required ?? required.else?.required ?? []).to.deep.equal([...schema.required]);
      for (const [key, definition] of Object.entries(schema.properties)) {
        expect(then.properties[key]).to.deep.equal({ $ref: `#/definitions/${definition}` });
      }
    });
  });

  it("judges an event by its type's row: a mismatch never approves, and a deny is always honoured", () => {
    expect(effectOf(EVENT.approve, 'auto')).to.equal('automatic');
    expect(effectOf(EVENT.approve, 'persistent')).to.equal('standing');
    expect(effectOf(EVENT.path, 'escalation')).to.equal('path');
    expect(effectOf(EVENT.deny, 'deny')).to.equal('deny');
    // An approve event naming a type that only opens a path, or no known type, has no effect.
    expect(effectOf(EVENT.approve, 'escalation')).to.equal(undefined);
    expect(effectOf(EVENT.approve, 'oncall-lead')).to.equal(undefined);
    expect(effectOf(EVENT.path, 'constructor')).to.equal(undefined);
    // A deny event denies whatever it names.
    expect(effectOf(EVENT.deny, 'auto')).to.equal('deny');
    expect(effectOf(EVENT.deny, 'oncall-lead')).to.equal('deny');
    expect(effectOf(EVENT.admit, 'escalation')).to.equal(undefined);
  });

  it('admits approvers only through types that say whom they admit', () => {
    expect(APPROVAL_TYPE_NAMES.filter(admitsApprovers)).to.deep.equal([
      'escalation',
      'group',
      'p0',
      'requestor-profile',
    ]);
    expect(admitsApprovers('oncall-lead')).to.equal(false);
  });
});
