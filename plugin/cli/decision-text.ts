// `--format text` for evaluate and can-approve: the outcome first, then why, then the paths; the trace on
// request (printed by the same code as `oncall-approval test`).
import {
  describeEntry,
  normaliseEmail,
  type AccessRequest,
  type CanApproveResult,
  type Decision,
  type EntryRef,
} from '../index.js';
import { traceLines } from './report.js';

function subject(request: AccessRequest): string {
  const r = request.resource;
  return `${normaliseEmail(request.requestor.email) ?? request.requestor.email} → ${r.service}${r.accessType ? ` (${r.accessType})` : ''}`;
}

const entry = (e: EntryRef) => describeEntry(e);

function withTrace(lines: string[], trace: Decision['trace'] | undefined, show: boolean): string {
  if (show && trace) lines.push('', 'trace:', ...traceLines(trace).map((l) => `  ${l}`));
  return lines.join('\n') + '\n';
}

/** A failed on-call lookup comes first: the answer below was reached without that data. */
function failureLines(failures: readonly string[]): string[] {
  if (!failures.length) return [];
  return [
    'ON-CALL DATA MISSING: the answer below was reached without it, and may change once the provider answers:',
    ...failures.map((f) => `  - ${f}`),
    '',
  ];
}

/** Integrations the rules name without an on-call source: said before the reasons, never silently. */
function notConfigured(lines: string[], notes: readonly string[]): void {
  if (notes.length) lines.push('', 'not configured:', ...notes.map((n) => `  - ${n}`));
}

export function decisionText(
  d: Decision,
  request: AccessRequest,
  showTrace: boolean,
  failures: readonly string[] = [],
  notes: readonly string[] = [],
): string {
  const lines = [...failureLines(failures), `${d.decision.toUpperCase()}  ${subject(request)}  at ${d.evaluatedAt}`];
  if (d.decidedBy) lines.push(`decided by: ${entry(d.decidedBy)}`);
  if (d.grantDuration) lines.push(`grant: ${d.grantDuration}, until ${d.expiresAt}`);
  else if (d.decision === 'approved') lines.push('grant: standing access, no expiry');
  notConfigured(lines, notes);
  // A path's own sentence is printed under the path, not again under "why". An unknown path's sentence is not
  // printed at all: it would say who is (not) on call, which nobody could find out.
  const said = (r: string) => d.paths?.some((p) => r.startsWith(`${entry(p)}: `) && r.includes(p.why)) ?? false;
  const reasons = d.reasons.filter((r) => !said(r));
  if (reasons.length) lines.push('', 'why:', ...reasons.map((r) => `  - ${r}`));
  if (d.paths?.length) {
    lines.push('', 'approval paths:');
    for (const p of d.paths) {
      lines.push(`  ${p.unknown ? 'unknown' : p.open ? 'open   ' : 'closed '} ${entry(p)}`);
      // PagerDuty entries list service IDs (the JSON field keeps its name, `schedules`).
      if (p.schedules)
        lines.push(`          ${p.integration === 'pagerduty' ? 'services' : 'schedules'}: ${p.schedules.join(', ')}`);
      if (p.unknown) {
        lines.push('          may approve now: unknown: every on-call lookup of this path failed (see above)');
        if (p.groups) lines.push(`          groups: ${p.groups.join(', ')}`);
        continue;
      }
      if (p.approvers)
        lines.push(`          may approve now: ${p.approvers.length ? p.approvers.join(', ') : 'nobody yet'}`);
      if (p.groups) lines.push(`          groups: ${p.groups.join(', ')}`);
      lines.push(`          ${p.why}`);
    }
  }
  return withTrace(lines, d.trace, showTrace);
}

export function canApproveText(
  r: CanApproveResult,
  request: AccessRequest,
  showTrace: boolean,
  failures: readonly string[] = [],
  notes: readonly string[] = [],
): string {
  const lines = [
    ...failureLines(failures),
    `${r.allowed ? 'ALLOWED' : 'NOT ALLOWED'}  ${r.approver} ${r.allowed ? 'may' : 'may not'} approve ${subject(request)}`,
  ];
  if (r.admittedBy) lines.push(`admitted by: ${entry(r.admittedBy)}`);
  notConfigured(lines, notes);
  lines.push('', 'why:', ...r.reasons.map((s) => `  - ${s}`));
  return withTrace(lines, r.trace, showTrace);
}
