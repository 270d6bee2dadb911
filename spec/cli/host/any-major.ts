// A host as a user's project writes it: its own json-rules-engine `Engine`, the routing compiled by the
// built package, the plugin installed. spec/cli/peer-json-rules-engine.spec.ts type-checks and runs this
// file once with json-rules-engine 6 and once with 7 installed, and compares what it prints.
import { Engine } from 'json-rules-engine';
import {
  compileRules,
  createLocalProvider,
  FACT,
  hasErrors,
  installOnCallPlugin,
  loadRoutingFiles,
  loadSchedulesFile,
  outcomeOf,
  type AccessRequest,
  type HostOutcome,
  type ScheduleListingProvider,
} from 'oncall-approval';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const NOW = new Date('2026-11-26T08:00:00Z');
const APPROVERS = ['alice@example.com', 'bob@example.com', 'carol@example.com', 'security@example.com'];

export interface HostCase {
  routing: string;
  request: string;
  onCall: 'answers' | 'fails';
  outcome: HostOutcome;
  allowed: Record<string, boolean>;
}

/** A provider whose every lookup fails (against its contract, which says lookups never reject). */
function failing(provider: ScheduleListingProvider): ScheduleListingProvider {
  const down = async (): Promise<never> => {
    throw new Error('incident.io is down');
  };
  return {
    integration: provider.integration,
    listSchedules: down,
    onCallFor: down,
    onCallAny: down,
  };
}

export async function runHost(): Promise<HostCase[]> {
  const local = createLocalProvider(await loadSchedulesFile('rules/oncall.example.yaml'));
  // One folder per example (rules/NAME/): its routing file, and its requests under rules/NAME/requests/.
  const folders = readdirSync('rules', { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => `rules/${d.name}`)
    .sort();
  const inside = (dir: string, suffix: string) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith(suffix))
          .sort()
          .map((f) => `${dir}/${f}`)
      : [];
  const routingFiles = folders.flatMap((d) => inside(d, '.routing.yaml'));
  const requests = folders.flatMap((d) => inside(`${d}/requests`, '.json'));
  const cases: HostCase[] = [];
  for (const routing of routingFiles) {
    const { rules, problems } = await loadRoutingFiles([routing]);
    if (hasErrors(problems)) throw new Error(`${routing} does not load`);
    const compiled = compileRules(rules);
    for (const onCall of ['answers', 'fails'] as const) {
      const engine = new Engine();
      installOnCallPlugin(engine, {
        providers: { incidentio: onCall === 'answers' ? local : failing(local) },
        reviewers: ['security@example.com'],
      });
      for (const rule of compiled.rules) engine.addRule(rule);
      for (const file of requests) {
        const request = JSON.parse(readFileSync(file, 'utf8')) as AccessRequest;
        const { events } = await engine.run({ [FACT.request]: request, [FACT.now]: NOW });
        const allowed: Record<string, boolean> = {};
        for (const email of APPROVERS) {
          const run = await engine.run({ [FACT.request]: request, [FACT.approver]: { email }, [FACT.now]: NOW });
          allowed[email] = outcomeOf(run.events).allowed;
        }
        cases.push({ routing, request: file, onCall, outcome: outcomeOf(events), allowed });
      }
    }
  }
  return cases;
}

if (process.argv.includes('--print')) console.log(JSON.stringify(await runHost()));
