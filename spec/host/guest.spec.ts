// The plugin is a good guest in a host's own json-rules-engine `Engine`: json-rules-engine's published
// examples give the same events and results with and without the plugin and the compiled routing rules,
// with and without a request for us; our names cannot collide with the host's; a run without our request,
// or with a malformed one, never rejects and never poisons the Engine; hosts see our events in their
// listeners and tell them apart by the type's prefix.
import { expect } from 'chai';
import { Engine, type EngineResult, type Event } from 'json-rules-engine';
import { compileRules, EVENT, EVENT_PREFIX, FACT, OPERATOR, rulesForService } from '../../plugin/compile/compile.js';
import { outcomeOf } from '../../plugin/engine/host-outcome.js';
import { CHECK_RULE_NAME, installOnCallPlugin, PluginInstallError } from '../../plugin/engine/plugin.js';
import type { AccessRequest } from '../../plugin/request/types.js';
import { createFakeProvider } from '../engine/support/fake-provider.js';
import { DATABASE, NOW, ruleSet, WORLD } from '../engine/support/rules.js';
import { EXAMPLES } from './fixtures/jre-examples.js';

const RULES = ruleSet(
  { name: 'on call', approval: [{ type: 'auto', integration: 'incidentio' }] },
  { name: 'database', approval: [{ type: 'escalation', integration: 'incidentio', services: [DATABASE] }] },
);
const compiled = () => JSON.parse(JSON.stringify(compileRules(RULES)));
const ALICE: AccessRequest = { requestor: { email: 'alice@example.com' }, resource: { service: 'aws' } };
const BOB: AccessRequest = { requestor: { email: 'bob@example.com' }, resource: { service: 'aws' } };

type Order = 'no plugin' | 'plugin first' | 'plugin last';

function hostEngine(setup: (engine: Engine) => void, order: Order, options: { allowUndefinedFacts?: boolean } = {}) {
  const engine = new Engine([], options);
  const plugin = () => {
    installOnCallPlugin(engine, { providers: { incidentio: createFakeProvider(WORLD) }, clock: () => NOW });
    for (const rule of compiled().rules) engine.addRule(rule);
  };
  if (order === 'plugin first') plugin();
  setup(engine);
  if (order === 'plugin last') plugin();
  return engine;
}

const mine = (e: Event) => typeof e.type === 'string' && e.type.startsWith(EVENT_PREFIX);

/** What the host sees of its own rules: events, failure events, and each rule's result. */
function hostPart(result: EngineResult) {
  const own = (r: { name?: unknown; event?: Event }) => r.name !== CHECK_RULE_NAME && !(r.event && mine(r.event));
  const summary = (r: { name?: unknown; result?: unknown; event?: Event }) => ({
    name: r.name,
    result: r.result,
    event: r.event,
  });
  const byName = (a: { name: unknown }, b: { name: unknown }) => String(a.name).localeCompare(String(b.name));
  return {
    events: result.events.filter((e) => !mine(e)),
    failureEvents: result.failureEvents.filter((e) => !mine(e)),
    results: result.results.filter(own).map(summary).sort(byName),
    failureResults: result.failureResults.filter(own).map(summary).sort(byName),
  };
}

async function runAll(engine: Engine, runs: Array<Record<string, unknown>>, extra: Record<string, unknown>) {
  const out = [];
  for (const facts of runs) out.push(await engine.run({ ...facts, ...extra }));
  return out;
}

describe("host: the plugin in a host's own json-rules-engine", () => {
  describe("json-rules-engine's published examples run unchanged beside the plugin and the compiled rules", () => {
    for (const example of EXAMPLES) {
      for (const allowUndefinedFacts of [false, true]) {
        it(`${example.source}${allowUndefinedFacts ? ' (allowUndefinedFacts)' : ''}`, async () => {
          const alone = (
            await runAll(hostEngine(example.setup, 'no plugin', { allowUndefinedFacts }), example.runs, {})
          ).map(hostPart);
          expect(alone.flatMap((r) => r.events).length, 'the example fires events of its own').to.be.greaterThan(0);
          for (const order of ['plugin first', 'plugin last'] as const) {
            for (const request of [undefined, ALICE, BOB]) {
              const engine = hostEngine(example.setup, order, { allowUndefinedFacts });
              const extra = request ? { [FACT.request]: request, [FACT.now]: NOW } : {};
              const runs = await runAll(engine, example.runs, extra);
              const context = `${order}, ${request ? request.requestor.email : 'no request'}`;
              expect(runs.map(hostPart), context).to.deep.equal(alone);
              for (const run of runs) {
                const outcome = outcomeOf(run.events);
                const expected = request === ALICE ? 'approved' : request === BOB ? 'pending' : 'denied';
                expect(outcome.decision, context).to.equal(expected);
                if (!request) expect(run.events.filter(mine), `${context}: inert`).to.deep.equal([]);
              }
            }
          }
        });
      }
    }
  });

  describe('names that cannot collide', () => {
    it('every fact, operator and event of ours is namespaced, but for isOnCallAny / isOnCallFor', () => {
      for (const name of Object.values(FACT)) expect(name).to.match(/^oncall-approval\./);
      for (const name of Object.values(EVENT)) expect(name).to.match(/^oncall-approval\./);
      const bare = Object.values(OPERATOR).filter((n) => !n.startsWith('oncall-approval.'));
      expect(bare.sort()).to.deep.equal(['isOnCallAny', 'isOnCallFor']);
    });

    it('refuses to install over a definition the host already has, naming it', () => {
      for (const [name, define] of [
        ['isOnCallAny', (e: Engine) => e.addOperator('isOnCallAny', () => true)],
        [FACT.now, (e: Engine) => e.addFact(FACT.now, 0)],
        [OPERATOR.matchesPattern, (e: Engine) => e.addOperator(OPERATOR.matchesPattern, () => true)],
      ] as const) {
        const engine = new Engine();
        define(engine);
        expect(() => installOnCallPlugin(engine, { providers: {} }), name)
          .to.throw(PluginInstallError)
          .with.property('names')
          .that.deep.equals([name]);
      }
    });

    it('refuses to be installed twice in one Engine', () => {
      const engine = new Engine();
      installOnCallPlugin(engine, { providers: {} });
      expect(() => installOnCallPlugin(engine, { providers: {} })).to.throw(PluginInstallError, /already defines/);
    });

    it('refuses to let a definition of ours be replaced or removed after installing', async () => {
      const engine = hostEngine(() => undefined, 'plugin first');
      expect(() => engine.addOperator('isOnCallAny', () => true)).to.throw(PluginInstallError);
      expect(() => engine.addFact(FACT.now, 0)).to.throw(PluginInstallError);
      expect(() => engine.removeFact(FACT.onCallAny)).to.throw(PluginInstallError);
      expect(() => engine.removeOperator(OPERATOR.emailEquals)).to.throw(PluginInstallError);
      // The host's own names are the host's.
      engine.addFact('now', 1);
      engine.addOperator('matchesPattern', () => false);
      const run = await engine.run({ [FACT.request]: ALICE, [FACT.now]: NOW });
      expect(outcomeOf(run.events).decision).to.equal('approved');
    });
  });

  describe('inert without a request, and a malformed request never rejects the run', () => {
    it('a run without our request evaluates only the guard of each compiled rule, and nothing of ours fires', async () => {
      const engine = hostEngine(() => undefined, 'plugin first');
      const provider = createFakeProvider(WORLD);
      const fresh = new Engine();
      installOnCallPlugin(fresh, { providers: { incidentio: provider }, clock: () => NOW });
      for (const rule of compiled().rules) fresh.addRule(rule);
      const result = await fresh.run({ something: 'else' });
      expect(result.events).to.deep.equal([]);
      expect(provider.calls).to.deep.equal({ onCallFor: 0, onCallAny: 0 });
      for (const r of result.failureResults.filter((x) => x.name !== CHECK_RULE_NAME)) {
        const groups = (r.conditions as unknown as { all: Array<{ name: string; all: Array<{ result?: boolean }> }> })
          .all;
        expect(groups[0]!.name).to.equal('guard');
        expect(groups[0]!.all[0]!.result).to.equal(false);
        for (const later of groups.slice(1)) for (const c of later.all) expect(c.result).to.equal(undefined);
      }
      expect(outcomeOf((await engine.run({})).events).decision).to.equal('denied');
    });

    it('a malformed request, then a good one, on the same Engine: denied with its problems, then decided', async () => {
      const example = EXAMPLES[0]!;
      const engine = hostEngine(example.setup, 'plugin first');
      const alone = hostPart(await hostEngine(example.setup, 'no plugin').run(example.runs[0]));
      const bad = await engine.run({
        ...example.runs[0],
        [FACT.request]: {
          requestor: { email: 'alice@example.com', groups: { id: 'x' } },
          resource: { service: 'aws' },
        },
        [FACT.now]: NOW,
      });
      expect(hostPart(bad), "the host's own rules ran as before").to.deep.equal(alone);
      const denied = outcomeOf(bad.events);
      expect(denied.decision).to.equal('denied');
      expect(denied.problems?.map((p) => p.pointer)).to.deep.equal(['/requestor/groups']);
      expect(denied.reasons[0]).to.match(/cannot be decided.*requestor\.groups/);
      const good = await engine.run({ ...example.runs[0], [FACT.request]: ALICE, [FACT.now]: NOW });
      expect(hostPart(good)).to.deep.equal(alone);
      expect(outcomeOf(good.events).decision).to.equal('approved');
    });

    it('a `now` that is no instant denies the request, with the reason, rather than approving without an end', async () => {
      const engine = hostEngine(() => undefined, 'plugin first');
      for (const now of ['2026-11-26T08:00:00', 'tomorrow', Number.NaN]) {
        const outcome = outcomeOf((await engine.run({ [FACT.request]: ALICE, [FACT.now]: now })).events);
        expect(outcome.decision, String(now)).to.equal('denied');
        expect(outcome.reasons.join(' ')).to.match(/not an instant/);
      }
    });
  });

  describe('listeners', () => {
    it("our events reach the host's engine-wide listeners; the type's prefix tells them apart", async () => {
      const engine = hostEngine(EXAMPLES[0]!.setup, 'plugin first');
      const theirs: string[] = [];
      const ours: Event[] = [];
      engine.on('success', (event: Event) => {
        if (event.type.startsWith(EVENT_PREFIX)) ours.push(event);
        else theirs.push(event.type);
      });
      await engine.run({ displayMessage: true, [FACT.request]: ALICE, [FACT.now]: NOW });
      expect(theirs).to.deep.equal(['message']);
      expect(ours.map((e) => e.type).sort()).to.deep.equal([EVENT.approve, EVENT.path]);
      // Completed as they fire: the grant and who may approve are there for the listener.
      const approve = ours.find((e) => e.type === EVENT.approve)!;
      expect(approve.params).to.include({ grantDuration: 'PT1H', expiresAt: '2026-11-26T09:00:00.000Z' });
      expect(ours.find((e) => e.type === EVENT.path)!.params?.approvers).to.deep.equal(['carol@example.com']);
    });
  });

  describe('keeping up with many rules', () => {
    it("rulesForService keeps the rules for the request's service and for any service, in order", () => {
      const set = compileRules(
        ruleSet(
          { name: 'a', resource: { type: 'integration', service: 'aws' }, approval: [{ type: 'persistent' }] },
          { name: 'b', resource: { type: 'integration', service: 'gcp' }, approval: [{ type: 'persistent' }] },
          { name: 'c', approval: [{ type: 'deny' }] },
        ),
      );
      expect(rulesForService(set, 'aws').map((r) => r.event.params.rule)).to.deep.equal(['a', 'c']);
      expect(rulesForService(set, 'azure').map((r) => r.event.params.rule)).to.deep.equal(['c']);
    });

    it('single-rule mode adds one rule and decides as decide does', async () => {
      const engine = new Engine();
      installOnCallPlugin(engine, {
        providers: { incidentio: createFakeProvider(WORLD) },
        clock: () => NOW,
        rules: compiled(),
      });
      const { events } = await engine.run({ [FACT.request]: BOB });
      expect(events.map((e) => e.type)).to.deep.equal([EVENT.decision]);
      const outcome = outcomeOf(events);
      expect(outcome.decision).to.equal('pending');
      expect(outcome.paths.map((p) => p.approvers)).to.deep.equal([['carol@example.com']]);
      expect(outcomeOf((await engine.run({})).events).decision).to.equal('denied');
    });
  });
});
