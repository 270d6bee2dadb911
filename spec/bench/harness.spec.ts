import { expect } from 'chai';
import { compare, median, MemorySampler, quantile, ratio, summarise } from '../../bench/harness.js';
import { CATALOG } from '../../bench/catalog.js';
import { checkTargets, type JudgedScenario } from '../../bench/targets.js';
import { describeMachine, recordScenario, type ScenarioResult } from '../../bench/report.js';

describe('bench harness', () => {
  it('takes nearest-rank percentiles: p50 and p99 of 1..100 are 50 and 99', () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(sorted, 0.5)).to.equal(50);
    expect(quantile(sorted, 0.99)).to.equal(99);
    expect(quantile(Float64Array.of(7), 0.99)).to.equal(7);
  });

  it('takes the median of unsorted values, the lower middle of an even count, NaN of none', () => {
    expect(median([5, 1, 3])).to.equal(3);
    expect(median([4, 1, 3, 2])).to.equal(2);
    expect(median([])).to.be.NaN;
  });

  it('summarises nanosecond samples into microseconds and operations per second', () => {
    const m = summarise('x', Float64Array.of(2000, 1000, 3000, 4000), 10_000);
    expect(m.p50us).to.equal(2);
    expect(m.p99us).to.equal(4);
    expect(m.decisionsPerSecond).to.equal(400_000);
    expect(m.meanUs).to.equal(2.5);
  });

  it('walks every contender over the same inputs in every round, repeating them for a contender with repeat', async () => {
    const seen: Record<string, number[]> = { a: [], b: [] };
    const [a, b] = await compare(
      [
        { name: 'a', op: (i) => seen.a!.push(i) },
        { name: 'b', op: async (i) => void seen.b!.push(i), repeat: 3 },
      ],
      { warmup: 2, rounds: 2, perRound: 4 },
    );
    // Warmup (2, and 2 x 3 for b), then two rounds over inputs 0..3; b passes three times each round.
    expect(seen.a!.slice(2)).to.deep.equal([0, 1, 2, 3, 0, 1, 2, 3]);
    expect(seen.b!.slice(6)).to.deep.equal([0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3]);
    expect(a!.operations).to.equal(8);
    expect(b!.operations).to.equal(24);
    expect(ratio(a!, b!)).to.be.a('number').and.satisfy(Number.isFinite);
  });

  it('runs a strided contender on every stride-th input of each round', async () => {
    const seen: number[] = [];
    const [c] = await compare([{ name: 'c', op: (i) => seen.push(i), stride: 2 }], {
      warmup: 4,
      rounds: 2,
      perRound: 6,
    });
    // Warmup: 4 / 2 = 2 operations; then inputs 0, 2, 4 in each of the two rounds.
    expect(seen.slice(2)).to.deep.equal([0, 2, 4, 0, 2, 4]);
    expect(c!.operations).to.equal(6);
  });

  it('takes the mean of the median round, so one stalled round does not count', () => {
    const m = summarise('x', Float64Array.of(1000, 1000, 1000), 3000, [1000, 900, 50_000]);
    expect(m.meanUs).to.equal(1);
    expect(m.decisionsPerSecond).to.equal(1_000_000);
  });

  it('samples peak resident memory', () => {
    const sampler = new MemorySampler().start(5);
    try {
      expect(sampler.peakMB()).to.be.greaterThan(1);
    } finally {
      sampler.stop();
    }
  });

  it('reports every target as MISS when its scenario did not complete', () => {
    const checks = checkTargets([]);
    const perScenario = checks.filter((c) => c.scenario !== 'all');
    expect(perScenario.length).to.be.greaterThanOrEqual(8);
    expect(perScenario.every((c) => !c.pass)).to.equal(true);
    expect(perScenario.every((c) => c.measured === 'scenario did not run to completion')).to.equal(true);
    // Every scenario is judged by at least one target.
    expect(new Set(checks.map((c) => c.scenario))).to.deep.equal(new Set(CATALOG.map((e) => String(e.id))));
  });

  it('checks a ratio target against the measured ratio, not a constant', () => {
    const scenario = (ratios: Record<string, number>): ScenarioResult => ({
      id: 1,
      name: 's1',
      decisionsPerSecond: 1,
      p50us: 1,
      p99us: 1,
      peakMB: 1,
      ratios,
      extra: {},
      rows: [],
      notes: [],
    });
    const within = checkTargets([scenario({ 'json-rules-engine': 1.2, cedar: 0.4 })]).filter((c) => c.scenario === '1');
    const beyond = checkTargets([scenario({ 'json-rules-engine': 1.4, cedar: 0.6 })]).filter((c) => c.scenario === '1');
    expect(within.map((c) => c.pass)).to.deep.equal([true, true]);
    expect(beyond.map((c) => c.pass)).to.deep.equal([false, false]);
  });

  it('writes results in the documented shape, each scenario with the machine and date it was measured on', () => {
    const recorded = recordScenario({
      result: {
        id: 3,
        name: 'cold',
        decisionsPerSecond: 5,
        p50us: 1.23456,
        p99us: 2,
        peakMB: 80,
        apiCalls: 12,
        ratios: {},
        extra: { x: 1 },
        rows: [],
        notes: [],
      },
      processPeakMB: 90,
      machine: describeMachine(),
      date: '2026-11-26T10:00:00.000Z',
      loadAverage: [1.234, 2],
    });
    const file = { scenarios: [recorded] };
    expect(recorded.machine.cores).to.be.greaterThan(0);
    expect(recorded.machine.node).to.equal(process.version);
    expect(recorded.machine.cpu).to.be.a('string').and.not.equal('');
    expect(recorded).to.include({ date: '2026-11-26T10:00:00.000Z', processPeakMB: 90 });
    expect(recorded).not.to.have.property('rows');
    expect(recorded.loadAverage).to.deep.equal([1.23, 2]);
    expect(file.scenarios[0]).to.include({
      name: 'cold',
      decisionsPerSecond: 5,
      p50us: 1.235,
      p99us: 2,
      peakMB: 80,
      apiCalls: 12,
    });
    expect(file.scenarios[0]!.ratios).to.deep.equal({});
  });

  describe('the targets of the memory, command and schedules-file scenarios judge what was measured', () => {
    const judged = (id: number, extra: Record<string, number>): JudgedScenario => ({
      id,
      name: `(${id}) s`,
      peakMB: 1,
      ratios: {},
      extra,
    });
    const passes = (id: number, extra: Record<string, number>) =>
      checkTargets([judged(id, extra)])
        .filter((c) => c.scenario === String(id))
        .map((c) => c.pass);
    const memory = { modulesMB: 10, dataMB: 30 };

    it('(6) under 50 MB above an empty process', () => {
      expect(passes(6, { ...memory, retainedAboveEmptyMB: 49 })).to.deep.equal([true]);
      expect(passes(6, { ...memory, retainedAboveEmptyMB: 51 })).to.deep.equal([false]);
      expect(passes(6, memory)).to.deep.equal([false]);
    });

    it('(7) validate at most 2x and evaluate at most 3x a bare node, from the same run', () => {
      expect(passes(7, { bareNodeMs: 100, validateMs: 190, evaluateMs: 290 })).to.deep.equal([true, true]);
      expect(passes(7, { bareNodeMs: 100, validateMs: 210, evaluateMs: 310 })).to.deep.equal([false, false]);
      expect(passes(7, { bareNodeMs: 50, validateMs: 190, evaluateMs: 290 })).to.deep.equal([false, false]);
    });

    it('(8) anchors within 1.5x of the same data without, and 10,000 entries under 1 s either way', () => {
      const fast = { plainMs: 100, anchorsMs: 140, largePlainMs: 300, largeAnchorsMs: 900 };
      expect(passes(8, fast)).to.deep.equal([true, true]);
      expect(passes(8, { ...fast, anchorsMs: 160, largePlainMs: 1200 })).to.deep.equal([false, false]);
      const stopped = checkTargets([judged(8, { ...fast, anchorsMs: 20_000, anchorsMsTimedOut: 1 })]).find(
        (c) => c.scenario === '8',
      )!;
      expect(stopped.pass).to.equal(false);
      expect(stopped.measured).to.match(/^at least 200\.00x/);
    });

    it('(9) the single-rule host mode at least 1,000 decisions/s, every mode and its share of createApprovalEngine shown', () => {
      const host = {
        singleRulePerSecond: 1500,
        servicePerSecond: 200,
        everyRulePerSecond: 12,
        approvalEnginePerSecond: 20_000,
        singleRuleShareOfApprovalEngine: 0.075,
        serviceShareOfApprovalEngine: 0.01,
        everyRuleShareOfApprovalEngine: 0.0006,
      };
      expect(passes(9, host)).to.deep.equal([true]);
      expect(passes(9, { ...host, singleRulePerSecond: 999 })).to.deep.equal([false]);
      const { singleRulePerSecond: _, ...withoutSingle } = host;
      expect(passes(9, withoutSingle)).to.deep.equal([false]);
      const measured = checkTargets([judged(9, host)]).find((c) => c.scenario === '9')!.measured;
      expect(measured).to.equal(
        "1,500/s single-rule mode (0.075 of createApprovalEngine's 20,000/s); service's rules 200/s (0.010), every rule 12/s (0.00060)",
      );
    });

    it('(10) and (11), PagerDuty, are judged by the targets of (1) and (3)', () => {
      const kinds = (id: number) =>
        checkTargets([])
          .filter((c) => c.scenario === String(id))
          .map((c) => c.target);
      expect(kinds(10)).to.deep.equal(kinds(1));
      expect(kinds(11)[0]).to.equal(kinds(3)[0]);
      expect(passes(11, { firstDecisionMsMax: 120, firstDecisionMsMedian: 100, callBudget: 7 })).to.deep.equal([
        true,
        false, // no call count: nothing is assumed
      ]);
    });
  });
});
