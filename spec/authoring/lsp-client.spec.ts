// Proves the editor-server harness itself against a throwaway schema, so the routing-file specs that use it
// fail only for reasons that concern routing files: a relative `$schema=` modeline resolves against the
// document's own folder, `yaml.schemas` settings associate by glob, diagnostics and completion come back.
import { expect } from 'chai';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient, fileUri, documentationText } from './support/lsp-client.js';

describe('authoring: yaml-language-server harness', function () {
  this.timeout(15_000);
  let dir: string;
  let client: LspClient;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lsp-harness-'));
    mkdirSync(join(dir, 'schemas'));
    mkdirSync(join(dir, 'docs'));
    writeFileSync(
      join(dir, 'schemas', 'pet.schema.json'),
      JSON.stringify({
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: {
          name: { type: 'string' },
          kind: {
            anyOf: [
              { const: 'cat', description: 'Felis catus' },
              { const: 'dog', description: 'Canis familiaris' },
            ],
          },
        },
      }),
    );
    client = await LspClient.start({
      root: dir,
      settings: { schemas: { './schemas/pet.schema.json': '**/*.pet.yaml' } },
    });
  });

  after(async () => {
    await client?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('resolves a relative $schema modeline against the document folder and reports errors at their lines', async () => {
    const uri = fileUri(join(dir, 'docs', 'rex.yaml'));
    const diagnostics = await client.open(
      uri,
      '# yaml-language-server: $schema=../schemas/pet.schema.json\nname: 3\ncolour: red\n',
    );
    const byLine = diagnostics.map((d) => [d.range.start.line, d.message]);
    expect(byLine).to.deep.include([1, 'Incorrect type. Expected "string".']);
    expect(byLine).to.deep.include([2, 'Property colour is not allowed.']);
  });

  it('publishes no diagnostics for a valid document, and new ones after an edit', async () => {
    const uri = fileUri(join(dir, 'docs', 'tom.yaml'));
    expect(
      await client.open(uri, '# yaml-language-server: $schema=../schemas/pet.schema.json\nname: Tom\nkind: cat\n'),
    ).to.deep.equal([]);
    const after = await client.change(uri, '# yaml-language-server: $schema=../schemas/pet.schema.json\nkind: cat\n');
    expect(after.map((d) => d.message).join('\n')).to.match(/Missing property "name"/);
  });

  it('associates a schema through the yaml.schemas setting, without a modeline', async () => {
    const diagnostics = await client.open(fileUri(join(dir, 'docs', 'felix.pet.yaml')), 'name: Felix\nkind: cow\n');
    expect(diagnostics).to.have.length.greaterThan(0);
    expect(diagnostics[0]!.range.start.line).to.equal(1);
  });

  it('offers enumerated values with their descriptions in completion', async () => {
    const uri = fileUri(join(dir, 'docs', 'new.pet.yaml'));
    await client.open(uri, 'name: New\nkind: \n');
    const items = await client.completion(uri, { line: 1, character: 6 });
    expect(items.map((i) => [i.label, documentationText(i)])).to.deep.include.members([
      ['cat', 'Felis catus'],
      ['dog', 'Canis familiaris'],
    ]);
  });
});
