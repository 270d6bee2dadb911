// What an author sees in their editor, proven with the real yaml-language-server (the server behind VS Code's
// YAML extension, Neovim's yamlls, Helix...) over stdio: the shipped files are clean, mistakes are flagged
// on their lines, the approval list offers incident.io's rules, and with the schedule-aware schema the
// `services` list offers the account's schedules by name.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSchedulesFile } from '../../plugin/providers/local/schedules-file.js';
import { startSimulator, type Simulator } from '../../plugin/providers/incidentio/simulator.js';
import { documentationText, fileUri, LspClient, type Diagnostic } from './support/lsp-client.js';
import { repoRoot, runCli } from './support/cli.js';
import { exampleFiles } from '../support/examples.js';

const rulesDir = join(repoRoot, 'rules');
const shipped = [...exampleFiles('.routing.yaml'), ...exampleFiles('.test.yaml')];
const lines = (diagnostics: Diagnostic[]) =>
  diagnostics.map((d) => [d.range.start.line + 1, d.message]).sort((a, b) => Number(a[0]) - Number(b[0]));
const insertText = (item: { insertText?: string; textEdit?: { newText: string } }) =>
  item.insertText ?? item.textEdit?.newText ?? '';

describe('authoring: routing and test files in yaml-language-server', function () {
  this.timeout(15_000);
  let client: LspClient;

  before(async () => {
    client = await LspClient.start({ root: repoRoot });
  });
  after(async () => client?.close());

  it('every routing and test file in rules/ declares its schema and gets no diagnostics', async () => {
    expect(shipped.filter((n) => n.endsWith('.routing.yaml'))).to.not.be.empty;
    expect(shipped.filter((n) => n.endsWith('.test.yaml'))).to.not.be.empty;
    for (const name of shipped) {
      const text = readFileSync(name, 'utf8');
      const schema = name.endsWith('.test.yaml') ? 'routing-test.schema.json' : 'routing.schema.json';
      expect(text.split('\n')[0], name).to.equal(`# yaml-language-server: $schema=../../schemas/${schema}`);
      expect(lines(await client.open(fileUri(name), text)), name).to.deep.equal([]);
    }
  });

  it('flags the mistakes of a broken routing file on their lines', async () => {
    // Opened under rules/ (the editor's buffer; nothing is written), so the modeline resolves as for the examples.
    const uri = fileUri(join(rulesDir, 'unsaved-broken.routing.yaml'));
    const diagnostics = await client.open(
      uri,
      `# yaml-language-server: $schema=../schemas/routing.schema.json
- name: prod
  requestor:
    type: anyone
  resource:
    type: integration
  approval:
    - type: escalation
      integration: incidentio
      servces: [01HPRIMARY0000000000000000]
    - type: auto
      integration: opsgenie
- name: empty services
  requestor: { type: any }
  resource: { type: any }
  approval:
    - { type: escalation, integration: incidentio, services: [] }
`,
    );
    expect(lines(diagnostics)).to.deep.equal([
      [4, 'Value is not accepted. Valid values: "any", "some", "user", "group", "agentic".'],
      [5, 'Missing property "service".'],
      [8, 'Missing property "services".'],
      [10, 'Property servces is not allowed.'],
      [12, 'Value is not accepted. Valid values: "incidentio", "pagerduty".'],
      [17, 'Array has too few items. Expected 1 or more.'],
    ]);
    client.closeDocument(uri);
  });

  it('offers the incident.io auto-approval and on-call approver entries inside an `approval` list', async () => {
    const uri = fileUri(join(rulesDir, 'unsaved-new.routing.yaml'));
    await client.open(
      uri,
      `# yaml-language-server: $schema=../schemas/routing.schema.json
- name: new rule
  requestor: { type: any }
  resource: { type: any }
  approval:
    - 
`,
    );
    const items = await client.completion(uri, { line: 5, character: 6 });
    const auto = items.find((i) => i.label === 'incident.io auto-approval');
    const escalation = items.find((i) => i.label === 'incident.io on-call approver');
    expect(auto, items.map((i) => i.label).join(', ')).to.not.equal(undefined);
    expect(escalation).to.not.equal(undefined);
    expect(insertText(auto!)).to.match(/^type: auto\n\s+integration: incidentio/);
    expect(insertText(escalation!)).to.match(/^type: escalation\n\s+integration: incidentio\n\s+services:/);
    expect(documentationText(auto!)).to.include('on call');
    client.closeDocument(uri);
  });

  /** Opens `text` (with `|` marking the cursor) as an unsaved routing file under rules/; the cursor's position. */
  let unsaved = 0;
  async function openAt(text: string) {
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('|'));
    const position = { line, character: lines[line]!.indexOf('|') };
    const uri = fileUri(join(rulesDir, `unsaved-${unsaved++}.routing.yaml`));
    const diagnostics = await client.open(uri, MODELINE + text.replace('|', ''));
    return { uri, position: { line: position.line + 1, character: position.character }, diagnostics };
  }
  const MODELINE = '# yaml-language-server: $schema=../schemas/routing.schema.json\n';
  const RULE = '- name: r\n  requestor: { type: any }\n  resource: { type: any }\n  approval:\n';
  const completionAt = async (text: string) => {
    const { uri, position } = await openAt(text);
    const items = await client.completion(uri, position);
    client.closeDocument(uri);
    return items;
  };

  it('offers each approval type exactly its own keys, and whole entries only on a new list item', async () => {
    // The server also offers the required keys at once, labelled by the schema's title: not a key.
    const labels = async (text: string) =>
      (await completionAt(text))
        .map((i) => i.label)
        .filter((l) => l !== 'oncall-approval routing rules')
        .sort();
    expect(await labels(RULE + '    - type: p0\n      |\n')).to.deep.equal(['options']);
    expect(await labels(RULE + '    - type: deny\n      |\n')).to.deep.equal(['options']);
    expect(await labels(RULE + '    - type: escalation\n      |\n')).to.deep.equal([
      'integration',
      'options',
      'services',
    ]);
    expect(await labels(RULE + '    - type: group\n      |\n')).to.deep.equal(['effect', 'groups', 'options']);
    expect(await labels(RULE + '    - type: requestor-profile\n      |\n')).to.deep.equal([
      'directory',
      'options',
      'profileProperty',
    ]);
    // Requestor and resource types too; P0's spellings and flat group are accepted but not offered.
    expect(await labels('- name: r\n  requestor:\n    type: user\n    |\n')).to.deep.equal(['uid']);
    expect(await labels('- name: r\n  requestor:\n    type: group\n    |\n')).to.deep.equal(['effect', 'groups']);
    expect(await labels('- name: r\n  resource:\n    type: integration\n    |\n')).to.include.members([
      'accessType',
      'filters',
      'service',
    ]);
    expect(await labels('- name: r\n  resource:\n    type: integration\n    |\n')).to.not.include('access_type');
    const fresh = await labels(RULE + '    - |\n');
    expect(fresh).to.include.members(['incident.io auto-approval', 'incident.io on-call approver', 'type']);
    expect(fresh).to.not.include.members(['services', 'groups', 'profileProperty', 'integration']);
  });

  it('suggests only the options the engine enforces, saying what the host must supply', async () => {
    const items = await completionAt(RULE + '    - type: group\n      options:\n        |\n');
    expect(items.map((i) => i.label).sort()).to.deep.equal([
      'allowOneParty',
      'breakGlassApprover',
      'requireDuration',
      'requirePreapproval',
      'requireReason',
    ]);
    // Their descriptions are on hover; the ones needing the host say so.
    const { uri, position } = await openAt(
      RULE +
        '    - type: group\n      groups: [{ id: g, directory: okta }]\n      effect: keep\n      options: { requirePre|approval: true }\n',
    );
    expect(await client.hover(uri, position)).to.include('The host must supply it');
    client.closeDocument(uri);
  });

  it('inserts no invented values: no `profileProperty: manager`, no `accessType: any`, no `disabled: false`', async () => {
    const items = await completionAt('- name: r\n  |\n');
    const byLabel = new Map(items.map((i) => [i.label, insertText(i)]));
    expect(byLabel.get('approval'), [...byLabel.keys()].join(', ')).to.equal('approval:\n  - ');
    expect(byLabel.get('resource')).to.equal('resource:\n  ');
    expect(byLabel.get('disabled')).to.equal('disabled: ');
    // A rule's snippets are offered on a new rule, not inside one that has keys already.
    expect([...byLabel.keys()]).to.not.include('incident.io auto-approval rule');
    expect((await completionAt('- |\n')).map((i) => i.label)).to.include('incident.io auto-approval rule');
  });

  it("hover on a type's value shows that value's description first", async () => {
    const { uri, position } = await openAt(RULE + '    - type: p|0\n');
    const hover = await client.hover(uri, position);
    client.closeDocument(uri);
    const allowed = hover.split('Allowed Values:')[1] ?? '';
    expect(allowed.trim().split('\n')[0]).to.equal('* `p0`: A security reviewer may approve.');
    // The description of the key is not the list of every type's meaning.
    expect(hover.split('Allowed Values:')[0]).to.not.include('escalation');
  });

  it('a key of another type "does not belong"; a typo is an unknown key', async () => {
    const { diagnostics } = await openAt(
      RULE +
        '    - type: p0\n      integration: incidentio\n    - type: escalation\n      integration: incidentio\n      servces: [A]\n|',
    );
    expect(lines(diagnostics)).to.deep.equal([
      [7, 'Property integration is not allowed.'],
      [8, 'Missing property "services".'],
      [10, 'Property servces is not allowed.'],
    ]);
  });

  it('checks test files too, and offers the decisions', async () => {
    const uri = fileUri(join(rulesDir, 'unsaved.test.yaml'));
    const diagnostics = await client.open(
      uri,
      `# yaml-language-server: $schema=../schemas/routing-test.schema.json
routing: seed-auto.routing.yaml
cases:
  - name: a
    now: yesterday
    request:
      requestor: { emial: alice@example.com }
      resource: { service: aws }
    expect:
      decision: aproved
    canApprove:
      - { approver: bob@example.com, allowed: true, extra: 1 }
  - name: b
    now: 2026-11-26T08:00:00Z
    request: { requestor: { email: alice@example.com }, resource: { service: aws } }
    expect:
      decision: 
`,
    );
    expect(lines(diagnostics)).to.deep.include.members([
      [5, 'write an RFC 3339 instant with its offset, e.g. 2026-11-26T08:00:00Z'],
      [7, 'Property emial is not allowed.'], // from the request schema, followed by reference
      [10, 'Value is not accepted. Valid values: "approved", "pending", "denied".'],
      [12, 'Property extra is not allowed.'],
    ]);
    const items = await client.completion(uri, { line: 16, character: 16 });
    expect(items.map((i) => i.label)).to.have.members(['approved', 'pending', 'denied']);
    client.closeDocument(uri);
  });
});

describe('authoring: the schedule-aware schema in yaml-language-server', function () {
  this.timeout(15_000);
  let sim: Simulator;
  let dir: string;
  let client: LspClient;
  let schemaPath: string;

  before(async () => {
    const data = await loadSchedulesFile(join(rulesDir, 'oncall.example.yaml'));
    sim = await startSimulator({ data, apiKey: 'editor-key' });
    dir = mkdtempSync(join(tmpdir(), 'authoring-editor-'));
    schemaPath = join(dir, 'routing.account.schema.json');
    // Generated the way the README tells an author to.
    const made = await runCli(['schema', '--with-schedules', '--out', schemaPath], {
      env: { INCIDENT_IO_API_KEY: 'editor-key', INCIDENT_IO_BASE_URL: sim.url },
    });
    expect(made.code, made.stderr).to.equal(0);
    // `yaml.schemas` as an editor's settings would hold it: every *.routing.yaml without a modeline.
    client = await LspClient.start({ root: dir, settings: { schemas: { [fileUri(schemaPath)]: '*.routing.yaml' } } });
  });
  after(async () => {
    await client?.close();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("offers the account's schedule IDs inside `services`, each with its name and time zone", async () => {
    const uri = fileUri(join(dir, 'team.routing.yaml'));
    await client.open(
      uri,
      `- name: on-call approver
  requestor: { type: any }
  resource: { type: any }
  approval:
    - type: escalation
      integration: incidentio
      services:
        - 
`,
    );
    const items = await client.completion(uri, { line: 7, character: 10 });
    // The name is in the list itself (the label), the time zone in the documentation; the ID is inserted.
    expect(items.map((i) => [i.label, documentationText(i), insertText(i)])).to.have.deep.members([
      [
        '01HDATABASE000000000000000 — Database on-call',
        'Database on-call (Europe/London)',
        '01HDATABASE000000000000000',
      ],
      ['01HPRIMARY0000000000000000 — Primary on-call', 'Primary on-call (Europe/London)', '01HPRIMARY0000000000000000'],
      [
        '01HSECURITY000000000000000 — Security on-call',
        'Security on-call (America/New_York)',
        '01HSECURITY000000000000000',
      ],
    ]);
  });

  it('hover on a chosen ID shows its schedule', async () => {
    const uri = fileUri(join(dir, 'hover.routing.yaml'));
    await client.open(
      uri,
      `- name: on-call approver
  requestor: { type: any }
  resource: { type: any }
  approval:
    - type: escalation
      integration: incidentio
      services: [01HSECURITY000000000000000]
`,
    );
    // (Markdown: the server escapes `_` as `\_`.)
    const hover = (await client.hover(uri, { line: 6, character: 20 })).replace(/\\(.)/g, '$1');
    expect(hover, hover).to.include('Security on-call (America/New_York)');
    expect(hover).to.not.include('Primary on-call');
  });

  it('flags an ID the account does not have, and leaves PagerDuty services alone', async () => {
    const uri = fileUri(join(dir, 'typo.routing.yaml'));
    const diagnostics = await client.open(
      uri,
      `- name: on-call approver
  requestor: { type: any }
  resource: { type: any }
  approval:
    - type: escalation
      integration: incidentio
      services:
        - 01HPRIMARY0000000000000000
        - 01HPRIMARY0000000000000001
    - type: escalation
      integration: pagerduty
      services: [PABC123]
`,
    );
    expect(diagnostics.map((d) => d.range.start.line + 1)).to.deep.equal([9]);
    // One short sentence, not the list of every ID of the account.
    expect(diagnostics[0]!.message).to.match(/^Not a schedule of the incident\.io account \(as read on \d{4}-/);
    expect(diagnostics[0]!.message).to.not.include('01HPRIMARY0000000000000000');
    expect(diagnostics[0]!.message.length).to.be.below(200);
  });
});
