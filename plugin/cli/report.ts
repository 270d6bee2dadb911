// How `oncall-approval test` shows what happened: each failing case with expected against actual at the
// line that holds the expectation, the engine's reasons and its trace; GitHub annotations on request.
import type { ConditionTrace, Problem, TraceItem } from '../index.js';
import type { CaseResult, Mismatch } from '../index.js';

const where = (l: { file: string; line: number; column: number }) => `${l.file}:${l.line}:${l.column}`;

function short(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/**
 * Facts and operators without the plugin's namespace (`oncall-approval.request` reads as `request`); the
 * checked request and approver, which compiled conditions read, read as the request and the approver.
 */
const bare = (name: string) =>
  name.replace(/^oncall-approval\./, '').replace(/^checked(Request|Approver)$/, (_all, w: string) => w.toLowerCase());

function conditionLine(c: ConditionTrace): string {
  const subject = `${bare(c.fact)}${c.path ? c.path.replace(/^\$/, '') : ''}${c.params ? ` ${short(c.params)}` : ''}`;
  const outcome = c.result === null ? 'not evaluated' : c.result ? 'true' : 'false';
  const actual =
    c.valueResult !== undefined ? `${short(c.factResult)} vs ${short(c.valueResult)}` : short(c.factResult);
  return `${c.group}: ${subject} ${bare(c.operator)} ${short(c.value)} → ${outcome} (actual ${actual})`;
}

/** The trace as indented lines: rules with their conditions and entries, on-call lookups, skipped rules. */
export function traceLines(trace: readonly TraceItem[]): string[] {
  const out: string[] = [];
  for (const item of trace) {
    if (item.kind === 'rule') {
      const at = item.source ? ` (${where(item.source)})` : '';
      out.push(`rule ${item.rule}${at}: ${item.matched ? 'matches' : 'does not match'}`);
      for (const c of item.conditions) out.push(`  ${conditionLine(c)}`);
      for (const e of item.entries) {
        const outcome = e.result === null ? 'not evaluated' : e.result ? 'met' : 'not met';
        out.push(`  entry ${e.entry} (${e.type}${e.role === 'approver' ? ', approver' : ''}): ${outcome}`);
        for (const c of e.conditions) out.push(`    ${conditionLine(c)}`);
      }
    } else if (item.kind === 'lookup') {
      const asked = item.requested ? ` for ${item.requested.join(', ')}` : ' for any schedule';
      out.push(`on-call lookup (${item.integration})${asked} at ${item.at}${item.partial ? ' (stopped early)' : ''}`);
      if (item.listFailure) out.push(`  schedule list failed: ${item.listFailure}`);
      for (const s of item.schedules) {
        const name = s.scheduleName ? `${s.scheduleName} (${s.scheduleId})` : s.scheduleId;
        if (s.status === 'failed') out.push(`  ${name}: failed: ${s.reason ?? 'unknown reason'}`);
        else {
          const people = (s.onCall ?? []).map((p) => `${p.email} until ${p.until}`);
          out.push(`  ${name}: ${people.length ? people.join(', ') : 'nobody on call'}`);
          for (const skip of s.skipped ?? []) out.push(`    skipped entry ${skip.since}–${skip.until}: ${skip.reason}`);
        }
      }
    } else {
      out.push(`skipped ${item.rules.join(', ')}: ${item.why}`);
    }
  }
  return out;
}

function mismatchLine(m: Mismatch): string {
  return `${where(m.at)}: ${m.what}: expected ${m.expected}, got ${m.actual}`;
}

/** The text block of one failing case. */
export function failureText(result: CaseResult): string {
  const c = result.case;
  const lines = [`FAIL ${c.name} (${where(c.at)})`];
  for (const m of result.mismatches) lines.push(`  ${mismatchLine(m)}`);
  const reasons = [...new Set(result.mismatches.flatMap((m) => m.reasons))];
  if (reasons.length) {
    lines.push('  reasons:');
    for (const r of reasons) lines.push(`    - ${r}`);
  }
  if (result.decision) {
    const paths = (result.decision.paths ?? []).map((p) => {
      const who = p.approvers?.length
        ? `, approvers: ${p.approvers.join(', ')}`
        : p.groups?.length
          ? `, groups: ${p.groups.join(', ')}`
          : '';
      return `    - rule ${p.rule}, entry ${p.entry} (${p.type}): ${p.open ? 'open' : 'closed'}${who}${p.why ? ` (${p.why})` : ''}`;
    });
    if (paths.length) lines.push('  approval paths:', ...paths);
    const trace = traceLines(result.decision.trace);
    if (trace.length) {
      lines.push('  trace:');
      for (const t of trace) lines.push(`    ${t}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** A failing case as located problems (one per mismatch), for `--format github` annotations. */
export function failureProblems(result: CaseResult): Problem[] {
  return result.mismatches.map((m) => ({
    ...m.at,
    severity: 'error' as const,
    code: 'test.failed',
    message: `test case "${result.case.name}" failed: ${m.what}: expected ${m.expected}, got ${m.actual}`,
    path: '',
  }));
}

export function summaryLine(passed: number, failed: number): string {
  return `${passed} passed, ${failed} failed\n`;
}
