// Typed routing rules → json-rules-engine rules. One engine rule per (routing rule, approval entry) for
// deciding, one more per entry that admits approvers (for canApprove), and one "no access" rule per matching
// rule whose approval list is empty. Every engine rule carries the routing rule's match conditions
// (requestor + resource), names the rule and entry it came from, and fires an event whose params say what a
// host needs to act (whom to page). The output is plain JSON: `oncall-approval compile` prints it, a host
// adds it to its own Engine after `installOnCallPlugin`, and the approval engine interprets the same JSON,
// so the two cannot drift apart.
import type { NestedCondition, TopLevelCondition } from 'json-rules-engine';
import {
  approverConditions,
  autoOnCallCondition,
  escalationOnCallCondition,
  FilterShapeError,
  optionConditions,
  pathConditions,
  requestorConditions,
  resourceConditions,
  type Condition,
} from './conditions.js';
import { checkCompiledRule } from './check.js';
import {
  COMPILED_FORMAT,
  EVENT,
  GROUP,
  PRIORITY,
  type CompiledRule,
  type CompiledRuleSet,
  type EntryEventParams,
  type EventType,
} from './vocabulary.js';
import { patternProblem } from '../routing/pattern.js';
import type { ApprovalEntry, LoadedRule, Problem, ProblemCode, SourceRef } from '../routing/types.js';

export * from './vocabulary.js';

/** Rules that cannot be compiled faithfully. Loading refuses all of these first; this guards hand-built rules. */
export class CompileError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n'));
    this.name = 'CompileError';
  }
}

/** Options whose constraint this engine cannot enforce: an entry using one is an error, never a pass. */
const UNENFORCEABLE = ['requirePreapproval', 'breakGlassApprover'] as const;

/** Every option this engine knows; any other one set on a hand-built rule is a constraint it would ignore. */
const KNOWN_OPTIONS = new Set<string>(['allowOneParty', 'requireReason', 'requireDuration', ...UNENFORCEABLE]);

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

function eventParams(rule: LoadedRule, position: number, index: number, entry: ApprovalEntry): EntryEventParams {
  const params: EntryEventParams = { rule: rule.label, position, entry: index, type: entry.type };
  switch (entry.type) {
    case 'auto':
      params.integration = entry.integration;
      if (entry.services) params.schedules = [...entry.services];
      break;
    case 'escalation':
      params.integration = entry.integration;
      params.schedules = [...entry.services];
      break;
    case 'group':
      params.groups = entry.groups.map((g) => ({
        directory: g.directory,
        id: g.id,
        ...(g.label ? { label: g.label } : {}),
      }));
      params.effect = entry.effect ?? 'keep';
      break;
    case 'requestor-profile':
      params.directory = entry.directory;
      params.profileProperty = entry.profileProperty ?? 'manager';
      break;
    default:
      break;
  }
  if (entry.options && Object.keys(entry.options).length > 0) params.options = { ...entry.options };
  const source = rule.entrySources[index];
  if (source) params.source = { ...source };
  params.ruleSource = { ...rule.source };
  return params;
}

const DECISION_EVENT: Record<ApprovalEntry['type'], EventType> = {
  deny: EVENT.deny,
  persistent: EVENT.approve,
  auto: EVENT.approve,
  escalation: EVENT.path,
  group: EVENT.path,
  p0: EVENT.path,
  'requestor-profile': EVENT.path,
};

const ADMITS_APPROVERS = new Set<ApprovalEntry['type']>(['escalation', 'group', 'p0', 'requestor-profile']);

function compileEntry(rule: LoadedRule, position: number, index: number, match: NestedCondition[][]): CompiledRule[] {
  const entry = rule.approval[index]!;
  const params = eventParams(rule, position, index, entry);
  const name = `${rule.label} / entry ${index} (${entry.type})`;
  // A deny needs nothing but a match: its options cannot weaken it (failing closed).
  const entryConditions = entry.type === 'deny' ? [] : [...optionConditions(entry), ...pathConditions(entry)];
  const onCall = entry.type === 'auto' ? [autoOnCallCondition(entry)] : [];
  const out: CompiledRule[] = [
    {
      name,
      conditions: top(
        ...match,
        group(GROUP.entry, PRIORITY.entry, entryConditions),
        group(GROUP.onCall, PRIORITY.onCall, onCall),
      ),
      event: { type: DECISION_EVENT[entry.type], params },
    },
  ];
  if (ADMITS_APPROVERS.has(entry.type)) {
    const approverOnCall = entry.type === 'escalation' ? [escalationOnCallCondition(entry)] : [];
    out.push({
      name: `${name} / approver`,
      conditions: top(
        ...match,
        group(GROUP.entry, PRIORITY.entry, optionConditions(entry)),
        group(GROUP.approver, PRIORITY.approver, approverConditions(entry)),
        group(GROUP.onCall, PRIORITY.onCall, approverOnCall),
      ),
      event: { type: EVENT.admit, params },
    });
  }
  return out;
}

/** Located problems a rule has that loading should already have refused. */
function ruleProblems(rule: LoadedRule, position: number): Problem[] {
  const problems: Problem[] = [];
  rule.approval.forEach((entry, i) => {
    for (const [option, value] of Object.entries(entry.options ?? {})) {
      if (KNOWN_OPTIONS.has(option) || value === false || value === undefined) continue;
      problems.push(
        problemAt(
          rule.entrySources[i] ?? rule.source,
          'compile.unknown-option',
          `rule ${rule.label}, approval entry ${i}: option ${option} is not one this engine knows, so it cannot be enforced and the entry cannot be used`,
          `/${position}/approval/${i}/options/${option}`,
        ),
      );
    }
    for (const option of UNENFORCEABLE) {
      if (entry.options?.[option]) {
        problems.push(
          problemAt(
            rule.entrySources[i] ?? rule.source,
            'compile.unenforceable-option',
            `rule ${rule.label}, approval entry ${i}: option ${option} cannot be enforced by this engine, so the entry cannot be used`,
            `/${position}/approval/${i}/options/${option}`,
          ),
        );
      }
    }
  });
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

/**
 * Compiles loaded routing rules. Disabled rules are left out (and listed). Throws `CompileError` with
 * located problems for a rule that cannot be compiled faithfully.
 */
export function compileRules(rules: readonly LoadedRule[]): CompiledRuleSet {
  const out: CompiledRule[] = [];
  const disabled: string[] = [];
  const problems: Problem[] = [];
  rules.forEach((rule, position) => {
    problems.push(...ruleProblems(rule, position));
    if (rule.disabled) {
      disabled.push(rule.label);
      return;
    }
    let match: NestedCondition[][];
    try {
      match = [
        group(GROUP.requestor, PRIORITY.match, requestorConditions(rule.requestor)),
        group(GROUP.resource, PRIORITY.match, resourceConditions(rule.resource)),
      ];
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
      return;
    }
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
    rule.approval.forEach((_, i) => out.push(...compileEntry(rule, position, i, match)));
  });
  for (const rule of out) {
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
