import { readFileSync } from 'node:fs';
import { parseDocument, Parser, Composer, LineCounter } from 'yaml';
const text = readFileSync('/tmp/perf/rules.yaml', 'utf8');
const t = () => Number(process.hrtime.bigint()) / 1e6;
let t0 = t();
const mode = process.argv[2];
if (mode === 'parser') { let n=0; for (const tok of new Parser().parse(text)) n++; console.log('cst', (t()-t0).toFixed(1)); t0=t(); }
const d = parseDocument(text, { uniqueKeys: false, prettyErrors: false, strict: true, schema: 'core', version: '1.2', merge: false });
console.log('parseDocument', (t() - t0).toFixed(1)); t0 = t();
const d2 = parseDocument(text, { uniqueKeys: false, prettyErrors: false, strict: true, schema: 'core', version: '1.2', merge: false });
console.log('parseDocument 2nd', (t() - t0).toFixed(1));
