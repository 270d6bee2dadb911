// For hosts: run oncall-approval's routing inside your own json-rules-engine.
// (docs/hosts.md shows this file as it is; spec/engine/host-example.spec.ts runs it against the built
// package, imported by its name as your project would.)
import { Engine } from 'json-rules-engine';
import {
  compileRules,
  createLocalProvider,
  FACT,
  formatProblems,
  installOnCallPlugin,
  loadRoutingFiles,
  loadSchedulesFile,
  outcomeOf,
} from 'oncall-approval';

export async function hostExample() {
  // 1. Load, validate and compile the routing files once, at start-up.
  const { rules, problems } = await loadRoutingFiles(['rules/production-guarded/production-guarded.routing.yaml']);
  if (rules.length === 0) throw new Error(formatProblems(problems, 'text'));
  const compiled = compileRules(rules); // plain JSON, the same as `oncall-approval compile`

  // 2. Where on-call data comes from. Here the bundled schedules file; against incident.io use
  //    createIncidentIoProvider({ apiKey: process.env.INCIDENT_IO_API_KEY! }) instead.
  const provider = createLocalProvider(await loadSchedulesFile('rules/oncall.example.yaml'));

  // 3. Your engine: install the plugin (operators isOnCallAny / isOnCallFor and the on-call facts),
  //    then add the compiled rules next to your own.
  const engine = new Engine();
  installOnCallPlugin(engine, { providers: { incidentio: provider }, reviewers: ['security@example.com'] });
  for (const rule of compiled.rules) engine.addRule(rule);

  // 4. One run per request, the facts named by FACT. json-rules-engine must not run one Engine concurrently:
  //    use one Engine per concurrent request (or a queue). `now` is optional; it defaults to the clock.
  const request = {
    requestor: { email: 'bob@example.com' },
    resource: { service: 'aws', accessType: 'permission-set', attributes: { tag: { env: 'prod' } } },
    reason: 'INC-1240 primary database failover',
    duration: 'PT2H',
  };
  const now = new Date('2026-11-26T08:00:00Z');
  const { events } = await engine.run({ [FACT.request]: request, [FACT.now]: now });
  const outcome = outcomeOf(events); // { decision: 'pending', paths: [escalation, p0] with their approvers, ... }

  // 5. May carol approve it? Run again with an `approver` fact.
  const asCarol = await engine.run({
    [FACT.request]: request,
    [FACT.approver]: { email: 'carol@example.com' },
    [FACT.now]: now,
  });
  return { outcome, carolMayApprove: outcomeOf(asCarol.events).allowed };
}
