// Loading routing text and files: typed rules with labels and positions for the compiler, pooled across
// files; semantic errors and warnings a schema cannot express; never an exception for bad input.
import { expect } from 'chai';
import fc from 'fast-check';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRoutingFiles, loadRoutingText } from '../../plugin/routing/load.js';
import type { Problem } from '../../plugin/routing/types.js';

const P = '01HPRIMARY0000000000000000';
const D = '01HDATABASE000000000000000';

const rule = (name: string | undefined, approval: string, extra = '') =>
  `${name === undefined ? '-' : `- name: ${name}\n `} requestor: { type: any }\n  resource: { type: any }\n${extra}  approval:\n${approval}`;

const messages = (problems: Problem[], severity: 'error' | 'warning') =>
  problems.filter((p) => p.severity === severity).map((p) => `${p.code} ${p.line}:${p.column} ${p.message}`);

describe('routing: loading rules', () => {
  it("gives typed rules with a label, the rule's position and each approval entry's position", () => {
    const text = [
      '# comment',
      '- name: on-call engineers',
      '  requestor: { type: any }',
      '  resource: { type: any }',
      '  approval:',
      '    - type: auto',
      '      integration: incidentio',
      `    - { type: escalation, integration: incidentio, services: [${P}] }`,
      '',
    ].join('\n');
    const { rules, problems } = loadRoutingText(text, 'r.yaml');
    expect(problems).to.deep.equal([]);
    expect(rules).to.have.length(1);
    const r = rules[0]!;
    expect(r.label).to.equal('on-call engineers');
    expect(r.source).to.deep.equal({ file: 'r.yaml', line: 2, column: 3 });
    expect(r.entrySources).to.deep.equal([
      { file: 'r.yaml', line: 6, column: 7 },
      { file: 'r.yaml', line: 8, column: 7 },
    ]);
    expect(r.approval[1]).to.deep.equal({ type: 'escalation', integration: 'incidentio', services: [P] });
  });

  it('reads JSON text too, and the `{ $schema, rules }` form', () => {
    const json = JSON.stringify(
      [{ requestor: { type: 'any' }, resource: { type: 'any' }, approval: [{ type: 'p0' }] }],
      null,
      2,
    );
    const fromJson = loadRoutingText(json, 'r.json');
    expect(fromJson.problems).to.deep.equal([]);
    expect(fromJson.rules[0]!.source).to.deep.equal({ file: 'r.json', line: 2, column: 3 });
    const mapping = loadRoutingText(
      `$schema: ./routing.schema.json\nrules:\n  - requestor: { type: any }\n    resource: { type: any }\n    approval: []\n`,
      'm.yaml',
    );
    expect(mapping.problems).to.deep.equal([]);
    expect(mapping.rules.map((r) => r.label)).to.deep.equal(['#1']);
    expect(mapping.rules[0]!.source.line).to.equal(3);
  });

  describe('pooling several files', () => {
    let dir = '';
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'routing-load-'));
    });
    after(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('labels unnamed rules #N by their position in the pooled set', async () => {
      const a = join(dir, 'a.yaml');
      const b = join(dir, 'b.yaml');
      await writeFile(a, rule(undefined, '    - type: p0\n') + rule('named', '    - type: p0\n'));
      await writeFile(b, rule(undefined, '    - type: p0\n'));
      const { rules, problems } = await loadRoutingFiles([a, b]);
      expect(problems).to.deep.equal([]);
      expect(rules.map((r) => [r.label, r.source.file])).to.deep.equal([
        ['#1', a],
        ['named', a],
        ['#3', b],
      ]);
    });

    it('a name used in two files is an error at the second, naming the first', async () => {
      const a = join(dir, 'dup-a.yaml');
      const b = join(dir, 'dup-b.yaml');
      await writeFile(a, rule('prod', '    - type: p0\n'));
      await writeFile(b, '# second file\n' + rule('prod', '    - type: p0\n'));
      const { rules, problems } = await loadRoutingFiles([a, b]);
      expect(rules).to.deep.equal([]);
      expect(problems).to.have.length(1);
      expect(problems[0]).to.include({
        file: b,
        line: 2,
        column: 9,
        severity: 'error',
        code: 'routing.duplicate-name',
      });
      expect(problems[0]!.message).to.equal(
        `rule name \`prod\` is already used by the rule at ${a}:1:9; names must be unique across the loaded files`,
      );
    });

    it('the same file named twice is loaded once', async () => {
      const a = join(dir, 'once.yaml');
      await writeFile(a, rule('only', '    - type: p0\n'));
      const { rules, problems } = await loadRoutingFiles([a, a]);
      expect(problems).to.deep.equal([]);
      expect(rules).to.have.length(1);
    });

    it('a file that cannot be read is a located problem and the other files are still checked', async () => {
      const good = join(dir, 'good.yaml');
      const bad = join(dir, 'bad.yaml');
      await writeFile(good, rule('g', '    - type: p0\n'));
      await writeFile(bad, '- requestor: { type: nobody }\n  resource: { type: any }\n  approval: []\n');
      const { rules, problems } = await loadRoutingFiles([join(dir, 'missing.yaml'), good, bad]);
      expect(rules).to.deep.equal([]);
      expect(problems.map((p) => [p.file, p.line, p.column, p.code])).to.deep.equal([
        [join(dir, 'missing.yaml'), 1, 1, 'parse.unreadable'],
        [bad, 1, 22, 'schema.enum'],
      ]);
    });
  });

  it('keeps disabled rules (flagged) so positions and #N labels match the file; the compiler drops them', () => {
    const text = rule(undefined, '    - type: p0\n', '  disabled: true\n') + rule(undefined, '    - type: p0\n');
    const { rules, problems } = loadRoutingText(text, 'd.yaml');
    expect(problems).to.deep.equal([]);
    expect(rules.map((r) => [r.label, r.disabled ?? false])).to.deep.equal([
      ['#1', true],
      ['#2', false],
    ]);
  });

  it('hands out no rules when any error is found, but does when there are only warnings', () => {
    const bad = loadRoutingText(rule('a', '    - type: p0\n') + rule('b', '    - type: nope\n'), 'x.yaml');
    expect(bad.rules).to.deep.equal([]);
    const warned = loadRoutingText(rule('a', '    - type: auto\n      integration: pagerduty\n'), 'x.yaml');
    expect(messages(warned.problems, 'warning')).to.have.length(1);
    expect(warned.rules).to.have.length(1);
  });

  it('warns about integrations that are not installed, as configured', () => {
    const text = rule(
      'a',
      `    - { type: escalation, integration: pagerduty, services: [PABC123] }\n    - { type: auto, integration: incidentio }\n`,
    );
    expect(messages(loadRoutingText(text, 'x.yaml').problems, 'warning')).to.deep.equal([
      'routing.integration-not-installed 5:40 integration `pagerduty` is not installed in this engine (installed: incidentio), so this entry can never be satisfied',
    ]);
    expect(
      loadRoutingText(text, 'x.yaml', { installedIntegrations: ['incidentio', 'pagerduty'] }).problems,
    ).to.deep.equal([]);
    expect(messages(loadRoutingText(text, 'x.yaml', { installedIntegrations: [] }).problems, 'warning')).to.have.length(
      2,
    );
  });

  describe('semantic checks', () => {
    const check = (text: string) =>
      loadRoutingText(text, 'x.yaml').problems.map((p) => `${p.severity} ${p.code} ${p.line}:${p.column} ${p.message}`);

    it('refuses the options the engine cannot enforce (cooldown, duration), saying why', () => {
      const problems = check(rule('a', '    - type: p0\n      options: { cooldown: 3600, duration: 60 }\n'));
      expect(problems).to.have.length(2);
      expect(problems[0]).to.match(
        /^error routing\.unenforceable-option 6:18 `cooldown` cannot be enforced by this engine: it keeps no record/,
      );
      expect(problems[1]).to.match(
        /^error routing\.unenforceable-option 6:34 `duration` cannot be enforced by this engine: P0's routing API gives it as a bare number/,
      );
    });

    it('loads requirePreapproval and breakGlassApprover, which the host enforces through its inputs', () => {
      expect(
        check(rule('a', '    - type: p0\n      options: { requirePreapproval: true, breakGlassApprover: true }\n')),
      ).to.deep.equal([]);
      expect(
        check(rule('a', '    - type: p0\n      options: { requirePreapproval: false, breakGlassApprover: false }\n')),
      ).to.deep.equal([]);
    });

    it('warns that allowOneParty means nothing on auto', () => {
      expect(
        check(rule('a', '    - type: auto\n      integration: incidentio\n      options: { allowOneParty: true }\n')),
      ).to.deep.equal([
        'warning routing.option-without-effect 7:18 `allowOneParty` means nothing on a `auto` entry: no person approves it',
      ]);
    });

    it("warns when deny or persistent make the rule's other entries dead", () => {
      expect(check(rule('a', '    - type: p0\n    - type: deny\n'))).to.deep.equal([
        'warning routing.dead-entries 6:7 this rule has a `deny` entry, which wins over everything: its other approval entries never approve anything',
      ]);
      expect(check(rule('a', '    - type: persistent\n    - type: p0\n'))[0]).to.match(
        /^warning routing\.dead-entries 5:7 this rule has a `persistent` entry/,
      );
    });

    it('warns about a repeated entry, a repeated group and an approval group with effect remove', () => {
      const text =
        '- name: a\n  requestor: { type: group, effect: keep, groups: [{ id: g1, directory: okta }, { id: g1, directory: okta }] }\n  resource: { type: any }\n  approval:\n' +
        '    - type: p0\n    - type: p0\n    - { type: group, effect: remove, groups: [{ id: g2, directory: okta }] }\n';
      expect(check(text)).to.deep.equal([
        'warning routing.duplicate-group 2:81 group `g1` (okta) is listed more than once',
        'warning routing.duplicate-entry 6:7 this approval entry is the same as entry 1 of this rule',
        'warning routing.group-remove 7:22 with `effect: remove`, everyone outside these groups may approve; use `keep` to let only their members approve',
      ]);
    });

    it('warns about a schedule listed twice in `services`', () => {
      expect(
        check(rule('a', `    - { type: escalation, integration: incidentio, services: [${P}, ${D}, ${P}] }\n`)),
      ).to.deep.equal([`warning routing.duplicate-service 5:119 \`${P}\` is already listed in \`services\` (item 1)`]);
    });

    it('warns when an incident.io schedule ID does not look like one (a name pasted instead of an ID)', () => {
      expect(
        check(rule('a', `    - { type: escalation, integration: incidentio, services: [${P}, primary-oncall] }\n`)),
      ).to.deep.equal([
        'warning routing.not-a-schedule-id 5:91 `primary-oncall` does not look like an incident.io schedule ID (26 letters and digits, e.g. 01HPRIMARY0000000000000000)',
      ]);
    });

    it('warns about a rule that denies everything, and an empty approval list, only when other rules exist', () => {
      const denyAll = rule('deny all', '    - type: deny\n');
      const empty = rule('empty', '    []\n'.replace('    []\n', '')).replace('approval:\n', 'approval: []\n');
      const other = rule('other', `    - { type: escalation, integration: incidentio, services: [${D}] }\n`);
      expect(check(denyAll)).to.deep.equal([]);
      expect(check(empty)).to.deep.equal([]);
      const both = check(denyAll + empty + other);
      expect(both).to.deep.equal([
        'warning routing.denies-everything 1:3 this rule denies every request (any requestor, any resource, `deny`), so no other rule can approve anything',
        'warning routing.no-approval 9:3 this rule has no approval entries: it grants nothing, but it does not stop other matching rules from approving; use `- type: deny` to refuse access',
      ]);
    });

    it('warns that removeAll ignores key, pattern and value', () => {
      const text =
        '- requestor: { type: any }\n  resource:\n    type: integration\n    service: aws\n    filters:\n      tag: { effect: removeAll, pattern: prod }\n  approval: []\n';
      expect(check(text)).to.deep.equal([
        'warning routing.ignored-by-remove-all 6:33 `pattern` is ignored by a `removeAll` filter, which excludes every resource that has attribute `tag`',
      ]);
    });
  });

  describe('YAML anchors and aliases', () => {
    it('may be used to repeat a value, and a mistake inside a repeated copy is reported at the alias', () => {
      const ok =
        '- name: a\n  requestor: { type: group, effect: keep, groups: &sre [{ id: g1, directory: okta }] }\n  resource: { type: any }\n  approval: [{ type: group, groups: *sre }]\n';
      const loaded = loadRoutingText(ok, 'x.yaml');
      expect(loaded.problems).to.deep.equal([]);
      expect(loaded.rules[0]!.approval[0]).to.deep.equal({ type: 'group', groups: [{ id: 'g1', directory: 'okta' }] });

      const bad =
        '- name: a\n  requestor: { type: any }\n  resource: &r { type: integration, service: aws, filters: { x: { effect: keep, pattern: "(" } } }\n  approval: []\n' +
        '- name: b\n  requestor: { type: any }\n  resource: *r\n  approval: []\n';
      const lines = loadRoutingText(bad, 'x.yaml')
        .problems.filter((p) => p.severity === 'error')
        .map((p) => `${p.code} ${p.line}:${p.column}`);
      expect(lines).to.deep.equal(['routing.bad-pattern 3:90', 'routing.bad-pattern 7:13']);
    });
  });

  it('honours smaller limits given as options', () => {
    const text = rule('a', '    - type: p0\n');
    const small = loadRoutingText(text, 'x.yaml', { limits: { maxBytes: 40 } }).problems[0]!;
    expect(small.message).to.match(/more than the 40 bytes/);
    expect(small.code).to.equal('parse.too-large');
    const deep =
      '- name: a\n  requestor: { type: group, effect: keep, groups: [{ id: g, directory: okta }] }\n  resource: { type: any }\n  approval: []\n';
    const shallow = loadRoutingText(deep, 'x.yaml', { limits: { maxDepth: 3 } }).problems[0]!;
    expect(shallow.message).to.match(/nested more than 3 levels/);
    expect(shallow.code).to.equal('parse.too-deep');
    const few = loadRoutingText(deep, 'x.yaml', { limits: { maxValues: 5 } }).problems[0]!;
    expect(few.message).to.match(/more than 5 values/);
    expect(few.code).to.equal('parse.too-many-values');
  });

  it('never throws, whatever the text: every outcome is rules or located problems', () => {
    const pieces = [
      '- ',
      '  ',
      ':',
      ' ',
      '\n',
      '\t',
      '[',
      ']',
      '{',
      '}',
      ',',
      '"',
      "'",
      '#',
      '&a',
      '*a',
      '!!str',
      '---',
      '|',
      '>',
      'type',
      'requestor',
      'resource',
      'approval',
      'any',
      'p0',
      'escalation',
      'services',
      '__proto__',
      '<<',
      '\u00e9',
      '\ud800',
      '\u0000',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces), { maxLength: 60 }),
        fc.string({ maxLength: 20 }),
        (parts, noise) => {
          const text = parts.join('') + noise;
          const result = loadRoutingText(text, 'fuzz.yaml');
          for (const p of result.problems) {
            expect(p.code).to.match(/^(parse|schema|routing)\.[a-z]+(-[a-z0-9]+)*$/);
            expect(p.line).to.be.at.least(1);
            expect(p.column).to.be.at.least(1);
            expect(p.message).to.be.a('string').and.not.match(/\n/);
          }
          if (result.problems.some((p) => p.severity === 'error')) expect(result.rules).to.deep.equal([]);
          else expect(result.rules.length).to.be.greaterThan(0);
        },
      ),
      { numRuns: 400 },
    );
  });
});
