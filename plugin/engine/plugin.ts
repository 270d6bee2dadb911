// The json-rules-engine plugin: installs into any `Engine` the operators and facts that compiled routing
// rules use, so a host can run `compileRules` output in its own engine:
//
//   const engine = new Engine();
//   installOnCallPlugin(engine, { providers: { incidentio: provider }, reviewers: ['sec@example.com'] });
//   for (const rule of compiled.rules) engine.addRule(rule);
//   const { events } = await engine.run({ request });
//
// On-call lookups happen in async facts (json-rules-engine operators are synchronous); a failing provider
// is caught inside the fact and becomes "unknown", which the operators never count as on call.
// json-rules-engine keeps per-run state on the Engine: never call `run` on one Engine concurrently.
import type { Almanac, Engine } from 'json-rules-engine';
import { FACT, PLUGIN_OPERATORS } from '../compile/vocabulary.js';
import { createOperators } from './operators.js';
import { lookUpOnCall, type OnCallProviders } from './on-call-lookup.js';
import { InvalidRequestError, requestProblems } from '../request/check.js';
import { requestorProfile, resourceAttribute } from '../request/facts.js';

export interface OnCallPluginOptions {
  /** On-call providers by integration name; an integration without one is never satisfied. */
  providers: OnCallProviders;
  /** The `now` fact's default (a run may pass its own `now`). Default: the system clock. */
  clock?: () => Date;
  /** Security reviewers for `p0` entries (a run may pass its own `reviewers`). Default: none. */
  reviewers?: readonly string[];
}

/** A `now` fact may be given as a Date, an ISO string or epoch milliseconds. */
export function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'string' || typeof value === 'number') return new Date(value);
  return new Date(Number.NaN);
}

export function installedIntegrations(providers: OnCallProviders): string[] {
  return Object.entries(providers)
    .filter(([, p]) => p !== undefined && p !== null)
    .map(([name]) => name)
    .sort();
}

export function installOnCallPlugin(engine: Engine, options: OnCallPluginOptions): Engine {
  const providers = { ...options.providers };
  const clock = options.clock ?? (() => new Date());
  const operators = createOperators();
  for (const name of PLUGIN_OPERATORS) engine.addOperator(name, operators[name]);

  engine.addFact(FACT.now, () => clock());
  engine.addFact(FACT.approver, null);
  engine.addFact(FACT.reviewers, [...(options.reviewers ?? [])]);
  engine.addFact(FACT.integrations, installedIntegrations(providers));
  // The facts a decision hinges on (attribute filters, on-call lookups) read the request through the engine's
  // own check, as `decide` does: a malformed request (a string, attributes nested in lists) fails the run
  // instead of being read in some unintended way, e.g. a bare string taken as the requestor's email.
  const checkedRequest = async (almanac: Almanac): Promise<unknown> => {
    const request = await almanac.factValue(FACT.request);
    const problems = requestProblems(request);
    if (problems.length > 0) throw new InvalidRequestError(problems);
    return request;
  };
  engine.addFact(FACT.resourceAttribute, async (params: Record<string, unknown>, almanac: Almanac) =>
    resourceAttribute(params, await checkedRequest(almanac)),
  );
  engine.addFact(FACT.requestorProfile, async (params: Record<string, unknown>, almanac: Almanac) =>
    requestorProfile(params, await almanac.factValue(FACT.request)),
  );
  const onCall = (fact: 'onCallAny' | 'onCallFor') => async (params: Record<string, unknown>, almanac: Almanac) => {
    await checkedRequest(almanac);
    let now: Date;
    try {
      now = toDate(await almanac.factValue(FACT.now));
    } catch {
      now = new Date(Number.NaN); // becomes a failed lookup: never on call
    }
    const schedules = Array.isArray(params.schedules)
      ? params.schedules.filter((s): s is string => typeof s === 'string')
      : [];
    return lookUpOnCall(providers, { fact, integration: String(params.integration ?? ''), schedules }, now);
  };
  engine.addFact(FACT.onCallAny, onCall('onCallAny'));
  engine.addFact(FACT.onCallFor, onCall('onCallFor'));
  return engine;
}
