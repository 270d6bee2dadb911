// A small interpreter for compiled rules, used by `decide` and `canApprove` instead of a json-rules-engine
// run. It reads the very JSON a host loads into json-rules-engine, with the same operators and facts and
// json-rules-engine's own meaning of `all` / `any` / `not`, `path` and fact-valued `value`, so the two agree
// by construction (spec/engine/host-agreement.spec.ts checks it). What it adds:
//   - all state lives in a per-decision context, so concurrent decisions share nothing mutable;
//   - condition trees are turned into closures once, patterns compiled once;
//   - synchronous conditions never wait on a promise, and on-call lookups run only when a decision needs them;
//   - every condition it evaluates is recorded with its actual values, for the trace.
import type { NestedCondition, TopLevelCondition } from 'json-rules-engine';
import { guardGroup } from '../compile/conditions.js';
import {
  EVENT,
  FACT,
  GROUP,
  KNOWN_OPERATORS,
  lookupKind,
  OPERATOR,
  OPERATOR_KEYS,
  OTHER_RULES_RULE_NAME,
  type CompiledRule,
  type CompiledRuleSet,
} from '../compile/vocabulary.js';
import { compileFilterPattern, type FilterPattern } from '../routing/pattern.js';
import type { SourceRef } from '../routing/types.js';
import type { OnCallAnswer } from '../providers/contract.js';
import { briefAnswer } from './answer-views.js';
import type { ConditionTrace } from './decision-types.js';
import { BUILTIN_OPERATOR_FNS, createOperators, valueMatches, type OperatorFn } from './operators.js';
import type { LookupRequest } from './on-call-lookup.js';
import { requestorProfile, resourceAttribute } from '../request/facts.js';

/** What one evaluation may read. Made fresh for every decision. */
export interface EvalContext {
  request: unknown;
  approver: unknown;
  reviewers: readonly string[];
  breakGlassApprovers: readonly string[];
  integrations: readonly string[];
  now: Date;
  /** Memoised per context: the same lookup asked twice is one provider call. At once when at hand. */
  lookup(request: LookupRequest): OnCallAnswer | Promise<OnCallAnswer>;
}

type Getter = (ctx: EvalContext) => unknown;

/** A compiled condition, ready to evaluate; its written part is what the trace reports. */
export interface Leaf extends Pick<ConditionTrace, 'group' | 'fact' | 'path' | 'params' | 'operator' | 'value'> {
  kind: 'leaf';
  /** True when either side needs an on-call lookup. */
  async: boolean;
  /** True when the value is a fact reference (its result is traced too). */
  valueIsFact: boolean;
  left: Getter;
  right: Getter;
  test: OperatorFn;
}

interface Bool {
  kind: 'all' | 'any' | 'not';
  children: Node[];
  async: boolean;
}

export type Node = Leaf | Bool;

const ASYNC_FACTS = new Set<string>([FACT.onCallAny, FACT.onCallFor]);
const SIMPLE_PATH = /^\$(\.[A-Za-z_][A-Za-z0-9_]*)+$/;

/** json-rules-engine's path rule: a path applies to objects; any other fact value is returned as it is. */
function pathWalker(path: string): (value: unknown) => unknown {
  if (!SIMPLE_PATH.test(path)) throw new Error(`path '${path}' is not one this engine evaluates`);
  const keys = path.slice(2).split('.');
  const step = (cur: unknown, k: string): unknown =>
    cur !== null && typeof cur === 'object' && Object.hasOwn(cur, k) ? (cur as Record<string, unknown>)[k] : undefined;
  // Paths of one and two keys (nearly all: `$.reason`, `$.resource.service`) are walked without a loop.
  if (keys.length === 1) {
    const [a] = keys as [string];
    return (value) => (value === null || typeof value !== 'object' ? value : step(value, a));
  }
  if (keys.length === 2) {
    const [a, b] = keys as [string, string];
    return (value) => (value === null || typeof value !== 'object' ? value : step(step(value, a), b));
  }
  return (value) => {
    if (value === null || typeof value !== 'object') return value;
    let cur: unknown = value;
    for (const k of keys) {
      cur = step(cur, k);
      if (cur === undefined) return undefined;
    }
    return cur;
  };
}

/** The fact's value with the path applied; `async` when the fact may give a promise. */
function pathGetter(inner: Getter, path: string | undefined, async: boolean): Getter {
  if (path === undefined || path === '') return inner;
  const walk = pathWalker(path);
  if (!async) return (ctx) => walk(inner(ctx));
  return (ctx) => {
    const v = inner(ctx);
    return v instanceof Promise ? v.then(walk) : walk(v);
  };
}

/** Facts whose getter depends on the whole rule set rather than on one condition. */
interface SharedFacts {
  /** Whether another rule matches (what `some` rules require); absent when no rule decides it. */
  otherRuleMatches?: Getter;
}

function factGetter(fact: string, params: Record<string, unknown> | undefined, shared: SharedFacts): Getter {
  switch (fact) {
    // The context's request and approver are the checked ones: a compiled condition reads nothing else.
    case FACT.checkedRequest:
      return (ctx) => ctx.request;
    case FACT.checkedApprover:
      return (ctx) => ctx.approver;
    case FACT.request:
    case FACT.approver:
      throw new Error(`compiled conditions read the checked copy of '${fact}', never the fact itself`);
    case FACT.otherRuleMatches:
      if (shared.otherRuleMatches === undefined)
        throw new Error(`'${fact}' is read, but no rule '${OTHER_RULES_RULE_NAME}' decides it`);
      return shared.otherRuleMatches;
    case FACT.reviewers:
      return (ctx) => ctx.reviewers;
    case FACT.breakGlassApprovers:
      return (ctx) => ctx.breakGlassApprovers;
    case FACT.integrations:
      return (ctx) => ctx.integrations;
    case FACT.now:
      return (ctx) => ctx.now;
    case FACT.service:
      // The request in a context has passed the check.
      return (ctx) => (ctx.request as { resource?: { service?: unknown } } | null)?.resource?.service ?? null;
    case FACT.resourceAttribute:
      return (ctx) => resourceAttribute(params ?? {}, ctx.request);
    case FACT.requestorProfile:
      return (ctx) => requestorProfile(params ?? {}, ctx.request);
    case FACT.onCallAny:
    case FACT.onCallFor: {
      const schedules = Array.isArray(params?.schedules)
        ? params.schedules.filter((s): s is string => typeof s === 'string')
        : [];
      const request: LookupRequest = {
        fact: lookupKind(fact)!,
        integration: String(params?.integration ?? ''),
        schedules,
      };
      Object.freeze(schedules);
      Object.freeze(request);
      return (ctx) => ctx.lookup(request);
    }
    default:
      throw new Error(`unknown fact '${fact}'`);
  }
}

function isFactRef(value: unknown): value is { fact: string; params?: Record<string, unknown>; path?: string } {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, 'fact');
}

function prepareLeaf(
  c: Record<string, unknown>,
  group: string,
  operators: Record<string, OperatorFn>,
  shared: SharedFacts,
): Leaf {
  const operator = String(c.operator);
  if (!KNOWN_OPERATORS.has(operator)) throw new Error(`unknown operator '${operator}'`);
  const fact = String(c.fact);
  const params = c.params as Record<string, unknown> | undefined;
  const path = c.path as string | undefined;
  const left = pathGetter(factGetter(fact, params, shared), path, ASYNC_FACTS.has(fact));
  let right: Getter;
  let async = ASYNC_FACTS.has(fact);
  const value = c.value;
  if (isFactRef(value)) {
    right = pathGetter(factGetter(value.fact, value.params, shared), value.path, ASYNC_FACTS.has(value.fact));
    async ||= ASYNC_FACTS.has(value.fact);
  } else {
    right = () => value;
  }
  let test = operators[operator]!;
  // Constant patterns are compiled now rather than looked up on every decision.
  if ((operator === OPERATOR.matchesPattern || operator === OPERATOR.notMatchesPattern) && typeof value === 'string') {
    let re: FilterPattern | undefined;
    try {
      re = compileFilterPattern(value);
    } catch {
      re = undefined;
    }
    test =
      re === undefined
        ? () => false
        : operator === OPERATOR.matchesPattern
          ? (v) => valueMatches(v, re)
          : (v) => !valueMatches(v, re);
  }
  return {
    kind: 'leaf',
    group,
    fact,
    ...(path ? { path } : {}),
    ...(params ? { params } : {}),
    operator,
    value,
    async,
    valueIsFact: isFactRef(value),
    left,
    right,
    test,
  };
}

export function prepareNode(
  condition: NestedCondition | TopLevelCondition,
  group: string,
  operators: Record<string, OperatorFn>,
  shared: SharedFacts = {},
): Node {
  const c = condition as Record<string, unknown>;
  for (const kind of ['all', 'any'] as const) {
    if (Object.hasOwn(c, kind)) {
      const children = (c[kind] as NestedCondition[]).map((child) => prepareNode(child, group, operators, shared));
      return { kind, children, async: children.some((ch) => ch.async) };
    }
  }
  if (Object.hasOwn(c, 'not')) {
    const child = prepareNode(c.not as NestedCondition, group, operators, shared);
    return { kind: 'not', children: [child], async: child.async };
  }
  if (Object.hasOwn(c, 'condition')) throw new Error('condition references are not supported');
  return prepareLeaf(c, group, operators, shared);
}

// ---- evaluation -------------------------------------------------------------------------------------

type Out = ConditionTrace[] | undefined;

function record(leaf: Leaf, out: Out, result: boolean | null, factResult?: unknown, valueResult?: unknown): void {
  if (out === undefined) return;
  // The usual condition (a path into the checked request, compared with a constant) is written as one object
  // literal, so every such trace item has one shape; the others are built up key by key, in the same order.
  if (leaf.path !== undefined && leaf.params === undefined && !leaf.valueIsFact) {
    const { group, fact, path, operator, value } = leaf;
    out.push(
      result === null
        ? { group, fact, path, operator, value, result }
        : { group, fact, path, operator, value, factResult: summarise(factResult), result },
    );
    return;
  }
  const t: ConditionTrace = { group: leaf.group, fact: leaf.fact } as ConditionTrace;
  if (leaf.path) t.path = leaf.path;
  if (leaf.params) t.params = leaf.params;
  t.operator = leaf.operator;
  t.value = leaf.value;
  if (result !== null) {
    t.factResult = summarise(factResult);
    if (leaf.valueIsFact) t.valueResult = summarise(valueResult);
  }
  t.result = result;
  out.push(t);
}

/** On-call answers are large: the trace shows them once, as lookups; conditions show who was on call. */
function summarise(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && 'schedules' in value && 'at' in value) {
    return briefAnswer(value as OnCallAnswer);
  }
  return value;
}

function skip(node: Node, out: Out): void {
  if (out === undefined) return;
  if (node.kind === 'leaf') record(node, out, null);
  else for (const child of node.children) skip(child, out);
}

function evalLeaf(leaf: Leaf, ctx: EvalContext, out: Out): boolean | Promise<boolean> {
  const l = leaf.left(ctx);
  const r = leaf.right(ctx);
  if (l instanceof Promise || r instanceof Promise) {
    return Promise.all([l, r]).then(([lv, rv]) => {
      const result = leaf.test(lv, rv) === true;
      record(leaf, out, result, lv, rv);
      return result;
    });
  }
  const result = leaf.test(l, r) === true;
  record(leaf, out, result, l, r);
  return result;
}

/** `all`/`any` over children from `from`, short-circuiting; sync until a child returns a promise. */
function evalList(
  kind: 'all' | 'any',
  children: Node[],
  from: number,
  ctx: EvalContext,
  out: Out,
): boolean | Promise<boolean> {
  const stopOn = kind === 'any';
  for (let i = from; i < children.length; i++) {
    const r = evalNode(children[i]!, ctx, out);
    if (r instanceof Promise) {
      return r.then((v) => {
        if (v === stopOn) {
          for (let j = i + 1; j < children.length; j++) skip(children[j]!, out);
          return stopOn;
        }
        return evalList(kind, children, i + 1, ctx, out);
      });
    }
    if (r === stopOn) {
      for (let j = i + 1; j < children.length; j++) skip(children[j]!, out);
      return stopOn;
    }
  }
  // json-rules-engine: an empty `all` and an empty `any` both pass (the compiler never emits an empty `any`).
  return children.length === 0 ? true : !stopOn;
}

export function evalNode(node: Node, ctx: EvalContext, out: Out): boolean | Promise<boolean> {
  switch (node.kind) {
    case 'leaf':
      return evalLeaf(node, ctx, out);
    case 'all':
    case 'any':
      return evalList(node.kind, node.children, 0, ctx, out);
    case 'not': {
      const r = evalNode(node.children[0]!, ctx, out);
      return r instanceof Promise ? r.then((v) => !v) : !r;
    }
  }
}

// ---- the prepared rule set --------------------------------------------------------------------------

export interface PreparedEntry {
  rule: CompiledRule;
  /** Groups after the match (entry, approver, on-call), in evaluation order: synchronous first. */
  groups: Node[];
}

export interface PreparedRoutingRule {
  label: string;
  source?: SourceRef;
  position: number;
  /** The requestor and resource groups (all synchronous). */
  match: Node[];
  /** `resource.service` when the rule names one: the index key. */
  service?: string;
  /** Decision entries (deny / approve / path / no-access), in entry order. */
  decide: PreparedEntry[];
  /** Approver entries (admit), in entry order. */
  admit: PreparedEntry[];
}

export interface PreparedRuleSet {
  rules: PreparedRoutingRule[];
  disabled: readonly string[];
  /** Rules that may match a request for this service, in rule order, and the labels of those that cannot. */
  candidates(service: unknown): { rules: readonly PreparedRoutingRule[]; skipped: readonly string[] };
}

const MATCH_GROUPS = new Set<string>([GROUP.requestor, GROUP.resource]);

function topGroups(rule: CompiledRule): Array<{ name: string; condition: NestedCondition }> {
  const top = rule.conditions as Record<string, unknown>;
  if (!Array.isArray(top.all) || Object.keys(top).some((k) => k !== 'all' && k !== 'name' && k !== 'priority')) {
    throw new Error(`compiled rule '${rule.name}' is not in the shape compileRules produces`);
  }
  return (top.all as NestedCondition[]).map((condition) => ({
    name: String((condition as { name?: unknown }).name ?? ''),
    condition,
  }));
}

function serviceOf(match: Node[]): string | undefined {
  for (const group of match) {
    if (group.kind !== 'all') continue;
    for (const c of group.children) {
      if (
        c.kind === 'leaf' &&
        c.fact === FACT.checkedRequest &&
        c.path === '$.resource.service' &&
        c.operator === 'equal' &&
        typeof c.value === 'string'
      ) {
        return c.value;
      }
    }
  }
  return undefined;
}

/** The operator table by compiled name: json-rules-engine's own and the plugin's. */
export function operatorTable(): Record<string, OperatorFn> {
  const ours = createOperators();
  const table: Record<string, OperatorFn> = { ...BUILTIN_OPERATOR_FNS };
  for (const key of OPERATOR_KEYS) table[OPERATOR[key]] = ours[key];
  return table;
}

const isOtherRulesRule = (rule: CompiledRule): boolean =>
  rule.name === OTHER_RULES_RULE_NAME || rule.event.type === EVENT.otherRuleMatches;

/**
 * The getter of `FACT.otherRuleMatches`: the set's one rule deciding it, evaluated at most once per context
 * (decision), as json-rules-engine evaluates that rule once per run, before the rules reading it.
 */
function otherRulesGetter(set: CompiledRuleSet, operators: Record<string, OperatorFn>): SharedFacts {
  const deciding = set.rules.filter(isOtherRulesRule);
  if (deciding.length === 0) return {};
  const rule = deciding[0]!;
  const groups = topGroups(rule);
  if (
    deciding.length > 1 ||
    rule.name !== OTHER_RULES_RULE_NAME ||
    rule.event.type !== EVENT.otherRuleMatches ||
    groups.length !== 2 ||
    groups[0]!.name !== GROUP.guard ||
    JSON.stringify(groups[0]!.condition) !== JSON.stringify(guardGroup(undefined)[0]) ||
    groups[1]!.name !== GROUP.otherRules
  ) {
    throw new Error(`compiled rule '${rule.name}' is not in the shape compileRules produces`);
  }
  const node = prepareNode(groups[1]!.condition, GROUP.otherRules, operators);
  if (node.async) throw new Error(`compiled rule '${rule.name}': match conditions must not need on-call lookups`);
  const memo = new WeakMap<EvalContext, boolean>();
  return {
    otherRuleMatches: (ctx) => {
      let matches = memo.get(ctx);
      if (matches === undefined) {
        // Synchronous (checked above); only a context with a checked request gets here, past a rule's guard.
        matches = evalNode(node, ctx, undefined) === true;
        memo.set(ctx, matches);
      }
      return matches;
    },
  };
}

/** Turns compiled rules into closures, grouped by routing rule and indexed by service. Throws on unknown shapes. */
export function prepareRuleSet(set: CompiledRuleSet): PreparedRuleSet {
  const operators = operatorTable();
  const shared = otherRulesGetter(set, operators);
  const byLabel = new Map<string, PreparedRoutingRule & { matchJson: string }>();
  for (const rule of set.rules) {
    if (isOtherRulesRule(rule)) continue;
    const params = rule.event.params;
    const all = topGroups(rule);
    // The guard is what the check of the request and the service index do here: it must say exactly that.
    const guards = all.filter((g) => g.name === GROUP.guard);
    const groups = all.filter((g) => g.name !== GROUP.guard);
    const matchGroups = groups.filter((g) => MATCH_GROUPS.has(g.name));
    const rest = groups.filter((g) => !MATCH_GROUPS.has(g.name));
    const matchJson = JSON.stringify(matchGroups.map((g) => g.condition));
    let routing = byLabel.get(params.rule);
    if (routing === undefined) {
      const match = matchGroups.map((g) => prepareNode(g.condition, g.name, operators, shared));
      if (match.some((m) => m.async))
        throw new Error(`compiled rule '${rule.name}': match conditions must not need on-call lookups`);
      routing = {
        label: params.rule,
        ...(params.ruleSource ? { source: params.ruleSource } : {}),
        position: params.position,
        match,
        service: serviceOf(match),
        decide: [],
        admit: [],
        matchJson,
      };
      byLabel.set(params.rule, routing);
    } else if (routing.matchJson !== matchJson) {
      throw new Error(`compiled rules of '${params.rule}' disagree on the rule's match conditions`);
    }
    if (JSON.stringify(guards.map((g) => g.condition)) !== JSON.stringify(guardGroup(routing.service))) {
      throw new Error(`compiled rule '${rule.name}' does not begin with the guard its service needs`);
    }
    const prepared = rest.map((g) => prepareNode(g.condition, g.name, operators, shared));
    // Synchronous groups first: an entry whose options fail never triggers a lookup.
    prepared.sort((a, b) => Number(a.async) - Number(b.async));
    (rule.event.type === EVENT.admit ? routing.admit : routing.decide).push({ rule, groups: prepared });
  }
  const rules = [...byLabel.values()].map(({ matchJson: _ignored, ...r }) => r).sort((a, b) => a.position - b.position);
  for (const r of rules) {
    r.decide.sort((a, b) => a.rule.event.params.entry - b.rule.event.params.entry);
    r.admit.sort((a, b) => a.rule.event.params.entry - b.rule.event.params.entry);
  }

  // Index by service: a request only ever needs the rules for its service plus those for any service.
  const anyService = rules.filter((r) => r.service === undefined);
  const serviceRules = rules.filter((r) => r.service !== undefined);
  const allServiceLabels = Object.freeze(serviceRules.map((r) => r.label));
  const index = new Map<string, { rules: readonly PreparedRoutingRule[]; skipped: readonly string[] }>();
  for (const service of new Set(serviceRules.map((r) => r.service!))) {
    index.set(service, {
      rules: Object.freeze(rules.filter((r) => r.service === undefined || r.service === service)),
      skipped: Object.freeze(serviceRules.filter((r) => r.service !== service).map((r) => r.label)),
    });
  }
  const other = { rules: Object.freeze(anyService), skipped: allServiceLabels };
  return {
    rules,
    disabled: Object.freeze([...set.disabled]),
    candidates: (service) => (typeof service === 'string' && index.get(service)) || other,
  };
}

/** Evaluates groups in order (stopping at the first that fails, recording the rest as not evaluated). */
export function evalGroups(groups: Node[], ctx: EvalContext, out: Out): boolean | Promise<boolean> {
  return evalList('all', groups, 0, ctx, out);
}
