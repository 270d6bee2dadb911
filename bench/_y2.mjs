import { readFileSync } from 'node:fs';
import { Parser, Lexer, Composer } from 'yaml';
const text = readFileSync('/tmp/perf/rules.yaml', 'utf8');
const t = () => Number(process.hrtime.bigint()) / 1e6;
const mode = process.argv[2];
let t0 = t();
const lap = (n) => { const t1 = t(); process.stdout.write(`${n} ${(t1 - t0).toFixed(0)}  `); t0 = t1; };
if (mode === 'lex') { let n = 0; for (const tok of new Lexer().lex(text)) n++; lap('lex'); let m=0; for (const tok of new Lexer().lex(text)) m++; lap('lex2'); }
if (mode === 'lexarr') { const toks = [...new Lexer().lex(text)]; lap('lex'); const p = new Parser(); const docs = []; for (const tok of toks) for (const d of p.next(tok)) docs.push(d); for (const d of p.end()) docs.push(d); lap('parse from tokens'); const c = new Composer({ uniqueKeys: false, prettyErrors: false, strict: true, schema: 'core', version: '1.2', merge: false }); const out=[...c.compose(docs, true, text.length)]; lap('compose'); }
if (mode === 'cst') { const docs = [...new Parser().parse(text)]; lap('cst'); const c = new Composer({ uniqueKeys: false, prettyErrors: false, strict: true, schema: 'core', version: '1.2', merge: false }); const out=[...c.compose(docs, true, text.length)]; lap('compose'); }
console.log();
import { parseDocument } from 'yaml';
if (mode === 'pd') { parseDocument(text, { uniqueKeys: false, prettyErrors: false, strict: true, schema: 'core', version: '1.2', merge: false }); lap('parseDocument'); console.log(); }
if (mode === 'pd0') { parseDocument(text); lap('parseDocument default opts'); console.log(); }
