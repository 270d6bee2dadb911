// Faults end in a failed-schedule answer with a clear reason: never a crash, never an unhandled rejection,
// never the key in any output. Backoff and Retry-After waits go through an injected sleep that moves an
// injected clock, so these tests do not wait for real.
import { expect } from 'chai';
import { createServer } from 'node:net';
import { createIncidentIoProvider } from '../../../plugin/providers/incidentio/provider.js';
import type { IncidentIoSettings } from '../../../plugin/providers/incidentio/settings.js';
import type { Simulator } from '../../../plugin/providers/incidentio/simulator.js';
import type { OnCallAnswer } from '../../../plugin/providers/contract.js';
import {
  closeAll,
  data,
  entry,
  manualClock,
  realFetch,
  schedule,
  simulator,
  TEST_KEY,
  watchUnhandled,
} from './helpers.js';

const NOW = '2026-11-26T08:00:00Z';
const DATA = data(
  schedule('P', [entry('2026-11-26T00:00:00Z', '2026-11-27T00:00:00Z', 'alice@example.com')], { name: 'Primary' }),
);

function reasonOf(answer: OnCallAnswer): string {
  const s = answer.schedules[0]!;
  if (s.status !== 'failed') throw new Error(`expected a failed schedule, got ${JSON.stringify(s)}`);
  return s.reason;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

describe('incident.io faults', () => {
  const opened: Simulator[] = [];
  const outputs: string[] = [];
  let unhandled: ReturnType<typeof watchUnhandled>;
  beforeEach(() => {
    outputs.length = 0;
    unhandled = watchUnhandled();
  });
  afterEach(async () => {
    await closeAll(opened);
    await new Promise((r) => setTimeout(r, 20));
    unhandled.stop();
    expect(unhandled.seen, 'unhandled rejections').to.deep.equal([]);
    for (const text of outputs) expect(text, 'the API key leaked').to.not.include(TEST_KEY);
  });

  async function setup(settings: Partial<IncidentIoSettings> = {}, sim?: Simulator) {
    const clock = manualClock(NOW);
    const server = sim ?? (await simulator(opened, { data: DATA, now: clock.now, random: () => 0 }));
    const provider = createIncidentIoProvider({
      apiKey: TEST_KEY,
      baseUrl: server.url,
      clock: clock.now,
      sleep: clock.sleep,
      random: () => 0.5,
      maxRetries: 2,
      requestTimeoutMs: 2_000,
      log: (line) => outputs.push(line),
      ...settings,
    });
    const ask = async () => {
      const answer = await provider.onCallFor(['P'], clock.now());
      outputs.push(JSON.stringify(answer));
      return answer;
    };
    return { clock, sim: server, provider, ask };
  }

  for (const form of ['seconds', 'http-date', 'body'] as const) {
    it(`waits out a 429 whose Retry-After is given as ${form}, then succeeds`, async () => {
      const { clock, sim, ask } = await setup();
      sim.faults.status429 = { count: 1, retryAfter: 3, form };
      const answer = await ask();
      expect(answer.schedules[0]).to.include({ status: 'answered' });
      expect(clock.sleeps).to.deep.equal([3_000]);
      expect(sim.calls.byPath['/v2/schedule_entries']).to.equal(2);
    });
  }

  it('fails at once when a 429 asks for a wait past the deadline', async () => {
    const { clock, sim, ask } = await setup({ deadlineMs: 10_000 });
    sim.faults.status429 = { count: 5, retryAfter: 3600 };
    expect(reasonOf(await ask())).to.match(
      /^incident\.io answered 429 Too Many Requests to GET \/v2\/schedule_entries \(request id sim-\d+\): rate limited; it asked to wait 3600 s, past the lookup's deadline$/,
    );
    expect(clock.sleeps).to.deep.equal([]);
    expect(sim.calls.total).to.equal(1);
  });

  it('persistent 5xx: retried with backoff a bounded number of times, then a failed schedule', async () => {
    const { clock, sim, ask } = await setup();
    sim.faults.status500Rate = 1;
    expect(reasonOf(await ask())).to.match(
      /^incident\.io answered 500 Internal Server Error to GET \/v2\/schedule_entries \(request id sim-3\): a server error \(Something went wrong \(simulated\)\) \(3 attempts\)$/,
    );
    expect(sim.calls.total).to.equal(3);
    expect(clock.sleeps).to.deep.equal([200, 400]); // base 200 ms doubled, jitter 0.5 → ×1
  });

  it('errors are never cached: the next lookup asks again and answers', async () => {
    const { sim, ask } = await setup({ maxRetries: 0 });
    sim.faults.status500Rate = 1;
    expect((await ask()).schedules[0]!.status).to.equal('failed');
    sim.faults.status500Rate = 0;
    expect((await ask()).schedules[0]!.status).to.equal('answered');
    expect(sim.calls.total).to.equal(2);
  });

  it('a transient 503 is retried and the lookup answers', async () => {
    let calls = 0;
    const flaky: typeof fetch = async (url, init) => {
      calls++;
      if (calls === 1) return new Response('<html>503</html>', { status: 503 });
      return realFetch(url, init);
    };
    const { clock, ask } = await setup({ fetch: flaky });
    expect((await ask()).schedules[0]).to.include({ status: 'answered' });
    expect(clock.sleeps).to.have.length(1);
  });

  it('timeouts: each attempt is cut off, then a failed schedule', async () => {
    const { sim, ask } = await setup({ requestTimeoutMs: 40, maxRetries: 1 });
    // The server would answer after a minute: an answer before the spec's own timeout is the cut-off working.
    sim.faults.latencyMs = 60_000;
    expect(reasonOf(await ask())).to.equal(
      'incident.io did not answer GET /v2/schedule_entries within 40 ms (2 attempts)',
    );
  });

  it('a fetch that ignores its abort signal still ends at the timeout', async () => {
    const hanging: typeof fetch = () => new Promise(() => {});
    const { ask } = await setup({ fetch: hanging, requestTimeoutMs: 30, maxRetries: 0 });
    expect(reasonOf(await ask())).to.match(/did not answer GET \/v2\/schedule_entries within 30 ms/);
  });

  it('a body that is not JSON is an error, not a crash, and is not retried', async () => {
    const { sim, ask } = await setup();
    sim.faults.malformedRate = 1;
    expect(reasonOf(await ask())).to.equal(
      'incident.io answered GET /v2/schedule_entries with a body that is not JSON (no request id)',
    );
    expect(sim.calls.total).to.equal(1);
  });

  it('JSON of the wrong shape is an error naming what is wrong', async () => {
    const { sim, ask } = await setup();
    sim.faults.wrongShapeRate = 1;
    expect(reasonOf(await ask())).to.equal(
      "incident.io's answer to GET /v2/schedule_entries has an unexpected shape: schedule_entries is not an object",
    );
  });

  it('an entry with an unreadable time makes the schedule fail rather than guess', async () => {
    const odd: typeof fetch = async () =>
      new Response(
        JSON.stringify({
          schedule_entries: {
            scheduled: [],
            overrides: [],
            final: [{ start_at: 'soon', end_at: '2026-11-27T00:00:00Z', user: { email: 'x@example.com' } }],
          },
        }),
        { status: 200 },
      );
    const { ask } = await setup({ fetch: odd });
    expect(reasonOf(await ask())).to.match(
      /unexpected shape: schedule_entries\.final\[0\]\.start_at is not an RFC 3339 time: "soon"/,
    );
  });

  it('401 fails at once with the request id and without the key', async () => {
    const { sim, ask } = await setup({ apiKey: `${TEST_KEY}-wrong` });
    const reason = reasonOf(await ask());
    expect(reason).to.match(
      /^incident\.io answered 401 Unauthorized to GET \/v2\/schedule_entries \(request id sim-1\): the API key was rejected/,
    );
    expect(sim.calls.total).to.equal(1);
  });

  it('403 says which permission is missing; 404 names the schedule', async () => {
    const envelope = (status: number) =>
      JSON.stringify({ type: 'x', status, request_id: `r-${status}`, errors: [{ code: 'x', message: 'nope' }] });
    let status = 403;
    const denying: typeof fetch = async () => new Response(envelope(status), { status });
    const { ask } = await setup({ fetch: denying });
    expect(reasonOf(await ask())).to.equal(
      'incident.io answered 403 Forbidden to GET /v2/schedule_entries (request id r-403): the API key lacks a permission this call needs (reading schedules needs "Read schedules") (nope)',
    );
    status = 404;
    expect(reasonOf(await ask())).to.equal(
      'incident.io answered 404 Not Found to GET /v2/schedule_entries (request id r-404): there is no schedule P (or the key cannot see it) (nope)',
    );
  });

  it('redirects are not followed, so the key is never sent elsewhere', async () => {
    let calls = 0;
    const redirecting: typeof fetch = async (_url, init) => {
      calls++;
      expect(init?.redirect).to.equal('manual');
      return new Response('', { status: 302, headers: { Location: 'https://evil.example/' } });
    };
    const { ask } = await setup({ fetch: redirecting });
    expect(reasonOf(await ask())).to.match(
      /answered 302 to GET \/v2\/schedule_entries \(no request id\): a redirect, which is not followed/,
    );
    expect(calls).to.equal(1);
  });

  it('an unreachable server is a failed schedule naming the address, after bounded retries', async () => {
    const port = await freePort();
    const clock = manualClock(NOW);
    const provider = createIncidentIoProvider({
      apiKey: TEST_KEY,
      baseUrl: `http://127.0.0.1:${port}`,
      clock: clock.now,
      sleep: clock.sleep,
      maxRetries: 2,
    });
    const answer = await provider.onCallFor(['P'], clock.now());
    outputs.push(JSON.stringify(answer));
    expect(reasonOf(answer)).to.equal(
      `could not reach incident.io at http://127.0.0.1:${port} (ECONNREFUSED) (3 attempts)`,
    );
    expect(clock.sleeps).to.have.length(2);
  });

  it('a key that the server echoes back in an error message is still redacted', async () => {
    const echo: typeof fetch = async (_url, init) => {
      const auth = new Headers(init?.headers).get('authorization') ?? '';
      return new Response(
        JSON.stringify({
          type: 'x',
          status: 422,
          request_id: 'r-1',
          errors: [{ code: 'x', message: `bad header ${auth}` }],
        }),
        { status: 422 },
      );
    };
    const { ask } = await setup({ fetch: echo });
    const reason = reasonOf(await ask());
    expect(reason).to.equal(
      'incident.io answered 422 Unprocessable Entity to GET /v2/schedule_entries (request id r-1): the request was refused as invalid (bad header Bearer [redacted])',
    );
  });

  it('"any schedule" reports a list failure and answers no schedule', async () => {
    const { ask: _ask, provider, clock } = await setup({ apiKey: 'wrong-key-0000' });
    const answer = await provider.onCallAny(clock.now());
    outputs.push(JSON.stringify(answer));
    expect(answer.schedules).to.deep.equal([]);
    expect(answer.listFailure).to.match(
      /^could not list the account's schedules: incident\.io answered 401 Unauthorized to GET \/v2\/schedules/,
    );
  });

  it('mixed outcomes: one schedule answered, one failed, in the order asked', async () => {
    const clock = manualClock(NOW);
    const sim = await simulator(opened, {
      data: data(schedule('OK', [entry('2026-11-26T00:00:00Z', '2026-11-27T00:00:00Z', 'a@example.com')])),
      now: clock.now,
    });
    const provider = createIncidentIoProvider({
      apiKey: TEST_KEY,
      baseUrl: sim.url,
      clock: clock.now,
      sleep: clock.sleep,
    });
    const answer = await provider.onCallFor(['MISSING', 'OK'], clock.now());
    outputs.push(JSON.stringify(answer));
    expect(answer.schedules.map((s) => [s.scheduleId, s.status])).to.deep.equal([
      ['MISSING', 'failed'],
      ['OK', 'answered'],
    ]);
  });
});
