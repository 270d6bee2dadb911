// Scenario 9: the host path. A host's own json-rules-engine `Engine`, made fresh for every request as
// docs/hosts.md asks of concurrent hosts, with the plugin installed, over 500 compiled routing rules on 50
// services, on-call data cached. Three ways a host can load the compiled rules, each against
// `createApprovalEngine(...).decide` over the same rules, provider and requests:
//   - single-rule mode: `installOnCallPlugin(engine, { rules: compiled })`, one rule that decides (the
//     target's subject);
//   - the request's service's rules: only `rulesForService(compiled, service)` added;
//   - every compiled rule: all of them added (each begins with its service guard).
// Every decision of every host mode is checked against `decide` first, so a fast wrong answer cannot pass.
import { Engine } from 'json-rules-engine';
import { compileRules, FACT, installOnCallPlugin, outcomeOf, rulesForService, type AccessRequest } from '../api.js';
import { assertAgreement, describeMix, type Decider, type DecisionKind } from '../baselines/outcome.js';
import { compare, type MemorySampler } from '../harness.js';
import { createEngine, createProvider, loadRules, startWorldSimulator } from '../ours.js';
import type { Scenario, ScenarioResult } from '../report.js';
import { generateWorld } from '../world.js';

export interface HostPathSizes {
  rules: number;
  services: number;
  schedules: number;
  users: number;
  requests: number;
  warmup: number;
  warmupMs: number;
  rounds: number;
  perRound: number;
  /** Passes over each round's inputs: createApprovalEngine, single-rule mode, the service's rules. */
  repeat: { approvalEngine: number; singleRule: number; service: number };
  /** Every compiled rule added per request takes milliseconds: only every `everyRuleStride`-th input. */
  everyRuleStride: number;
}

export const HOST_SINGLE_RULE = 'host, single-rule mode';
export const HOST_SERVICE = "host, the request's service's rules";
export const HOST_EVERY_RULE = 'host, every compiled rule';
export const APPROVAL_ENGINE = 'createApprovalEngine';

async function run(sizes: HostPathSizes, memory: MemorySampler): Promise<ScenarioResult> {
  memory.reset();
  const world = generateWorld({
    rules: sizes.rules,
    services: sizes.services,
    schedules: sizes.schedules,
    users: sizes.users,
    requests: sizes.requests,
  });
  const rules = loadRules(world.yaml);
  const compiled = compileRules(rules);
  const clock = () => world.now;
  const reviewers = world.reviewers;
  const sim = await startWorldSimulator(world.schedules);
  try {
    const provider = createProvider(sim.url, clock);
    const providers = { incidentio: provider };
    const engine = createEngine(rules, provider, reviewers, clock);
    const hostRun = async (build: (engine: Engine, request: AccessRequest) => void, request: AccessRequest) => {
      const host = new Engine();
      build(host, request);
      return outcomeOf((await host.run({ [FACT.request]: request })).events).decision as DecisionKind;
    };
    const modes: Record<string, (request: AccessRequest) => Promise<DecisionKind>> = {
      [HOST_SINGLE_RULE]: (request) =>
        hostRun((host) => installOnCallPlugin(host, { providers, reviewers, clock, rules: compiled }), request),
      [HOST_SERVICE]: (request) =>
        hostRun((host) => {
          installOnCallPlugin(host, { providers, reviewers, clock });
          for (const rule of rulesForService(compiled, request.resource.service)) host.addRule(rule);
        }, request),
      [HOST_EVERY_RULE]: (request) =>
        hostRun((host) => {
          installOnCallPlugin(host, { providers, reviewers, clock });
          for (const rule of compiled.rules) host.addRule(rule);
        }, request),
    };
    const ours: Decider = { name: APPROVAL_ENGINE, decide: async (r) => (await engine.decide(r)).decision };
    const hosts: Decider[] = Object.entries(modes).map(([name, decide]) => ({ name, decide }));
    // Also the warm-up of the cache: the first pass fetches every schedule once.
    const mix = await assertAgreement('(9) host path', world.requests, ours, hosts);
    const callsBeforeTiming = sim.calls.total;
    const at = (i: number): AccessRequest => world.requests[i % world.requests.length]!;
    const rows = await compare(
      [
        { name: HOST_SINGLE_RULE, op: (i) => modes[HOST_SINGLE_RULE]!(at(i)), repeat: sizes.repeat.singleRule },
        { name: APPROVAL_ENGINE, op: (i) => engine.decide(at(i)), repeat: sizes.repeat.approvalEngine },
        { name: HOST_SERVICE, op: (i) => modes[HOST_SERVICE]!(at(i)), repeat: sizes.repeat.service },
        { name: HOST_EVERY_RULE, op: (i) => modes[HOST_EVERY_RULE]!(at(i)), stride: sizes.everyRuleStride },
      ],
      { warmup: sizes.warmup, warmupMs: sizes.warmupMs, rounds: sizes.rounds, perRound: sizes.perRound, memory },
    );
    const during = sim.calls.total - callsBeforeTiming;
    if (during !== 0)
      throw new Error(`(9) host path: ${during} API calls during the timed loop; the cache should serve all`);
    const byName = new Map(rows.map((m) => [m.name, m]));
    const perSecond = (name: string) => byName.get(name)!.decisionsPerSecond;
    // Throughput of each host mode as a share of createApprovalEngine's (1 = as fast, 0.1 = ten times slower).
    const share = (name: string) => perSecond(name) / perSecond(APPROVAL_ENGINE);
    const single = byName.get(HOST_SINGLE_RULE)!;
    return {
      id: 9,
      name: `(9) host path: a fresh Engine per request, ${sizes.rules} routing rules (${compiled.rules.length} compiled) over ${sizes.services} services, cached`,
      decisionsPerSecond: single.decisionsPerSecond,
      p50us: single.p50us,
      p99us: single.p99us,
      peakMB: memory.peakMB(),
      apiCalls: sim.calls.total,
      // Time of the single-rule host mode ÷ each other way (the table's last column).
      ratios: {
        [APPROVAL_ENGINE]: single.meanUs / byName.get(APPROVAL_ENGINE)!.meanUs,
        [HOST_SERVICE]: single.meanUs / byName.get(HOST_SERVICE)!.meanUs,
        [HOST_EVERY_RULE]: single.meanUs / byName.get(HOST_EVERY_RULE)!.meanUs,
      },
      extra: {
        rules: sizes.rules,
        compiledRules: compiled.rules.length,
        requests: world.requests.length,
        singleRulePerSecond: perSecond(HOST_SINGLE_RULE),
        servicePerSecond: perSecond(HOST_SERVICE),
        everyRulePerSecond: perSecond(HOST_EVERY_RULE),
        approvalEnginePerSecond: perSecond(APPROVAL_ENGINE),
        singleRuleShareOfApprovalEngine: share(HOST_SINGLE_RULE),
        serviceShareOfApprovalEngine: share(HOST_SERVICE),
        everyRuleShareOfApprovalEngine: share(HOST_EVERY_RULE),
        ...mix,
      },
      rows,
      notes: [
        `${sizes.rules} routing rules compiled to ${compiled.rules.length} json-rules-engine rules, ${world.schedules.length} schedules, ${world.requests.length} distinct requests; a new Engine (and installOnCallPlugin) for every decision.`,
        `every host mode reached decide's decision on every request before timing; ${describeMix(mix)}`,
        ...[HOST_SINGLE_RULE, HOST_SERVICE, HOST_EVERY_RULE].map(
          (name) =>
            `${name}: ${Math.round(perSecond(name)).toLocaleString('en-US')} decisions/s, ${share(name).toPrecision(2)} of createApprovalEngine's throughput`,
        ),
        `API calls: all made while warming the cache before timing (none during the timed loop).`,
      ],
    };
  } finally {
    await sim.close();
  }
}

export const scenario: Scenario<HostPathSizes> = {
  id: 9,
  sizes: {
    full: {
      rules: 500,
      services: 50,
      schedules: 20,
      users: 300,
      requests: 200,
      warmup: 20,
      warmupMs: 1000,
      rounds: 5,
      perRound: 200,
      repeat: { approvalEngine: 15, singleRule: 3, service: 1 },
      everyRuleStride: 20,
    },
    tiny: {
      rules: 30,
      services: 5,
      schedules: 4,
      users: 20,
      requests: 40,
      warmup: 2,
      warmupMs: 0,
      rounds: 2,
      perRound: 40,
      repeat: { approvalEngine: 1, singleRule: 1, service: 1 },
      everyRuleStride: 4,
    },
  },
  run,
};
