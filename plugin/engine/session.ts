// One decision's private state: the facts it reads, and its on-call lookups (memoised, so an answer is
// fetched once per decision however many conditions need it, and recorded for the trace). A session is
// never shared between decisions, which is what makes concurrent decisions independent.
import type { LookupOptions, OnCallAnswer } from '../providers/contract.js';
import { scheduleTraces } from './answer-views.js';
import type { LookupTrace } from './decision-types.js';
import type { EvalContext } from './evaluator.js';
import { lookUpAtHand, lookUpOnCall, type LookupRequest, type OnCallProviders } from './on-call-lookup.js';

export function lookupKey(request: LookupRequest): string {
  const ids = request.schedules ?? [];
  return `${request.fact}\u0000${request.integration}\u0000${ids.length === 1 ? ids[0] : ids.join(',')}`;
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
  /**
   * Starts the decision's deadline and returns its signal (which also fires when the caller gives up). Asked
   * the first time a lookup has to wait, never for an answer a provider has at hand: a decision answered
   * from the providers' caches starts no deadline. When it fires, lookups still pending become unknown.
   */
  deadline?: () => AbortSignal;
  /** The caller's own signal: once it fires, no further lookup is answered, not even from a cache. */
  callerSignal?: AbortSignal;
}

interface Asked {
  request: LookupRequest;
  /** Set once answered (at once when the provider had the answer at hand). */
  answer?: OnCallAnswer;
  pending?: Promise<OnCallAnswer>;
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
  private readonly startDeadline: (() => AbortSignal) | undefined;
  private readonly callerSignal: AbortSignal | undefined;
  private signal: AbortSignal | undefined;
  /** Every lookup asked for, in the order asked. */
  private readonly asked = new Map<string, Asked>();

  constructor(init: SessionInit) {
    this.request = init.request;
    this.approver = init.approver;
    this.reviewers = init.reviewers;
    this.breakGlassApprovers = init.breakGlassApprovers;
    this.integrations = init.integrations;
    this.now = init.now;
    this.providers = init.providers;
    this.stopWhenFound = init.stopWhenFound ?? {};
    this.startDeadline = init.deadline;
    this.callerSignal = init.callerSignal;
  }

  /** The signal a waiting lookup is bound to: the deadline, started now if it has not been. */
  private waitSignal(): AbortSignal | undefined {
    if (this.signal === undefined && this.startDeadline !== undefined) this.signal = this.startDeadline();
    return this.signal ?? this.callerSignal;
  }

  /**
   * The answer to a lookup, memoised: at once when the provider has it at hand (so a decision answered from
   * cache stays synchronous), otherwise a promise bound to the decision's deadline. Never rejects.
   */
  lookup(request: LookupRequest): OnCallAnswer | Promise<OnCallAnswer> {
    const key = lookupKey(request);
    const known = this.asked.get(key);
    if (known !== undefined) return known.answer ?? known.pending!;
    const stopped = this.callerSignal?.aborted === true || this.signal?.aborted === true;
    const atHand = stopped ? undefined : lookUpAtHand(this.providers, request, this.now);
    if (atHand !== undefined) {
      this.asked.set(key, { request, answer: atHand });
      return atHand;
    }
    const stop = this.stopWhenFound[request.fact];
    const signal = this.waitSignal();
    const options: LookupOptions = {
      ...(stop === undefined ? {} : { stopWhenFound: stop }),
      ...(signal ? { signal } : {}),
    };
    const entry: Asked = { request };
    entry.pending = lookUpOnCall(this.providers, request, this.now, options).then((answer) => {
      entry.answer = answer;
      return answer;
    });
    this.asked.set(key, entry);
    return entry.pending;
  }

  /** A lookup's answer, when it was made in this session. */
  answer(request: LookupRequest): OnCallAnswer | undefined {
    return this.asked.get(lookupKey(request))?.answer;
  }

  /** Every lookup made, with the status of each schedule, in the order they were asked for. */
  lookupTraces(): LookupTrace[] {
    const out: LookupTrace[] = [];
    for (const { request, answer } of this.asked.values()) {
      if (answer === undefined) continue;
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
    const out: Array<{ request: LookupRequest; answer: OnCallAnswer }> = [];
    for (const { request, answer } of this.asked.values()) if (answer !== undefined) out.push({ request, answer });
    return out;
  }
}
