import { expect } from 'chai';
import { MemorySampler } from '../../bench/harness.js';
import type { ScenarioResult } from '../../bench/report.js';
import { scenarioManyRules, scenarioTwoRules } from '../../bench/scenario-cached.js';
import { scenarioColdStart } from '../../bench/scenario-cold-start.js';
import { scenarioLoad } from '../../bench/scenario-load.js';
import { scenarioSustained } from '../../bench/scenario-sustained.js';
import { TINY } from '../../bench/sizes.js';
import { BASELINE_CEDAR, BASELINE_JRE, BASELINE_JRE_COMPILED } from '../../bench/targets.js';

// A smoke test of the benchmark itself on tiny sizes: every scenario runs against the real engine,
// provider and simulator, its baselines agree with our decisions (a disagreement throws), and it returns
// a well-formed result. Timings are not asserted: speed lives in `npm run bench`.
function expectWellFormed(r: ScenarioResult, id: number): void {
  expect(r.id).to.equal(id);
  expect(r.name).to.match(new RegExp(`^\\(${id}\\) `));
  for (const key of ['decisionsPerSecond', 'p50us', 'p99us', 'peakMB'] as const) {
    expect(r[key], key).to.be.a('number').and.satisfy(Number.isFinite).and.be.greaterThan(0);
  }
  expect(r.p99us).to.be.at.least(r.p50us);
  for (const v of Object.values(r.ratios)) expect(v).to.satisfy(Number.isFinite).and.be.greaterThan(0);
  expect(r.rows.length).to.be.greaterThan(0);
}

describe('bench scenarios (tiny sizes)', function () {
  this.timeout(60_000);
  const memory = new MemorySampler();
  before(() => memory.start());
  after(() => memory.stop());

  it('(1) two rules: ours, json-rules-engine and Cedar agree, and ratios against both are reported', async () => {
    const r = await scenarioTwoRules(TINY.twoRules, memory);
    expectWellFormed(r, 1);
    expect(Object.keys(r.ratios).sort()).to.deep.equal([BASELINE_CEDAR, BASELINE_JRE].sort());
    expect(r.rows.map((m) => m.name)).to.deep.equal(['ours', `(a) ${BASELINE_JRE}`, `(b) ${BASELINE_CEDAR}`]);
    expect(r.extra.approved! + r.extra.pending! + r.extra.denied!).to.equal(TINY.twoRules.requests);
    expect(r.extra.approved).to.be.greaterThan(0);
    expect(r.extra.pending).to.be.greaterThan(0);
  });

  it('(2) generated rules: every decision kind occurs and all three baselines (hand-written, Cedar, compiled rules in one json-rules-engine) agree with us', async () => {
    const r = await scenarioManyRules(TINY.manyRules, memory);
    expectWellFormed(r, 2);
    expect(Object.keys(r.ratios).sort()).to.deep.equal([BASELINE_CEDAR, BASELINE_JRE, BASELINE_JRE_COMPILED].sort());
    expect(r.extra.approved).to.be.greaterThan(0);
    expect(r.extra.pending).to.be.greaterThan(0);
    expect(r.extra.denied).to.be.greaterThan(0);
    // Each schedule fetched once while warming; none during timing (the scenario throws otherwise).
    expect(r.apiCalls).to.be.at.most(TINY.manyRules.schedules + 1);
  });

  it('(3) cold start: approves on-call requestors from a cold cache and counts the calls of one cold start', async () => {
    const r = await scenarioColdStart(TINY.coldStart, memory);
    expectWellFormed(r, 3);
    expect(r.extra.callBudget).to.equal(
      TINY.coldStart.schedules + Math.ceil(TINY.coldStart.schedules / TINY.coldStart.pageSize),
    );
    expect(r.apiCalls).to.be.at.least(TINY.coldStart.schedules);
    expect(r.extra.firstDecisionMsMax).to.be.at.least(r.extra.firstDecisionMsMin!);
  });

  it('(4) sustained: decisions over simulated minutes match the on-call truth, and calls are counted', async () => {
    const r = await scenarioSustained(TINY.sustained, memory);
    expectWellFormed(r, 4);
    expect(r.extra.cacheLives).to.equal(Math.ceil(TINY.sustained.simulatedMs / 60_000));
    // The clock crosses cache lives, so the schedules were fetched again at least once.
    expect(r.extra.entryCalls).to.be.greaterThan(TINY.sustained.schedules);
  });

  it('(5) load: loads and compiles the generated file, cold and warm', async () => {
    const r = await scenarioLoad(TINY.load, memory);
    expectWellFormed(r, 5);
    expect(r.extra.loadColdMs).to.be.greaterThan(0);
    expect(r.extra.yamlBytes).to.be.greaterThan(1000);
  });
});
