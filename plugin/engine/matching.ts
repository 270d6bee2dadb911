// The steps `decide` and `canApprove` share: find the matching rules (through the service index) and
// evaluate one entry, recording what was evaluated for the trace.
import type { EntryEventParams } from '../compile/vocabulary.js';
import type { ApprovalType } from '../routing/types.js';
import type { EntryRef, EntryTrace, RuleTrace, TraceItem } from './decision-types.js';
import { evalGroups, type PreparedEntry, type PreparedRoutingRule, type PreparedRuleSet } from './evaluator.js';
import type { Session } from './session.js';

export interface Matched {
  rule: PreparedRoutingRule;
  trace: RuleTrace;
}

/** Rules whose requestor and resource match, in rule order. Pushes a trace item for every rule considered. */
export function matchRules(set: PreparedRuleSet, session: Session, service: unknown, trace: TraceItem[]): Matched[] {
  const { rules, skipped } = set.candidates(service);
  if (skipped.length > 0) {
    trace.push({
      kind: 'skipped',
      why: `these rules are for another service than ${JSON.stringify(service)}`,
      rules: skipped,
    });
  }
  if (set.disabled.length > 0) trace.push({ kind: 'skipped', why: 'these rules are disabled', rules: set.disabled });
  const matched: Matched[] = [];
  for (const rule of rules) {
    // One object literal per shape (with or without a source), in the key order the JSON shows.
    const t: RuleTrace = rule.source
      ? { kind: 'rule', rule: rule.label, source: rule.source, matched: false, conditions: [], entries: [] }
      : { kind: 'rule', rule: rule.label, matched: false, conditions: [], entries: [] };
    // Match conditions never need a lookup (checked when the rule set was prepared), so this is synchronous.
    t.matched = evalGroups(rule.match, session, t.conditions) === true;
    trace.push(t);
    if (t.matched) matched.push({ rule, trace: t });
  }
  return matched;
}

/** The entry an event names, as decisions cite it. */
// Built field by field rather than with conditional spreads: this runs for every entry of every decision,
// and the key order (what the JSON shows) stays the same.
export function entryRef(p: EntryEventParams): EntryRef {
  const ref: EntryRef = { rule: p.rule, entry: p.entry, type: p.type as EntryRef['type'] };
  if (p.integration) ref.integration = p.integration;
  return ref;
}

export interface EntryRun {
  entry: PreparedEntry;
  params: EntryEventParams;
  trace: EntryTrace;
}

/** An entry's trace slot, not yet evaluated (`result: null`), attached to its rule's trace. */
export function entryRun(matched: Matched, entry: PreparedEntry, role: EntryTrace['role']): EntryRun {
  const params = entry.rule.event.params;
  const trace: EntryTrace = {
    entry: params.entry,
    type: params.type as ApprovalType,
    role,
    result: null,
    conditions: [],
  };
  matched.trace.entries.push(trace);
  return { entry, params, trace };
}

/** Evaluates the entry's own groups (the rule already matched). Synchronous unless a lookup is needed. */
export function runEntry(run: EntryRun, session: Session): boolean | Promise<boolean> {
  const r = evalGroups(run.entry.groups, session, run.trace.conditions);
  if (r instanceof Promise) {
    return r.then((v) => {
      run.trace.result = v;
      return v;
    });
  }
  run.trace.result = r;
  return r;
}
