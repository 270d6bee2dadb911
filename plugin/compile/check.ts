// Checks a compiled rule before anyone runs it: every operator is one the plugin installs or one of
// json-rules-engine's own, every fact is one of ours, every boolean group has members. json-rules-engine
// would only notice an unknown operator while running a request, and `any: []` silently passes there. No
// condition reads the host's request or approver fact: only their checked copies.
import type { NestedCondition, TopLevelCondition } from 'json-rules-engine';
import { CHECKED_FACT, FACT_NAMES, KNOWN_OPERATORS, type CompiledRule } from './vocabulary.js';

type AnyCondition = NestedCondition | TopLevelCondition;

function isFactRef(value: unknown): value is { fact: string } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'fact' in value;
}

function walk(condition: AnyCondition, where: string, out: string[]): void {
  const c = condition as Record<string, unknown>;
  for (const op of ['all', 'any'] as const) {
    if (op in c) {
      const list = c[op];
      if (!Array.isArray(list)) out.push(`${where}: '${op}' must be a list`);
      else if (op === 'any' && list.length === 0)
        out.push(`${where}: an empty 'any' always passes in json-rules-engine`);
      else list.forEach((child, i) => walk(child as AnyCondition, `${where}.${op}[${i}]`, out));
      return;
    }
  }
  if ('not' in c) return walk(c.not as AnyCondition, `${where}.not`, out);
  if ('condition' in c) {
    out.push(`${where}: condition references are not used by this compiler`);
    return;
  }
  const operator = c.operator;
  if (typeof operator !== 'string' || !KNOWN_OPERATORS.has(operator)) {
    out.push(
      `${where}: unknown operator '${String(operator)}' (not installed by the plugin, not built into json-rules-engine)`,
    );
  }
  if (typeof c.fact !== 'string' || !FACT_NAMES.has(c.fact)) out.push(`${where}: unknown fact '${String(c.fact)}'`);
  if (isFactRef(c.value) && !FACT_NAMES.has(c.value.fact))
    out.push(`${where}: unknown fact '${c.value.fact}' in value`);
  for (const fact of [c.fact, isFactRef(c.value) ? c.value.fact : undefined]) {
    if (typeof fact === 'string' && Object.hasOwn(CHECKED_FACT, fact))
      out.push(`${where}: reads the host's fact '${fact}' instead of its checked copy '${CHECKED_FACT[fact]}'`);
  }
}

/** Messages (empty when the rule is sound). */
export function checkCompiledRule(rule: CompiledRule): string[] {
  const out: string[] = [];
  walk(rule.conditions, 'conditions', out);
  return out;
}
