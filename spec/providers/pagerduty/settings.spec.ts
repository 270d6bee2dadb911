// PagerDuty settings: from the environment (PAGERDUTY_API_KEY, PAGERDUTY_BASE_URL), defaults within
// PagerDuty's limits, plain errors for bad values, and a base URL that can never carry the key.
import { expect } from 'chai';
import {
  DEFAULT_PAGERDUTY_BASE_URL,
  pagerDutySettingsFromEnv,
  resolvePagerDutySettings,
} from '../../../plugin/providers/pagerduty/settings.js';
import { resolveSettings } from '../../../plugin/providers/incidentio/settings.js';
import { TEST_KEY } from './helpers.js';

describe('PagerDuty settings', () => {
  it('from the environment: nothing without a key; the key trimmed; the base URL when set', () => {
    expect(pagerDutySettingsFromEnv({})).to.equal(undefined);
    expect(pagerDutySettingsFromEnv({ PAGERDUTY_API_KEY: '  ' })).to.equal(undefined);
    expect({ ...pagerDutySettingsFromEnv({ PAGERDUTY_API_KEY: ` ${TEST_KEY} ` }) }).to.deep.equal({ apiKey: TEST_KEY });
    expect({
      ...pagerDutySettingsFromEnv({ PAGERDUTY_API_KEY: TEST_KEY, PAGERDUTY_BASE_URL: 'http://127.0.0.1:9999/' }),
    }).to.deep.equal({ apiKey: TEST_KEY, baseUrl: 'http://127.0.0.1:9999/' });
    expect(pagerDutySettingsFromEnv({ INCIDENT_IO_API_KEY: 'x' }), 'the other provider’s key is not ours').to.equal(
      undefined,
    );
  });

  it('defaults: the public API, a 60 s cache, pages of 100, a budget under 960 calls a minute', () => {
    const s = resolvePagerDutySettings({ apiKey: TEST_KEY });
    expect(s).to.include({
      baseUrl: DEFAULT_PAGERDUTY_BASE_URL,
      cacheLifeMs: 60_000,
      pageSize: 100,
      maxPages: 100,
      callsPerMinute: 800,
      deadlineMs: 10_000,
      requestTimeoutMs: 5_000,
      maxRetries: 3,
    });
    expect(resolvePagerDutySettings({ apiKey: TEST_KEY, baseUrl: 'http://localhost:8080///' }).baseUrl).to.equal(
      'http://localhost:8080',
    );
  });

  it('refuses a missing key, out-of-range values and bad base URLs, without printing the key', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ apiKey: '' }, /apiKey is missing: set PAGERDUTY_API_KEY/],
      [{ apiKey: TEST_KEY, pageSize: 101 }, /pageSize must be a number from 1 to 100/],
      [{ apiKey: TEST_KEY, cacheLifeMs: 61_000 }, /cacheLifeMs must be a number from 0 to 60000/],
      [{ apiKey: TEST_KEY, callsPerMinute: 0 }, /callsPerMinute must be a number from 1/],
      [{ apiKey: TEST_KEY, baseUrl: 'ftp://example.com' }, /must be an http\(s\) URL/],
      [{ apiKey: TEST_KEY, baseUrl: 'https://user:pw@example.com' }, /must not carry credentials/],
      [{ apiKey: TEST_KEY, baseUrl: 'https://example.com/?x=1' }, /must not carry a query/],
      [{ apiKey: TEST_KEY, baseUrl: `https://example.com/${TEST_KEY}` }, /baseUrl contains the API key/],
      [{ apiKey: TEST_KEY, baseUrl: TEST_KEY }, /baseUrl is not a URL: \[redacted\]/],
    ];
    for (const [input, why] of cases) {
      let message = '';
      try {
        resolvePagerDutySettings(input as never);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message, JSON.stringify(input)).to.match(why);
      expect(message).to.not.include('never-print-me');
    }
  });

  it('the checks both providers share: a key that cannot travel in a header, a base URL with a query', () => {
    // One home for the settings checks: PagerDuty refuses a pasted zero-width space as incident.io does, and
    // incident.io refuses a base URL with a query as PagerDuty does, each in its own name.
    expect(() => resolvePagerDutySettings({ apiKey: `${TEST_KEY}\u200b` })).to.throw(
      TypeError,
      /^PagerDuty setting apiKey holds a zero-width space \(U\+200B\) at character \d+/,
    );
    expect(() => resolveSettings({ apiKey: TEST_KEY, baseUrl: 'https://example.com/?x=1' })).to.throw(
      TypeError,
      /^incident\.io setting baseUrl must not carry a query or fragment/,
    );
  });
});
