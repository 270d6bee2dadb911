import { generateWorld } from './world.js';
const w = generateWorld({ rules: 500, services: 50, schedules: 20, users: 100, requests: 0 });
const t00 = performance.now();
const { loadRoutingText } = await import('../plugin/routing/load.js');
const { compileRules } = await import('../plugin/routing/compile.js');
console.log('import', (performance.now() - t00).toFixed(1));
const N = Number(process.argv[2] ?? 10);
for (let i = 0; i < N; i++) {
  const t0 = performance.now();
  const r = loadRoutingText(w.yaml, 'x.yaml');
  const t1 = performance.now();
  compileRules(r.rules);
  console.log(`load ${(t1 - t0).toFixed(1)} compile ${(performance.now() - t1).toFixed(1)}`);
}
