// The property behind the hardening: a hostile variant of a request (an invisible character slipped into a
// compared text, a value of an odd type, a huge value, a service in other case, a host `now` without its zone
// or finer than a millisecond) never gets an approval its clean original would not get, through `decide`
// or through a host's own Engine. Refusing it (InvalidRequestError) is always fine.
import { expect } from 'chai';
import fc from 'fast-check';
import { Engine } from 'json-rules-engine';
import { compileRules } from '../../plugin/compile/compile.js';
import { FACT } from '../../plugin/compile/vocabulary.js';
import { createApprovalEngine } from '../../plugin/engine/approval-engine.js';
import { outcomeOf } from '../../plugin/engine/host-outcome.js';
import { installOnCallPlugin } from '../../plugin/engine/plugin.js';
import type { OnCallProvider } from '../../plugin/providers/contract.js';
import { InvalidRequestError } from '../../plugin/request/check.js';
import type { AccessRequest } from '../../plugin/request/types.js';
import type { LoadedRule, Rule } from '../../plugin/routing/types.js';
import {
  failingArb,
  requestArb,
  reviewersArb,
  rulesArb,
  schedulesArb,
  toLoaded,
} from '../engine/support/arbitraries.js';
import { createFakeProvider } from '../engine/support/fake-provider.js';
import { NOW } from '../engine/support/rules.js';

const HIDDEN = ['\u200b', '\u200c', '\u200d', '\u2060', '\u202e', '\u2066', '\u00ad', '\u0007', '\u0000', '\u3164'];
// Values no field of a request may hold. (An empty mapping or list can be a valid value, and a valid request
// with a field removed is another request, which the routing language may treat differently on purpose.)
const ODD: unknown[] = [null, new Date(0), new Map(), Number.NaN, () => 1, Symbol('x'), [1, { a: 1 }], 10n];

type Path = readonly string[];
/** Where text that rules compare lives in a request. */
const TEXT_PATHS: Path[] = [
  ['requestor', 'email'],
  ['resource', 'service'],
  ['resource', 'accessType'],
  ['resource', 'attributes', 'tag', 'env'],
  ['requestor', 'profile', 'manager'],
  ['requestor', 'groups', '0', 'id'],
  ['reason'],
];
/** Where any value may be replaced by one of an odd type. */
const ANY_PATHS: Path[] = [
  ...TEXT_PATHS,
  ['requestor'],
  ['resource'],
  ['resource', 'attributes'],
  ['resource', 'attributes', 'tag'],
  ['requestor', 'profile'],
  ['duration'],
];

function get(obj: unknown, path: Path): unknown {
  return path.reduce<unknown>((o, k) => (typeof o === 'object' && o !== null ? (o as never)[k] : undefined), obj);
}

/** A copy with the value at `path` replaced (only where the path exists: the variant stays a variant). */
function set(request: AccessRequest, path: Path, value: unknown): AccessRequest | undefined {
  if (get(request, path) === undefined) return undefined;
  const copy = structuredClone(request) as unknown as Record<string, unknown>;
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string, unknown>;
  o[path[path.length - 1]!] = value;
  return copy as unknown as AccessRequest;
}

type Variant = (request: AccessRequest) => { request?: AccessRequest; now?: unknown };

const variantArb: fc.Arbitrary<Variant> = fc.oneof(
  // An invisible character somewhere in a compared text.
  fc
    .record({ path: fc.constantFrom(...TEXT_PATHS), ch: fc.constantFrom(...HIDDEN), at: fc.nat() })
    .map(({ path, ch, at }) => (r: AccessRequest) => {
      const text = get(r, path);
      if (typeof text !== 'string') return {};
      const i = at % (text.length + 1);
      return { request: set(r, path, `${text.slice(0, i)}${ch}${text.slice(i)}`) };
    }),
  // A value of a type the request does not have.
  fc
    .record({ path: fc.constantFrom(...ANY_PATHS), odd: fc.constantFrom(...ODD) })
    .map(({ path, odd }) => (r: AccessRequest) => ({ request: set(r, path, odd) })),
  // A huge value, where one is refused (a different service or group is another request, not a disguise).
  fc
    .record({
      path: fc.constantFrom<Path>(
        ['requestor', 'email'],
        ['resource', 'attributes', 'tag', 'env'],
        ['requestor', 'profile', 'manager'],
        ['reason'],
        ['duration'],
      ),
      size: fc.constantFrom(4097, 20_000, 200_000),
    })
    .map(({ path, size }) => (r: AccessRequest) => {
      const text = get(r, path);
      if (typeof text !== 'string') return {};
      return { request: set(r, path, path[0] === 'duration' ? `P${'9'.repeat(size % 30)}Y` : text + 'p'.repeat(size)) };
    }),
  // The same service and access type in other case, with blanks.
  fc.constant((r: AccessRequest) => ({
    request: {
      ...r,
      resource: {
        ...r.resource,
        service: ` ${r.resource.service.toUpperCase()}`,
        ...(r.resource.accessType ? { accessType: r.resource.accessType.toUpperCase() } : {}),
      },
    },
  })),
  // A host `now` that is no exact instant: no zone, finer than a millisecond, fractional epoch ms.
  fc
    .constantFrom<unknown>(
      '2026-11-26T08:00:00',
      '2026-11-26 08:00:00Z',
      '2026-11-26T08:00:00.0000001Z',
      NOW.getTime() + 0.25,
      'now',
    )
    .map((now) => () => ({ now })),
);

/**
 * The random rules, and sometimes a guard written for the clean request exactly (a `deny` on its requestor,
 * its service and access type, and its `env` tag) before them and a catch-all standing approval after: a
 * variant that slips past the guard without being refused would then be approved, which the property finds.
 */
function withGuard(random: LoadedRule[], clean: AccessRequest, guard: boolean): LoadedRule[] {
  if (!guard) return random;
  const env = clean.resource.attributes?.tag?.env;
  const deny: Rule = {
    requestor: { type: 'user', uid: clean.requestor.email.trim().toLowerCase() },
    resource: {
      type: 'integration',
      service: clean.resource.service,
      ...(clean.resource.accessType ? { accessType: clean.resource.accessType } : {}),
      ...(typeof env === 'string' ? { filters: { tag: { effect: 'keep', key: 'env', pattern: `^${env}$` } } } : {}),
    },
    approval: [{ type: 'deny' }],
  };
  const standing: Rule = { requestor: { type: 'any' }, resource: { type: 'any' }, approval: [{ type: 'persistent' }] };
  return toLoaded([deny, ...random.map(({ label: _a, source: _b, entrySources: _c, ...r }) => r as Rule), standing]);
}

async function outcome(attempt: () => Promise<string>): Promise<string> {
  try {
    return await attempt();
  } catch (err) {
    expect(err, String(err)).to.be.instanceOf(InvalidRequestError);
    return 'refused';
  }
}

async function hostDecision(rules: LoadedRule[], provider: OnCallProvider, reviewers: string[], facts: object) {
  const engine = new Engine();
  installOnCallPlugin(engine, { providers: { incidentio: provider }, reviewers, clock: () => NOW });
  for (const rule of compileRules(rules).rules) engine.addRule(rule);
  return outcomeOf((await engine.run(facts as Record<string, unknown>)).events).decision;
}

describe('security: hostile requests', () => {
  it('never get an approval their clean request would not get, through decide or a host Engine', async () => {
    await fc.assert(
      fc.asyncProperty(
        rulesArb,
        schedulesArb,
        failingArb,
        reviewersArb,
        requestArb,
        variantArb,
        fc.boolean(),
        async (random, schedules, failing, reviewers, clean, variant, guard) => {
          const rules = withGuard(random, clean, guard);
          const provider = createFakeProvider(schedules, { failing });
          const ours = createApprovalEngine({
            rules,
            providers: { incidentio: provider },
            reviewers,
            clock: () => NOW,
          });
          const cleanDecision = (await ours.decide(clean)).decision;
          const { request = clean, now } = variant(clean);
          const viaDecide = await outcome(async () => (await ours.decide(request)).decision);
          const viaHost = await outcome(() =>
            hostDecision(rules, provider, reviewers, {
              [FACT.request]: request,
              ...(now !== undefined ? { [FACT.now]: now } : {}),
            }),
          );
          const context = JSON.stringify(
            { clean, request, now: String(now), cleanDecision, viaDecide, viaHost },
            (_key, value: unknown) => (typeof value === 'bigint' || typeof value === 'symbol' ? String(value) : value),
          );
          if (viaDecide === 'approved') expect(cleanDecision, context).to.equal('approved');
          if (viaHost === 'approved') expect(cleanDecision, context).to.equal('approved');
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('security: hostile requests on the command line', () => {
  // The bundled example, as a user runs it: every variant that JSON can carry (hidden characters, odd types,
  // huge values, other case) goes in on standard input, and `--now` gets the instants a host might pass.
  const RULES = 'rules/production-guarded/production-guarded.routing.yaml';
  const SCHEDULES = 'rules/oncall.example.yaml';
  const REQUESTS = ['staging-on-call', 'prod-database', 'sensitive-admin'].map(
    (name) => `rules/production-guarded/requests/${name}.json`,
  );
  const NOW_TEXT = NOW.toISOString();

  const textOf = (_k: string, v: unknown) => (typeof v === 'bigint' || typeof v === 'symbol' ? String(v) : v);
  const asText = (value: unknown) => JSON.stringify(value, textOf);

  async function viaCli(request: unknown, now: string): Promise<string> {
    const { runCli } = await import('../support/cli.js');
    const r = await runCli(['evaluate', RULES, '--schedules', SCHEDULES, '--request', '-', '--now', now], {
      stdin: asText(request),
    });
    if (r.code !== 0) return 'refused';
    return (JSON.parse(r.stdout) as { decision: string }).decision;
  }

  it('never get an approval their clean request would not get, through `evaluate --request -`', async () => {
    const { readFile } = await import('node:fs/promises');
    const cleans = await Promise.all(REQUESTS.map(async (f) => JSON.parse(await readFile(f, 'utf8')) as AccessRequest));
    const cleanDecisions = await Promise.all(cleans.map((c) => viaCli(c, NOW_TEXT)));
    expect(cleanDecisions).to.deep.equal(['approved', 'pending', 'denied']);
    await fc.assert(
      fc.asyncProperty(fc.nat(cleans.length - 1), variantArb, async (which, variant) => {
        const clean = cleans[which]!;
        const { request = clean, now } = variant(clean);
        const decision = await viaCli(request, typeof now === 'string' ? now : NOW_TEXT);
        if (decision === 'approved')
          expect(cleanDecisions[which], asText({ request, now: String(now) })).to.equal('approved');
      }),
      { numRuns: 120 },
    );
  });
});
