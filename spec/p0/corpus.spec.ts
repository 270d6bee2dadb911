// P0's published routing configurations (spec/p0/corpus/, each naming its source) load unchanged, in every
// document shape and spelling P0 uses; each alias is a warning naming the canonical spelling; the schema
// editors use accepts them; and compiling a P0-shaped file gives exactly what compiling its canonical
// rewrite gives (spec/p0/canonical/, written by hand), so compile and decide see one spelling.
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileRules } from '../../plugin/compile/compile.js';
import { createAjv } from '../../plugin/parse/ajv.js';
import { ROUTING_INPUT } from '../../plugin/parse/kinds.js';
import { readDocument } from '../../plugin/parse/reader.js';
import { loadRoutingFiles, loadRoutingText } from '../../plugin/routing/load.js';
import type { LoadedRule, LoadResult } from '../../plugin/routing/types.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const CORPUS = here('./corpus/');
const CANONICAL = here('./canonical/');
const files = readdirSync(CORPUS).filter((f) => !f.endsWith('.source.txt'));

/** The document shape each corpus file is in. */
const FORMS: Record<string, string> = {
  'docs-request-routing-example.routing.yaml': 'list',
  'installer-routing-rules.routing.yaml': 'list',
  'terraform-access-policy.routing.yaml': 'list',
  'terraform-routing-rules-v0.routing.yaml': 'list',
  'routing-api-workflow-config.routing.json': 'workflow-config',
  'workflow-latest-default.routing.json': 'workflow',
};

/** Warnings a P0 file may carry here: its aliases, and PagerDuty entries while PagerDuty is not installed. */
const EXPECTED_WARNINGS = new Set(['routing.p0-alias', 'routing.integration-not-installed']);

/** Compiled rules without where they were written: the two files being compared differ in layout only. */
function meaning(rules: LoadedRule[]): unknown {
  const compiled = JSON.parse(JSON.stringify(compileRules(rules))) as { rules: Array<{ event: { params: object } }> };
  for (const rule of compiled.rules) {
    const params = rule.event.params as Record<string, unknown>;
    delete params.source;
    delete params.ruleSource;
  }
  return compiled;
}

let compiledSchema: ReturnType<ReturnType<typeof createAjv>['compile']> | undefined;
function editorSchema() {
  compiledSchema ??= createAjv().compile(JSON.parse(readFileSync(here('../../schemas/routing.schema.json'), 'utf8')));
  return compiledSchema;
}

const load = (path: string): Promise<LoadResult> => loadRoutingFiles([path]);

describe('p0: the corpus of P0 configurations', () => {
  it('holds every construct the issue lists', () => {
    expect(files.sort()).to.deep.equal(Object.keys(FORMS).sort());
  });

  for (const file of files) {
    describe(file, () => {
      it('names its source', () => {
        const text = readFileSync(CORPUS + file, 'utf8');
        const source = file.endsWith('.json') ? readFileSync(`${CORPUS}${file}.source.txt`, 'utf8') : text;
        expect(source).to.match(/^#? ?Source: (https:\/\/docs\.p0\.dev\/|github\.com\/p0-security\/)/m);
      });

      it(`loads, read as the ${FORMS[file]} form, with no error`, async () => {
        const result = await load(CORPUS + file);
        expect(result.problems.filter((p) => p.severity === 'error')).to.deep.equal([]);
        expect(result.rules).to.not.be.empty;
        expect(result.documents).to.deep.equal([{ file: CORPUS + file, form: FORMS[file] }]);
        for (const p of result.problems) expect(EXPECTED_WARNINGS, `${p.code}: ${p.message}`).to.include(p.code);
      });

      it('is accepted by the JSON Schema editors use (schemas/routing.schema.json)', () => {
        const validate = editorSchema();
        const text = readFileSync(CORPUS + file, 'utf8');
        const data = file.endsWith('.json') ? JSON.parse(text) : loadYaml(text);
        expect(validate(data), JSON.stringify(validate.errors)).to.equal(true);
      });

      const canonical = CANONICAL + file.replace(/\.json$/, '.yaml');
      it('compiles exactly as its canonical rewrite, which has no alias left', async () => {
        expect(existsSync(canonical), canonical).to.equal(true);
        const p0 = await load(CORPUS + file);
        const ours = await load(canonical);
        expect(ours.problems.filter((p) => p.code === 'routing.p0-alias' || p.severity === 'error')).to.deep.equal([]);
        expect(ours.documents[0]?.form).to.equal('list');
        expect(meaning(p0.rules)).to.deep.equal(meaning(ours.rules));
      });

      it('round-trips through its normalised rules written out as JSON', async () => {
        const p0 = await load(CORPUS + file);
        const written = p0.rules.map(({ label: _l, source: _s, entrySources: _e, ...rule }) => rule);
        const again = loadRoutingText(JSON.stringify(written), 'again.routing.json');
        expect(again.problems.filter((p) => p.code === 'routing.p0-alias' || p.severity === 'error')).to.deep.equal([]);
        expect(meaning(again.rules)).to.deep.equal(meaning(p0.rules));
      });
    });
  }
});

/** YAML as plain data, through the package's own reader (no second YAML parser in the tests). */
function loadYaml(text: string): unknown {
  return readDocument(text, 'x.yaml', ROUTING_INPUT).data;
}
