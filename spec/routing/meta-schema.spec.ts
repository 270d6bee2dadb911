// The routing validators are compiled ahead of time without ajv's check of the schema against the
// draft-07 meta-schema (validators-source.ts): this is where that check happens instead.
import { expect } from 'chai';
import { createAjv } from '../../plugin/parse/ajv.js';
import { routingSchema } from '../../plugin/routing/schema.js';
import { loadRoutingText } from '../../plugin/routing/load.js';

describe('routing schema against the draft-07 meta-schema', () => {
  it('routingSchema() is a valid draft-07 schema (the check skipped at run time)', () => {
    const ajv = createAjv();
    expect(ajv.validateSchema(routingSchema()), JSON.stringify(ajv.errors)).to.equal(true);
  });

  it('an invalid schema is still refused by a validating ajv (the check above can fail)', () => {
    const broken = { ...routingSchema(), minItems: 'one' };
    expect(createAjv().validateSchema(broken)).to.equal(false);
  });

  it('a routing file still loads, and is still refused, through the compiled validators', () => {
    expect(
      loadRoutingText('- requestor: {type: any}\n  resource: {type: any}\n  approval: [{type: p0}]\n', 'ok.yaml')
        .problems,
    ).to.deep.equal([]);
    const bad = loadRoutingText(
      '- requestor: {type: any}\n  resource: {type: any}\n  approval: [{type: p0, integration: incidentio}]\n',
      'bad.yaml',
    );
    expect(bad.rules).to.deep.equal([]);
    expect(bad.problems[0]).to.include({ file: 'bad.yaml', line: 3, severity: 'error' });
  });
});
