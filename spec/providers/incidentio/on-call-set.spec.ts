// Who is on call at an instant, through the local provider (the same rule the API provider applies to
// fetched entries; provider.spec.ts repeats the handover over real HTTP).
import { expect } from 'chai';
import { createLocalProvider } from '../../../plugin/providers/local/local-provider.js';
import type { OnCallAnswer, ScheduleLookup } from '../../../plugin/providers/contract.js';
import { data, entry, schedule } from './helpers.js';

const at = (iso: string) => new Date(iso);
function only(answer: OnCallAnswer): Extract<ScheduleLookup, { status: 'answered' }> {
  expect(answer.schedules).to.have.length(1);
  const s = answer.schedules[0]!;
  if (s.status !== 'answered') throw new Error(`expected answered, got ${s.reason}`);
  return s;
}
const emails = (a: OnCallAnswer) => only(a).onCall.map((p) => p.email);

describe('on-call set at an instant', () => {
  const handover = data(
    schedule('P', [
      entry('2026-11-25T09:00:00Z', '2026-11-26T09:00:00Z', 'alice@example.com'),
      entry('2026-11-26T09:00:00Z', '2026-11-27T09:00:00Z', 'bob@example.com'),
    ]),
  );

  it('at end_at - 1 ms the outgoing person is on call; at end_at only the incoming one', async () => {
    const p = createLocalProvider(handover);
    expect(emails(await p.onCallFor(['P'], at('2026-11-26T08:59:59.999Z')))).to.deep.equal(['alice@example.com']);
    expect(emails(await p.onCallFor(['P'], at('2026-11-26T09:00:00.000Z')))).to.deep.equal(['bob@example.com']);
  });

  it('emails are trimmed and ASCII lower-cased only: a look-alike letter never folds onto another person', async () => {
    // `toLowerCase()` turns the Kelvin sign (U+212A) into "k": \u212Aate would then be taken for kate.
    const p = createLocalProvider(
      data(
        schedule('P', [
          entry('2026-11-26T08:00:00Z', '2026-11-26T09:00:00Z', '  Alice@Example.COM '),
          entry('2026-11-26T08:00:00Z', '2026-11-26T09:00:00Z', '\u212Aate@example.com'),
        ]),
      ),
    );
    const found = emails(await p.onCallFor(['P'], at('2026-11-26T08:30:00Z')));
    expect(found).to.have.members(['alice@example.com', '\u212Aate@example.com']);
    expect(found).not.to.include('kate@example.com');
  });

  it('an entry ending 500 µs after a millisecond still covers that millisecond', async () => {
    const p = createLocalProvider(
      data(schedule('P', [entry('2026-11-26T08:00:00Z', '2026-11-26T09:00:00.000500Z', 'alice@example.com')])),
    );
    expect(emails(await p.onCallFor(['P'], at('2026-11-26T09:00:00.000Z')))).to.deep.equal(['alice@example.com']);
    expect(emails(await p.onCallFor(['P'], at('2026-11-26T09:00:00.001Z')))).to.deep.equal([]);
  });

  it('overlapping layers put several people on call, each once, with the longest entry', async () => {
    const p = createLocalProvider(
      data(
        schedule('P', [
          entry('2026-11-26T00:00:00Z', '2026-11-27T00:00:00Z', 'alice@example.com', { layer_id: 'primary' }),
          entry('2026-11-26T06:00:00Z', '2026-11-26T18:00:00Z', 'carol@example.com', { layer_id: 'secondary' }),
          entry('2026-11-26T07:00:00Z', '2026-11-26T10:00:00Z', 'alice@example.com', { layer_id: 'secondary' }),
        ]),
      ),
    );
    const s = only(await p.onCallFor(['P'], at('2026-11-26T08:00:00Z')));
    expect(s.onCall.map((x) => [x.email, x.until])).to.deep.equal([
      ['alice@example.com', '2026-11-27T00:00:00Z'],
      ['carol@example.com', '2026-11-26T18:00:00Z'],
    ]);
  });

  it('an override covering part of a shift (resolved entries) is followed to the millisecond', async () => {
    const p = createLocalProvider(
      data(
        schedule(
          'P',
          [
            entry('2026-11-26T09:00:00Z', '2026-11-26T12:00:00Z', 'bob@example.com'),
            entry('2026-11-26T12:00:00Z', '2026-11-26T18:00:00Z', 'carol@example.com'),
            entry('2026-11-26T18:00:00Z', '2026-11-27T09:00:00Z', 'bob@example.com'),
          ],
          {
            scheduled: [entry('2026-11-26T09:00:00Z', '2026-11-27T09:00:00Z', 'bob@example.com')],
            overrides: [entry('2026-11-26T12:00:00Z', '2026-11-26T18:00:00Z', 'carol@example.com')],
          },
        ),
      ),
    );
    expect(emails(await p.onCallFor(['P'], at('2026-11-26T11:59:59.999Z')))).to.deep.equal(['bob@example.com']);
    expect(emails(await p.onCallFor(['P'], at('2026-11-26T12:00:00Z')))).to.deep.equal(['carol@example.com']);
    expect(emails(await p.onCallFor(['P'], at('2026-11-26T17:59:59.999Z')))).to.deep.equal(['carol@example.com']);
    expect(emails(await p.onCallFor(['P'], at('2026-11-26T18:00:00Z')))).to.deep.equal(['bob@example.com']);
  });

  it('entries without a user or without an email join no set and are reported as skipped', async () => {
    const p = createLocalProvider(
      data(
        schedule('P', [
          entry('2026-11-26T00:00:00Z', '2026-11-27T00:00:00Z', null),
          { start_at: '2026-11-26T00:00:00Z', end_at: '2026-11-27T00:00:00Z', user: { id: 'U9', name: 'No Mail' } },
          {
            start_at: '2026-11-26T00:00:00Z',
            end_at: '2026-11-27T00:00:00Z',
            user: { id: 'U8', name: 'Blank', email: '   ' },
          },
        ]),
      ),
    );
    const s = only(await p.onCallFor(['P'], at('2026-11-26T08:00:00Z')));
    expect(s.onCall).to.deep.equal([]);
    expect(s.skipped.map((x) => x.reason)).to.deep.equal(['no-user', 'no-email', 'no-email']);
    expect(s.skipped[1]).to.include({
      userId: 'U9',
      userName: 'No Mail',
      since: '2026-11-26T00:00:00Z',
      until: '2026-11-27T00:00:00Z',
    });
  });

  it('emails are trimmed and lower-cased', async () => {
    const p = createLocalProvider(
      data(schedule('P', [entry('2026-11-26T00:00:00Z', '2026-11-27T00:00:00Z', '  Alice@EXAMPLE.com ')])),
    );
    expect(emails(await p.onCallFor(['P'], at('2026-11-26T08:00:00Z')))).to.deep.equal(['alice@example.com']);
  });

  it('an unknown schedule fails with a reason; an invalid instant fails every schedule', async () => {
    const p = createLocalProvider(handover);
    const answer = await p.onCallFor(['P', 'NOPE'], at('2026-11-26T08:00:00Z'));
    expect(answer.schedules.map((s) => s.status)).to.deep.equal(['answered', 'failed']);
    expect(answer.schedules[1])
      .to.have.property('reason')
      .that.matches(/NOPE is not in the schedules file test-data/);
    const invalid = await p.onCallFor(['P'], new Date(Number.NaN));
    expect(invalid.schedules[0]).to.include({ status: 'failed' });
  });

  it('onCallAny covers every schedule of the file, or the allow-list', async () => {
    const two = data(
      schedule('A', [entry('2026-11-26T00:00:00Z', '2026-11-27T00:00:00Z', 'a@example.com')]),
      schedule('B', []),
    );
    expect(
      (await createLocalProvider(two).onCallAny(at('2026-11-26T08:00:00Z'))).schedules.map((s) => s.scheduleId),
    ).to.deep.equal(['A', 'B']);
    expect(
      (
        await createLocalProvider(two, { scheduleAllowList: ['B'] }).onCallAny(at('2026-11-26T08:00:00Z'))
      ).schedules.map((s) => s.scheduleId),
    ).to.deep.equal(['B']);
  });
});
