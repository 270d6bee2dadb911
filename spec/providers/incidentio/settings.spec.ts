import { expect } from 'chai';
import { inspect } from 'node:util';
import { createIncidentIoProvider } from '../../../plugin/providers/incidentio/provider.js';
import { resolveSettings, settingsFromEnv } from '../../../plugin/providers/incidentio/settings.js';
import { TEST_KEY } from './helpers.js';

describe('incident.io settings', () => {
  it('fills the documented defaults', () => {
    const s = resolveSettings({ apiKey: TEST_KEY });
    expect(s).to.include({
      baseUrl: 'https://api.incident.io',
      cacheLifeMs: 60_000,
      requestTimeoutMs: 5_000,
      deadlineMs: 10_000,
      maxRetries: 3,
      parallelism: 32,
      callsPerMinute: 1_000,
    });
    expect(s.scheduleAllowList).to.equal(undefined);
  });

  it('never lets the cache outlive the one-minute window, and rejects nonsense plainly', () => {
    expect(() => resolveSettings({ apiKey: TEST_KEY, cacheLifeMs: 60_001 })).to.throw(
      /cacheLifeMs must be a number from 0 to 60000/,
    );
    expect(() => resolveSettings({ apiKey: TEST_KEY, parallelism: 0 })).to.throw(/parallelism/);
    expect(() => resolveSettings({ apiKey: TEST_KEY, baseUrl: 'ftp://x' })).to.throw(/http\(s\) URL/);
    expect(() => resolveSettings({ apiKey: TEST_KEY, baseUrl: `https://user:${TEST_KEY}@x` })).to.throw(
      /must not carry credentials/,
    );
    expect(() => resolveSettings({ apiKey: '  ' })).to.throw(/apiKey is missing/);
    for (const bad of [{ cacheLifeMs: 60_001 }, { baseUrl: 'nope' }, { parallelism: -1 }]) {
      try {
        resolveSettings({ apiKey: TEST_KEY, ...bad });
      } catch (err) {
        expect((err as Error).message).to.not.include(TEST_KEY);
      }
    }
  });

  it('reads INCIDENT_IO_API_KEY and INCIDENT_IO_BASE_URL; no key means no settings', () => {
    expect(settingsFromEnv({})).to.equal(undefined);
    expect(settingsFromEnv({ INCIDENT_IO_API_KEY: '  ' })).to.equal(undefined);
    const s = settingsFromEnv(
      { INCIDENT_IO_API_KEY: ` ${TEST_KEY} `, INCIDENT_IO_BASE_URL: 'http://127.0.0.1:9/' },
      { deadlineMs: 5 },
    )!;
    expect(s.apiKey).to.equal(TEST_KEY);
    expect(resolveSettings(s)).to.include({ baseUrl: 'http://127.0.0.1:9', deadlineMs: 5 });
  });

  it('keeps the key out of JSON, String() and util.inspect of settings objects', () => {
    const fromEnv = settingsFromEnv({ INCIDENT_IO_API_KEY: TEST_KEY })!;
    const resolved = resolveSettings({ apiKey: TEST_KEY });
    for (const s of [fromEnv, resolved]) {
      expect(JSON.stringify(s)).to.not.include(TEST_KEY);
      expect(JSON.stringify(s)).to.include('[redacted]');
      expect(String(s)).to.not.include(TEST_KEY);
      expect(`${s}`).to.not.include(TEST_KEY);
      expect(inspect(s, { depth: 5 })).to.not.include(TEST_KEY);
      expect(JSON.stringify({ nested: { s } })).to.not.include(TEST_KEY);
      expect(s.apiKey).to.equal(TEST_KEY); // still usable
    }
  });

  it('a provider (and its client) can be logged without the key', () => {
    const provider = createIncidentIoProvider({ apiKey: TEST_KEY });
    expect(inspect(provider, { depth: 6 })).to.not.include(TEST_KEY);
    expect(JSON.stringify(provider)).to.not.include(TEST_KEY);
    expect(JSON.stringify(provider.client)).to.not.include(TEST_KEY);
  });
});
