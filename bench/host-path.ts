// The host path: a host's own json-rules-engine `Engine`, made fresh for every request as docs/hosts.md asks
// of concurrent hosts, with the plugin installed and 500 compiled routing rules over 50 services. Measured
// two ways, against `createApprovalEngine(...).decide` over the same rules, provider and requests:
//   - rules: every compiled rule added to the Engine (each begins with its service guard);
//   - service: only the compiled rules for the request's service (`rulesForService`);
//   - single-rule: the plugin's single-rule mode (`installOnCallPlugin(engine, { rules: compiled })`).
// Self-contained: `npx tsx bench/host-path.ts [--rules N] [--services N] [--seconds S]` prints JSON.
// Every decision of the host path is checked against `decide` first, so a fast wrong answer cannot pass.
import { Engine } from 'json-rules-engine';
import {
  compileRules,
  createApprovalEngine,
  createLocalProvider,
  FACT,
  installOnCallPlugin,
  loadRoutingText,
  outcomeOf,
  parseSchedulesText,
  rulesForService,
  type AccessRequest,
} from './api.js';
import { generateWorld } from './world.js';

const TARGET_PER_SECOND = 1_000;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

const sizes = { rules: option('rules', 500), services: option('services', 50), seconds: option('seconds', 3) };
const world = generateWorld({ ...sizes, schedules: 40, users: 200, requests: 400 });
const loaded = loadRoutingText(world.yaml, 'bench-host-path.yaml');
if (loaded.problems.some((p) => p.severity === 'error')) throw new Error('the generated routing file does not load');
const { data, problems } = parseSchedulesText(JSON.stringify({ schedules: world.schedules }), 'bench-schedules.json');
if (!data) throw new Error(`the generated schedules do not load: ${problems[0]?.message}`);
const provider = createLocalProvider(data);
const clock = () => world.now;
const providers = { incidentio: provider };
const reviewers = world.reviewers;
const compiled = compileRules(loaded.rules);
const ours = createApprovalEngine({ rules: loaded.rules, providers, reviewers, clock });

type Decide = (request: AccessRequest) => Promise<string>;

const contenders: Record<string, Decide> = {
  createApprovalEngine: async (request) => (await ours.decide(request)).decision,
  'host, every compiled rule': async (request) => {
    const engine = new Engine();
    installOnCallPlugin(engine, { providers, reviewers, clock });
    for (const rule of compiled.rules) engine.addRule(rule);
    return outcomeOf((await engine.run({ [FACT.request]: request })).events).decision;
  },
  "host, the request's service's rules": async (request) => {
    const engine = new Engine();
    installOnCallPlugin(engine, { providers, reviewers, clock });
    for (const rule of rulesForService(compiled, request.resource.service)) engine.addRule(rule);
    return outcomeOf((await engine.run({ [FACT.request]: request })).events).decision;
  },
  'host, single-rule mode': async (request) => {
    const engine = new Engine();
    installOnCallPlugin(engine, { providers, reviewers, clock, rules: compiled });
    return outcomeOf((await engine.run({ [FACT.request]: request })).events).decision;
  },
};

async function measure(decide: Decide): Promise<{ perSecond: number; decisions: number }> {
  // Warm up, then as many decisions as fit in the time, in whole passes over the requests.
  for (const request of world.requests.slice(0, 50)) await decide(request);
  const start = performance.now();
  let decisions = 0;
  while (performance.now() - start < sizes.seconds * 1000) {
    for (const request of world.requests) {
      await decide(request);
      decisions++;
    }
  }
  return { perSecond: decisions / ((performance.now() - start) / 1000), decisions };
}

const disagreements: string[] = [];
for (const request of world.requests) {
  const expected = await contenders.createApprovalEngine!(request);
  for (const [name, decide] of Object.entries(contenders)) {
    const got = await decide(request);
    if (got !== expected) disagreements.push(`${name}: ${request.id} is ${got}, decide says ${expected}`);
  }
}

const results: Record<string, { perSecond: number; decisions: number; ratioToApprovalEngine?: number }> = {};
for (const [name, decide] of Object.entries(contenders)) results[name] = await measure(decide);
const base = results.createApprovalEngine!.perSecond;
for (const [name, r] of Object.entries(results))
  if (name !== 'createApprovalEngine') r.ratioToApprovalEngine = r.perSecond / base;
const fastest = Math.max(
  ...Object.entries(results)
    .filter(([name]) => name !== 'createApprovalEngine')
    .map(([, r]) => r.perSecond),
);

console.log(
  JSON.stringify(
    {
      scenario: 'host path: a fresh Engine per request',
      routingRules: sizes.rules,
      compiledRules: compiled.rules.length,
      services: sizes.services,
      requests: world.requests.length,
      results,
      target: { perSecond: TARGET_PER_SECOND, measured: Math.round(fastest), pass: fastest >= TARGET_PER_SECOND },
      agreement: { checked: world.requests.length, disagreements },
    },
    null,
    2,
  ),
);
if (disagreements.length > 0) process.exitCode = 1;
