// Typed routing rules → json-rules-engine rules. One engine rule per (routing rule, approval entry) for
// deciding, one more per entry that admits approvers (for canApprove), and one "no access" rule per matching
// rule whose approval list is empty. Every engine rule carries the routing rule's match conditions
// (requestor + resource), names the rule and entry it came from, and fires an event whose params say what a
// host needs to act (whom to page). The output is plain JSON: `oncall-approval compile` prints it, a host
// adds it to its own Engine after `installOnCallPlugin`, and the approval engine interprets the same JSON,
// so the two cannot drift apart.
import type { NestedCondition, TopLevelCondition } from 'json-rules-engine';
import {
  approverBaseConditions,
  breakGlassConditions,
  FilterShapeError,
  guardGroup,
  optionConditions,
  requestorConditions,
  resourceConditions,
  type Condition,
} from './conditions.js';
import { checkCompiledRule } from './check.js';
import {
  CHECKED_FACT,
  COMPILED_FORMAT,
  EVENT,
  FACT,
  GROUP,
  OTHER_RULES_PRIORITY,
  OTHER_RULES_RULE_NAME,
  PRIORITY,
  qualifyOperator,
  type CompiledRule,
  type CompiledRuleSet,
  type EntryEventParams,
} from './vocabulary.js';
import { APPROVAL_TYPE_NAMES, definitionOf, EFFECTS, type ApprovalTypeDefinition } from '../approval-types/index.js';
import { normaliseName } from '../email.js';
import { patternProblem } from '../routing/pattern.js';
import type { ApprovalEntry, LoadedRule, Problem, ProblemCode, SourceRef } from '../routing/types.js';

export * from './vocabulary.js';
export { guardGroup } from './conditions.js';

/** Rules that cannot be compiled faithfully. Loading refuses all of these first; this guards hand-built rules. */
export class CompileError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n'));
    this.name = 'CompileError';
  }
}

/** Options whose constraint this engine cannot enforce: an entry using one is an error, never a pass. */
const UNENFORCEABLE = ['cooldown', 'duration'] as const;

/** Why, in the words every refusal of these options uses. */
export const UNENFORCEABLE_WHY: Record<(typeof UNENFORCEABLE)[number], string> = {
  cooldown: 'it keeps no record of earlier grants, so it cannot tell how long ago the requestor last had access',
  duration:
    "P0's routing API gives it as a bare number with no unit, so no limit on the requested duration can be read from it; use `requireDuration` and your host's grant length",
};

/** Every option this engine enforces; any other one set on a hand-built rule is a constraint it would ignore. */
const KNOWN_OPTIONS = new Set<string>([
  'allowOneParty',
  'requireReason',
  'requireDuration',
  'requirePreapproval',
  'breakGlassApprover',
]);

function problemAt(source: SourceRef | undefined, code: ProblemCode, message: string, path: string): Problem {
  const file = source?.file ?? '(rules)';
  const line = source?.line ?? 1;
  const column = source?.column ?? 1;
  return { file, line, column, endLine: line, endColumn: column, severity: 'error', code, message, path };
}

function group(name: string, priority: number, conditions: Condition[]): NestedCondition[] {
  return conditions.length === 0 ? [] : [{ name, priority, all: conditions }];
}

function top(...groups: NestedCondition[][]): TopLevelCondition {
  return { all: groups.flat() };
}

/** The fact a compiled condition reads in place of `fact`: the checked copy of the request or approver. */
function checkedFact(fact: unknown): unknown {
  return typeof fact === 'string' && Object.hasOwn(CHECKED_FACT, fact) ? CHECKED_FACT[fact] : fact;
}

/**
 * Conditions are written with the operators' short names, against the request and approver facts; the
 * compiled JSON carries the installed names, and reads the request and approver only as the check returned
 * them. The host's own request fact is never read by a compiled rule, however the host supplied it.
 */
function qualify(condition: unknown): void {
  if (typeof condition !== 'object' || condition === null) return;
  const c = condition as Record<string, unknown>;
  for (const key of ['all', 'any'] as const) if (Array.isArray(c[key])) (c[key] as unknown[]).forEach(qualify);
  if (c.not !== undefined) qualify(c.not);
  if (typeof c.operator === 'string') c.operator = qualifyOperator(c.operator);
  if (Object.hasOwn(c, 'fact')) c.fact = checkedFact(c.fact);
  const value = c.value as Record<string, unknown> | undefined;
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, 'fact')) {
    c.value = { ...value, fact: checkedFact(value.fact) };
  }
}

/**
 * What a `some` rule's requestor adds: another rule matches. The rules it means are decided once per run by
 * one rule of their own (`otherRulesRule`), so the compiled JSON and each run stay linear in the rules.
 */
const anotherRuleMatches: Condition = { fact: FACT.otherRuleMatches, operator: 'equal', value: true };

/** The rule that decides `FACT.otherRuleMatches`: any of the given match conditions holds. */
function otherRulesRule(others: Condition[]): CompiledRule {
  return {
    name: OTHER_RULES_RULE_NAME,
    priority: OTHER_RULES_PRIORITY,
    conditions: top(guardGroup(undefined), [{ name: GROUP.otherRules, priority: PRIORITY.match, any: others }]),
    event: {
      type: EVENT.otherRuleMatches,
      params: { rule: OTHER_RULES_RULE_NAME, position: -1, entry: -1, type: 'none' },
    },
  };
}

type Definition = ApprovalTypeDefinition<ApprovalEntry>;

function eventParams(
  rule: LoadedRule,
  position: number,
  index: number,
  entry: ApprovalEntry,
  definition: Definition,
): EntryEventParams {
  const params: EntryEventParams = { rule: rule.label, position, entry: index, type: entry.type };
  Object.assign(params, definition.params?.(entry));
  if (entry.options && Object.keys(entry.options).length > 0) params.options = { ...entry.options };
  const source = rule.entrySources[index];
  if (source) params.source = { ...source };
  params.ruleSource = { ...rule.source };
  return params;
}

function compileEntry(
  rule: LoadedRule,
  position: number,
  index: number,
  definition: Definition,
  match: NestedCondition[][],
): CompiledRule[] {
  const entry = rule.approval[index]!;
  const effect = EFFECTS[definition.decisionEffect];
  const params = eventParams(rule, position, index, entry, definition);
  const name = `${rule.label} / entry ${index} (${entry.type})`;
  const entryConditions = [
    ...(effect.options ? optionConditions(entry) : []),
    ...(definition.admits ? breakGlassConditions(entry) : []),
    ...(definition.conditions?.(entry) ?? []),
  ];
  const onCall = definition.onCall ? [definition.onCall(entry)] : [];
  const out: CompiledRule[] = [
    {
      name,
      conditions: top(
        ...match,
        group(GROUP.entry, PRIORITY.entry, entryConditions),
        group(GROUP.onCall, PRIORITY.onCall, onCall),
      ),
      event: { type: effect.event, params },
    },
  ];
  const admits = definition.admits;
  if (admits) {
    out.push({
      name: `${name} / approver`,
      conditions: top(
        ...match,
        group(GROUP.entry, PRIORITY.entry, optionConditions(entry)),
        group(GROUP.approver, PRIORITY.approver, [
          ...approverBaseConditions(entry),
          ...(admits.conditions?.(entry) ?? []),
        ]),
        group(GROUP.onCall, PRIORITY.onCall, admits.onCall ? [admits.onCall(entry)] : []),
      ),
      event: { type: EVENT.admit, params },
    });
  }
  return out;
}

/** The keys of an entry's type that the entry lacks. */
function missingKeys(entry: ApprovalEntry, definition: Definition): string[] {
  const keys = entry as unknown as Record<string, unknown>;
  return definition.schema.required.filter((key) => keys[key] === undefined);
}

/** The entry's definition, when the compiler can express the entry: its type has one, and it has its keys. */
function usable(entry: ApprovalEntry): Definition | undefined {
  const definition = definitionOf(entry.type);
  return definition && missingKeys(entry, definition).length === 0 ? definition : undefined;
}

/** Located problems a rule has that loading should already have refused. */
function ruleProblems(rule: LoadedRule, position: number): Problem[] {
  const problems: Problem[] = [];
  rule.approval.forEach((entry, i) => {
    const at = rule.entrySources[i] ?? rule.source;
    const definition = definitionOf(entry.type);
    if (!definition) {
      problems.push(
        problemAt(
          at,
          'compile.unknown-approval-type',
          `rule ${rule.label}, approval entry ${i}: type ${JSON.stringify(entry.type)} is not an approval type this engine knows (${APPROVAL_TYPE_NAMES.join(', ')}), so the entry cannot be used`,
          `/${position}/approval/${i}/type`,
        ),
      );
    }
    for (const key of definition ? missingKeys(entry, definition) : []) {
      problems.push(
        problemAt(
          at,
          'compile.missing-key',
          `rule ${rule.label}, approval entry ${i} (${entry.type}): ${key} is missing, so the entry cannot be used`,
          `/${position}/approval/${i}`,
        ),
      );
    }
    for (const [option, value] of Object.entries(entry.options ?? {})) {
      if (KNOWN_OPTIONS.has(option) || (UNENFORCEABLE as readonly string[]).includes(option)) continue;
      if (value === false || value === undefined) continue;
      problems.push(
        problemAt(
          at,
          'compile.unknown-option',
          `rule ${rule.label}, approval entry ${i}: option ${option} is not one this engine knows, so it cannot be enforced and the entry cannot be used`,
          `/${position}/approval/${i}/options/${option}`,
        ),
      );
    }
    for (const option of UNENFORCEABLE) {
      const options = (entry.options ?? {}) as Record<string, unknown>;
      if (options[option] !== undefined && options[option] !== null) {
        problems.push(
          problemAt(
            at,
            'compile.unenforceable-option',
            `rule ${rule.label}, approval entry ${i}: option ${option} cannot be enforced by this engine (${UNENFORCEABLE_WHY[option]}), so the entry cannot be used`,
            `/${position}/approval/${i}/options/${option}`,
          ),
        );
      }
    }
  });
  const agent = rule.requestor.type === 'agentic' ? rule.requestor.agent : undefined;
  if (agent?.type === 'provider' && agent.subjectPattern !== undefined) {
    const why = patternProblem(agent.subjectPattern);
    if (why)
      problems.push(
        problemAt(
          rule.source,
          'compile.bad-pattern',
          `rule ${rule.label}, agent subjectPattern: ${why}`,
          `/${position}/requestor/agent/subjectPattern`,
        ),
      );
  }
  if (rule.resource.type === 'integration') {
    for (const [name, filter] of Object.entries(rule.resource.filters ?? {})) {
      const why = filter.pattern === undefined ? undefined : patternProblem(filter.pattern);
      if (why)
        problems.push(
          problemAt(
            rule.source,
            'compile.bad-pattern',
            `rule ${rule.label}, filter ${name}: ${why}`,
            `/${position}/resource/filters/${name}`,
          ),
        );
    }
  }
  return problems;
}

/** The service a compiled rule's guard names; undefined for a rule that applies to any service. */
export function guardedService(rule: CompiledRule): string | undefined {
  const [first] = (rule.conditions as { all?: unknown[] }).all ?? [];
  const guard = first as { name?: unknown; all?: Array<{ operator?: unknown; value?: unknown }> } | undefined;
  const condition = guard?.name === GROUP.guard ? guard.all?.[0] : undefined;
  return condition?.operator === 'equal' && typeof condition.value === 'string' ? condition.value : undefined;
}

/**
 * The compiled rules that can apply to a request for `service`: its own and those for any service, in order.
 * A host that makes an Engine per request adds only these; the others would fail their guard anyway, but
 * json-rules-engine pays for every rule it holds on every run.
 */
export function rulesForService(set: CompiledRuleSet, service: string): CompiledRule[] {
  // Compiled services are trimmed and lower-case, as the request check makes the request's.
  const wanted = normaliseName(service);
  return set.rules.filter((rule) => {
    const named = guardedService(rule);
    return named === undefined || named === wanted;
  });
}

/**
 * Compiles loaded routing rules. Disabled rules are left out (and listed). Throws `CompileError` with
 * located problems for a rule that cannot be compiled faithfully.
 */
export function compileRules(rules: readonly LoadedRule[]): CompiledRuleSet {
  const out: CompiledRule[] = [];
  const disabled: string[] = [];
  const problems: Problem[] = [];
  // Each enabled rule's own match conditions first: a `some` rule matches only while another one does.
  const own = rules.map((rule, position): { requestor: Condition[]; resource: Condition[] } | undefined => {
    if (rule.disabled) return undefined;
    try {
      return { requestor: requestorConditions(rule.requestor), resource: resourceConditions(rule.resource) };
    } catch (err) {
      if (!(err instanceof FilterShapeError)) throw err;
      problems.push(
        problemAt(
          rule.source,
          'compile.filter-shape',
          `rule ${rule.label}: ${err.message}`,
          `/${position}/resource/filters`,
        ),
      );
      return undefined;
    }
  });
  const others = rules.flatMap((rule, position) => {
    const m = own[position];
    return m && rule.requestor.type !== 'some' ? [{ all: [...m.requestor, ...m.resource] } as Condition] : [];
  });
  const some = rules.some((rule, position) => own[position] !== undefined && rule.requestor.type === 'some');
  if (some && others.length > 0) out.push(otherRulesRule(others));
  rules.forEach((rule, position) => {
    problems.push(...ruleProblems(rule, position));
    if (rule.disabled) {
      disabled.push(rule.label);
      return;
    }
    const conditions = own[position];
    if (!conditions) return;
    const requestor = [...conditions.requestor];
    if (rule.requestor.type === 'some') {
      // With no other rule to match alongside, a `some` rule never matches: nothing is compiled for it.
      if (others.length === 0) return;
      requestor.push(anotherRuleMatches);
    }
    const match: NestedCondition[][] = [
      guardGroup(rule.resource.type === 'any' ? undefined : rule.resource.service),
      group(GROUP.requestor, PRIORITY.match, requestor),
      group(GROUP.resource, PRIORITY.match, conditions.resource),
    ];
    if (rule.approval.length === 0) {
      out.push({
        name: `${rule.label} / no access`,
        conditions: top(...match),
        event: {
          type: EVENT.noAccess,
          params: { rule: rule.label, position, entry: -1, type: 'none', ruleSource: { ...rule.source } },
        },
      });
      return;
    }
    rule.approval.forEach((entry, i) => {
      // An entry the compiler cannot express is a problem reported above; nothing is compiled for it.
      const definition = usable(entry);
      if (definition) out.push(...compileEntry(rule, position, i, definition, match));
    });
  });
  for (const rule of out) {
    qualify(rule.conditions);
    for (const message of checkCompiledRule(rule)) {
      const params = rule.event.params;
      problems.push(
        problemAt(
          params.source,
          'compile.rule-check',
          `compiled rule '${rule.name}': ${message}`,
          `/${params.position}`,
        ),
      );
    }
  }
  if (problems.length > 0) throw new CompileError(problems);
  // A deep copy through JSON: what a host gets is exactly what `compile` prints.
  return JSON.parse(JSON.stringify({ format: COMPILED_FORMAT, rules: out, disabled })) as CompiledRuleSet;
}
