// Routing files (and hand-built rules) written to open a door: a deny disabled or in another file, YAML merge
// keys and duplicate keys, options this engine cannot enforce, filter effects it does not know.
import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompileError, compileRules } from '../../plugin/compile/compile.js';
import { loadRoutingFiles, loadRoutingText } from '../../plugin/routing/load.js';
import type { LoadedRule } from '../../plugin/routing/types.js';
import { engine, rules } from './world.js';

const fromAlice = { requestor: { email: 'alice@example.com' }, resource: { service: 'aws' } };
const AUTO = `
- name: auto
  requestor: { type: any }
  resource: { type: any }
  approval: [{ type: auto, integration: incidentio }]
`;
const DENY = `
- name: deny all
  requestor: { type: any }
  resource: { type: any }
  approval: [{ type: deny }]
`;
const errors = (yaml: string, file = 'r.yaml') =>
  loadRoutingText(yaml, file).problems.filter((p) => p.severity === 'error');

describe('security: routing tricks', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'oncall-security-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a deny wins over an auto-approval in the same pool, even from another file', async () => {
    await writeFile(join(dir, 'a.routing.yaml'), AUTO);
    await writeFile(join(dir, 'b.routing.yaml'), DENY);
    const { rules: pooled, problems } = await loadRoutingFiles([
      join(dir, 'a.routing.yaml'),
      join(dir, 'b.routing.yaml'),
    ]);
    expect(problems.filter((p) => p.severity === 'error')).to.deep.equal([]);
    const d = await engine(pooled).decide(fromAlice);
    expect(d.decision).to.equal('denied');
    expect(d.decidedBy?.rule).to.equal('deny all');
    expect((await engine(pooled).canApprove(fromAlice, { email: 'bob@example.com' })).allowed).to.equal(false);
  });

  it('an unnamed rule cannot be shadowed by a rule named like its label', async () => {
    await writeFile(join(dir, 'c.routing.yaml'), AUTO.replace('name: auto', 'name: "#2"'));
    await writeFile(join(dir, 'd.routing.yaml'), DENY.replace('- name: deny all\n', '-\n'));
    const { rules: pooled, problems } = await loadRoutingFiles([
      join(dir, 'c.routing.yaml'),
      join(dir, 'd.routing.yaml'),
    ]);
    expect(pooled).to.deep.equal([]);
    expect(problems.some((p) => p.severity === 'error' && /cannot start with `#`/.test(p.message))).to.equal(true);
  });

  it('only `disabled: true` disables, and a disabled deny is out of decisions (as documented)', async () => {
    expect(errors(DENY.replace('- name: deny all', '- name: deny all\n  disabled: "false"'))).to.have.length(1);
    expect(errors(DENY.replace('- name: deny all', '- name: deny all\n  disabled: yes'))).to.have.length(1);
    const d = await engine(rules(AUTO + DENY.replace('- name: deny all', '- name: deny all\n  disabled: true'))).decide(
      fromAlice,
    );
    expect(d.decision).to.equal('approved');
  });

  it('refuses YAML merge keys, duplicate keys (YAML and JSON) and values JSON cannot hold', () => {
    expect(
      errors(
        `${DENY.replace('- name', '- &base\n  name')}- <<: *base\n  name: auto\n  approval: [{ type: auto, integration: incidentio }]\n`,
      )[0]?.message,
    ).to.match(/merge keys/);
    expect(errors(`${DENY}  approval: [{ type: persistent }]\n`)[0]?.message).to.match(/duplicate key/);
    const json =
      '[{"requestor":{"type":"any"},"resource":{"type":"any"},"approval":[{"type":"deny"}],"approval":[{"type":"persistent"}]}]';
    expect(errors(json, 'r.json')[0]?.message).to.match(/duplicate key/);
    expect(
      errors(AUTO.replace('type: any }\n  resource', 'type: user, uid: !!binary YWxpY2U= }\n  resource')),
    ).to.have.length(1);
  });

  it('refuses options it cannot enforce, in files and (truthy in any form) on hand-built rules', () => {
    for (const option of [
      'cooldown: 3600',
      'duration: 60',
      'cooldown: 0',
      'requirePreapproval: "true"',
      'requireApproverMFA: true',
    ]) {
      expect(
        errors(AUTO.replace('integration: incidentio }', `integration: incidentio, options: { ${option} } }`)),
        option,
      ).to.not.deep.equal([]);
    }
    const base = rules(AUTO)[0]!;
    const handBuilt = (options: Record<string, unknown>): LoadedRule[] => [
      { ...base, approval: [{ type: 'auto', integration: 'incidentio', options } as never] },
    ];
    for (const options of [
      { cooldown: 1 },
      { duration: 'PT1H' },
      { requireApproverMFA: true },
      { requireTicket: 'INC' },
    ]) {
      expect(() => compileRules(handBuilt(options)), JSON.stringify(options)).to.throw(CompileError);
      expect(() => engine(handBuilt(options)), JSON.stringify(options)).to.throw(CompileError);
    }
    expect(() => compileRules(handBuilt({ requireApproverMFA: false, requireReason: true }))).to.not.throw();
  });

  it('refuses a hand-built filter whose effect is not keep, remove or removeAll (it would widen the rule)', () => {
    const base = rules(AUTO)[0]!;
    const withEffect = (effect: string): LoadedRule[] => [
      {
        ...base,
        resource: {
          type: 'integration',
          service: 'aws',
          filters: { tag: { effect: effect as never, key: 'env', pattern: '^prod$' } },
        },
      },
    ];
    for (const effect of ['maybe', 'Keep', ''])
      expect(() => compileRules(withEffect(effect)), effect).to.throw(CompileError, /effect/);
    expect(() => compileRules(withEffect('remove'))).to.not.throw();
  });

  it('a boolean `value` filter also reads the attribute as text: `remove value: true` removes "true"', async () => {
    const routing = `
- name: standing access unless sensitive
  requestor: { type: any }
  resource:
    type: integration
    service: aws
    filters:
      sensitive: { effect: remove, key: flag, value: true }
  approval: [{ type: persistent }]
`;
    const request = (flag: unknown) => ({
      requestor: { email: 'erin@example.com' },
      resource: { service: 'aws', attributes: { sensitive: { flag } } },
    });
    for (const flag of [true, 'true', 'TRUE', 'True']) {
      expect((await engine(routing).decide(request(flag) as never)).decision, String(flag)).to.equal('denied');
    }
    for (const flag of [false, 'false', 'no']) {
      expect((await engine(routing).decide(request(flag) as never)).decision, String(flag)).to.equal('approved');
    }
  });

  it('refuses regular expressions that do not compile or that RE2 cannot express', () => {
    const filtered = (pattern: string) =>
      AUTO.replace(
        'resource: { type: any }',
        `resource: { type: integration, service: aws, filters: { tag: { effect: remove, key: env, pattern: ${JSON.stringify(pattern)} } } }`,
      );
    for (const pattern of ['(', '(?=prod)', '(a)\\1', '(?<!dev)prod'])
      expect(errors(filtered(pattern)), pattern).to.not.deep.equal([]);
    // Nested repeats are fine in RE2, which never backtracks (spec/security/patterns.spec.ts times them).
    for (const pattern of ['(a+)+$', '(\\w*)*x', '([a-z]+)*$'])
      expect(errors(filtered(pattern)), pattern).to.deep.equal([]);
  });
});
