// The API key never appears in anything printed, whatever incident.io (or whatever answers at the base URL)
// sends back: echoes of the Authorization header in a request id, an error message, a redirect, a fetch
// error's code; and whatever the settings hold (the key pasted into INCIDENT_IO_BASE_URL).
import { expect } from 'chai';
import { createIncidentIoClient } from '../../plugin/providers/incidentio/client.js';
import { createIncidentIoProvider } from '../../plugin/providers/incidentio/provider.js';
import { resolveSettings } from '../../plugin/providers/incidentio/settings.js';
import { runCli } from '../support/cli.js';

const KEY = 'inc_live_SECRET0123456789abcdef';
const SECRET = /SECRET0123456789/;
const NOW = new Date('2026-11-26T08:00:00Z');

type Echo = (auth: string) => { status: number; body: string; headers?: Record<string, string> };

/** A server that reflects the Authorization header it was sent into its answer. */
function echoing(answer: Echo): typeof globalThis.fetch {
  return (async (_url: unknown, init?: { headers?: Record<string, string> }) => {
    const { status, body, headers = {} } = answer(init?.headers?.Authorization ?? '');
    return new Response(status === 302 ? null : body, {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });
  }) as typeof globalThis.fetch;
}

const ECHOES: Record<string, Echo> = {
  '401 with the key in its request id and message': (auth) => ({
    status: 401,
    body: JSON.stringify({
      type: 'authentication_error',
      status: 401,
      request_id: auth,
      errors: [{ code: 'bad', message: `bad key ${auth}` }],
    }),
  }),
  '401 with the key in x-request-id': (auth) => ({ status: 401, body: 'no', headers: { 'x-request-id': auth } }),
  '403 with the key in its request id': (auth) => ({
    status: 403,
    body: JSON.stringify({ request_id: auth, errors: [{ message: auth }] }),
  }),
  '302 to elsewhere, the key in its headers': (auth) => ({
    status: 302,
    body: '',
    headers: { location: `https://elsewhere.example/?k=${auth}`, 'x-request-id': auth },
  }),
  '200 that is not JSON, the key in x-request-id': (auth) => ({
    status: 200,
    body: `<html>${auth}</html>`,
    headers: { 'x-request-id': auth },
  }),
  '200 of the wrong shape holding the key': (auth) => ({
    status: 200,
    body: JSON.stringify({ schedules: auth, headers: { Authorization: auth }, request_id: auth }),
  }),
};

const COMMANDS: string[][] = [
  ['evaluate', '--request', 'rules/production-guarded/requests/staging-on-call.json', '--now', '2026-11-26T08:00:00Z'],
  [
    'can-approve',
    '--rules',
    'rules/production-guarded/production-guarded.routing.yaml',
    '--request',
    'rules/production-guarded/requests/prod-database.json',
    '--approver',
    'alice@example.com',
    '--now',
    '2026-11-26T08:00:00Z',
    '--format',
    'text',
    '--trace',
  ],
  ['schedules', '--format', 'json'],
  ['check-key'],
  ['check-key', '--format', 'json'],
  ['validate', '--online', '--format', 'json', 'rules/production-guarded/production-guarded.routing.yaml'],
  ['schema', '--with-schedules'],
];

describe('security: the API key is never printed', () => {
  for (const [name, echo] of Object.entries(ECHOES)) {
    it(`when incident.io answers ${name}`, async () => {
      for (const argv of COMMANDS) {
        const r = await runCli(argv, {
          env: { INCIDENT_IO_API_KEY: KEY, ONCALL_APPROVAL_DEBUG: '1' },
          fetch: echoing(echo),
          now: NOW,
        });
        expect(r.stdout + r.stderr, argv.join(' ')).to.not.match(SECRET);
        // A decision is still made (exit 0), on no on-call data: never an approval. Other commands fail.
        if (argv[0] === 'evaluate') expect(JSON.parse(r.stdout).decision).to.not.equal('approved');
        // (The text leads with the failed lookup, then the answer.)
        else if (argv[0] === 'can-approve') expect(r.stdout).to.match(/^ON-CALL DATA MISSING[^]*\n\nNOT ALLOWED/);
        else expect(r.code, argv.join(' ')).to.not.equal(0);
      }
    });
  }

  it('when the fetch itself fails with the key in its error code, cause or type (retried, then reported)', async () => {
    const failures: Array<(auth: string) => unknown> = [
      (auth) => Object.assign(new Error(`failed ${auth}`), { code: auth }),
      (auth) => Object.assign(new TypeError('fetch failed'), { cause: { code: `ECONNRESET ${auth}` } }),
      (auth) => Object.assign(new Error('x'), { type: auth }),
      (auth) => auth,
    ];
    for (const failure of failures) {
      const fetch = (async (_u: unknown, init?: { headers?: Record<string, string> }) => {
        throw failure(init?.headers?.Authorization ?? '');
      }) as typeof globalThis.fetch;
      const settings = { apiKey: KEY, fetch, sleep: async () => {}, maxRetries: 1 };
      const client = createIncidentIoClient(settings);
      const error = await client.listSchedules().then(
        () => undefined,
        (err: Error) => err,
      );
      expect(error?.message).to.match(/could not reach incident\.io/);
      expect(error?.message).to.not.match(SECRET);
      const answer = await createIncidentIoProvider(settings).onCallFor(['01HPRIMARY0000000000000000'], NOW);
      expect(JSON.stringify(answer)).to.not.match(SECRET);
    }
  });

  it('when the key is in INCIDENT_IO_BASE_URL (variables swapped, or pasted into the URL)', async () => {
    for (const baseUrl of [
      KEY,
      `inc_live:${KEY}`,
      `https://api.incident.io/?key=${KEY}`,
      `https://${KEY}.example`,
      `https://user:${KEY}@api.incident.io`,
    ]) {
      for (const argv of COMMANDS) {
        const r = await runCli(argv, {
          env: { INCIDENT_IO_API_KEY: KEY, INCIDENT_IO_BASE_URL: baseUrl, ONCALL_APPROVAL_DEBUG: '1' },
          fetch: echoing(() => ({ status: 500, body: '' })),
          now: NOW,
        });
        expect(r.code, `${baseUrl} ${argv.join(' ')}`).to.not.equal(0);
        expect(r.stdout + r.stderr, `${baseUrl} ${argv.join(' ')}`).to.not.match(SECRET);
      }
      let error: Error | undefined;
      try {
        resolveSettings({ apiKey: KEY, baseUrl });
      } catch (err) {
        error = err as Error;
      }
      expect(error?.message, baseUrl).to.match(/baseUrl/);
      expect(error?.message).to.not.match(SECRET);
    }
  });

  it('settings objects never show the key when logged or serialised', () => {
    const settings = resolveSettings({ apiKey: KEY });
    expect(JSON.stringify(settings)).to.not.match(SECRET);
    expect(String(settings)).to.not.match(SECRET);
    expect(JSON.stringify(createIncidentIoProvider({ apiKey: KEY }).settings)).to.not.match(SECRET);
  });
});
