// What `validate` says about P0's spellings: each alias is a warning at the alias, naming the canonical
// spelling; an alias given together with its canonical key, a key P0 does not have, and the options this
// engine cannot enforce are errors, located.
import { expect } from 'chai';
import { loadRoutingText } from '../../plugin/routing/load.js';

const problems = (text: string, file = 'p0.routing.yaml') =>
  loadRoutingText(text, file).problems.map((p) => `${p.severity} ${p.code} ${p.line}:${p.column} ${p.message}`);

const rule = (approval: string, requestor = '{ type: any }') =>
  `- requestor: ${requestor}\n  resource: { type: any }\n  approval:\n${approval}`;

describe('p0: spellings', () => {
  it('warns at each snake_case option, naming the canonical spelling', () => {
    expect(
      problems(rule('    - type: p0\n      options: { allow_one_party: true, require_reason: true }\n')),
    ).to.deep.equal([
      "warning routing.p0-alias 5:18 `allow_one_party` is P0's snake_case spelling; the canonical spelling is `allowOneParty`",
      "warning routing.p0-alias 5:41 `require_reason` is P0's snake_case spelling; the canonical spelling is `requireReason`",
    ]);
  });

  it('refuses an alias given with its canonical key', () => {
    expect(
      problems(rule('    - type: p0\n      options: { require_reason: true, requireReason: false }\n')),
    ).to.deep.equal([
      'error routing.p0-alias-conflict 5:18 `require_reason` and `requireReason` are the same option, given twice: keep `requireReason`',
    ]);
  });

  it('refuses a flat group given with `groups` too', () => {
    const text = rule(
      '    - type: p0\n',
      '{ type: group, id: eng, directory: okta, groups: [{ id: eng, directory: okta }], effect: keep }',
    );
    expect(problems(text)[0]).to.match(/^error routing\.p0-alias-conflict 1:.* has both `groups` and P0's flat `id`/);
  });

  it('keeps a key P0 does not have an error, in either spelling', () => {
    expect(problems(rule('    - type: p0\n      options: { require_approver_mfa: true }\n'))[0]).to.match(
      /^error schema\.unknown-key 5:18 /,
    );
    expect(problems(rule('    - type: p0\n      options: { allow_one_parti: true }\n'))[0]).to.match(
      /^error schema\.unknown-key 5:18 .*did you mean `allowOneParty`/,
    );
    expect(problems(rule('    - type: p0\n      profile_property: manager\n'))[0]).to.match(
      /^error schema\.unknown-key 5:7 /,
    );
  });

  it('refuses cooldown and duration from the routing API, saying why, in snake_case documents too', () => {
    const text = `{"id": "w", "createdDate": "2025-06-20T08:29:02.722Z", "rules": [{"requestor": {"type": "any"},
 "resource": {"type": "any"}, "approval": [{"type": "p0", "options": {"allow_one_party": true, "cooldown": 1, "duration": 1}}]}]}`;
    const found = problems(text, 'p0.routing.json');
    expect(found.filter((p) => p.startsWith('error'))).to.deep.equal([
      'error routing.unenforceable-option 2:96 `cooldown` cannot be enforced by this engine: it keeps no record of earlier grants, so it cannot tell how long ago the requestor last had access; remove the option (or the entry)',
      "error routing.unenforceable-option 2:111 `duration` cannot be enforced by this engine: P0's routing API gives it as a bare number with no unit, so no limit on the requested duration can be read from it; use `requireDuration` and your host's grant length; remove the option (or the entry)",
    ]);
    expect(loadRoutingText(text, 'p0.routing.json').rules).to.deep.equal([]);
  });

  it('reads the workflow documents, and refuses one that also has top-level rules', () => {
    const r = { requestor: { type: 'any' }, resource: { type: 'any' }, approval: [{ type: 'p0' }] };
    const ok = loadRoutingText(JSON.stringify({ workflow: { rules: [r], version: 'v3' } }), 'w.json');
    expect(ok.problems).to.deep.equal([]);
    expect(ok.documents[0]?.form).to.equal('workflow');
    expect(ok.rules[0]?.source.line).to.equal(1);
    const both = loadRoutingText(JSON.stringify({ workflow: { rules: [r] }, rules: [r] }), 'w.json');
    expect(both.rules).to.deep.equal([]);
    expect(both.problems.map((p) => p.code)).to.deep.equal(['routing.mixed-document']);
    expect(loadRoutingText(JSON.stringify({ id: 'x', rules: [r] }), 'w.json').documents[0]?.form).to.equal(
      'workflow-config',
    );
    expect(loadRoutingText(JSON.stringify({ rules: [r] }), 'w.json').documents[0]?.form).to.equal('rules');
  });

  it('warns that a `some` rule alone never applies', () => {
    expect(problems(rule('    - type: persistent\n', '{ type: some }'))).to.deep.equal([
      'warning routing.some-alone 1:16 a `some` requestor matches only while another rule matches the same request, and no other enabled rule (other than `some` rules) is loaded: this rule never applies',
    ]);
  });

  it('refuses an agent that lacks the key its type needs, and a subject pattern RE2 cannot run', () => {
    const agentic = (agent: string) =>
      rule('    - type: deny\n', `{ type: agentic, agent: ${agent}, user: { type: any } }`);
    expect(problems(agentic('{ type: agent-client }'))[0]).to.match(/^error schema\.missing-key .*needs `clientId`/);
    expect(problems(agentic('{ type: provider, provider_id: idp, subject_pattern: "^(?!bot)" }'))).to.satisfy(
      (found: string[]) => found.some((p) => /^error routing\.pattern-unsupported /.test(p)),
    );
    expect(problems(agentic('{ type: robot }'))[0]).to.match(/^error schema\.enum /);
  });

  it('places later problems at the alias as written (a flat group repeated in an approval entry)', () => {
    const text = rule(
      '    - { type: group, id: ops, directory: okta }\n    - { type: group, id: ops, directory: okta }\n',
    );
    const found = problems(text);
    expect(found).to.include(
      'warning routing.duplicate-entry 5:7 this approval entry is the same as entry 1 of this rule',
    );
  });
});
