// The decision deadline: one shared timer serves every pending deadline, so a decision answered from the
// cache costs no timer and no Error of its own. It must still fire on time for a decision that waits, with
// the reason naming it, never fire after `done`, and not hold on to finished decisions.
import { expect } from 'chai';
import { decisionDeadline, pendingDeadlines } from '../../plugin/engine/deadline.js';

const aborted = (signal: AbortSignal) =>
  new Promise<unknown>((resolve) => signal.addEventListener('abort', () => resolve(signal.reason), { once: true }));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('engine: the decision deadline', () => {
  it('fires when its time has passed, with an Error naming the deadline', async () => {
    const deadline = decisionDeadline(15);
    expect(deadline.signal.aborted).to.equal(false);
    const reason = await aborted(deadline.signal);
    expect(reason).to.be.instanceOf(Error);
    expect((reason as Error).name).to.equal('DeadlineError');
    expect((reason as Error).message).to.equal("the decision's deadline of 15 ms passed");
    deadline.done();
  });

  it('never fires once done, while a later deadline of the same length still does', async () => {
    const first = decisionDeadline(10);
    const second = decisionDeadline(10);
    first.done();
    await aborted(second.signal);
    expect(first.signal.aborted).to.equal(false);
    second.done();
  });

  it('fires deadlines of different lengths each at its own time, a shorter one started later first', async () => {
    const long = decisionDeadline(400);
    const short = decisionDeadline(10);
    await aborted(short.signal);
    expect(long.signal.aborted, 'the long deadline has not passed').to.equal(false);
    long.done();
    short.done();
  });

  it('passes on the outer signal at once, with its reason', () => {
    const outer = new AbortController();
    const deadline = decisionDeadline(60_000, outer.signal);
    outer.abort(new Error('the caller gave up'));
    expect(deadline.signal.aborted).to.equal(true);
    expect((deadline.signal.reason as Error).message).to.equal('the caller gave up');
    deadline.done();
    const late = decisionDeadline(60_000, outer.signal);
    expect(late.signal.aborted, 'an outer signal already aborted').to.equal(true);
    late.done();
  });

  it('holds on to no finished decision, even behind a slow one', async () => {
    const before = pendingDeadlines();
    const slow = decisionDeadline(60_000);
    for (let i = 0; i < 10_000; i++) decisionDeadline(60_000).done();
    const during = pendingDeadlines();
    expect(during.pending).to.equal(before.pending + 1);
    // Finished entries behind the slow one are compacted away: at most about as many as are pending.
    expect(during.held).to.be.below(before.held + 200);
    slow.done();
    expect(pendingDeadlines().pending).to.equal(before.pending);
    // Many decisions at once, each waiting: every one fires.
    const waiting = Array.from({ length: 50 }, () => decisionDeadline(5));
    await Promise.all(waiting.map((d) => aborted(d.signal)));
    waiting.forEach((d) => d.done());
    await sleep(1);
    expect(pendingDeadlines().pending).to.equal(before.pending);
  });

  it('stays consistent when a firing deadline finishes another due at the same time, or starts a new one', async () => {
    const before = pendingDeadlines();
    const first = decisionDeadline(7);
    const second = decisionDeadline(7);
    let started: ReturnType<typeof decisionDeadline> | undefined;
    first.signal.addEventListener('abort', () => {
      second.done();
      started = decisionDeadline(7);
    });
    await aborted(first.signal);
    expect(second.signal.aborted, 'finished before its turn to fire').to.equal(false);
    first.done();
    await aborted(started!.signal);
    started!.done();
    expect(pendingDeadlines()).to.deep.equal(before);
  });
});
