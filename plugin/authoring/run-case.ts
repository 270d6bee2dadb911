// Running one test case: a fresh engine (never shared between cases, so one case cannot see another's
// on-call data or reviewers), the case's instant as the clock, the case's schedules as the on-call source.
// Only the expectations written in the case are compared.
import { normaliseEmail } from '../email.js';
import { Duration } from 'luxon';
import { createApprovalEngine } from '../engine/approval-engine.js';
import type { CanApproveResult, Decision } from '../engine/decision-types.js';
import { createLocalProvider } from '../providers/local/local-provider.js';
import type { LoadedRule } from '../routing/types.js';
import type { Location, TestCase } from './test-file.js';

export interface Mismatch {
  /** What was compared: `decision`, `grantDuration`, `approvers`, `decidedBy`, `canApprove`, or `error`. */
  what: string;
  expected: string;
  actual: string;
  at: Location;
  /** Sentences that explain the actual outcome (the engine's reasons). */
  reasons: string[];
}

export interface CaseResult {
  case: TestCase;
  passed: boolean;
  mismatches: Mismatch[];
  decision?: Decision;
}

const normalise = (s: string) => normaliseEmail(s) ?? s;
const list = (items: readonly string[]) => (items.length ? items.join(', ') : '(nobody)');

function durationMs(iso: string): number | undefined {
  const d = Duration.fromISO(iso);
  return d.isValid ? d.toMillis() : undefined;
}

/** Everyone who may approve on the decision's open paths. */
export function openApprovers(decision: Decision): string[] {
  const people = (decision.paths ?? []).filter((p) => p.open).flatMap((p) => p.approvers ?? []);
  return [...new Set(people.map(normalise))].sort();
}

export async function runCase(rules: LoadedRule[], c: TestCase): Promise<CaseResult> {
  const engine = createApprovalEngine({
    rules,
    providers: { incidentio: createLocalProvider(c.onCall, { loadedAt: c.now }) },
    reviewers: c.reviewers,
    clock: () => c.now,
  });
  const mismatches: Mismatch[] = [];
  let decision: Decision;
  try {
    decision = await engine.decide(c.request, { now: c.now });
  } catch (err) {
    mismatches.push({
      what: 'error',
      expected: `a decision (${c.expect.decision})`,
      actual: `the engine failed: ${(err as Error)?.message ?? String(err)}`,
      at: c.at,
      reasons: [],
    });
    return { case: c, passed: false, mismatches };
  }
  const { expect } = c;
  const reasons = decision.reasons;

  if (decision.decision !== expect.decision) {
    mismatches.push({
      what: 'decision',
      expected: expect.decision,
      actual: decision.decision,
      at: c.expectAt.decision ?? c.at,
      reasons,
    });
  }
  if (expect.grantDuration !== undefined) {
    const actual = decision.grantDuration;
    if (actual === undefined || durationMs(actual) !== durationMs(expect.grantDuration)) {
      mismatches.push({
        what: 'grantDuration',
        expected: expect.grantDuration,
        actual: actual ?? `no grant (the decision is ${decision.decision})`,
        at: c.expectAt.grantDuration ?? c.at,
        reasons,
      });
    }
  }
  if (expect.decidedBy !== undefined) {
    const actual = decision.decidedBy?.rule;
    if (actual !== expect.decidedBy) {
      mismatches.push({
        what: 'decidedBy',
        expected: `rule ${expect.decidedBy}`,
        actual:
          actual === undefined
            ? `no rule decided (the decision is ${decision.decision})`
            : `rule ${actual} (entry ${decision.decidedBy!.entry}, ${decision.decidedBy!.type})`,
        at: c.expectAt.decidedBy ?? c.at,
        reasons,
      });
    }
  }
  if (expect.approvers !== undefined) {
    const wanted = [...new Set(expect.approvers.map(normalise))].sort();
    const actual = openApprovers(decision);
    if (wanted.join('\n') !== actual.join('\n')) {
      const missing = wanted.filter((e) => !actual.includes(e));
      const extra = actual.filter((e) => !wanted.includes(e));
      const diff = [
        missing.length ? `missing ${missing.join(', ')}` : '',
        extra.length ? `unexpected ${extra.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; ');
      mismatches.push({
        what: 'approvers',
        expected: list(wanted),
        actual: `${list(actual)} (${diff})`,
        at: c.expectAt.approvers ?? c.at,
        reasons,
      });
    }
  }

  for (const check of c.canApprove) {
    let answer: CanApproveResult;
    try {
      answer = await engine.canApprove(
        c.request,
        { email: check.approver, ...(check.groups ? { groups: check.groups } : {}) },
        { now: c.now },
      );
    } catch (err) {
      mismatches.push({
        what: `canApprove ${check.approver}`,
        expected: String(check.allowed),
        actual: `the engine failed: ${(err as Error)?.message ?? String(err)}`,
        at: check.at,
        reasons: [],
      });
      continue;
    }
    if (answer.allowed !== check.allowed) {
      const by = answer.admittedBy
        ? ` (admitted by rule ${answer.admittedBy.rule}, entry ${answer.admittedBy.entry}, ${answer.admittedBy.type})`
        : '';
      mismatches.push({
        what: `canApprove ${check.approver}`,
        expected: check.allowed ? 'allowed' : 'not allowed',
        actual: `${answer.allowed ? 'allowed' : 'not allowed'}${by}`,
        at: check.at,
        reasons: answer.reasons,
      });
    }
  }
  return { case: c, passed: mismatches.length === 0, mismatches, decision };
}
