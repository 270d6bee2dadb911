// compileRules: typed routing rules → json-rules-engine rule JSON that names its origin, uses only known
// operators and facts, and refuses what it cannot express faithfully.
import { expect } from 'chai';
import { Engine } from 'json-rules-engine';
import { installOnCallPlugin } from '../../plugin/engine/plugin.js';
import { checkCompiledRule } from '../../plugin/compile/check.js';
import {
  COMPILED_FORMAT,
  CompileError,
  compileRules,
  EVENT,
  FACT,
  OPERATOR,
  type CompiledRule,
} from '../../plugin/compile/compile.js';
import { loadRoutingFiles } from '../../plugin/routing/load.js';
import type { ApprovalEntry } from '../../plugin/routing/types.js';
import { createFakeProvider } from './support/fake-provider.js';
import { DATABASE, NOW, ruleSet, WORLD } from './support/rules.js';
import { exampleFiles } from '../support/examples.js';

function leaves(condition: unknown, out: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
  const c = condition as Record<string, unknown>;
  if (Array.isArray(c.all)) c.all.forEach((x) => leaves(x, out));
  else if (Array.isArray(c.any)) c.any.forEach((x) => leaves(x, out));
  else if (c.not) leaves(c.not, out);
  else out.push(c);
  return out;
}

describe('engine: compileRules', () => {
  const rules = ruleSet(
    {
      name: 'prod',
      requestor: { type: 'group', groups: [{ directory: 'okta', id: '00g1', label: 'sre' }], effect: 'keep' },
      resource: {
        type: 'integration',
        service: 'aws',
        accessType: 'role',
        filters: { tag: { effect: 'keep', key: 'env', pattern: '^prod$' } },
      },
      approval: [
        { type: 'auto', integration: 'incidentio', options: { requireReason: true } },
        { type: 'escalation', integration: 'incidentio', services: [DATABASE] },
      ],
    },
    { approval: [] },
    { name: 'old', disabled: true, approval: [{ type: 'persistent' }] },
  );
  const compiled = compileRules(rules);

  it('makes one decision rule per entry, one approver rule per entry that admits approvers, and names their origin', () => {
    expect(compiled.format).to.equal(COMPILED_FORMAT);
    expect(compiled.rules.map((r) => [r.name, r.event.type])).to.deep.equal([
      ['prod / entry 0 (auto)', EVENT.approve],
      ['prod / entry 1 (escalation)', EVENT.path],
      ['prod / entry 1 (escalation) / approver', EVENT.admit],
      ['#2 / no access', EVENT.noAccess],
    ]);
    expect(compiled.rules[1]!.event.params).to.deep.include({
      rule: 'prod',
      position: 0,
      entry: 1,
      type: 'escalation',
      integration: 'incidentio',
      schedules: [DATABASE],
    });
    expect(compiled.rules[1]!.event.params.source).to.deep.equal(rules[0]!.entrySources[1]);
    expect(compiled.disabled).to.deep.equal(['old']);
  });

  it('turns on-call checks into isOnCallAny / isOnCallFor against on-call facts with params', () => {
    expect(leaves(compiled.rules[0]!.conditions)).to.deep.include({
      fact: 'oncall-approval.checkedRequest',
      path: '$.requestor.email',
      operator: 'isOnCallAny',
      value: { fact: 'oncall-approval.onCallAny', params: { integration: 'incidentio' } },
    });
    expect(leaves(compiled.rules[2]!.conditions)).to.deep.include({
      fact: FACT.checkedApprover,
      path: '$.email',
      operator: 'isOnCallFor',
      value: { fact: FACT.onCallFor, params: { integration: 'incidentio', schedules: [DATABASE] } },
    });
  });

  it('puts the guard, the requestor, resource, filter and option conditions before any lookup', () => {
    const [guard, requestor, resource, entry, onCall] = (
      compiled.rules[0]!.conditions as { all: Array<{ name: string; priority: number }> }
    ).all;
    expect(guard!.priority).to.be.greaterThan(requestor!.priority);
    expect([guard!.name, requestor!.name, resource!.name, entry!.name, onCall!.name]).to.deep.equal([
      'guard',
      'requestor',
      'resource',
      'entry',
      'on-call',
    ]);
    expect(requestor!.priority).to.be.greaterThan(entry!.priority);
    expect(entry!.priority).to.be.greaterThan(onCall!.priority);
    const ops = leaves(compiled.rules[0]!.conditions).map((l) => l.operator);
    // `isPresent`: a rule for people never matches a request an agent makes.
    expect(ops).to.deep.equal([
      'equal', // the guard: the request's service
      OPERATOR.inAnyGroup,
      OPERATOR.isPresent,
      'equal',
      'equal',
      'oncall-approval.matchesPattern',
      OPERATOR.nonBlank,
      'isOnCallAny',
    ]);
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(compiled))).to.deep.equal(compiled);
  });

  it('checks operator and fact names: an unknown operator is an error, not a silent false', () => {
    const doctored: CompiledRule = JSON.parse(JSON.stringify(compiled.rules[0]));
    (doctored.conditions as { all: Array<{ all: Array<{ operator: string }> }> }).all[1]!.all[0]!.operator =
      'isOnCallSomewhere';
    expect(checkCompiledRule(doctored).join()).to.match(/unknown operator 'isOnCallSomewhere'/);
    expect(checkCompiledRule(compiled.rules[0]!)).to.deep.equal([]);
  });

  it('refuses an option it cannot enforce, located at the entry', () => {
    const bad = ruleSet({ name: 'glass', approval: [{ type: 'p0', options: { cooldown: 5 } as never }] });
    let error: unknown;
    try {
      compileRules(bad);
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(CompileError);
    const [problem] = (error as CompileError).problems;
    expect(problem).to.deep.include({
      file: 'test.routing.yaml',
      line: bad[0]!.entrySources[0]!.line,
      severity: 'error',
    });
    expect(problem!.message).to.match(/cooldown cannot be enforced by this engine \(it keeps no record/);
  });

  it('refuses an entry whose type has no definition, located at the entry, and compiles nothing for it', () => {
    // Hand-built rules can carry anything: a type nothing defines would be a constraint nothing enforces.
    const bad = ruleSet({
      name: 'lead',
      approval: [{ type: 'p0' }, { type: 'oncall-lead' } as unknown as ApprovalEntry],
    });
    for (const type of ['oncall-lead', 'constructor']) {
      (bad[0]!.approval[1] as { type: string }).type = type;
      let error: unknown;
      try {
        compileRules(bad);
      } catch (err) {
        error = err;
      }
      expect(error, type).to.be.instanceOf(CompileError);
      const problems = (error as CompileError).problems;
      expect(problems, type).to.have.length(1);
      expect(problems[0]).to.deep.include({
        file: 'test.routing.yaml',
        line: bad[0]!.entrySources[1]!.line,
        severity: 'error',
        path: '/0/approval/1/type',
      });
      expect(problems[0]!.message).to.include(`type "${type}" is not an approval type this engine knows`);
    }
  });

  it('refuses an entry that lacks a key its type requires, rather than compiling a guess', () => {
    const bad = ruleSet({
      name: 'esc',
      approval: [{ type: 'escalation', integration: 'incidentio' } as unknown as ApprovalEntry],
    });
    expect(() => compileRules(bad)).to.throw(CompileError, /approval entry 0 \(escalation\): services is missing/);
  });

  it('refuses a filter pattern that RE2 cannot express', () => {
    const bad = ruleSet({
      name: 'p',
      resource: {
        type: 'integration',
        service: 'aws',
        filters: { tag: { effect: 'keep', key: 'env', pattern: '(?!dev)' } },
      },
      approval: [{ type: 'persistent' }],
    });
    expect(() => compileRules(bad)).to.throw(CompileError, /lookahead, which RE2 cannot express/);
  });

  it('compiles every example routing file into rules a fresh Engine with the plugin can run', async () => {
    const files = exampleFiles('.routing.yaml');
    expect(files.length).to.be.greaterThan(3);
    for (const file of files) {
      const loaded = await loadRoutingFiles([file]);
      expect(loaded.rules.length, `${file}: ${JSON.stringify(loaded.problems)}`).to.be.greaterThan(0);
      const set = compileRules(loaded.rules);
      const engine = new Engine();
      installOnCallPlugin(engine, { providers: { incidentio: createFakeProvider(WORLD) }, clock: () => NOW });
      for (const rule of set.rules) engine.addRule(rule);
      const { events, failureEvents } = await engine.run({
        [FACT.request]: {
          requestor: { email: 'alice@example.com' },
          resource: { service: 'aws', accessType: 'permission-set' },
        },
      });
      // Every compiled rule, and the plugin's own request check.
      expect(events.length + failureEvents.length, file).to.equal(set.rules.length + 1);
    }
  });

  it('without the plugin installed, json-rules-engine refuses to run the compiled rules (nothing passes silently)', async () => {
    const engine = new Engine();
    for (const rule of compiled.rules) engine.addRule(rule);
    let error: unknown;
    await engine
      .run({
        [FACT.request]: {
          requestor: { email: 'a@example.com', groups: [{ directory: 'okta', id: '00g1' }] },
          resource: { service: 'aws' },
        },
      })
      .catch((e) => (error = e));
    expect(String((error as Error)?.message)).to.match(/Unknown operator|Undefined fact/);
  });
});
