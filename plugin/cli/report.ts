// How `oncall-approval test` shows what happened: each failing case with expected against actual at the
// line that holds the expectation, the engine's reasons and its trace; GitHub annotations on request; the
// whole run as one JSON document or as JUnit XML (`--format json|junit`) for CI dashboards.
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

/** One test file's part of a run: its cases' results, or the problems that kept it from running. */
export interface FileRun {
  file: string;
  /** Every problem of the file: errors when `invalid`, else warnings. */
  problems: Problem[];
  results: CaseResult[];
  invalid: boolean;
}

const problemJson = (p: Problem) => ({
  file: p.file,
  line: p.line,
  column: p.column,
  severity: p.severity,
  code: p.code,
  message: p.message,
});

/**
 * `--format json`: `{passed, failed, invalidFiles, files: [{file, status, problems, cases}]}`, each case
 * `{name, file, line, passed, mismatches: [{what, expected, actual, file, line, column, reasons}]}`, and the
 * decision a failing case got (`decision`).
 */
export function testReportJson(runs: readonly FileRun[], passed: number, failed: number): string {
  const files = runs.map((r) => ({
    file: r.file,
    status: r.invalid ? 'invalid' : r.results.every((c) => c.passed) ? 'passed' : 'failed',
    problems: r.problems.map(problemJson),
    cases: r.results.map((c) => ({
      name: c.case.name,
      file: c.case.at.file,
      line: c.case.at.line,
      passed: c.passed,
      mismatches: c.mismatches.map((m) => ({
        what: m.what,
        expected: m.expected,
        actual: m.actual,
        file: m.at.file,
        line: m.at.line,
        column: m.at.column,
        reasons: m.reasons,
      })),
      ...(c.passed || !c.decision ? {} : { decision: c.decision.decision }),
    })),
  }));
  const invalidFiles = runs.filter((r) => r.invalid).length;
  return JSON.stringify({ passed, failed, invalidFiles, files }, null, 2) + '\n';
}

/** Text as XML character data or an attribute value; characters XML 1.0 cannot hold at all are dropped. */
function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * `--format junit`: the JUnit XML most CI dashboards read (Jenkins, GitLab, GitHub test reporters): one
 * `<testsuite>` per test file, one `<testcase>` per case run (`<failure>` with the same text as the text
 * report), and an invalid file as a suite with one `<error>` case holding its problems. No timings: a
 * dashboard shows none rather than a made-up one.
 */
export function testReportJunit(runs: readonly FileRun[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const total = (f: (r: FileRun) => number) => runs.reduce((n, r) => n + f(r), 0);
  const tests = (r: FileRun) => (r.invalid ? 1 : r.results.length);
  const failures = (r: FileRun) => r.results.filter((c) => !c.passed).length;
  const errors = (r: FileRun) => (r.invalid ? 1 : 0);
  out.push(
    `<testsuites name="oncall-approval test" tests="${total(tests)}" failures="${total(failures)}" errors="${total(errors)}">`,
  );
  for (const r of runs) {
    out.push(
      `  <testsuite name="${xml(r.file)}" tests="${tests(r)}" failures="${failures(r)}" errors="${errors(r)}" skipped="0">`,
    );
    if (r.invalid) {
      const text = r.problems.map((p) => `${where(p)}: ${p.severity}: ${p.message}`).join('\n');
      out.push(`    <testcase name="${xml(r.file)}" classname="${xml(r.file)}" file="${xml(r.file)}">`);
      out.push(`      <error message="the test file could not be run" type="invalid">${xml(text)}</error>`);
      out.push('    </testcase>');
    }
    for (const c of r.results) {
      const head = `    <testcase name="${xml(c.case.name)}" classname="${xml(r.file)}" file="${xml(c.case.at.file)}" line="${c.case.at.line}"`;
      if (c.passed) {
        out.push(`${head}/>`);
        continue;
      }
      const first = c.mismatches[0];
      const message = first ? `${first.what}: expected ${first.expected}, got ${first.actual}` : 'failed';
      out.push(`${head}>`);
      out.push(`      <failure message="${xml(message)}" type="mismatch">${xml(failureText(c))}</failure>`);
      out.push('    </testcase>');
    }
    const warnings = r.invalid ? [] : r.problems;
    if (warnings.length)
      out.push(
        `    <system-err>${xml(warnings.map((p) => `${where(p)}: ${p.severity}: ${p.message}`).join('\n'))}</system-err>`,
      );
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
