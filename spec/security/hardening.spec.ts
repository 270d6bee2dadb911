// The hardening classes: each attack below got an approval, a hang, a crash or a leak before, and must end
// safe now: refused with a code, decided without approving, or redacted. One `describe` per class.
import { expect } from 'chai';
import { Engine } from 'json-rules-engine';
import { compileRules } from '../../plugin/compile/compile.js';
import { FACT } from '../../plugin/compile/vocabulary.js';
import { createApprovalEngine } from '../../plugin/engine/approval-engine.js';
import { grantFor } from '../../plugin/engine/grant.js';
import { outcomeOf } from '../../plugin/engine/host-outcome.js';
import { installOnCallPlugin } from '../../plugin/engine/plugin.js';
import type { OnCallProvider } from '../../plugin/providers/contract.js';
import { createIncidentIoClient } from '../../plugin/providers/incidentio/client.js';
import { createIncidentIoProvider } from '../../plugin/providers/incidentio/provider.js';
import { resolveSettings } from '../../plugin/providers/incidentio/settings.js';
import { parseInstantStrict } from '../../plugin/providers/instant.js';
import { createLocalProvider } from '../../plugin/providers/local/local-provider.js';
import { parseSchedulesText } from '../../plugin/providers/local/schedules-file.js';
import { InvalidRequestError } from '../../plugin/request/check.js';
import type { AccessRequest } from '../../plugin/request/types.js';
import { loadRoutingText } from '../../plugin/routing/load.js';
import { ESCALATION, NOW, PRIMARY, rules } from './world.js';

const AUTO = `
- name: on call
  requestor: { type: any }
  resource: { type: any }
  approval: [{ type: auto, integration: incidentio }]
`;

const alice = (extra: Partial<AccessRequest['resource']> = {}, more: Record<string, unknown> = {}) =>
  ({ requestor: { email: 'alice@example.com' }, resource: { service: 'aws', ...extra }, ...more }) as AccessRequest;

async function refused(p: Promise<unknown>): Promise<string[]> {
  try {
    await p;
  } catch (err) {
    expect(err).to.be.instanceOf(InvalidRequestError);
    return (err as InvalidRequestError).problems.map((q) => `${q.code} ${q.pointer}`);
  }
  return expect.fail('the request was decided instead of refused');
}

function localProvider(yaml: string): OnCallProvider {
  const { data, problems } = parseSchedulesText(yaml, 'hardening-schedules.yaml');
  if (!data) throw new Error(problems.map((p) => p.message).join('; '));
  return createLocalProvider(data);
}

async function hostDecision(routing: string, provider: OnCallProvider, facts: Record<string, unknown>, extra = {}) {
  const engine = new Engine();
  installOnCallPlugin(engine, { providers: { incidentio: provider }, clock: () => NOW, ...extra });
  for (const rule of compileRules(rules(routing)).rules) engine.addRule(rule);
  return outcomeOf((await engine.run(facts)).events);
}

/** A provider whose lookups never answer (a hung server behind a provider that ignores signals). */
const hung: OnCallProvider = {
  integration: 'incidentio',
  onCallFor: () => new Promise(() => {}),
  onCallAny: () => new Promise(() => {}),
};

describe('security: hardening', () => {
  describe('instants finer than a millisecond (issue 12, item 1)', () => {
    // A shift that ends half a millisecond after 09:00.
    const SHIFT = `
schedules:
  - id: ${PRIMARY}
    name: Primary
    entries:
      - { start_at: 2026-11-26T08:00:00Z, end_at: 2026-11-26T09:00:00.000500Z, user: { id: U1, email: alice@example.com } }
`;
    it("refuses a host's `now` fact with more than three decimals instead of cutting it", async () => {
      const provider = localProvider(SHIFT);
      const at = (now: unknown) => hostDecision(AUTO, provider, { [FACT.request]: alice(), [FACT.now]: now });
      expect((await at('2026-11-26T08:30:00Z')).decision).to.equal('approved'); // the control case
      expect((await at('2026-11-26T09:00:00.000Z')).decision).to.equal('approved');
      // After the shift's end, but the same millisecond once cut: never approved.
      expect((await at('2026-11-26T09:00:00.000600Z')).decision).to.not.equal('approved');
      expect((await at('2026-11-26T08:30:00.0000001Z')).decision).to.not.equal('approved');
      expect((await at(Date.parse('2026-11-26T08:30:00Z') + 0.5)).decision).to.not.equal('approved');
    });

    it('parseInstantStrict, the one reading of a given instant, says what is wrong', () => {
      expect(parseInstantStrict('2026-11-26T09:00:00.123Z')).to.deep.equal({
        date: new Date('2026-11-26T09:00:00.123Z'),
      });
      expect(parseInstantStrict('2026-11-26T10:00:00+01:00')).to.deep.equal({ date: new Date('2026-11-26T09:00:00Z') });
      expect(parseInstantStrict('2026-11-26T09:00:00.000600Z').problem).to.match(/finer than a millisecond/);
      for (const text of ['2026-11-26T09:00:00', '2026-02-30T09:00:00Z', 'now', ''])
        expect(parseInstantStrict(text).problem, text).to.match(/not a real RFC 3339 instant/);
      expect(parseInstantStrict(42).problem).to.match(/RFC 3339 text/);
    });
  });

  describe('filter patterns in RE2 (item 2)', () => {
    const guarded = (pattern: string) => `
- name: no prod
  requestor: { type: any }
  resource: { type: integration, service: aws, filters: { env: { effect: keep, key: name, pattern: '${pattern}' } } }
  approval: [{ type: deny }]
- name: everything else
  requestor: { type: any }
  resource: { type: any }
  approval: [{ type: persistent }]
`;
    const named = (name: string) => alice({ attributes: { env: { name } } });

    it('reads `\\A` and `\\z` as anchors, so a deny written with them matches', async () => {
      const e = createApprovalEngine({ rules: rules(guarded('\\Aprod\\z')), providers: {}, clock: () => NOW });
      expect((await e.decide(named('prod'))).decision).to.equal('denied');
      expect((await e.decide(named('Aprodz'))).decision).to.equal('approved');
      expect((await e.decide(named('staging'))).decision).to.equal('approved');
    });

    it('decides at once on values that make a backtracking engine run for minutes', async () => {
      const e = createApprovalEngine({
        rules: rules(guarded('^([a-z0-9]+-?){1,63}\\.prod\\.example\\.com$')),
        providers: {},
        clock: () => NOW,
      });
      // Without linear matching, each of these would hang the decision far past mocha's timeout.
      expect((await e.decide(named(`${'a'.repeat(34)}.prod.example.co`))).decision).to.equal('approved');
      expect((await e.decide(named('db-1.prod.example.com'))).decision).to.equal('denied');
      const dots = createApprovalEngine({ rules: rules(guarded('.*prod.*')), providers: {}, clock: () => NOW });
      expect((await dots.decide(named(`${'x'.repeat(4000)}prod`))).decision).to.equal('denied');
    });

    it('refuses lookaround and backreferences at load, at the pattern, with a code', () => {
      for (const pattern of ['^(?!dev)', '(?<=a)b', '(x)\\1']) {
        const { problems } = loadRoutingText(guarded(pattern), 'p.routing.yaml');
        const errors = problems.filter((p) => p.severity === 'error');
        expect(
          errors.map((p) => `${p.code} ${p.line} ${p.path}`),
          pattern,
        ).to.deep.equal(['routing.pattern-unsupported 4 /0/resource/filters/env/pattern']);
        expect(errors[0]!.message).to.include('RE2');
      }
    });

    it('caps the length of attribute and profile values, so pattern work per value is bounded', async () => {
      const e = createApprovalEngine({ rules: rules(guarded('prod')), providers: {}, clock: () => NOW });
      expect(await refused(e.decide(named('x'.repeat(150_000))))).to.deep.equal([
        'request.too-long /resource/attributes/env/name',
      ]);
      const profiled = {
        requestor: { email: 'alice@example.com', profile: { manager: 'm'.repeat(5000) } },
        resource: { service: 'aws' },
      } as AccessRequest;
      expect(await refused(e.decide(profiled))).to.deep.equal(['request.too-long /requestor/profile/manager']);
      expect((await e.decide(named('x'.repeat(4096)))).decision).to.equal('approved');
    });
  });

  describe('durations (item 3)', () => {
    const STANDING = `
- name: standing
  requestor: { type: any }
  resource: { type: any }
  approval: [{ type: persistent }]
`;
    it('refuses a huge but valid duration with a code, instead of throwing inside the decision', async () => {
      const e = createApprovalEngine({ rules: rules(STANDING), providers: {}, clock: () => NOW });
      for (const duration of ['P300000Y', 'P11Y', 'PT99999999H'])
        expect(await refused(e.decide(alice({}, { duration }))), duration).to.deep.equal([
          'request.duration-too-long /duration',
        ]);
      const ten = await e.decide(alice({}, { duration: 'P10Y' }));
      expect(ten.decision).to.equal('approved');
      expect(ten.expiresAt).to.equal('2036-11-26T08:00:00.000Z');
    });

    it('refuses such a grant duration when the engine is made, and computes no grant past the range of dates', () => {
      expect(() => createApprovalEngine({ grantDuration: 'P300000Y' })).to.throw(TypeError, /at most P10Y/);
      expect(grantFor(NOW, 'P300000Y')).to.equal(undefined);
      expect(grantFor(NOW, 'PT1H', 'P300000Y')).to.deep.equal({
        grantDuration: 'PT1H',
        expiresAt: '2026-11-26T09:00:00.000Z',
      });
    });
  });

  describe('one deadline per decision (item 4)', () => {
    it('decide and canApprove end at the deadline against a provider that never answers, with reasons', async () => {
      const e = createApprovalEngine({
        rules: rules(AUTO),
        providers: { incidentio: hung },
        clock: () => NOW,
        decisionDeadlineMs: 30,
      });
      const d = await e.decide(alice());
      expect(d.decision).to.equal('denied');
      expect(d.reasons.join(' ')).to.match(/deadline of 30 ms passed/);
      const can = await e.canApprove(alice(), { email: 'bob@example.com' });
      expect(can.allowed).to.equal(false);
    });

    it("a caller's signal stops the lookups at once", async () => {
      const e = createApprovalEngine({ rules: rules(AUTO), providers: { incidentio: hung }, clock: () => NOW });
      const controller = new AbortController();
      const pending = e.decide(alice(), { signal: controller.signal });
      controller.abort();
      expect((await pending).decision).to.equal('denied');
    });

    it("a caller's signal that has fired stops answers at hand too (a warm cache)", async () => {
      const warm: OnCallProvider = {
        ...hung,
        onCallAnyAtHand: (now) => ({
          at: now.toISOString(),
          schedules: [
            {
              scheduleId: PRIMARY,
              status: 'answered',
              onCall: [{ email: 'alice@example.com', since: '2026-11-26T07:00:00Z', until: '2026-11-26T09:00:00Z' }],
              skipped: [],
              fetchedAt: now.toISOString(),
            },
          ],
        }),
      };
      const e = createApprovalEngine({ rules: rules(AUTO), providers: { incidentio: warm }, clock: () => NOW });
      expect((await e.decide(alice())).decision, 'the control: answered at hand').to.equal('approved');
      const controller = new AbortController();
      controller.abort();
      const stopped = await e.decide(alice(), { signal: controller.signal });
      expect(stopped.decision).to.equal('denied');
      expect(stopped.reasons.join(' ')).to.match(/cancelled|abort/i);
    });

    it('a decision waiting on many lookups at once gets no leak warning from Node (one listener each)', async () => {
      const ids = Array.from({ length: 15 }, (_, i) => `S${i}`);
      const many = `
- name: many schedules
  requestor: { type: any }
  resource: { type: any }
  approval:
${ids.map((id) => `    - { type: escalation, integration: incidentio, services: [${id}] }`).join('\n')}
`;
      const slow: OnCallProvider = {
        integration: 'incidentio',
        onCallAny: async (now) => ({ at: now.toISOString(), schedules: [] }),
        onCallFor: (scheduleIds, now) =>
          new Promise((resolve) =>
            setTimeout(
              () =>
                resolve({
                  at: now.toISOString(),
                  schedules: scheduleIds.map((scheduleId) => ({
                    scheduleId,
                    status: 'answered',
                    onCall: [],
                    skipped: [],
                    fetchedAt: now.toISOString(),
                  })),
                }),
              5,
            ),
          ),
      };
      const warnings: string[] = [];
      const onWarning = (w: Error) => warnings.push(w.name);
      process.on('warning', onWarning);
      try {
        const e = createApprovalEngine({ rules: rules(many), providers: { incidentio: slow }, clock: () => NOW });
        const d = await e.decide(alice());
        expect(d.trace.filter((t) => t.kind === 'lookup')).to.have.length(15);
        await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
      } finally {
        process.off('warning', onWarning);
      }
      expect(warnings).to.not.include('MaxListenersExceededWarning');
    });

    it("a host's Engine has the same deadline", async () => {
      const outcome = await hostDecision(AUTO, hung, { [FACT.request]: alice() }, { decisionDeadlineMs: 30 });
      expect(outcome.decision).to.not.equal('approved');
    });

    it('refuses a deadline that is not a whole number of milliseconds', () => {
      for (const ms of [0, -1, 1.5, Number.NaN, 1e9])
        expect(() => createApprovalEngine({ decisionDeadlineMs: ms }), String(ms)).to.throw(TypeError);
    });
  });

  describe('pagination (item 7)', () => {
    const page = (after: string | undefined, n = 1) => ({
      schedules: Array.from({ length: n }, (_, i) => ({
        id: `S${after}${i}`,
        name: 'x',
        timezone: 'UTC',
        team_ids: [],
      })),
      ...(after ? { pagination_meta: { page_size: n, after } } : {}),
    });

    it('stops at the first cursor seen before (a cycle A, B, A), not after a thousand pages', async () => {
      let calls = 0;
      const cycling = (async (url: string) => {
        calls++;
        const after = new URL(url).searchParams.get('after');
        return new Response(JSON.stringify(page(after === 'A' ? 'B' : 'A')), { status: 200 });
      }) as unknown as typeof fetch;
      const client = createIncidentIoClient({ apiKey: 'test-key-0000', fetch: cycling });
      const error = await client.listAllSchedules().then(
        () => undefined,
        (err: Error) => err,
      );
      expect(error?.message).to.match(/cursor it had returned before/);
      expect(calls).to.equal(3);
    });

    it('refuses a page of 200,000 entries with a sentence, not a stack overflow', async () => {
      const entry = { start_at: '2026-11-26T08:00:00Z', end_at: '2026-11-26T09:00:00Z' };
      const huge = JSON.stringify({
        schedule_entries: { scheduled: [], overrides: [], final: Array.from({ length: 200_000 }, () => entry) },
      });
      const fetch = (async () => new Response(huge, { status: 200 })) as unknown as typeof globalThis.fetch;
      const provider = createIncidentIoProvider({ apiKey: 'test-key-0000', fetch });
      const answer = await provider.onCallFor([PRIMARY], NOW);
      const s = answer.schedules[0]!;
      expect(s.status).to.equal('failed');
      expect(s.status === 'failed' && s.reason).to.match(/more than 10,000 final entries/);
    });
  });

  describe('an API key that cannot go in a header (item 8)', () => {
    it('says what is wrong with the key at settings time, without showing it', () => {
      const cases: Record<string, RegExp> = {
        'inc_\u200bSECRETKEY123': /a zero-width space \(U\+200B\) at character 5/,
        '\u2018inc_SECRETKEY123\u2019': /a curly quote \(U\+2018\) at character 1/,
        'inc_SECRET KEY123': /a space \(U\+0020\) at character 11/,
        inc_SECRÉTKEY123: /U\+00C9 at character 9/,
      };
      for (const [apiKey, message] of Object.entries(cases)) {
        let error: Error | undefined;
        try {
          resolveSettings({ apiKey });
        } catch (err) {
          error = err as Error;
        }
        expect(error?.message, JSON.stringify(apiKey)).to.match(message);
        expect(error?.message).to.match(/cannot be sent in an HTTP header/);
        expect(error?.message).to.not.match(/SECR/);
      }
    });
  });

  describe('emails with invisible characters (item 10)', () => {
    const DENY_ALICE = `
- name: not alice
  requestor: { type: user, uid: alice@example.com }
  resource: { type: any }
  approval: [{ type: deny }]
- name: everyone else
  requestor: { type: any }
  resource: { type: any }
  approval: [{ type: persistent }]
`;
    it('refuses them as requestor and approver, from decide and a host Engine alike', async () => {
      const e = createApprovalEngine({ rules: rules(DENY_ALICE), providers: {}, clock: () => NOW });
      for (const hidden of ['\u200b', '\u200d', '\u2060', '\u202e', '\u00ad', '\ufeff', '\u0007', '\u2028']) {
        // Blanks around an email are trimmed (`\ufeff` and `\u2028` are blanks to `trim()`): then it is Alice.
        const trimmed = hidden.trim() === '';
        const email = `alice@example.com${hidden}`;
        const sneaky = { requestor: { email }, resource: { service: 'aws' } } as AccessRequest;
        if (trimmed) expect((await e.decide(sneaky)).decision).to.equal('denied');
        else
          expect(await refused(e.decide(sneaky)), JSON.stringify(email)).to.deep.equal([
            'request.not-an-email /requestor/email',
          ]);
        const inside = { requestor: { email: `al${hidden}ice@example.com` }, resource: { service: 'aws' } };
        expect(await refused(e.decide(inside as AccessRequest))).to.deep.equal([
          'request.not-an-email /requestor/email',
        ]);
        if (trimmed) continue;
        expect(await refused(e.canApprove(alice(), { email }))).to.deep.equal(['request.not-an-email /email']);
        // A host's Engine never rejects the run: the request is denied, with the same problems.
        const host = await hostDecision(DENY_ALICE, localProvider('schedules: []'), { [FACT.request]: sneaky });
        expect(host.decision).to.equal('denied');
        expect(host.problems?.map((q) => `${q.code} ${q.pointer}`)).to.deep.equal([
          'request.not-an-email /requestor/email',
        ]);
      }
    });

    it('refuses a routing `uid` holding one, at its line', () => {
      const { problems } = loadRoutingText(
        DENY_ALICE.replace('alice@example.com', 'alice@example.com\u200b'),
        'u.yaml',
      );
      expect(problems.map((p) => `${p.severity} ${p.code} ${p.line}`)).to.deep.equal(['error routing.bad-email 3']);
    });

    it('never counts a provider person whose email holds one, and a schedules file refuses it', async () => {
      const provider: OnCallProvider = {
        integration: 'incidentio',
        onCallAny: async (now) => ({ at: now.toISOString(), schedules: [] }),
        onCallFor: async (ids, now) => ({
          at: now.toISOString(),
          schedules: ids.map((scheduleId) => ({
            scheduleId,
            status: 'answered' as const,
            onCall: [{ email: 'bob@example.com\u200b', since: '2026-11-26T00:00:00Z', until: '2026-11-27T00:00:00Z' }],
            skipped: [],
            fetchedAt: now.toISOString(),
          })),
        }),
      };
      const e = createApprovalEngine({
        rules: rules(ESCALATION),
        providers: { incidentio: provider },
        clock: () => NOW,
      });
      const d = await e.decide(alice());
      expect(d.paths?.[0]?.approvers ?? []).to.deep.equal([]);
      expect(JSON.stringify(d)).to.not.include('\u200b');
      const file = `schedules: [{ id: ${PRIMARY}, name: P, entries: [{ start_at: 2026-11-26T00:00:00Z, end_at: 2026-11-27T00:00:00Z, user: { email: "bob@example.com\\u200b" } }] }]`;
      const { problems } = parseSchedulesText(file, 's.yaml');
      expect(problems.map((p) => p.code)).to.deep.equal(['schedules.bad-email']);
    });

    it('writes control and bidi characters from provider data as escapes in sentences', async () => {
      const provider: OnCallProvider = {
        integration: 'incidentio',
        onCallAny: async (now) => ({ at: now.toISOString(), schedules: [] }),
        onCallFor: async (ids, now) => ({
          at: now.toISOString(),
          schedules: ids.map((scheduleId) => ({
            scheduleId,
            scheduleName: 'Prim\u202Eary\r\n',
            status: 'failed' as const,
            reason: 'server said \u202Edevorppa\u0007',
          })),
        }),
      };
      const e = createApprovalEngine({
        rules: rules(ESCALATION),
        providers: { incidentio: provider },
        clock: () => NOW,
      });
      const d = await e.decide(alice());
      const text = [...d.reasons, ...(d.paths ?? []).map((p) => p.why)].join('\n');
      expect(text).to.not.match(/[\u202E\u0007\r]/);
      expect(text).to.include('\\u{202E}');
    });
  });

  describe('decided and documented (item 11)', () => {
    it('compares service and accessType case-insensitively: `AWS` does not slip past a deny on `aws`', async () => {
      const routing = `
- name: no aws admin
  requestor: { type: any }
  resource: { type: integration, service: aws, accessType: admin }
  approval: [{ type: deny }]
- name: everything else
  requestor: { type: any }
  resource: { type: any }
  approval: [{ type: persistent }]
`;
      const e = createApprovalEngine({ rules: rules(routing), providers: {}, clock: () => NOW });
      for (const [service, accessType] of [
        ['AWS', 'admin'],
        ['aws', 'ADMIN'],
        ['Aws', 'Admin'],
      ]) {
        const request = alice({ service: service!, accessType: accessType! });
        expect((await e.decide(request)).decision, `${service} ${accessType}`).to.equal('denied');
        expect((await hostDecision(routing, hung, { [FACT.request]: request })).decision).to.equal('denied');
      }
      const { problems } = loadRoutingText(routing.replace('service: aws', 'service: AWS'), 'c.yaml');
      expect(problems.map((p) => `${p.code} ${p.line}`)).to.deep.equal(['routing.not-lower-case 4']);
    });

    it('fails a schedule whose `final` is null or holds an entry ending at or before its start', async () => {
      const bodies = {
        null: { schedule_entries: { scheduled: [], overrides: [], final: null } },
        backwards: {
          schedule_entries: {
            final: [
              {
                start_at: '2026-11-26T09:00:00Z',
                end_at: '2026-11-26T07:00:00Z',
                user: { id: 'U1', email: 'alice@example.com' },
              },
            ],
          },
        },
        empty: {
          schedule_entries: {
            final: [{ start_at: '2026-11-26T08:00:00Z', end_at: '2026-11-26T08:00:00Z' }],
          },
        },
      };
      for (const [name, body] of Object.entries(bodies)) {
        const fetch = (async () =>
          new Response(JSON.stringify(body), { status: 200 })) as unknown as typeof globalThis.fetch;
        const answer = await createIncidentIoProvider({ apiKey: 'test-key-0000', fetch }).onCallFor([PRIMARY], NOW);
        const s = answer.schedules[0]!;
        expect(s.status, name).to.equal('failed');
        expect(s.status === 'failed' && s.reason, name).to.match(/final/);
      }
    });

    it('marks an escalation path whose lookups all failed as unknown', async () => {
      const e = createApprovalEngine({
        rules: rules(ESCALATION),
        providers: { incidentio: hung },
        clock: () => NOW,
        decisionDeadlineMs: 20,
      });
      const d = await e.decide(alice());
      expect(d.paths?.map((p) => ({ open: p.open, unknown: p.unknown }))).to.deep.equal([
        { open: true, unknown: true },
      ]);
      const answered = createApprovalEngine({
        rules: rules(ESCALATION),
        providers: { incidentio: localProvider(`schedules: [{ id: ${PRIMARY}, name: P, entries: [] }]`) },
        clock: () => NOW,
      });
      expect((await answered.decide(alice())).paths?.[0]).to.not.have.property('unknown');
    });

    it('warns when a `remove` filter guards an approval nobody reviews', () => {
      const routing = `
- name: standing outside prod
  requestor: { type: any }
  resource: { type: integration, service: aws, filters: { tag: { effect: remove, key: env, pattern: '^prod$' } } }
  approval: [{ type: persistent }]
`;
      const { problems } = loadRoutingText(routing, 'r.yaml');
      expect(problems.map((p) => `${p.severity} ${p.code} ${p.line}`)).to.deep.equal([
        'warning routing.remove-admits-missing 4',
      ]);
    });
  });

  describe('credentials echoed in successful answers (item 6, provider side)', () => {
    const KEY = 'inc_live_SECRET0123456789abcdef';
    it('redacts the key, in any case, from names and emails before they reach a decision', async () => {
      const fetch = (async (url: string) => {
        const path = new URL(url).pathname;
        const body =
          path === '/v2/schedules'
            ? { schedules: [{ id: PRIMARY, name: `Team ${KEY.toUpperCase()}`, timezone: 'UTC', team_ids: [] }] }
            : {
                schedule_entries: {
                  final: [
                    {
                      start_at: '2026-11-26T07:00:00Z',
                      end_at: '2026-11-26T09:00:00Z',
                      user: { id: 'U1', name: `x${KEY}`, email: `${KEY.toLowerCase()}@example.com` },
                    },
                  ],
                },
              };
        return new Response(JSON.stringify(body), { status: 200 });
      }) as unknown as typeof globalThis.fetch;
      const provider = createIncidentIoProvider({ apiKey: KEY, fetch });
      const listed = await provider.listSchedules();
      expect(JSON.stringify(listed)).to.not.match(/secret0123456789/i);
      const e = createApprovalEngine({
        rules: rules(ESCALATION),
        providers: { incidentio: provider },
        clock: () => NOW,
      });
      const d = await e.decide(alice());
      expect(JSON.stringify(d)).to.not.match(/secret0123456789/i);
    });

    it('a `__proto__` key in an answer stays a key when the key is redacted: nobody inherits an email', async () => {
      const NOW9 = new Date('2026-11-26T08:30:00Z');
      for (const name of ['Mallory', `Mallory ${KEY}`]) {
        const user = `{"id":"U7","name":${JSON.stringify(name)},"__proto__":{"email":"alice@example.com"}}`;
        const body = `{"schedule_entries":{"final":[{"start_at":"2026-11-26T08:00:00Z","end_at":"2026-11-26T10:00:00Z","user":${user}}]}}`;
        const fetch = (async () => new Response(body, { status: 200 })) as unknown as typeof globalThis.fetch;
        const provider = createIncidentIoProvider({ apiKey: KEY, clock: () => NOW9, fetch });
        const [schedule] = (await provider.onCallFor([PRIMARY], NOW9)).schedules;
        expect(schedule?.status === 'answered' && schedule.onCall, name).to.deep.equal([]);
      }
    });

    it("a host's fetch whose response headers cannot be read still gives an answer, and a decision", async () => {
      const unreadable = Object.create(null) as object;
      const fetch = (async () => ({
        status: 200,
        text: async () => '{"schedule_entries":{"final":[]}}',
        headers: {
          get() {
            throw unreadable;
          },
        },
      })) as unknown as typeof globalThis.fetch;
      const provider = createIncidentIoProvider({ apiKey: KEY, clock: () => NOW, fetch, maxRetries: 0 });
      const [schedule] = (await provider.onCallFor([PRIMARY], NOW)).schedules;
      expect(schedule).to.include({ scheduleId: PRIMARY, status: 'answered' });
      const e = createApprovalEngine({
        rules: rules(ESCALATION),
        providers: { incidentio: provider },
        clock: () => NOW,
      });
      expect((await e.decide(alice())).decision).to.equal('pending');
    });
  });
});
