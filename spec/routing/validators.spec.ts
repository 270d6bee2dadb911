// The routing validators are compiled ahead of time (plugin/generated/routing-validators.ts): the committed
// code must be what the generator makes from today's schema, and it must judge every document exactly as
// ajv compiling the same schema at run time does, errors and all.
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createAjv } from '../../plugin/parse/ajv.js';
import { ROUTING_INPUT } from '../../plugin/parse/kinds.js';
import { readDocument } from '../../plugin/parse/reader.js';
import * as generated from '../../plugin/generated/routing-validators.js';
import { routingSchema, routingShapeSchema } from '../../plugin/routing/schema.js';
import { routingValidatorsSource, VALIDATORS_FILE } from '../../plugin/routing/validators-source.js';
import { exampleFiles } from '../support/examples.js';

const dir = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));

function runtimeValidators(): { shape: ValidateFunction; rule: ValidateFunction } {
  const ajv = createAjv({ validateSchema: false });
  const shape = routingShapeSchema();
  const rule = routingSchema();
  ajv.addSchema(shape);
  ajv.addSchema(rule);
  return { shape: ajv.getSchema(String(shape.$id))!, rule: ajv.getSchema(`${String(rule.$id)}#/definitions/rule`)! };
}

/** Everything messages.ts reads from an error, with the schema compared by value. */
const view = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => ({ ...e, schema: JSON.stringify(e.schema), parentSchema: JSON.stringify(e.parentSchema) }));

function judge(validate: ValidateFunction, data: unknown) {
  const ok = validate(data);
  return { ok, errors: view(ok ? [] : validate.errors) };
}

/** Every routing document the tests hold: the shipped examples, the broken files, and generated mutations. */
function documents(): Array<{ name: string; data: unknown }> {
  const out: Array<{ name: string; data: unknown }> = [];
  const files = [
    ...exampleFiles('.routing.yaml'),
    ...readdirSync(dir('./broken/'))
      .filter((f) => /\.(ya?ml|json)$/.test(f))
      .map((f) => dir(`./broken/${f}`)),
  ];
  for (const file of files) {
    const parsed = readDocument(readFileSync(file), file, ROUTING_INPUT);
    if (parsed.data !== undefined) out.push({ name: file, data: parsed.data });
  }
  return out;
}

/** Copies of `value` with one change each: every key removed, set to a number, to a string; a key added. */
function mutations(value: unknown, depth = 0): unknown[] {
  if (depth > 4 || value === null || typeof value !== 'object') return [];
  const out: unknown[] = [];
  const clone = () => structuredClone(value) as Record<string, unknown>;
  if (!Array.isArray(value)) {
    out.push({ ...clone(), notAKey: true });
  }
  for (const key of Object.keys(value)) {
    for (const replacement of [undefined, 42, 'text', [], {}]) {
      const copy = clone();
      if (replacement === undefined) {
        if (Array.isArray(copy)) copy.splice(Number(key), 1);
        else delete copy[key];
      } else copy[key] = replacement;
      out.push(copy);
    }
    for (const inner of mutations((value as Record<string, unknown>)[key], depth + 1)) {
      const copy = clone();
      copy[key] = inner;
      out.push(copy);
    }
  }
  return out;
}

describe('routing validators compiled ahead of time', () => {
  it('routing-validators.ts is what the generator makes from the schema today (regenerate: npx tsx plugin/routing/validators-source.ts)', () => {
    expect(readFileSync(VALIDATORS_FILE, 'utf8')).to.equal(routingValidatorsSource());
  });

  it('judge every example, every broken file and every rule in them exactly as ajv compiling at run time does', () => {
    const runtime = runtimeValidators();
    const docs = documents();
    expect(docs.length).to.be.greaterThan(40);
    let rules = 0;
    let refused = 0;
    for (const { name, data } of docs) {
      const shape = judge(generated.validateShape as ValidateFunction, data);
      expect(shape, name).to.deep.equal(judge(runtime.shape, data));
      const list = Array.isArray(data) ? data : (data as { rules?: unknown })?.rules;
      if (!Array.isArray(list)) continue;
      for (const rule of list) {
        rules++;
        const ours = judge(generated.validateRule as ValidateFunction, rule);
        if (!ours.ok) refused++;
        expect(ours, name).to.deep.equal(judge(runtime.rule, rule));
      }
    }
    // The comparison covered both outcomes, many times each.
    expect(rules).to.be.at.least(50);
    expect(refused).to.be.greaterThan(10);
  });

  it('judge every mutation of the example rules (a key removed, mistyped or added, at every depth) the same way too', () => {
    const runtime = runtimeValidators();
    let compared = 0;
    for (const { data } of documents().filter((d) => d.name.includes('/rules/'))) {
      const list = (Array.isArray(data) ? data : (data as { rules: unknown[] }).rules) as unknown[];
      for (const rule of list) {
        for (const variant of mutations(rule)) {
          compared++;
          expect(judge(generated.validateRule as ValidateFunction, variant)).to.deep.equal(
            judge(runtime.rule, variant),
          );
        }
      }
    }
    expect(compared).to.be.greaterThan(500);
  });
});
