// The schemas' `$id`s are the URLs of the released copies (https://unpkg.com/oncall-approval@VERSION/...), for
// SchemaStore and `yaml.schemas`. An editor pointed at the local files must still work offline: the real
// yaml-language-server must neither fetch the `$id` nor resolve the test schema's relative `$ref`s
// (`routing.schema.json`, `request.schema.json`) against unpkg. This machine has no network, so a fetch would
// show as a "Problems loading reference" diagnostic and as missing completion, hover and checks.
// The test schema has no `$id` on purpose: its relative `$ref`s then resolve against wherever it was loaded
// from (the local folder, or the same release on unpkg). With an https `$id` they would resolve against unpkg
// by the JSON Schema rules; yaml-language-server 1.21+ probes the local sibling file first, older servers and
// other editors would fetch (measured: with 1.25, even an absolute unpkg `$ref` is served by the local file).
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileUri, LspClient, type Diagnostic } from './support/lsp-client.js';
import { repoRoot } from './support/cli.js';
import { ROUTING_SCHEMA_ID, SCHEMA_VERSION } from '../../plugin/routing/schema.js';
import { REQUEST_SCHEMA_ID } from '../../plugin/request/schema.js';

const rulesDir = join(repoRoot, 'rules');
const schemaFile = (name: string) =>
  JSON.parse(readFileSync(join(repoRoot, 'schemas', name), 'utf8')) as Record<string, unknown>;
const messages = (diagnostics: Diagnostic[]) => diagnostics.map((d) => `${d.range.start.line + 1}: ${d.message}`);

describe('schema $ids: versioned release URLs', () => {
  it('follow package.json: every published schema is at its release URL under the package version', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
    expect(SCHEMA_VERSION, 'SCHEMA_VERSION in plugin/routing/schema.ts (then `npm run build`)').to.equal(pkg.version);
    const base = `https://unpkg.com/${pkg.name}@${pkg.version}/schemas/`;
    expect(ROUTING_SCHEMA_ID).to.equal(`${base}routing.schema.json`);
    expect(REQUEST_SCHEMA_ID).to.equal(`${base}request.schema.json`);
    // Each file's `$id` is its own name: what SchemaStore and `yaml.schemas` would fetch is this file.
    for (const name of ['routing.schema.json', 'request.schema.json'])
      expect(schemaFile(name).$id, name).to.equal(`${base}${name}`);
  });

  it('the test schema has no $id and refers to the others by relative paths only', () => {
    const text = readFileSync(join(repoRoot, 'schemas', 'routing-test.schema.json'), 'utf8');
    expect(schemaFile('routing-test.schema.json')).to.not.have.property('$id');
    const refs = [...text.matchAll(/"\$ref": "([^"#][^"]*)"/g)].map((m) => m[1]!);
    expect(refs).to.have.members(['routing.schema.json#/definitions/ruleList', 'request.schema.json']);
  });

  it('are listed in the package files, so the URL serves the committed schema', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).to.include('schemas');
  });
});

describe('schema $ids in yaml-language-server: local schema files, no fetch', function () {
  this.timeout(15_000);
  let client: LspClient;

  before(async () => {
    client = await LspClient.start({ root: repoRoot });
  });
  after(async () => client?.close());

  it('a routing file: diagnostics, completion and hover from the local routing schema', async () => {
    const uri = fileUri(join(rulesDir, 'unsaved-schema-id.routing.yaml'));
    const text =
      '# yaml-language-server: $schema=../schemas/routing.schema.json\n' +
      '- name: r\n  requestor:\n    type: anyone\n  resource: { type: any }\n  approval:\n    - type: auto\n      \n';
    const diagnostics = await client.open(uri, text);
    expect(messages(diagnostics)).to.deep.equal([
      '4: Value is not accepted. Valid values: "any", "some", "user", "group", "agentic".',
      '7: Missing property "integration".',
    ]);
    const labels = (await client.completion(uri, { line: 7, character: 6 })).map((i) => i.label);
    expect(labels).to.include.members(['integration', 'services', 'options']);
    const hover = await client.hover(uri, { line: 6, character: 14 });
    expect(hover).to.include('on call now');
    expect(hover).to.not.include('unpkg');
    client.closeDocument(uri);
    expect(client.stderr).to.not.include('unpkg');
  });

  it('a test file: its relative $refs reach the local routing and request schemas', async () => {
    const uri = fileUri(join(rulesDir, 'unsaved-schema-id.test.yaml'));
    const text =
      '# yaml-language-server: $schema=../schemas/routing-test.schema.json\n' +
      'rules:\n  - name: r\n    requestor: { type: any }\n    resource: { type: any }\n    approval:\n' +
      '      - type: escalation\n        integration: incidentio\n        \n' +
      'cases:\n  - name: a\n    now: 2026-11-26T08:00:00Z\n' +
      '    request:\n      requestor: { emial: alice@example.com }\n      resource: { service: aws }\n' +
      '    expect: { decision: approved }\n';
    const diagnostics = await client.open(uri, text);
    const found = messages(diagnostics);
    expect(found.join('\n')).to.not.match(/unpkg|Problems loading|Unable to load/);
    // From routing.schema.json (through `rules`) and from request.schema.json (through `request`).
    expect(found).to.include.members(['7: Missing property "services".', '14: Property emial is not allowed.']);
    // Completion inside the inline rules comes from the routing schema's per-type branch.
    const labels = (await client.completion(uri, { line: 8, character: 8 })).map((i) => i.label);
    expect(labels).to.include('services');
    expect(labels).to.not.include('profileProperty');
    // Hover on a request key shows the request schema's description.
    // Hover on a request key shows request.schema.json's description, sourced from the local file.
    const hover = await client.hover(uri, { line: 14, character: 8 });
    expect(hover).to.include('What access is asked for.');
    expect(hover).to.include(fileUri(join(repoRoot, 'schemas')));
    expect(hover).to.not.include('unpkg');
    client.closeDocument(uri);
    expect(client.stderr).to.not.include('unpkg');
  });
});
