// The client: the headers PagerDuty requires, the query it is sent (lists as repeated `name[]=`), and classic
// pagination followed to the end, or ended with an error when it cannot end well: a server that ignores the
// offset, one that never stops saying `more`, one answering another offset than asked, and lists past
// PagerDuty's own 10,000-record end or the page cap. Decoding refuses what it cannot read exactly.
import { expect } from 'chai';
import { createPagerDutyClient } from '../../../plugin/providers/pagerduty/client.js';
import { PagerDutyError } from '../../../plugin/providers/pagerduty/errors.js';
import type { PagerDutySimulator } from '../../../plugin/providers/pagerduty/simulator.js';
import { closeAll, simulator, TEST_KEY, world } from './helpers.js';

const RANGE = { since: new Date('2026-11-26T08:00:00Z'), until: new Date('2026-11-26T10:00:00Z') };

type Answer = { status?: number; body: unknown; headers?: Record<string, string> };

/** A fetch answering from a function of the request URL, recording what it was sent. */
function scripted(answer: (url: URL) => Answer) {
  const seen: { url: URL; headers: Record<string, string> }[] = [];
  const fetch = (async (target: string, init?: { headers?: Record<string, string> }) => {
    const url = new URL(target);
    seen.push({ url, headers: init?.headers ?? {} });
    const a = answer(url);
    return new Response(typeof a.body === 'string' ? a.body : JSON.stringify(a.body), {
      status: a.status ?? 200,
      headers: { 'content-type': 'application/json', ...a.headers },
    });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, seen };
}

const oncall = (n: number) => ({
  escalation_policy: { id: 'EP', type: 'escalation_policy_reference' },
  escalation_level: 1,
  user: { id: `U${n}`, type: 'user', name: `User ${n}`, email: `u${n}@example.com` },
  start: '2026-11-26T00:00:00Z',
  end: '2026-11-27T00:00:00Z',
});

async function failure(promise: Promise<unknown>): Promise<PagerDutyError> {
  const outcome = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(outcome, 'expected a PagerDutyError').to.be.instanceOf(PagerDutyError);
  return outcome as PagerDutyError;
}

describe('PagerDuty client', () => {
  const opened: PagerDutySimulator[] = [];
  afterEach(() => closeAll(opened));

  it('sends the key as `Token token=`, the v2 Accept header, and lists as repeated name[] parameters', async () => {
    const { fetch, seen } = scripted(() => ({ body: { oncalls: [], more: false } }));
    const client = createPagerDutyClient({ apiKey: TEST_KEY, fetch });
    await client.listOnCalls({ ...RANGE, escalationPolicyIds: ['EP1', 'EP2'], userIds: ['U1'] });
    const { url, headers } = seen[0]!;
    expect(headers).to.include({
      Authorization: `Token token=${TEST_KEY}`,
      Accept: 'application/vnd.pagerduty+json;version=2',
    });
    expect(`${url.origin}${url.pathname}`).to.equal('https://api.pagerduty.com/oncalls');
    expect(url.searchParams.getAll('escalation_policy_ids[]')).to.deep.equal(['EP1', 'EP2']);
    expect(url.searchParams.getAll('user_ids[]')).to.deep.equal(['U1']);
    expect(url.searchParams.getAll('include[]')).to.deep.equal(['users']);
    expect(
      Object.fromEntries(['since', 'until', 'limit', 'offset', 'time_zone'].map((k) => [k, url.searchParams.get(k)])),
    ).to.deep.equal({
      since: '2026-11-26T08:00:00.000Z',
      until: '2026-11-26T10:00:00.000Z',
      limit: '100',
      offset: '0',
      time_zone: 'UTC',
    });
  });

  it('redacts the key from a successful answer that echoes it, before anything reads it (finding 5)', async () => {
    // A server (or a proxy) echoing the Authorization header into a user's name and email, as is, in another
    // letter case and URL-encoded: what reaches decisions and traces must hold none of them.
    const echoed = (auth: string) => ({
      body: {
        oncalls: [
          {
            ...oncall(1),
            user: {
              id: 'U1',
              type: 'user',
              name: `Echo ${auth.toUpperCase()}`,
              email: `${encodeURIComponent(TEST_KEY)}@example.com`,
            },
            escalation_policy: { id: 'EP', type: 'escalation_policy_reference', summary: `policy ${TEST_KEY}` },
          },
        ],
        more: false,
      },
    });
    const fetch = (async (_target: string, init?: { headers?: Record<string, string> }) =>
      new Response(JSON.stringify(echoed(init?.headers?.Authorization ?? '').body), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      })) as unknown as typeof globalThis.fetch;
    const client = createPagerDutyClient({ apiKey: TEST_KEY, fetch });
    const [only] = await client.listOnCalls(RANGE);
    const text = JSON.stringify(only);
    for (const form of [TEST_KEY, TEST_KEY.toUpperCase(), encodeURIComponent(TEST_KEY)])
      expect(text.toLowerCase()).not.to.include(form.toLowerCase());
    expect(only!.user).to.deep.include({ name: 'Echo TOKEN TOKEN=[redacted]', email: '[redacted]@example.com' });
    expect(only!.escalationPolicy).to.deep.include({ summary: 'policy [redacted]' });
  });

  it('follows every page of on-calls from the simulator (offset advancing by what each page held)', async () => {
    const sim = await simulator(opened, { data: world(), pageSize: 2 });
    const client = createPagerDutyClient({ apiKey: TEST_KEY, baseUrl: sim.url });
    const all = await client.listOnCalls(RANGE);
    expect(all.map((o) => `${o.escalationPolicy.id}/${o.level}/${o.user?.id}`)).to.deep.equal([
      'EP-ENG/1/PALICE',
      'EP-ENG/1/PBOB',
      'EP-ENG/2/PCAROL',
      'EP-ENG/3/PDAVE',
      'EP-ENG/3/PERIN',
      'EP-DB/1/PFRANK',
    ]);
    expect(sim.calls.byPath['/oncalls']).to.equal(3);
    const carol = all.find((o) => o.user?.id === 'PCAROL')!;
    expect([carol.start, carol.end, carol.schedule]).to.deep.equal([null, null, undefined]);
  });

  it('a server ignoring the offset (the same page again) fails closed instead of looping', async () => {
    const sim = await simulator(opened, { data: world(), pageSize: 2, faults: { pagination: 'loop' } });
    const client = createPagerDutyClient({ apiKey: TEST_KEY, baseUrl: sim.url });
    const error = await failure(client.listOnCalls(RANGE));
    expect(error.kind).to.equal('shape');
    expect(error.message).to.match(/on-calls sent a page it had sent before \(offset 2\); stopping/);
    expect(sim.calls.byPath['/oncalls']).to.equal(2);
  });

  it('a `more` that never ends (empty pages saying more follow) fails closed', async () => {
    const sim = await simulator(opened, { data: world(), pageSize: 4, faults: { pagination: 'endless' } });
    const client = createPagerDutyClient({ apiKey: TEST_KEY, baseUrl: sim.url });
    const error = await failure(client.listOnCalls(RANGE));
    expect(error.message).to.match(/said more records follow after offset 6 but sent none; stopping/);
  });

  it('a page answering another offset than the one asked for fails closed', async () => {
    const { fetch } = scripted(() => ({ body: { oncalls: [oncall(1)], more: true, offset: 0, limit: 100 } }));
    const client = createPagerDutyClient({ apiKey: TEST_KEY, fetch });
    const error = await failure(client.listOnCalls(RANGE));
    expect(error.message).to.match(/answered offset 0 to a request for offset 1/);
  });

  it('new records on every page forever: the page cap ends it with an error', async () => {
    let n = 0;
    const { fetch, seen } = scripted(() => ({ body: { oncalls: [oncall(n++)], more: true } }));
    const client = createPagerDutyClient({ apiKey: TEST_KEY, fetch, maxPages: 5 });
    const error = await failure(client.listOnCalls(RANGE));
    expect(error.message).to.match(/kept saying more records follow past 5 pages; stopping/);
    expect(seen).to.have.length(5);
  });

  it('past 10,000 records PagerDuty cannot page: the list fails rather than end short', async () => {
    const { fetch, seen } = scripted((url) => {
      const offset = Number(url.searchParams.get('offset'));
      const limit = Number(url.searchParams.get('limit'));
      return {
        body: { oncalls: Array.from({ length: limit }, (_, i) => oncall(offset + i)), more: true, offset, limit },
      };
    });
    const client = createPagerDutyClient({ apiKey: TEST_KEY, fetch });
    const error = await failure(client.listOnCalls(RANGE));
    expect(error.message).to.match(/hold more than 10000 records/);
    expect(seen).to.have.length(100);
    const last = seen.at(-1)!.url.searchParams;
    expect(Number(last.get('offset')) + Number(last.get('limit'))).to.equal(10_000);
  });

  it('decoding: `more` must be said, on-call bounds must be a time or an explicit null, levels whole', async () => {
    const cases: [unknown, RegExp][] = [
      [{ oncalls: [] }, /does not say whether more records follow/],
      [{ oncalls: [{ ...oncall(1), start: undefined }], more: false }, /oncalls\[0\]\.start is missing/],
      [{ oncalls: [{ ...oncall(1), end: 'tomorrow' }], more: false }, /oncalls\[0\]\.end is not an RFC 3339 time/],
      [{ oncalls: [{ ...oncall(1), escalation_level: 0 }], more: false }, /escalation_level is not a level/],
      [{ oncalls: [{ ...oncall(1), escalation_level: '1' }], more: false }, /escalation_level is not a level/],
      [
        { oncalls: [{ ...oncall(1), escalation_policy: undefined }], more: false },
        /escalation_policy is not an object/,
      ],
      [{ oncalls: [{ ...oncall(1), user: { id: 'U1', email: 42 } }], more: false }, /user\.email is not a string/],
      [{ oncalls: 'none', more: false }, /oncalls is not a list/],
    ];
    for (const [body, why] of cases) {
      const client = createPagerDutyClient({ apiKey: TEST_KEY, fetch: scripted(() => ({ body })).fetch });
      const error = await failure(client.listOnCalls(RANGE));
      expect([error.kind, error.message], JSON.stringify(body)).to.satisfy(
        ([kind, message]: [string, string]) => kind === 'shape' && why.test(message),
      );
    }
  });

  it('decodes a service, schedules and a schedule with its final entries; a service without a policy is an error', async () => {
    const sim = await simulator(opened, { data: world() });
    const client = createPagerDutyClient({ apiKey: TEST_KEY, baseUrl: sim.url });
    expect(await client.showService('SVC-CART')).to.deep.equal({
      id: 'SVC-CART',
      name: 'Cart',
      escalationPolicy: { id: 'EP-ENG', summary: 'Engineering' },
    });
    const schedules = await client.listSchedules();
    expect(schedules.find((s) => s.id === 'S-SHADOW')).to.deep.equal({
      id: 'S-SHADOW',
      name: 'Shadow',
      timeZone: 'Etc/UTC',
      escalationPolicyIds: [],
    });
    const detail = await client.showSchedule('S-PRIMARY', RANGE);
    expect(detail.finalEntries.map((e) => [e.start, e.end, e.user?.id])).to.deep.equal([
      ['2026-11-25T09:00:00Z', '2026-11-26T09:00:00Z', 'PALICE'],
      ['2026-11-26T09:00:00Z', '2026-11-27T09:00:00Z', 'PBOB'],
    ]);
    expect((await client.listScheduleUsers('S-PRIMARY', RANGE)).map((u) => u.email)).to.deep.equal([
      'alice@example.com',
      'bob@example.com',
    ]);
    const bare = createPagerDutyClient({
      apiKey: TEST_KEY,
      fetch: scripted(() => ({ body: { service: { id: 'S', name: 'S', type: 'service' } } })).fetch,
    });
    expect((await failure(bare.showService('S'))).message).to.match(/names no escalation policy/);
    const noFinal = createPagerDutyClient({
      apiKey: TEST_KEY,
      fetch: scripted(() => ({ body: { schedule: { id: 'S', name: 'S', type: 'schedule', time_zone: 'UTC' } } })).fetch,
    });
    expect((await failure(noFinal.showSchedule('S', RANGE))).message).to.match(/final_schedule is not an object/);
  });
});
