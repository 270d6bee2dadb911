// The approval engine a host (or the CLI) creates once and asks many times, concurrently if it likes:
// every call gets its own session, so decisions share nothing mutable. Rules are compiled once into the
// same json-rules-engine JSON a host could load into its own Engine, then prepared for fast evaluation.
import { errorText } from '../printable.js';
import { compileRules, type CompiledRuleSet } from '../compile/compile.js';
import type { LoadedRule } from '../routing/types.js';
import type { CanApproveResult, Decision } from './decision-types.js';
import { canApproveWith } from './can-approve.js';
import { decideWith } from './decide.js';
import { defaultRules } from './default-routing.js';
import { prepareRuleSet } from './evaluator.js';
import { checkGrantDuration, DEFAULT_GRANT } from './grant.js';
import type { OnCallProviders } from './on-call-lookup.js';
import { installedIntegrations } from './plugin.js';
import { checkApprover, checkRequest, InvalidRequestError, requireRequest } from '../request/check.js';
import type { AccessRequest, Approver } from '../request/types.js';
import { Session, type SessionInit } from './session.js';
import { checkDecisionDeadline, decisionDeadline, DEFAULT_DECISION_DEADLINE_MS } from './deadline.js';

export interface ApprovalEngineOptions {
  /** Loaded routing rules; undefined means default routing (an empty list means: no rule matches). */
  rules?: LoadedRule[];
  /** On-call providers by integration; an integration without one is never satisfied. */
  providers?: OnCallProviders;
  /** Security reviewers' emails, for `p0` entries. */
  reviewers?: string[];
  /** Break-glass approvers' emails: the only people entries with `breakGlassApprover` admit. Default: none. */
  breakGlassApprovers?: string[];
  /** The clock; a call's `now` overrides it. Default: the system clock. */
  clock?: () => Date;
  /** How long an automatic approval lasts (ISO 8601, at most P10Y). Default `PT1H`. */
  grantDuration?: string;
  /**
   * The most one decide / canApprove call spends on on-call lookups, in milliseconds: the schedule list,
   * every schedule's entries, retries and rate-limit waits alike. Lookups still pending when it passes count
   * as unknown (never on call), and the decision says so. Default 5000.
   */
  decisionDeadlineMs?: number;
}

export interface CallOptions {
  /** The instant to decide for (default: the clock). */
  now?: Date;
  /** Reviewers for this call only (default: the engine's). */
  reviewers?: string[];
  /** Break-glass approvers for this call only (default: the engine's). */
  breakGlassApprovers?: string[];
  /** Aborting it stops the call's lookups at once: those pending count as unknown (never on call). */
  signal?: AbortSignal;
}

export interface ApprovalEngine {
  decide(request: AccessRequest, options?: CallOptions): Promise<Decision>;
  canApprove(request: AccessRequest, approver: Approver, options?: CallOptions): Promise<CanApproveResult>;
  /** The compiled rules, as `oncall-approval compile` prints them (for a host's own json-rules-engine). */
  readonly compiled: CompiledRuleSet;
  /** Integrations with a provider. */
  readonly integrations: readonly string[];
}

export function createApprovalEngine(options: ApprovalEngineOptions = {}): ApprovalEngine {
  const providers: OnCallProviders = { ...(options.providers ?? {}) };
  const integrations = Object.freeze(installedIntegrations(providers));
  const rules = options.rules ?? defaultRules(integrations);
  const compiled = compileRules(rules);
  const prepared = prepareRuleSet(compiled);
  const grantDuration = checkGrantDuration(options.grantDuration ?? DEFAULT_GRANT);
  const deadlineMs = checkDecisionDeadline(options.decisionDeadlineMs ?? DEFAULT_DECISION_DEADLINE_MS);
  const clock = options.clock ?? (() => new Date());
  const reviewers = Object.freeze([...(options.reviewers ?? [])]);
  const breakGlassApprovers = Object.freeze([...(options.breakGlassApprovers ?? [])]);

  const instant = (call?: CallOptions): Date => {
    const now = call?.now ?? clock();
    if (!(now instanceof Date) || Number.isNaN(now.getTime()))
      throw new TypeError('the evaluation time is not a valid instant');
    return new Date(now.getTime());
  };

  /**
   * Fresh state for one call: concurrent decisions share nothing but the prepared rules and providers. The
   * call's deadline starts with its first lookup that has to wait; `done` ends it, if it started.
   */
  const session = (
    call: CallOptions | undefined,
    init: Pick<SessionInit, 'request' | 'approver' | 'stopWhenFound'>,
  ) => {
    let deadline: ReturnType<typeof decisionDeadline> | undefined;
    const s = new Session({
      request: init.request,
      approver: init.approver,
      stopWhenFound: init.stopWhenFound,
      reviewers: call?.reviewers ?? reviewers,
      breakGlassApprovers: call?.breakGlassApprovers ?? breakGlassApprovers,
      integrations,
      now: instant(call),
      providers,
      deadline: () => (deadline ??= decisionDeadline(deadlineMs, call?.signal)).signal,
      callerSignal: call?.signal,
    });
    return { s, done: () => deadline?.done() };
  };

  return {
    compiled,
    integrations,
    async decide(request, call) {
      const checked = requireRequest(request);
      const { s, done } = session(call, {
        request: checked,
        approver: null,
        // "Any schedule" answers are only ever compared with the requestor: stop once they are found.
        stopWhenFound: { onCallAny: checked.requestor.email },
      });
      try {
        return await decideWith(prepared, s, checked, { grantDuration });
      } catch (err) {
        // A decision never throws past its input checks: whatever went wrong, the request is not approved.
        return {
          decision: 'denied',
          evaluatedAt: s.now.toISOString(),
          ...(checked.id !== undefined ? { requestId: checked.id } : {}),
          reasons: [`The decision could not be completed (${errorText(err)}), so the request is denied.`],
          trace: s.lookupTraces(),
        };
      } finally {
        done();
      }
    },
    async canApprove(request, approver, call) {
      // Both are checked before either is used, so one refusal lists every problem of both.
      const asked = checkRequest(request);
      const asking = checkApprover(approver);
      if (!asked.request || !asking.approver) throw new InvalidRequestError([...asked.problems, ...asking.problems]);
      const checked = asked.request;
      const who = asking.approver;
      const { s, done } = session(call, { request: checked, approver: who, stopWhenFound: { onCallFor: who.email } });
      try {
        return await canApproveWith(prepared, s, checked, who);
      } catch (err) {
        return {
          allowed: false,
          approver: who.email,
          reasons: [`The check could not be completed (${errorText(err)}), so ${who.email} may not approve.`],
          trace: s.lookupTraces(),
        };
      } finally {
        done();
      }
    },
  };
}
