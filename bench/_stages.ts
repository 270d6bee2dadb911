import { readFileSync } from 'node:fs';
import { checkSourceText } from '../plugin/routing/source.js';
import { parseSource } from '../plugin/routing/parse.js';
import { resolveLimits } from '../plugin/routing/limits.js';
import { schemaErrors } from '../plugin/routing/ajv.js';
import { routingSchema, ROUTING_SCHEMA_ID } from '../plugin/routing/schema.js';
import { checkRules } from '../plugin/routing/semantics.js';
import { loadRoutingText } from '../plugin/routing/load.js';
const text = readFileSync('/tmp/perf/rules.yaml', 'utf8');
const t = () => Number(process.hrtime.bigint()) / 1e6;
const out: string[] = [];
let t0 = t();
const lap = (n: string) => { const t1 = t(); out.push(`${n} ${(t1 - t0).toFixed(0)}`); t0 = t1; };
const mode = process.argv[2] ?? '';
if (mode === 'all') { loadRoutingText(text, 'x.yaml'); lap('loadRoutingText'); }
else {
if (mode.includes('p')) { checkSourceText(text, 'x.yaml', resolveLimits()); lap('prescan'); }
const { data, index } = parseSource(text, 'x.yaml', resolveLimits()); lap('parseSource');
const s = routingSchema(); schemaErrors(s, (data as unknown[])[0], 'rule'); lap('ajv compile');
for (const r of data as unknown[]) schemaErrors(s, r, 'rule'); lap('ajv 500');
checkRules((data as any[]).map((rule, i) => ({ rule, pointer: `/${i}` })), index, ['incidentio']); lap('semantics');
for (let i = 0; i < 500; i++) index.source(`/${i}`); lap('sources');
}
console.log(out.join(', '));
