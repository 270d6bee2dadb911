// Our side of every scenario: load the routing text as a user would, stand the simulator up with the
// world's schedules, and build the approval engine over the real incident.io provider.
import {
  createApprovalEngine,
  createIncidentIoProvider,
  createPagerDutyProvider,
  loadRoutingText,
  startPagerDutySimulator,
  startSimulator,
} from './api.js';
import type {
  ApprovalEngine,
  IncidentIoProvider,
  IncidentIoSettings,
  LoadedRule,
  OnCallProvider,
  Simulator,
} from './api.js';
import { pagerDutyData, type BenchSchedule } from './world.js';

export const BENCH_KEY = 'bench-api-key';

/** Load routing text, failing loudly on any error: a benchmark of a rejected file measures nothing. */
export function loadRules(yaml: string, file = 'bench-rules.yaml'): LoadedRule[] {
  const result = loadRoutingText(yaml, file);
  const errors = result.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    const shown = errors.slice(0, 5).map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`);
    throw new Error(`the generated routing file does not load:\n${shown.join('\n')}`);
  }
  return result.rules;
}

export function startWorldSimulator(
  schedules: BenchSchedule[],
  options: { latencyMs?: number; pageSize?: number; now?: () => Date } = {},
): Promise<Simulator> {
  return startSimulator({
    data: { schedules },
    apiKey: BENCH_KEY,
    ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
    ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
}

export type Provider = IncidentIoProvider;

export function createProvider(url: string, clock: () => Date, settings: Partial<IncidentIoSettings> = {}): Provider {
  return createIncidentIoProvider({
    apiKey: BENCH_KEY,
    baseUrl: url,
    clock,
    // The default fetch (what a host gets without passing one), so the numbers are what users see.
    ...settings,
  });
}

export function createEngine(
  rules: LoadedRule[] | undefined,
  provider: OnCallProvider,
  reviewers: string[],
  clock: () => Date,
): ApprovalEngine {
  return createApprovalEngine({
    ...(rules === undefined ? {} : { rules }),
    providers: { incidentio: provider },
    reviewers,
    clock,
  });
}

/** The on-call provider a scenario asks: the same schedules, served by incident.io's API or PagerDuty's. */
export type ProviderKind = 'incidentio' | 'pagerduty';

/** A simulator of one provider's API with the world's schedules, and how to build providers against it. */
export interface Backend {
  kind: ProviderKind;
  calls: { total: number; byPath: Record<string, number>; reset(): void };
  /** A fresh provider (empty cache) in front of the simulator; `parallelism` as the provider's setting. */
  provider(
    clock: () => Date,
    settings?: { parallelism?: number },
  ): OnCallProvider & { settings: { parallelism: number } };
  engine(
    rules: LoadedRule[] | undefined,
    provider: OnCallProvider,
    reviewers: string[],
    clock: () => Date,
  ): ApprovalEngine;
  close(): Promise<void>;
}

export async function startBackend(
  kind: ProviderKind,
  schedules: BenchSchedule[],
  options: { latencyMs?: number; pageSize?: number; now?: () => Date } = {},
): Promise<Backend> {
  const engine = (rules: LoadedRule[] | undefined, provider: OnCallProvider, reviewers: string[], clock: () => Date) =>
    createApprovalEngine({
      ...(rules === undefined ? {} : { rules }),
      providers: { [kind]: provider },
      reviewers,
      clock,
    });
  if (kind === 'incidentio') {
    const sim = await startWorldSimulator(schedules, options);
    return {
      kind,
      calls: sim.calls,
      provider: (clock, settings = {}) => createProvider(sim.url, clock, settings),
      engine,
      close: () => sim.close(),
    };
  }
  const sim = await startPagerDutySimulator({
    data: pagerDutyData(schedules),
    apiKey: BENCH_KEY,
    ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
    ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  return {
    kind,
    calls: sim.calls,
    // The default fetch, as with incident.io.
    provider: (clock, settings = {}) =>
      createPagerDutyProvider({ apiKey: BENCH_KEY, baseUrl: sim.url, clock, ...settings }),
    engine,
    close: () => sim.close(),
  };
}
