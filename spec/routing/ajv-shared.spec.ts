// The routing validators skip ajv's run-time check of the schema against the draft-07 meta-schema (it is a
// third of the cold cost of building them, see ajv.ts `shareAjv`): this is where that check happens instead.
import { expect } from 'chai';
import { Ajv } from 'ajv';
import { createAjv, schemaErrors, shareAjv } from '../../plugin/routing/ajv.js';
import { routingSchema } from '../../plugin/routing/schema.js';
import { loadRoutingText } from '../../plugin/routing/load.js';

describe('routing validators (ajv set-up)', () => {
  it('routingSchema() is a valid draft-07 schema (the check skipped at run time)', () => {
    const ajv = createAjv();
    expect(ajv.validateSchema(routingSchema()), JSON.stringify(ajv.errors)).to.equal(true);
  });

  it('an invalid schema is still refused by a validating ajv (the check above can fail)', () => {
    const broken = { ...routingSchema(), minItems: 'one' };
    expect(createAjv().validateSchema(broken)).to.equal(false);
  });

  it('schemas sharing one ajv validate like schemas on their own', () => {
    const a = { ...routingSchema(), $id: 'urn:test:a' };
    const b = { $id: 'urn:test:b', type: 'array', minItems: 1 };
    shareAjv([a, b], { trusted: true });
    expect(schemaErrors(b, [])).to.have.length(1);
    expect(schemaErrors(b, [1])).to.deep.equal([]);
    const alone = new Ajv({ allErrors: true, strict: false }).compile({ ...routingSchema(), $id: 'urn:test:c' });
    const bad = [{ requestor: { type: 'user' }, resource: { type: 'any' }, approval: [{ type: 'p0', integration: 'incidentio' }] }];
    expect(alone(bad)).to.equal(false);
    expect(schemaErrors(a, bad).map((e) => `${e.instancePath} ${e.keyword}`).sort()).to.deep.equal(
      alone.errors!.map((e) => `${e.instancePath} ${e.keyword}`).sort(),
    );
  });

  it('shareAjv refuses schemas without distinct $ids', () => {
    expect(() => shareAjv([{ type: 'string' }])).to.throw(/\$id/);
    expect(() => shareAjv([{ $id: 'urn:x' }, { $id: 'urn:x' }])).to.throw(/\$id/);
  });

  it('a routing file still loads and is still refused through the shared validators', () => {
    expect(loadRoutingText('- requestor: {type: any}\n  resource: {type: any}\n  approval: [{type: p0}]\n', 'ok.yaml').problems).to.deep.equal([]);
    const bad = loadRoutingText('- requestor: {type: any}\n  resource: {type: any}\n  approval: [{type: p0, integration: incidentio}]\n', 'bad.yaml');
    expect(bad.rules).to.deep.equal([]);
    expect(bad.problems[0]).to.include({ file: 'bad.yaml', line: 3, severity: 'error' });
  });
});
