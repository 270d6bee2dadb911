import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { parseSchedulesText } from '../../bench/api.js';
import { CATALOG } from '../../bench/catalog.js';
import { MemorySampler } from '../../bench/harness.js';
import type { ScenarioResult } from '../../bench/report.js';
import { CLI_BIN, scenario as cli } from '../../bench/scenarios/cli.js';
import { scenario as coldStart, pagerDutyScenario as coldStartPagerDuty } from '../../bench/scenarios/cold-start.js';
import {
  scenario as hostPath,
  HOST_EVERY_RULE,
  HOST_SERVICE,
  HOST_SINGLE_RULE,
} from '../../bench/scenarios/host-path.js';
import { scenario as engineMemory } from '../../bench/scenarios/engine-memory.js';
import { scenario as load } from '../../bench/scenarios/load.js';
import { scenario as manyRules } from '../../bench/scenarios/many-rules.js';
import { scenario as schedulesFile } from '../../bench/scenarios/schedules-file.js';
import { scenario as sustained } from '../../bench/scenarios/sustained.js';
import { scenario as twoRules, pagerDutyScenario as twoRulesPagerDuty } from '../../bench/scenarios/two-rules.js';
import { BASELINE_CEDAR, BASELINE_JRE, BASELINE_JRE_COMPILED } from '../../bench/targets.js';
import { schedulesFileText } from '../../bench/world.js';

const TINY = {
  twoRules: twoRules.sizes.tiny,
  manyRules: manyRules.sizes.tiny,
  coldStart: coldStart.sizes.tiny,
  sustained: sustained.sizes.tiny,
  load: load.sizes.tiny,
};

// A smoke test of the benchmark itself on tiny sizes: every scenario runs against the real engine,
// provider and simulator, its baselines agree with our decisions (a disagreement throws), and it returns
// a well-formed result. Timings are not asserted: speed lives in `npm run bench`.
function expectWellFormed(r: ScenarioResult, id: number): void {
  expect(r.id).to.equal(id);
  expect(r.name).to.match(new RegExp(`^\\(${id}\\) `));
  for (const key of ['decisionsPerSecond', 'p50us', 'p99us', 'peakMB'] as const) {
    expect(r[key], key).to.be.a('number').and.satisfy(Number.isFinite).and.be.greaterThan(0);
  }
  expect(r.p99us).to.be.at.least(r.p50us!);
  for (const v of Object.values(r.ratios)) expect(v).to.satisfy(Number.isFinite).and.be.greaterThan(0);
  expect(r.rows.length).to.be.greaterThan(0);
}

describe('bench scenarios (tiny sizes)', function () {
  this.timeout(60_000);
  const memory = new MemorySampler();
  before(() => memory.start());
  after(() => memory.stop());

  it('(1) two rules: ours, json-rules-engine and Cedar agree, and ratios against both are reported', async () => {
    const r = await twoRules.run(TINY.twoRules, memory);
    expectWellFormed(r, 1);
    expect(Object.keys(r.ratios).sort()).to.deep.equal([BASELINE_CEDAR, BASELINE_JRE].sort());
    expect(r.rows.map((m) => m.name)).to.deep.equal(['ours', `(a) ${BASELINE_JRE}`, `(b) ${BASELINE_CEDAR}`]);
    expect(r.extra.approved! + r.extra.pending! + r.extra.denied!).to.equal(TINY.twoRules.requests);
    expect(r.extra.approved).to.be.greaterThan(0);
    expect(r.extra.pending).to.be.greaterThan(0);
  });

  it('(2) generated rules: every decision kind occurs and all three baselines (hand-written, Cedar, compiled rules in one json-rules-engine) agree with us', async () => {
    const r = await manyRules.run(TINY.manyRules, memory);
    expectWellFormed(r, 2);
    expect(Object.keys(r.ratios).sort()).to.deep.equal([BASELINE_CEDAR, BASELINE_JRE, BASELINE_JRE_COMPILED].sort());
    expect(r.extra.approved).to.be.greaterThan(0);
    expect(r.extra.pending).to.be.greaterThan(0);
    expect(r.extra.denied).to.be.greaterThan(0);
    // Each schedule fetched once while warming; none during timing (the scenario throws otherwise).
    expect(r.apiCalls).to.be.at.most(TINY.manyRules.schedules + 1);
  });

  it('(3) cold start: approves on-call requestors from a cold cache and counts the calls of one cold start', async () => {
    const r = await coldStart.run(TINY.coldStart, memory);
    expectWellFormed(r, 3);
    expect(r.extra.callBudget).to.equal(
      TINY.coldStart.schedules + Math.ceil(TINY.coldStart.schedules / TINY.coldStart.pageSize),
    );
    expect(r.apiCalls).to.be.at.least(TINY.coldStart.schedules);
    expect(r.extra.firstDecisionMsMax).to.be.at.least(r.extra.firstDecisionMsMin!);
  });

  it('(4) sustained: decisions over simulated minutes match the on-call truth, and calls are counted', async () => {
    const r = await sustained.run(TINY.sustained, memory);
    expectWellFormed(r, 4);
    expect(r.extra.cacheLives).to.equal(Math.ceil(TINY.sustained.simulatedMs / 60_000));
    // The clock crosses cache lives, so the schedules were fetched again at least once.
    expect(r.extra.entryCalls).to.be.greaterThan(TINY.sustained.schedules);
  });

  it('(5) load: loads and compiles the generated file, cold and warm', async () => {
    const r = await load.run(TINY.load, memory);
    expectWellFormed(r, 5);
    expect(r.extra.loadColdMs).to.be.greaterThan(0);
    expect(r.extra.yamlBytes).to.be.greaterThan(1000);
  });

  it('(5) load: the cold figure is the median fresh process, each reporting its own peak', async () => {
    const r = await load.run({ ...TINY.load, coldRuns: 3 }, memory);
    expect(r.extra.coldRuns).to.equal(3);
    expect(r.extra.loadColdMaxMs).to.be.at.least(r.extra.loadColdMs!);
    expect(r.extra.coldPeakMB).to.be.greaterThan(10);
  });

  it('(6) engine memory: the cache holds every schedule, and the heap above an empty process is split by cause', async () => {
    // The scenario throws unless every schedule was fetched once and then answered from the cache.
    const r = await engineMemory.run(engineMemory.sizes.tiny, memory);
    expect(r.id).to.equal(6);
    const { retainedAboveEmptyMB, modulesMB, dataMB, probeItselfMB, emptyProcessMB } = r.extra;
    expect(emptyProcessMB).to.be.greaterThan(0);
    expect(modulesMB).to.be.greaterThan(0);
    expect(dataMB).to.be.greaterThan(0);
    expect(retainedAboveEmptyMB).to.be.closeTo(modulesMB! + dataMB! + probeItselfMB!, 0.5);
  });

  it('(7) the command: runs the shipped bin on the Quick start (approved) and a small file, next to a bare node', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { bin: Record<string, string> };
    expect(CLI_BIN).to.equal(pkg.bin['oncall-approval']);
    // The scenario throws unless each command exited 0 and the Quick start decided `approved`.
    const r = await cli.run(cli.sizes.tiny, memory);
    for (const key of ['bareNodeMs', 'validateMs', 'evaluateMs', 'evaluatePeakMB', 'validatePeakMB']) {
      expect(r.extra[key], key).to.be.a('number').and.greaterThan(0);
    }
    expect(r.extra.evaluateTimesBareNode).to.equal(r.extra.evaluateMs! / r.extra.bareNodeMs!);
  });

  it('(8) schedules file: both forms read in fresh processes and hold the same data', async () => {
    // The scenario throws when the two forms read differently.
    const r = await schedulesFile.run(schedulesFile.sizes.tiny, memory);
    for (const key of ['plain', 'anchors', 'largePlain', 'largeAnchors']) {
      expect(r.extra[`${key}Ms`], key).to.be.greaterThan(0);
      expect(r.extra[`${key}MsTimedOut`], key).to.equal(0);
    }
  });

  it('(8) the schedules files with and without anchors are the same data, and the first really uses aliases', () => {
    const options = { entries: 30, schedules: 3, users: 4 };
    const withAnchors = schedulesFileText({ ...options, anchors: true });
    const without = schedulesFileText({ ...options, anchors: false });
    expect(withAnchors.match(/\*u\d+/g)).to.have.length(30 - 4);
    expect(without).not.to.match(/[&*]u\d/);
    const a = parseSchedulesText(withAnchors, 'a.yaml');
    const b = parseSchedulesText(without, 'b.yaml');
    expect(a.problems.filter((p) => p.severity === 'error')).to.deep.equal([]);
    expect(a.data!.schedules.flatMap((s) => s.entries)).to.have.length(30);
    expect(a.data).to.deep.equal({ ...b.data, file: a.data!.file });
  });

  it('(9) host path: every host mode agrees with decide, and each is measured against createApprovalEngine', async () => {
    // The scenario throws unless every host mode reached decide's decision on every request.
    const r = await hostPath.run(hostPath.sizes.tiny, memory);
    expectWellFormed(r, 9);
    expect(r.rows.map((m) => m.name)).to.deep.equal([
      HOST_SINGLE_RULE,
      'createApprovalEngine',
      HOST_SERVICE,
      HOST_EVERY_RULE,
    ]);
    expect(r.decisionsPerSecond).to.equal(r.extra.singleRulePerSecond);
    expect(r.extra.compiledRules).to.be.greaterThan(hostPath.sizes.tiny.rules);
    for (const key of ['singleRule', 'service', 'everyRule'])
      expect(r.extra[`${key}ShareOfApprovalEngine`]).to.equal(
        r.extra[`${key}PerSecond`]! / r.extra.approvalEnginePerSecond!,
      );
    expect(r.extra.approved! + r.extra.pending! + r.extra.denied!).to.equal(hostPath.sizes.tiny.requests);
  });

  it('(10) two rules with PagerDuty answering: the same agreement with json-rules-engine and Cedar', async () => {
    const r = await twoRulesPagerDuty.run(TINY.twoRules, memory);
    expectWellFormed(r, 10);
    expect(Object.keys(r.ratios).sort()).to.deep.equal([BASELINE_CEDAR, BASELINE_JRE].sort());
    expect(r.extra.approved).to.be.greaterThan(0);
    expect(r.extra.pending).to.be.greaterThan(0);
    // The account's on-calls and schedule list, then the one service of the escalation rule: all before timing.
    expect(r.apiCalls).to.be.greaterThan(0).and.at.most(6);
  });

  it('(11) cold start with PagerDuty: on-call requestors approved, the calls within pages of on-calls and schedules', async () => {
    const r = await coldStartPagerDuty.run(TINY.coldStart, memory);
    expectWellFormed(r, 11);
    expect(r.apiCalls).to.be.greaterThan(0).and.at.most(r.extra.callBudget!);
    expect(r.extra.callBudget).to.be.lessThan(
      TINY.coldStart.schedules + Math.ceil(TINY.coldStart.schedules / TINY.coldStart.pageSize),
    );
  });

  it('every scenario of the catalog loads, with its sizes', async () => {
    for (const e of CATALOG) {
      const s = await e.load();
      expect(s.id).to.equal(e.id);
      expect(s.sizes.tiny).to.be.an('object');
      expect(s.sizes.full).to.be.an('object');
    }
  });
});
