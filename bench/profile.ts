// Our engine alone on the world of scenario 1 or 2, for a CPU profile:
//
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile.ts 2 20000
//
// (scenario 1, 2 or 10, that is 1 with PagerDuty answering, then the number of decisions). The on-call
// data is cached before timing starts.
import { loadRules, startBackend } from './ours.js';
import { scenario as manyRules } from './scenarios/many-rules.js';
import { scenario as twoRules } from './scenarios/two-rules.js';
import { generateWorld, onPagerDuty, twoRuleWorld } from './world.js';

const which = process.argv[2] === '1' ? 1 : process.argv[2] === '10' ? 10 : 2;
const decisions = Number(process.argv[3] ?? 20_000);
const two = () => twoRuleWorld({ requests: twoRules.sizes.full.requests, schedules: twoRules.sizes.full.schedules });
const world = which === 1 ? two() : which === 10 ? onPagerDuty(two()) : generateWorld({ ...manyRules.sizes.full });
const clock = () => world.now;
const sim = await startBackend(which === 10 ? 'pagerduty' : 'incidentio', world.schedules);
try {
  const engine = sim.engine(loadRules(world.yaml), sim.provider(clock), world.reviewers, clock);
  for (const r of world.requests) await engine.decide(r);
  const t0 = performance.now();
  for (let i = 0; i < decisions; i++) await engine.decide(world.requests[i % world.requests.length]!);
  const us = ((performance.now() - t0) / decisions) * 1000;
  console.log(`scenario ${which}: ${decisions} decisions, ${us.toFixed(1)} µs each (${Math.round(1e6 / us)}/s)`);
} finally {
  await sim.close();
}
