// The json-rules-engine plugin: installs into a host's `Engine` the operators and facts that compiled routing
// rules use, so a host runs `compileRules` output next to its own rules:
//
//   const engine = new Engine();
//   installOnCallPlugin(engine, { providers: { incidentio: provider }, reviewers: ['sec@example.com'] });
//   for (const rule of compiled.rules) engine.addRule(rule);
//   const { events } = await engine.run({ [FACT.request]: request });
//   const outcome = outcomeOf(events);
//
// A good guest in the host's Engine:
// - every name it adds is namespaced (`oncall-approval.*`, but for the operators `isOnCallAny` and
//   `isOnCallFor`), and it refuses to install over, or to be replaced by, a definition of any of its names;
// - a run without our request fact evaluates one guard condition per compiled rule and nothing else of ours;
// - a malformed request (or approver) never rejects the run: our rules stay "not applicable", and the
//   plugin's own rule fires `oncall-approval.invalid-request` with the problems, which `outcomeOf` reads as a
//   denial. The check is the one `decide` applies (plugin/request/), whichever way the request arrived.
// - our events are completed as they fire (grant, approvers now, reasons), from the same approval-type
//   definitions `decide` uses, so `outcomeOf` says what `decide` says.
//
// Single-rule mode (`rules` in the options): the plugin adds one rule that decides with the approval
// engine's evaluator over the compiled rules, for hosts with many rules (json-rules-engine evaluates every
// rule of every run).
//
// On-call lookups happen in async facts (json-rules-engine operators are synchronous), memoised per run and
// bound to one deadline per run; a failing or late provider becomes "unknown", which the operators never
// count as on call. json-rules-engine keeps per-run state on the Engine: never call `run` on one Engine
// concurrently.
import type { Almanac, Engine, Event, RuleProperties, RuleResult } from 'json-rules-engine';
import { definitionOf, EFFECTS, effectOf } from '../approval-types/index.js';
import { printable, where } from '../approval-types/explain.js';
import { errorText } from '../printable.js';
import { checkCompiledRule } from '../compile/check.js';
import type { CompiledRule, CompiledRuleSet, EntryEventParams } from '../compile/vocabulary.js';
import {
  EVENT,
  EVENT_PREFIX,
  FACT,
  NAMESPACE,
  OPERATOR_KEYS,
  OPERATOR,
  OTHER_RULES_RULE_NAME,
  PLUGIN_OPERATORS,
} from '../compile/vocabulary.js';
import { checkDecisionDeadline, decisionDeadline, DEFAULT_DECISION_DEADLINE_MS } from './deadline.js';
import { instantValueToDate } from '../providers/instant.js';
import { checkApprover, checkRequest, InvalidRequestError, type RequestProblem } from '../request/check.js';
import { requestorProfile, resourceAttribute } from '../request/facts.js';
import type { AccessRequest, Approver } from '../request/types.js';
import { canApproveWith } from './can-approve.js';
import { decideWith, onCallUnknown } from './decide.js';
import type { CanApproveResult, ConditionTrace, Decision } from './decision-types.js';
import { prepareRuleSet, type PreparedRuleSet } from './evaluator.js';
import { checkGrantDuration, DEFAULT_GRANT, grantFor } from './grant.js';
import type { OnCallProviders } from './on-call-lookup.js';
import { createOperators } from './operators.js';
import { Session } from './session.js';

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
  /** How long an `auto` approval lasts (a positive ISO 8601 duration), as in `createApprovalEngine`. Default PT1H. */
  grantDuration?: string;
  /**
   * Single-rule mode: the compiled rules, decided by one rule the plugin adds (event `oncall-approval.decision`
   * with the whole decision). Leave the compiled rules out of the Engine then.
   */
  rules?: CompiledRuleSet;
}

/** Installing would replace a definition the Engine already has (or the plugin is installed twice). */
/** The rule as JSON when it fires one of our events (a Rule instance is read through its own JSON). */
function compiledJsonOf(rule: unknown): CompiledRule | undefined {
  if (typeof rule !== 'object' || rule === null) return undefined;
  const r = rule as { toJSON?: (stringify?: boolean) => unknown; event?: { type?: unknown } };
  const json = (typeof r.toJSON === 'function' ? r.toJSON(false) : rule) as {
    event?: { type?: unknown };
    conditions?: unknown;
    name?: unknown;
  };
  const type = json?.event?.type;
  if (typeof type !== 'string' || !type.startsWith(EVENT_PREFIX)) return undefined;
  return json as unknown as CompiledRule;
}

export class PluginInstallError extends Error {
  constructor(readonly names: readonly string[]) {
    super(
      `the Engine already defines ${names.map((n) => `'${n}'`).join(', ')}: the oncall-approval plugin will not replace a definition (is it installed twice, or does the host use one of its names?)`,
    );
    this.name = 'PluginInstallError';
  }
}

/**
 * A rule added to the Engine fires one of the plugin's events but is not sound compiled JSON: it reads the
 * host's unchecked request or approver (JSON compiled by an older version, or edited by hand), names a fact
 * or operator the plugin does not define, or is a second copy of the rule `some` requestors depend on (two
 * compiled sets in one Engine would share its answer). Refused when it is added, never run.
 */
export class PluginRuleError extends Error {
  constructor(
    readonly rule: string,
    readonly problems: readonly string[],
  ) {
    super(
      `rule '${rule}' fires an oncall-approval event but cannot be run faithfully: ${problems.join('; ')}; add the rules of one compileRules() output (recompiled with this version), and pool routing files with loadRoutingFiles instead of adding two compiled sets`,
    );
    this.name = 'PluginRuleError';
  }
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

/** The check of one run's request and approver (the value of `FACT.check`). */
export type RunCheck =
  | { status: 'absent'; problems: [] }
  | { status: 'valid'; problems: []; request: AccessRequest; approver: Approver | null }
  | { status: 'invalid'; problems: RequestProblem[] };

function checkFacts(request: unknown, approver: unknown): RunCheck {
  if (request === undefined || request === null) return { status: 'absent', problems: [] };
  const asked = checkRequest(request);
  const problems = [...asked.problems];
  let who: Approver | null = null;
  if (approver !== null && approver !== undefined) {
    const asking = checkApprover(approver);
    problems.push(...asking.problems);
    who = asking.approver ?? null;
  }
  if (!asked.request || problems.length > 0) return { status: 'invalid', problems };
  return { status: 'valid', problems: [], request: asked.request, approver: who };
}

/** Names the plugin's facts are installed under (the request is the host's to give). */
const OUR_FACTS = [
  FACT.now,
  FACT.approver,
  FACT.reviewers,
  FACT.breakGlassApprovers,
  FACT.integrations,
  FACT.onCallAny,
  FACT.onCallFor,
  FACT.resourceAttribute,
  FACT.requestorProfile,
  FACT.service,
  FACT.check,
  FACT.decision,
  FACT.checkedRequest,
  FACT.checkedApprover,
  FACT.otherRuleMatches,
] as const;

/**
 * Facts the plugin derives from the run's request, which a run may not supply itself: a host's value would
 * stand in for what the check returned.
 */
const DERIVED_FACTS: readonly string[] = [
  FACT.service,
  FACT.check,
  FACT.decision,
  FACT.checkedRequest,
  FACT.checkedApprover,
  FACT.otherRuleMatches,
  FACT.resourceAttribute,
  FACT.requestorProfile,
  FACT.onCallAny,
  FACT.onCallFor,
];

/** A run was given a fact the plugin derives itself (a mistake in the host, refused rather than trusted). */
export class PluginRunError extends Error {
  constructor(readonly names: readonly string[]) {
    super(
      `the run supplies ${names.map((n) => `'${n}'`).join(', ')}, which the oncall-approval plugin derives from the checked request: pass the request as '${FACT.request}' only`,
    );
    this.name = 'PluginRunError';
  }
}

const OUR_NAMES: ReadonlySet<string> = new Set<string>([...OUR_FACTS, ...PLUGIN_OPERATORS]);

/** Whether the Engine defines an operator: json-rules-engine 7 keeps them in an OperatorMap, 6 in a Map. */
function hasOperator(engine: Engine, name: string): boolean {
  const ops = (engine as unknown as { operators?: unknown }).operators;
  if (ops instanceof Map) return ops.has(name);
  const inner = (ops as { operators?: unknown } | undefined)?.operators;
  return inner instanceof Map && inner.has(name);
}

function hasFact(engine: Engine, name: string): boolean {
  const facts = (engine as unknown as { facts?: unknown }).facts;
  return (facts instanceof Map && facts.has(name)) || engine.getFact(name) !== undefined;
}

/** The rule that reports a malformed request as an event (json-rules-engine rules cannot reject softly). */
export const CHECK_RULE_NAME = `${NAMESPACE} / request check`;
/** Single-rule mode's one rule. */
export const DECISION_RULE_NAME = `${NAMESPACE} / decision`;

const checkRule = (): RuleProperties => ({
  name: CHECK_RULE_NAME,
  conditions: { all: [{ fact: FACT.check, path: '$.status', operator: 'equal', value: 'invalid' }] },
  event: { type: EVENT.invalid, params: {} },
});

const decisionRule = (): RuleProperties => ({
  name: DECISION_RULE_NAME,
  conditions: { all: [{ fact: FACT.decision, operator: OPERATOR.isPresent, value: true }] },
  event: { type: EVENT.decision, params: {} },
});

// Preparing compiled rules is the slow part of single-rule mode; a host making an Engine per request passes
// the same compiled set each time.
const preparedSets = new WeakMap<CompiledRuleSet, PreparedRuleSet>();
function prepared(set: CompiledRuleSet): PreparedRuleSet {
  let p = preparedSets.get(set);
  if (p === undefined) {
    p = prepareRuleSet(set);
    preparedSets.set(set, p);
  }
  return p;
}

/** The evaluated leaves of a rule result, as the approval types' sentences read conditions. */
function leaves(condition: unknown, out: ConditionTrace[] = [], group = ''): ConditionTrace[] {
  if (typeof condition !== 'object' || condition === null) return out;
  const c = condition as Record<string, unknown>;
  const name = typeof c.name === 'string' ? c.name : group;
  for (const key of ['all', 'any'] as const) {
    if (Array.isArray(c[key])) {
      for (const child of c[key] as unknown[]) leaves(child, out, name);
      return out;
    }
  }
  if (c.not !== undefined) return leaves(c.not, out, name);
  if (typeof c.operator !== 'string') return out;
  out.push({
    group: name,
    fact: String(c.fact),
    ...(typeof c.path === 'string' ? { path: c.path } : {}),
    ...(c.params ? { params: c.params as Record<string, unknown> } : {}),
    operator: c.operator,
    value: c.value,
    factResult: c.factResult,
    valueResult: c.valueResult,
    result: typeof c.result === 'boolean' ? c.result : null,
  });
  return out;
}

/** The reason a malformed request is denied: every problem, after its place. */
export function problemReasons(problems: readonly RequestProblem[]): string[] {
  return [printable(`The request cannot be decided, so it is denied: ${new InvalidRequestError(problems).message}.`)];
}

/** A `now` that is no instant: an approval's end could not be computed, so the request is not decided. */
const NOT_AN_INSTANT: RequestProblem = {
  code: 'request.invalid-value',
  subject: 'request',
  pointer: '',
  part: 'value',
  message: `the run's ${FACT.now} fact is not an instant (a Date, epoch milliseconds, or RFC 3339 text with its zone)`,
};

export function installOnCallPlugin(engine: Engine, options: OnCallPluginOptions): Engine {
  const taken = [...OUR_NAMES].filter((n) => hasFact(engine, n) || hasOperator(engine, n));
  if (taken.length > 0) throw new PluginInstallError(taken);

  const providers = { ...options.providers };
  const integrations = installedIntegrations(providers);
  const clock = options.clock ?? (() => new Date());
  const grantDuration = checkGrantDuration(options.grantDuration ?? DEFAULT_GRANT);
  const deadlineMs = checkDecisionDeadline(options.decisionDeadlineMs ?? DEFAULT_DECISION_DEADLINE_MS);
  const rules = options.rules === undefined ? undefined : prepared(options.rules);
  const operators = createOperators();
  for (const key of OPERATOR_KEYS) engine.addOperator(OPERATOR[key], operators[key]);

  // Defaults a run may replace, all computed: json-rules-engine caches a constant fact's value by its name
  // for the run, so a constant default would shadow the host's `Fact` of the same name (the approver as a
  // `Fact` would read as no approver).
  const reviewers = [...(options.reviewers ?? [])];
  const breakGlassApprovers = [...(options.breakGlassApprovers ?? [])];
  engine.addFact(FACT.now, () => clock());
  engine.addFact(FACT.approver, () => null);
  engine.addFact(FACT.reviewers, () => [...reviewers]);
  engine.addFact(FACT.breakGlassApprovers, () => [...breakGlassApprovers]);
  engine.addFact(FACT.integrations, () => [...integrations]);

  // One check and one session per run (a run has its own Almanac), whatever supplied the request: a plain
  // runtime fact, a `Fact` computed in the run, or the host's own Almanac.
  interface RunState {
    check: RunCheck;
    session?: Session;
    /** Set when the rule deciding `FACT.otherRuleMatches` has run (it runs before the rules reading it). */
    otherRuleMatches?: boolean;
  }
  const emails = (value: unknown): string[] =>
    Array.isArray(value) ? value.filter((r): r is string => typeof r === 'string') : [];
  const runs = new WeakMap<Almanac, Promise<RunState>>();
  const value = async (almanac: Almanac, id: string): Promise<unknown> => {
    try {
      return await almanac.factValue(id);
    } catch {
      return undefined; // an undefined or failing fact: absent
    }
  };
  const stateOf = (almanac: Almanac): Promise<RunState> => {
    let state = runs.get(almanac);
    if (state === undefined) {
      state = (async (): Promise<RunState> => {
        const check = checkFacts(await value(almanac, FACT.request), await value(almanac, FACT.approver));
        if (check.status !== 'valid') return { check };
        const now = toDate(await value(almanac, FACT.now));
        if (Number.isNaN(now.getTime())) return { check: { status: 'invalid', problems: [NOT_AN_INSTANT] } };
        const session = new Session({
          request: check.request,
          approver: check.approver,
          reviewers: emails(await value(almanac, FACT.reviewers)),
          breakGlassApprovers: emails(await value(almanac, FACT.breakGlassApprovers)),
          integrations,
          now,
          providers,
          // The run's one deadline, started by its first lookup that has to wait.
          deadline: () => decisionDeadline(deadlineMs).signal,
        });
        return { check, session };
      })();
      runs.set(almanac, state);
    }
    return state;
  };
  const checked = async (almanac: Almanac): Promise<AccessRequest | undefined> => {
    const { check } = await stateOf(almanac);
    return check.status === 'valid' ? check.request : undefined;
  };

  engine.addFact(FACT.check, async (_params: Record<string, unknown>, almanac: Almanac) => {
    const { check } = await stateOf(almanac);
    return { status: check.status, problems: check.problems };
  });
  // Compiled conditions read the request and approver only through these: what the check returned.
  engine.addFact(FACT.checkedRequest, async (_params: Record<string, unknown>, almanac: Almanac) => {
    return (await checked(almanac)) ?? null;
  });
  engine.addFact(FACT.checkedApprover, async (_params: Record<string, unknown>, almanac: Almanac) => {
    const { check } = await stateOf(almanac);
    return check.status === 'valid' ? check.approver : null;
  });
  engine.addFact(
    FACT.otherRuleMatches,
    async (_params: Record<string, unknown>, almanac: Almanac) => {
      const decided = (await stateOf(almanac)).otherRuleMatches;
      // A `some` rule read this before its deciding rule ran (left out of the Engine, or given a lower
      // priority): failing the run says so, where "no" would silently skip a `some` rule's deny.
      if (decided === undefined)
        throw new Error(
          `'${FACT.otherRuleMatches}' was read before the compiled rule '${OTHER_RULES_RULE_NAME}' ran: add every compiled rule as compileRules gives it`,
        );
      return decided;
    },
    { cache: false },
  );
  engine.addFact(
    FACT.service,
    async (_params: Record<string, unknown>, almanac: Almanac) => (await checked(almanac))?.resource.service ?? null,
  );
  // The facts a decision hinges on read the checked copy of the request, never the host's object.
  engine.addFact(FACT.resourceAttribute, async (params: Record<string, unknown>, almanac: Almanac) => {
    const request = await checked(almanac);
    return request === undefined ? undefined : resourceAttribute(params, request);
  });
  engine.addFact(FACT.requestorProfile, async (params: Record<string, unknown>, almanac: Almanac) => {
    const request = await checked(almanac);
    return request === undefined ? undefined : requestorProfile(params, request);
  });
  const onCall = (fact: 'onCallAny' | 'onCallFor') => async (params: Record<string, unknown>, almanac: Almanac) => {
    const { session } = await stateOf(almanac);
    const schedules = Array.isArray(params.schedules)
      ? params.schedules.filter((s): s is string => typeof s === 'string')
      : [];
    // No session: no valid request, and the guard keeps our rules from asking; answer "nobody" all the same.
    if (session === undefined) return { at: '', schedules: [] };
    return session.lookup({ fact, integration: String(params.integration ?? ''), schedules });
  };
  engine.addFact(FACT.onCallAny, onCall('onCallAny'));
  engine.addFact(FACT.onCallFor, onCall('onCallFor'));
  engine.addFact(FACT.decision, async (_params: Record<string, unknown>, almanac: Almanac) => {
    const state = await stateOf(almanac);
    const { check } = state;
    const { session } = state;
    if (rules === undefined || check.status !== 'valid' || session === undefined) return null;
    try {
      if (check.approver !== null) return await canApproveWith(rules, session, check.request, check.approver);
      return await decideWith(rules, session, check.request, { grantDuration });
    } catch (err) {
      // A decision never throws past its input checks: whatever went wrong, nothing is approved.
      const why = printable(errorText(err));
      if (check.approver !== null) {
        const who = check.approver.email;
        const reasons = [`The check could not be completed (${why}), so ${who} may not approve.`];
        return { allowed: false, approver: who, reasons, trace: session.lookupTraces() } satisfies CanApproveResult;
      }
      return {
        decision: 'denied',
        evaluatedAt: session.now.toISOString(),
        ...(check.request.id !== undefined ? { requestId: check.request.id } : {}),
        reasons: [`The decision could not be completed (${why}), so the request is denied.`],
        trace: session.lookupTraces(),
      } satisfies Decision;
    }
  });

  // The request is checked inside the run, however it arrives (a value, a `Fact`, the host's Almanac), and
  // compiled conditions read only the checked copy. A run's own value for a fact derived from it would
  // override ours (json-rules-engine lets runtime facts replace engine facts), so such a run is refused.
  const run = engine.run.bind(engine);
  engine.run = (facts = {}, runOptions) => {
    // `in`, not own keys: json-rules-engine reads runtime facts with `for...in`, inherited keys included.
    const given = typeof facts === 'object' && facts !== null ? facts : {};
    const supplied = DERIVED_FACTS.filter((name) => name in given);
    if (supplied.length > 0) return Promise.reject(new PluginRunError(supplied));
    return run(facts, runOptions);
  };

  // Nobody replaces or removes a definition of ours afterwards without being told.
  const refuse =
    <A extends unknown[], R>(method: (...args: A) => R) =>
    (...args: A): R => {
      const first = args[0] as { id?: unknown; name?: unknown } | string | null | undefined;
      const id = typeof first === 'string' ? first : String(first?.id ?? first?.name ?? '');
      if (OUR_NAMES.has(id)) throw new PluginInstallError([id]);
      return method(...args);
    };
  engine.addFact = refuse(engine.addFact.bind(engine)) as Engine['addFact'];
  engine.removeFact = refuse(engine.removeFact.bind(engine)) as Engine['removeFact'];
  engine.addOperator = refuse(engine.addOperator.bind(engine)) as Engine['addOperator'];
  engine.removeOperator = refuse(engine.removeOperator.bind(engine)) as Engine['removeOperator'];

  engine.addRule(checkRule());
  if (rules !== undefined) engine.addRule(decisionRule());

  // A rule that fires our events is checked as the compiler checks its own output before it can run: JSON
  // reading the raw request would skip a deny (the guard reads the checked copy), and a second rule deciding
  // `otherRuleMatches` would let one compiled set's answer stand for another's.
  const addRule = engine.addRule.bind(engine);
  let otherRulesRules = 0;
  engine.addRule = ((properties: Parameters<Engine['addRule']>[0]) => {
    const json = compiledJsonOf(properties);
    if (json !== undefined) {
      const problems = checkCompiledRule(json);
      if (json.name === OTHER_RULES_RULE_NAME && ++otherRulesRules > 1)
        problems.push('the Engine already holds this rule: one compiled set per Engine');
      if (problems.length > 0) throw new PluginRuleError(String(json.name ?? ''), problems);
    }
    return addRule(properties);
  }) as Engine['addRule'];

  // Our events are completed as they fire: what a host acts on, from the approval types' own definitions.
  // The rule deciding `FACT.otherRuleMatches` runs before the rules reading it; its result is the fact's value.
  const otherRules = (matches: boolean) => async (event: Event, almanac: Almanac) => {
    if (event?.type === EVENT.otherRuleMatches) (await stateOf(almanac)).otherRuleMatches = matches;
  };
  engine.on('failure', otherRules(false));
  engine.on('success', otherRules(true));
  engine.on('success', async (event: Event, almanac: Almanac, result: RuleResult) => {
    if (typeof event?.type !== 'string' || !event.type.startsWith(`${NAMESPACE}.`)) return;
    if (event.type === EVENT.otherRuleMatches) return;
    const state = await stateOf(almanac);
    const { check } = state;
    const { session } = state;
    const params = (event.params ??= {}) as Record<string, unknown>;
    if (event.type === EVENT.invalid) {
      params.problems = check.problems;
      params.reasons = problemReasons(check.problems);
      return;
    }
    if (event.type === EVENT.decision) {
      params.outcome = await almanac.factValue(FACT.decision);
      return;
    }
    if (check.status !== 'valid' || session === undefined) return;
    await complete(event, params as unknown as EntryEventParams, session, check.request, check.approver, result);
  });

  async function complete(
    event: Event,
    params: EntryEventParams,
    session: Session,
    request: AccessRequest,
    approver: Approver | null,
    result: RuleResult,
  ): Promise<void> {
    const definition = definitionOf(params.type);
    if (definition === undefined) return;
    const conditions = leaves((result as unknown as { conditions?: unknown }).conditions);
    const context = { params, conditions, session, request };
    if (event.type === EVENT.admit) {
      if (approver !== null && definition.admits)
        params.why = printable(definition.admits.because({ ...context, approver }));
      return;
    }
    const effect = effectOf(event.type, params.type);
    if (effect === undefined) return;
    const how = EFFECTS[effect];
    if ('openPath' in definition) {
      if (how.outcome !== 'pending') return;
      const open = await definition.openPath(context);
      if (open.approvers) params.approvers = open.approvers;
      if (onCallUnknown(conditions, params, session)) params.unknown = true;
      params.why = printable(open.why);
      return;
    }
    const needsGrant =
      'grant' in how && (how.grant === 'engine' || (how.grant === 'requested' && request.duration !== undefined));
    const grant =
      'grant' in how && how.grant === 'engine'
        ? grantFor(session.now, grantDuration, request.duration)
        : 'grant' in how && how.grant === 'requested' && request.duration !== undefined
          ? grantFor(session.now, request.duration)
          : undefined;
    if (needsGrant && grant === undefined) {
      // Only an instant near the end of the range of dates gets here: the approval grants nothing.
      params.ungranted = true;
      params.reasons = [
        `${where(params)} would approve, but the grant's end cannot be computed, so the request is denied.`,
      ];
      return;
    }
    if (grant) Object.assign(params, grant);
    params.reasons = definition.decided({ ...context, ...(grant ? { grant } : {}) }).map(printable);
  }

  return engine;
}

/** What single-rule mode's event carries. */
export type SingleRuleOutcome = Decision | CanApproveResult;
