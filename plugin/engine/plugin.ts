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
//
// The request (and the approver) go through the same check as `decide` and `canApprove`, so a host's
// Engine refuses exactly what they refuse, with the same InvalidRequestError:
// - `run({ request, approver })` checks them before any rule is evaluated (the Engine is left as it was,
//   ready for the next run) and runs on the checked copies;
// - a request supplied otherwise (a `Fact`, the host's own Almanac) is checked inside the run, before a
//   fact of ours reads it and whenever one of our rules has been evaluated, so the run rejects instead of
//   ending with our events.
import type { Almanac, Engine, Event } from 'json-rules-engine';
import { EVENT, FACT, PLUGIN_OPERATORS } from '../compile/vocabulary.js';
import { createOperators } from './operators.js';
import { lookUpOnCall, type OnCallProviders } from './on-call-lookup.js';
import { checkDecisionDeadline, decisionDeadline, DEFAULT_DECISION_DEADLINE_MS } from './deadline.js';
import { instantValueToDate } from '../providers/instant.js';
import { checkApprover, checkRequest, InvalidRequestError, type RequestProblem } from '../request/check.js';
import { requestorProfile, resourceAttribute } from '../request/facts.js';
import type { AccessRequest } from '../request/types.js';

export interface OnCallPluginOptions {
  /** On-call providers by integration name; an integration without one is never satisfied. */
  providers: OnCallProviders;
  /** The `now` fact's default (a run may pass its own `now`). Default: the system clock. */
  clock?: () => Date;
  /** Security reviewers for `p0` entries (a run may pass its own `reviewers`). Default: none. */
  reviewers?: readonly string[];
  /** Break-glass approvers for entries with `breakGlassApprover` (a run may pass its own). Default: none. */
  breakGlassApprovers?: readonly string[];
  /**
   * The most one run spends on on-call lookups, in milliseconds, from its first lookup: lookups still pending
   * then count as unknown (never on call). Default 5000, as for the approval engine.
   */
  decisionDeadlineMs?: number;
}

/**
 * A `now` fact may be given as a Date, whole epoch milliseconds, or an RFC 3339 instant with its zone
 * (`2026-11-26T08:00:00Z`, `...+01:00`) and at most millisecond precision. Text without a zone would be read
 * in the host's local time, hours away from the instant meant, and finer digits would be cut: neither is an
 * instant, so the lookups fail and nobody counts as on call.
 */
export function toDate(value: unknown): Date {
  return instantValueToDate(value);
}

export function installedIntegrations(providers: OnCallProviders): string[] {
  return Object.entries(providers)
    .filter(([, p]) => p !== undefined && p !== null)
    .map(([name]) => name)
    .sort();
}

/** A value as JSON holds it (a Fact, a Map or a Date is not). */
function isPlain(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === Array.prototype || proto === null;
}

/** The events of compiled rules; a host's own rules in the same Engine are left alone. */
const OUR_EVENTS: ReadonlySet<string> = new Set(Object.values(EVENT));

/**
 * The request and approver of one run, checked: the checked request, or an InvalidRequestError. An absent
 * approver (`null`, the default fact, or `undefined`) means the run decides a request.
 */
function checkedFacts(request: unknown, approver: unknown): { request: AccessRequest; approver: unknown } {
  const problems: RequestProblem[] = [];
  const asked = checkRequest(request);
  problems.push(...asked.problems);
  let who: unknown = approver;
  if (approver !== null && approver !== undefined) {
    const asking = checkApprover(approver);
    problems.push(...asking.problems);
    who = asking.approver;
  }
  if (!asked.request || problems.length > 0) throw new InvalidRequestError(problems);
  return { request: asked.request, approver: who };
}

export function installOnCallPlugin(engine: Engine, options: OnCallPluginOptions): Engine {
  const providers = { ...options.providers };
  const clock = options.clock ?? (() => new Date());
  const deadlineMs = checkDecisionDeadline(options.decisionDeadlineMs ?? DEFAULT_DECISION_DEADLINE_MS);
  // One deadline per run (a run has its own Almanac), started by its first lookup.
  const deadlines = new WeakMap<Almanac, AbortSignal>();
  const deadlineOf = (almanac: Almanac): AbortSignal => {
    let signal = deadlines.get(almanac);
    if (signal === undefined) deadlines.set(almanac, (signal = decisionDeadline(deadlineMs).signal));
    return signal;
  };
  const operators = createOperators();
  for (const name of PLUGIN_OPERATORS) engine.addOperator(name, operators[name]);

  engine.addFact(FACT.now, () => clock());
  engine.addFact(FACT.approver, null);
  engine.addFact(FACT.reviewers, [...(options.reviewers ?? [])]);
  engine.addFact(FACT.breakGlassApprovers, [...(options.breakGlassApprovers ?? [])]);
  engine.addFact(FACT.integrations, installedIntegrations(providers));

  // Before the run: plain runtime facts (the way the README and `oncall-approval compile` show).
  const run = engine.run.bind(engine);
  engine.run = (facts = {}, runOptions) => {
    // A value other than a plain mapping or list (a `Fact` whose value is computed in the run, or any other
    // class instance) is left to the check inside the run, which reads the value the run sees.
    const given = (id: string) => Object.hasOwn(facts, id) && isPlain(facts[id]);
    if (!given(FACT.request)) return run(facts, runOptions);
    try {
      const checked = checkedFacts(facts[FACT.request], given(FACT.approver) ? facts[FACT.approver] : null);
      const approver = given(FACT.approver) ? { [FACT.approver]: checked.approver } : {};
      return run({ ...facts, [FACT.request]: checked.request, ...approver }, runOptions);
    } catch (err) {
      return Promise.reject(err);
    }
  };

  // Inside the run: whatever supplied the request, once per run (a run has its own Almanac).
  const verdicts = new WeakMap<Almanac, Promise<AccessRequest>>();
  const checkedRequest = (almanac: Almanac): Promise<AccessRequest> => {
    let verdict = verdicts.get(almanac);
    if (verdict === undefined) {
      verdict = (async () => {
        const request = await almanac.factValue(FACT.request);
        const approver = await almanac.factValue(FACT.approver);
        return checkedFacts(request, approver).request;
      })();
      verdicts.set(almanac, verdict);
    }
    return verdict;
  };
  const afterOurRule = (event: Event, almanac: Almanac) =>
    OUR_EVENTS.has(event?.type) ? checkedRequest(almanac) : undefined;
  engine.on('success', afterOurRule);
  engine.on('failure', afterOurRule);

  // The facts a decision hinges on (attribute filters, profile fields, on-call lookups) read the checked
  // request: a malformed one fails the run before any provider is asked, instead of being read in some
  // unintended way, e.g. a bare string taken as the requestor's email.
  engine.addFact(FACT.resourceAttribute, async (params: Record<string, unknown>, almanac: Almanac) =>
    resourceAttribute(params, await checkedRequest(almanac)),
  );
  engine.addFact(FACT.requestorProfile, async (params: Record<string, unknown>, almanac: Almanac) =>
    requestorProfile(params, await checkedRequest(almanac)),
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
    return lookUpOnCall(providers, { fact, integration: String(params.integration ?? ''), schedules }, now, {
      signal: deadlineOf(almanac),
    });
  };
  engine.addFact(FACT.onCallAny, onCall('onCallAny'));
  engine.addFact(FACT.onCallFor, onCall('onCallFor'));
  return engine;
}
