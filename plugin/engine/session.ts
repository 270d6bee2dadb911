// One decision's private state: the facts it reads, and its on-call lookups (memoised, so an answer is
// fetched once per decision however many conditions need it, and recorded for the trace). A session is
// never shared between decisions, which is what makes concurrent decisions independent.
import type { LookupOptions, OnCallAnswer } from '../providers/contract.js';
import { scheduleTraces } from './answer-views.js';
import type { LookupTrace } from './decision-types.js';
import type { EvalContext } from './evaluator.js';
import { lookUpOnCall, type LookupRequest, type OnCallProviders } from './on-call-lookup.js';

export function lookupKey(request: LookupRequest): string {
  return `${request.fact}\u0000${request.integration}\u0000${(request.schedules ?? []).join(',')}`;
}

export interface SessionInit {
  request: unknown;
  approver: unknown;
  reviewers: readonly string[];
  breakGlassApprovers: readonly string[];
  integrations: readonly string[];
  now: Date;
  providers: OnCallProviders;
  /** Lets a provider stop early once this person is found (only where the answer is used for them alone). */
  stopWhenFound?: Partial<Record<LookupRequest['fact'], string>>;
  /** Fires at the decision's deadline (or when the caller gives up): lookups still pending become unknown. */
  signal?: AbortSignal;
}

export class Session implements EvalContext {
  readonly request: unknown;
  readonly approver: unknown;
  readonly reviewers: readonly string[];
  readonly breakGlassApprovers: readonly string[];
  readonly integrations: readonly string[];
  readonly now: Date;
  private readonly providers: OnCallProviders;
  private readonly stopWhenFound: Partial<Record<LookupRequest['fact'], string>>;
  private signal: AbortSignal | undefined;
  private readonly pending = new Map<string, Promise<OnCallAnswer>>();
  private readonly answers = new Map<string, { request: LookupRequest; answer: OnCallAnswer }>();

  constructor(init: SessionInit) {
    this.request = init.request;
    this.approver = init.approver;
    this.reviewers = init.reviewers;
    this.breakGlassApprovers = init.breakGlassApprovers;
    this.integrations = init.integrations;
    this.now = init.now;
    this.providers = init.providers;
    this.stopWhenFound = init.stopWhenFound ?? {};
    this.signal = init.signal;
  }

  /** The same session, its lookups bound to this signal (the decision's deadline). */
  withSignal(signal: AbortSignal): this {
    this.signal = signal;
    return this;
  }

  lookup(request: LookupRequest): Promise<OnCallAnswer> {
    const key = lookupKey(request);
    let p = this.pending.get(key);
    if (p === undefined) {
      const stop = this.stopWhenFound[request.fact];
      const options: LookupOptions = {
        ...(stop === undefined ? {} : { stopWhenFound: stop }),
        ...(this.signal ? { signal: this.signal } : {}),
      };
      p = lookUpOnCall(this.providers, request, this.now, options).then((answer) => {
        this.answers.set(key, { request, answer });
        return answer;
      });
      this.pending.set(key, p);
    }
    return p;
  }

  /** A lookup's answer, when it was made in this session. */
  answer(request: LookupRequest): OnCallAnswer | undefined {
    return this.answers.get(lookupKey(request))?.answer;
  }

  /** Every lookup made, with the status of each schedule, in the order they were asked for. */
  lookupTraces(): LookupTrace[] {
    const out: LookupTrace[] = [];
    for (const key of this.pending.keys()) {
      const done = this.answers.get(key);
      if (!done) continue;
      const { request, answer } = done;
      out.push({
        kind: 'lookup',
        fact: request.fact,
        integration: request.integration,
        ...(request.fact === 'onCallFor' ? { requested: [...(request.schedules ?? [])] } : {}),
        at: answer.at,
        schedules: scheduleTraces(answer),
        ...(answer.listFailure ? { listFailure: answer.listFailure } : {}),
        ...(answer.partial ? { partial: true } : {}),
      });
    }
    return out;
  }

  /** All answers so far (for sentences about failures). */
  allAnswers(): Array<{ request: LookupRequest; answer: OnCallAnswer }> {
    return [...this.answers.values()];
  }
}
