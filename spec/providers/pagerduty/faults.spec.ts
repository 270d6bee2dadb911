// Faults end in a failed lookup with a clear reason: never a crash, never an unhandled rejection, never the
// key in any output. Backoff and rate-limit waits go through an injected sleep that moves an injected clock,
// so these tests do not wait for real.
import { expect } from 'chai';
import { inspect } from 'node:util';
import { createPagerDutyProvider } from '../../../plugin/providers/pagerduty/provider.js';
import { createPagerDutyClient } from '../../../plugin/providers/pagerduty/client.js';
import type { PagerDutySettings } from '../../../plugin/providers/pagerduty/settings.js';
import type { PagerDutySimulator } from '../../../plugin/providers/pagerduty/simulator.js';
import type { OnCallAnswer } from '../../../plugin/providers/contract.js';
import { closeAll, emailsOf, manualClock, reasonOf, simulator, TEST_KEY, watchUnhandled, world } from './helpers.js';

const NOW = '2026-11-26T08:00:00Z';

/** Every form in which the key could leak: as is, in other letter cases, URL-encoded. */
const LEAKS = [TEST_KEY, TEST_KEY.toLowerCase(), TEST_KEY.toUpperCase(), encodeURIComponent(TEST_KEY)];
const leaks = (text: string) => LEAKS.some((k) => text.includes(k)) || /never-print-me/i.test(text);

describe('PagerDuty faults', () => {
  const opened: PagerDutySimulator[] = [];
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
    for (const text of outputs) expect(leaks(text), `the API key leaked: ${text}`).to.equal(false);
  });

  async function setup(settings: Partial<PagerDutySettings> = {}, sim?: PagerDutySimulator) {
    const clock = manualClock(NOW);
    const server = sim ?? (await simulator(opened, { data: world(), now: clock.now, random: () => 0 }));
    const provider = createPagerDutyProvider({
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
    const ask = async (ids = ['SVC-DB']) => {
      const answer = await provider.onCallFor(ids, clock.now());
      outputs.push(JSON.stringify(answer));
      return answer;
    };
    const any = async () => {
      const answer: OnCallAnswer = await provider.onCallAny(clock.now());
      outputs.push(JSON.stringify(answer));
      return answer;
    };
    return { clock, sim: server, provider, ask, any };
  }

  for (const form of ['ratelimit-reset', 'retry-after', 'http-date'] as const) {
    it(`waits out a 429 whose wait is given in ${form}, then answers`, async () => {
      const { clock, sim, ask } = await setup();
      sim.faults.status429 = { count: 1, retryAfter: 3, form };
      expect(emailsOf(await ask())).to.deep.equal(['frank@example.com']);
      expect(Math.max(...clock.sleeps)).to.be.within(2_000, 3_000);
      expect(
        outputs.some((l) => /PagerDuty: GET \/services\/SVC-DB: rate-limited; retrying in \d+ ms/.test(l)),
      ).to.equal(true);
    });
  }

  it('a 429 asking to wait past the deadline fails at once, saying so', async () => {
    const { sim, ask } = await setup({ deadlineMs: 5_000 });
    sim.faults.status429 = { count: 5, retryAfter: 30 };
    expect(reasonOf(await ask())).to.match(
      /^PagerDuty answered 429 Too Many Requests to GET \/services\/SVC-DB \(request id sim-\d+\): rate limited; it asked to wait 30 s, past the lookup's deadline$/,
    );
    expect(sim.calls.total).to.equal(1);
  });

  it('401: the key was rejected, at once, with the request id', async () => {
    const { sim, ask } = await setup({ apiKey: 'u+wrong-key-0000' });
    expect(reasonOf(await ask())).to.match(
      /^PagerDuty answered 401 Unauthorized to GET \/services\/SVC-DB \(request id sim-\d+\): the API key was rejected \(Unauthorized, code 2006\)$/,
    );
    expect(sim.calls.total).to.equal(1);
  });

  it('403 and 400 fail at once with their explanation', async () => {
    const cases: [number, RegExp][] = [
      [
        403,
        /403 Forbidden .*the API key may not read this \(a user token sees only what its user may see\) \(Access Denied/,
      ],
      [
        400,
        /400 Bad Request .*the request was refused as invalid \(Invalid Input Provided; since is wrong, code 2001\)/,
      ],
    ];
    for (const [status, why] of cases) {
      const fetch = (async () =>
        new Response(
          JSON.stringify({
            error:
              status === 403
                ? { message: 'Access Denied', code: 2010 }
                : { message: 'Invalid Input Provided', code: 2001, errors: ['since is wrong'] },
          }),
          { status, headers: { 'x-request-id': 'r-1' } },
        )) as unknown as typeof globalThis.fetch;
      const { ask } = await setup({ fetch });
      const reason = reasonOf(await ask());
      expect(reason).to.match(why);
      expect(reason).to.include('(request id r-1)');
    }
  });

  it('persistent 500: retried with backoff a bounded number of times, then a failed lookup', async () => {
    const { clock, sim, ask } = await setup();
    sim.faults.status500Rate = 1;
    expect(reasonOf(await ask())).to.match(
      /^PagerDuty answered 500 Internal Server Error to GET \/services\/SVC-DB \(request id sim-\d+\): a server error \(Internal Server Error \(simulated\), code 2000\) \(3 attempts\)$/,
    );
    expect(sim.calls.total).to.equal(3);
    expect(clock.sleeps).to.deep.equal([200, 400]);
  });

  it('errors are never cached: the next lookup asks again and answers', async () => {
    const { sim, ask } = await setup({ maxRetries: 0 });
    sim.faults.status500Rate = 1;
    expect(reasonOf(await ask())).to.match(/500/);
    sim.faults.status500Rate = 0;
    expect(emailsOf(await ask())).to.deep.equal(['frank@example.com']);
  });

  it('a body that is not JSON, or JSON of the wrong shape, is an error naming what is wrong (not retried)', async () => {
    const { sim, ask } = await setup();
    sim.faults.malformedRate = 1;
    expect(reasonOf(await ask())).to.match(
      /^PagerDuty answered GET \/services\/SVC-DB with a body that is not JSON \(no request id\)$/,
    );
    expect(sim.calls.total).to.equal(1);
    sim.faults.malformedRate = 0;
    sim.faults.wrongShapeRate = 1;
    expect(reasonOf(await ask())).to.equal(
      "PagerDuty's answer to GET /services/SVC-DB has an unexpected shape: service is not an object",
    );
  });

  it('broken pagination fails the lookup with its reason; "any" reports it as a list failure', async () => {
    const clock = manualClock(NOW);
    const sim = await simulator(opened, { data: world(), now: clock.now, pageSize: 2, faults: { pagination: 'loop' } });
    const { ask, any } = await setup({}, sim);
    expect(reasonOf(await ask(['SVC-CHECKOUT']))).to.match(
      /^PagerDuty's on-calls sent a page it had sent before \(offset 2\); stopping$/,
    );
    const answer = await any();
    expect(answer.listFailure).to.match(
      /could not read PagerDuty's on-calls: PagerDuty's on-calls sent a page it had sent before/,
    );
    expect(answer.listFailure).to.match(/could not list PagerDuty's schedules: PagerDuty's schedule list sent a page/);
    expect(answer.schedules).to.deep.equal([]);
  });

  it('"any": a failed schedule outside the policies fails alone; the on-calls still answer', async () => {
    const clock = manualClock(NOW);
    const sim = await simulator(opened, { data: world(), now: clock.now });
    const fetch: typeof globalThis.fetch = async (url, init) =>
      String(url).includes('/schedules/S-SHADOW/users')
        ? new Response('<html>proxy</html>', { status: 200 })
        : globalThis.fetch(url, init);
    const { any } = await setup({ fetch }, sim);
    const answer = await any();
    expect(answer.listFailure).to.equal(undefined);
    expect(emailsOf(answer, 'EP-ENG')).to.include('alice@example.com');
    expect(reasonOf(answer, 'S-SHADOW')).to.match(/GET \/schedules\/S-SHADOW\/users with a body that is not JSON/);
  });

  it('timeouts: each attempt is cut off, then a failed lookup', async () => {
    const fetch = ((_url: unknown, init?: { signal?: AbortSignal }) =>
      new Promise((_, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
      )) as typeof globalThis.fetch;
    const { ask } = await setup({ fetch, requestTimeoutMs: 20, maxRetries: 1, backoffBaseMs: 1 });
    expect(reasonOf(await ask())).to.match(
      /^PagerDuty did not answer GET \/services\/SVC-DB within 20 ms \(2 attempts\)$/,
    );
  });

  it('redirects are not followed, so the key is never sent elsewhere', async () => {
    let calls = 0;
    const fetch = (async () => {
      calls++;
      return new Response(null, { status: 302, headers: { location: 'https://elsewhere.example/' } });
    }) as unknown as typeof globalThis.fetch;
    const { ask } = await setup({ fetch });
    expect(reasonOf(await ask())).to.match(/302 .*a redirect, which is not followed .*check PAGERDUTY_BASE_URL/);
    expect(calls).to.equal(1);
  });

  it('the key never appears, whatever the server echoes: as is, case-folded or URL-encoded', async () => {
    const echoes: ((auth: string) => { status: number; body: string; headers?: Record<string, string> })[] = [
      (auth) => ({
        status: 401,
        body: JSON.stringify({ error: { message: `bad ${auth}`, errors: [auth.toUpperCase()] } }),
      }),
      (auth) => ({ status: 403, body: '{}', headers: { 'x-request-id': auth.toLowerCase() } }),
      (auth) => ({ status: 500, body: JSON.stringify({ error: { message: encodeURIComponent(auth) } }) }),
      (auth) => ({ status: 200, body: `<html>${auth}</html>`, headers: { 'x-request-id': encodeURIComponent(auth) } }),
      (auth) => ({ status: 400, body: JSON.stringify({ error: { message: auth.replace(/\+/g, ' ') } }) }),
    ];
    for (const echo of echoes) {
      const fetch = (async (_u: unknown, init?: { headers?: Record<string, string> }) => {
        const { status, body, headers } = echo(init?.headers?.Authorization ?? '');
        return new Response(body, { status, headers });
      }) as unknown as typeof globalThis.fetch;
      const { ask, any } = await setup({ fetch, maxRetries: 0 });
      const answer = await ask();
      expect(reasonOf(answer)).to.include('[redacted]');
      await any();
    }
    const throwing = (async (_u: unknown, init?: { headers?: Record<string, string> }) => {
      throw Object.assign(new TypeError('fetch failed'), {
        cause: { code: `ECONNRESET ${init?.headers?.Authorization}` },
      });
    }) as unknown as typeof globalThis.fetch;
    const { ask } = await setup({ fetch: throwing, maxRetries: 0 });
    expect(reasonOf(await ask())).to.match(
      /could not reach PagerDuty at http:\/\/127\.0\.0\.1:\d+ \(ECONNRESET Token token=\[redacted\]\)/,
    );
  });

  it("the client-side budget: a call it cannot admit before the deadline fails, in PagerDuty's words", async () => {
    const { ask } = await setup({ callsPerMinute: 1, deadlineMs: 5_000 });
    // One call a minute: the service call passes, the on-call list would wait past the deadline.
    expect(reasonOf(await ask())).to.equal(
      "the client-side budget of 1 PagerDuty calls a minute had no room before the lookup's deadline",
    );
  });

  it('a cancelled lookup returns at once, every unanswered part failed or reported, nothing approved', async () => {
    const fetch = ((_url: unknown, init?: { signal?: AbortSignal }) =>
      new Promise((_, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
      )) as typeof globalThis.fetch;
    const { clock, provider } = await setup({ fetch, requestTimeoutMs: 60_000 });
    const controller = new AbortController();
    const pending = [
      provider.onCallFor(['SVC-DB'], clock.now(), { signal: controller.signal }),
      provider.onCallAny(clock.now(), { signal: controller.signal }),
    ];
    setTimeout(() => controller.abort(), 20);
    const [forServices, any] = await Promise.all(pending);
    outputs.push(JSON.stringify([forServices, any]));
    expect(reasonOf(forServices!)).to.match(/cancelled/);
    expect(any!.schedules).to.deep.equal([]);
    expect(any!.listFailure).to.match(/cancelled/);
  });

  it('settings, clients and providers never show the key when logged or serialised', async () => {
    const { provider } = await setup();
    const client = createPagerDutyClient({ apiKey: TEST_KEY });
    for (const text of [
      inspect(provider.settings),
      JSON.stringify(provider.settings),
      String(provider.settings),
      inspect(client.settings),
    ]) {
      outputs.push(text);
      expect(leaks(text), text).to.equal(false);
    }
  });
});
