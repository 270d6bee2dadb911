// Time: a shift that ends inside the cache life ends on time, a cached answer never serves an instant its
// window does not cover, nothing is served past the cache life, and `--now` takes only instants with a zone.
import { expect } from 'chai';
import { createApprovalEngine } from '../../plugin/engine/approval-engine.js';
import type { AccessRequest } from '../../plugin/request/types.js';
import { createIncidentIoProvider } from '../../plugin/providers/incidentio/provider.js';
import { runCli } from '../support/cli.js';
import { PRIMARY, rules } from './world.js';

type Entry = { start_at: string; end_at: string; user: { id: string; email: string } };

/** incident.io's entries endpoint over a list the test can change, counting calls. */
function entriesServer(entries: Entry[]) {
  const calls: string[] = [];
  const fetch = (async (url: string | URL) => {
    const u = new URL(String(url));
    calls.push(u.searchParams.get('entry_window_start') ?? '');
    const start = Date.parse(u.searchParams.get('entry_window_start')!);
    const end = Date.parse(u.searchParams.get('entry_window_end')!);
    const final = entries.filter((e) => Date.parse(e.start_at) <= end && Date.parse(e.end_at) >= start);
    return new Response(JSON.stringify({ schedule_entries: { final, scheduled: [], overrides: [] } }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

const shift = (email: string, start: string, end: string): Entry => ({
  start_at: start,
  end_at: end,
  user: { id: email, email },
});
const ask = (email: string): AccessRequest => ({ requestor: { email }, resource: { service: 'aws' } });
const AUTO_PRIMARY = `
- name: on call for primary
  requestor: { type: any }
  resource: { type: any }
  approval: [{ type: auto, integration: incidentio, services: [${PRIMARY}] }]
`;

describe('security: time tricks', () => {
  let wall = Date.parse('2026-11-26T08:59:30Z');
  const setUp = (entries: Entry[]) => {
    const server = entriesServer(entries);
    const provider = createIncidentIoProvider({
      apiKey: 'test-key-time',
      fetch: server.fetch,
      clock: () => new Date(wall),
      sleep: async () => {},
    });
    const engine = createApprovalEngine({
      rules: rules(AUTO_PRIMARY),
      providers: { incidentio: provider },
      clock: () => new Date(wall),
    });
    return { engine, server };
  };

  it('a shift ending inside the cache life ends at its end_at, to the millisecond, from cached entries', async () => {
    wall = Date.parse('2026-11-26T08:59:30Z');
    const { engine, server } = setUp([
      shift('alice@example.com', '2026-11-26T00:00:00Z', '2026-11-26T09:00:00Z'),
      shift('bob@example.com', '2026-11-26T09:00:00Z', '2026-11-26T18:00:00Z'),
    ]);
    expect((await engine.decide(ask('alice@example.com'))).decision).to.equal('approved');
    wall = Date.parse('2026-11-26T08:59:59.999Z');
    expect((await engine.decide(ask('alice@example.com'))).decision).to.equal('approved');
    wall = Date.parse('2026-11-26T09:00:00Z');
    expect((await engine.decide(ask('alice@example.com'))).decision).to.equal('denied');
    expect((await engine.decide(ask('bob@example.com'))).decision).to.equal('approved');
    expect(server.calls).to.have.length(1); // all of it from the one fetch
  });

  it('entries fetched for one instant never answer for an instant outside their window', async () => {
    wall = Date.parse('2026-11-26T08:00:00Z');
    const entries = [shift('alice@example.com', '2026-11-26T00:00:00Z', '2026-11-26T12:00:00Z')];
    const { engine, server } = setUp(entries);
    expect((await engine.decide(ask('alice@example.com'))).decision).to.equal('approved');
    // An override for 08:05 onward, made after the fetch: an instant five minutes on needs its own fetch.
    entries.splice(
      0,
      1,
      shift('alice@example.com', '2026-11-26T00:00:00Z', '2026-11-26T08:05:00Z'),
      shift('carol@example.com', '2026-11-26T08:05:00Z', '2026-11-26T12:00:00Z'),
    );
    const later = { now: new Date('2026-11-26T08:06:00Z') };
    expect((await engine.decide(ask('alice@example.com'), later)).decision).to.equal('denied');
    const earlier = { now: new Date('2026-11-26T07:00:00Z') };
    expect((await engine.decide(ask('carol@example.com'), earlier)).decision).to.equal('denied');
    expect(server.calls.length).to.equal(3);
  });

  it('nothing is served past the cache life: a change at incident.io shows within 60 s of wall time', async () => {
    wall = Date.parse('2026-11-26T08:00:00Z');
    const entries = [shift('alice@example.com', '2026-11-26T00:00:00Z', '2026-11-26T12:00:00Z')];
    const { engine } = setUp(entries);
    const at = { now: new Date('2026-11-26T08:00:30Z') };
    expect((await engine.decide(ask('alice@example.com'), at)).decision).to.equal('approved');
    entries.length = 0; // alice taken off the schedule
    wall = Date.parse('2026-11-26T08:01:00Z');
    expect((await engine.decide(ask('alice@example.com'), at)).decision).to.equal('denied');
  });

  it('--now takes an RFC 3339 instant with a zone, and nothing else', async () => {
    const base = [
      'evaluate',
      '--schedules',
      'rules/oncall.example.yaml',
      '--request',
      'rules/production-guarded/requests/staging-on-call.json',
      '--rules',
      'rules/production-guarded/production-guarded.routing.yaml',
      '--now',
    ];
    for (const now of [
      '2026-11-26T08:00:00',
      '2026-11-26',
      'now',
      '1764144000000',
      '2026-11-26T08:00:00+24:00',
      '2026-11-31T08:00:00Z',
      '2026-11-26T08:00:60Z',
      '2026-11-26T24:00:00Z',
      '',
    ]) {
      const r = await runCli([...base, now]);
      expect(r.code, JSON.stringify(now)).to.equal(2);
      expect(r.stdout).to.equal('');
    }
    const ok = await runCli([...base, '2026-11-26T09:00:00+01:00']); // 08:00Z
    expect(JSON.parse(ok.stdout).decision).to.equal('approved');
    const after = await runCli([...base, '2026-11-26T10:00:00+01:00']); // 09:00Z: alice's shift is over
    expect(JSON.parse(after.stdout).decision).to.equal('denied');
  });
});
