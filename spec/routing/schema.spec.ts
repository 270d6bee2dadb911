// The routing and request JSON Schemas: the committed files are what the code generates, ajv (strict)
// accepts them, and they are written for editors: descriptions everywhere, `if`/`then` on `type`,
// no unknown keys anywhere, reserved names refused in free-form maps, examples and snippets that are valid.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createAjv } from '../../plugin/parse/ajv.js';
import { requestSchema, REQUEST_SCHEMA_ID } from '../../plugin/request/schema.js';
import { ROUTING_SCHEMA_ID, routingSchema, type JsonSchema } from '../../plugin/routing/schema.js';
import { schemaText } from '../../plugin/cli/schema.js';

const read = (name: string) => readFileSync(fileURLToPath(new URL(`../../schemas/${name}`, import.meta.url)), 'utf8');

type Visit = (schema: Record<string, unknown>, path: string) => void;

/** Visits every subschema (object) of a schema, with a readable path. */
function walk(schema: unknown, visit: Visit, path = '#'): void {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return;
  const s = schema as Record<string, unknown>;
  visit(s, path);
  for (const key of ['properties', 'definitions']) {
    const map = s[key] as Record<string, unknown> | undefined;
    if (map) for (const [k, v] of Object.entries(map)) walk(v, visit, `${path}/${key}/${k}`);
  }
  for (const key of ['items', 'additionalProperties', 'if', 'then', 'else', 'propertyNames', 'not'])
    walk(s[key], visit, `${path}/${key}`);
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    const list = s[key] as unknown[] | undefined;
    if (list) list.forEach((v, i) => walk(v, visit, `${path}/${key}/${i}`));
  }
}

/** The snippets a definition offers: its own, or the ones of its branch for a new list item. */
function snippetsOf(def: Record<string, unknown>): { label: string; body: unknown }[] {
  const branch = ((def.allOf as { then?: { defaultSnippets?: unknown } }[] | undefined) ?? []).find(
    (b) => b.then?.defaultSnippets,
  );
  return (def.defaultSnippets ?? branch?.then?.defaultSnippets ?? []) as { label: string; body: unknown }[];
}

/** The `type` branches of a typed object (those whose `if` tests `type`). */
function typeBranches<T>(def: Record<string, unknown>): T[] {
  return (def.allOf as { if: { properties?: { type?: unknown } } }[]).filter((b) => b.if.properties?.type) as T[];
}

function resolveRef(root: JsonSchema, ref: string): Record<string, unknown> {
  expect(ref.startsWith('#/definitions/'), ref).to.equal(true);
  return (root.definitions as Record<string, Record<string, unknown>>)[ref.slice('#/definitions/'.length)]!;
}

describe('routing: JSON Schemas', () => {
  it('schemas/routing.schema.json is what `oncall-approval schema` prints (regenerate: oncall-approval schema > schemas/routing.schema.json)', () => {
    expect(read('routing.schema.json')).to.equal(schemaText(routingSchema()));
  });

  it('schemas/request.schema.json is what requestSchema() generates', () => {
    expect(read('request.schema.json')).to.equal(JSON.stringify(requestSchema(), null, 2) + '\n');
  });

  it('both are draft-07 with stable $ids and compile under strict ajv', () => {
    for (const [schema, id] of [
      [routingSchema(), ROUTING_SCHEMA_ID],
      [requestSchema(), REQUEST_SCHEMA_ID],
    ] as const) {
      expect(schema.$schema).to.equal('http://json-schema.org/draft-07/schema#');
      expect(schema.$id).to.equal(id);
      expect(() => createAjv().compile(schema)).to.not.throw();
    }
    // The release URL of the file (spec/authoring/schema-id.spec.ts keeps its version in step with package.json).
    expect(ROUTING_SCHEMA_ID).to.match(/^https:\/\/unpkg\.com\/oncall-approval@[^/]+\/schemas\/routing\.schema\.json$/);
  });

  for (const [label, make] of [
    ['routing', routingSchema],
    ['request', requestSchema],
  ] as const) {
    it(`${label}: every property has a description (its own or its definition's)`, () => {
      const root = make();
      const missing: string[] = [];
      walk(root, (s, path) => {
        // `if` tests are not keys; a branch's `true` stands for an outer key, which carries the description;
        // a type's own keys are described in its `then`.
        if (/\/if(\/|$)/.test(path)) return;
        for (const [k, v] of Object.entries((s.properties as Record<string, unknown>) ?? {})) {
          if (typeof v === 'boolean' && /\/(then|else)(\/|$)/.test(path)) continue;
          const prop = v as Record<string, unknown>;
          const described =
            typeof prop.description === 'string' ||
            (typeof prop.$ref === 'string' && typeof resolveRef(root, prop.$ref).description === 'string');
          if (!described) missing.push(`${path}/properties/${k}`);
        }
      });
      expect(missing).to.deep.equal([]);
    });

    it(`${label}: every object refuses unknown keys (additionalProperties false, or a schema for free-form maps)`, () => {
      const open: string[] = [];
      walk(make(), (s, path) => {
        // (`if` tests only test: `type: object` there keeps editors from taking a branch for an empty item.)
        if (/\/if(\/|$)/.test(path)) return;
        if (s.type === 'object' && s.additionalProperties === undefined) open.push(path);
      });
      expect(open).to.deep.equal([]);
    });

    it(`${label}: free-form maps refuse __proto__, constructor and prototype`, () => {
      const root = make();
      const ajv = createAjv();
      let maps = 0;
      walk(root, (s, path) => {
        if (s.type !== 'object' || typeof s.additionalProperties !== 'object') return;
        maps++;
        const names = s.propertyNames as JsonSchema | undefined;
        expect(names, path).to.not.equal(undefined);
        const check = ajv.compile({ type: 'string', ...names! });
        for (const reserved of ['__proto__', 'constructor', 'prototype'])
          expect(check(reserved), `${path} ${reserved}`).to.equal(false);
        expect(check('env')).to.equal(true);
      });
      expect(maps).to.be.greaterThan(0);
    });
  }

  it('routing: `type` picks its keys with if/then, never oneOf/anyOf', () => {
    const root = routingSchema();
    walk(root, (s, path) => {
      expect(s.oneOf, path).to.equal(undefined);
      expect(s.anyOf, path).to.equal(undefined);
    });
    const defs = root.definitions as Record<string, Record<string, unknown>>;
    for (const name of ['requestor', 'resource', 'approvalEntry']) {
      const types = (defs[name]!.properties as Record<string, { enum: string[] }>).type.enum;
      const branches = typeBranches<{ if: { properties: { type: { const: string } } } }>(defs[name]!).map(
        (b) => b.if.properties.type.const,
      );
      expect(branches, name).to.deep.equal(types);
    }
  });

  it('routing: minItems where an empty list makes no sense, but `approval: []` means "no access" and is allowed', () => {
    const defs = routingSchema().definitions as Record<string, Record<string, unknown>>;
    expect(defs.ruleList!.minItems).to.equal(1);
    expect(defs.services!.minItems).to.equal(1);
    expect(defs.groups!.minItems).to.equal(1);
    expect(defs.filters!.minProperties).to.equal(1);
    expect(defs.approval!.minItems).to.equal(undefined);
  });

  describe('editor completions', () => {
    const root = routingSchema();
    const ajv = createAjv();
    ajv.addSchema(root);
    const validatorFor = (definition: string) => ajv.getSchema(`${ROUTING_SCHEMA_ID}#/definitions/${definition}`)!;

    /** Snippet placeholders `${1:default}` become their default, as an editor inserts them. */
    const expand = (body: unknown): unknown => JSON.parse(JSON.stringify(body).replace(/\$\{\d+:([^}]*)\}/g, '$1'));

    for (const definition of ['rule', 'approvalEntry']) {
      it(`${definition}: every example and every defaultSnippet (placeholders filled) is valid`, () => {
        const def = (root.definitions as Record<string, Record<string, unknown>>)[definition]!;
        const examples = def.examples as unknown[];
        const snippets = snippetsOf(def);
        expect(examples.length).to.be.at.least(2);
        expect(snippets.length).to.be.at.least(2);
        const validate = validatorFor(definition);
        for (const example of examples) expect(validate(example), JSON.stringify(validate.errors)).to.equal(true);
        for (const snippet of snippets) expect(validate(expand(snippet.body)), snippet.label).to.equal(true);
      });
    }

    it('offers the two incident.io rules of the seed page (auto-approval, on-call approver)', () => {
      const rule = (root.definitions as Record<string, Record<string, unknown>>).rule!;
      const labels = snippetsOf(rule).map((s) => s.label);
      expect(labels).to.deep.equal(['incident.io auto-approval rule', 'incident.io on-call approver rule']);
      const bodies = (snippetsOf(rule) as { body: { approval: { type: string; integration: string }[] } }[]).map(
        (s) => s.body.approval[0],
      );
      expect(bodies.map((b) => [b!.type, b!.integration])).to.deep.equal([
        ['auto', 'incidentio'],
        ['escalation', 'incidentio'],
      ]);
    });
  });

  it('routingSchema() returns a fresh object each time, so callers may extend it', () => {
    const a = routingSchema();
    (a.definitions as Record<string, Record<string, unknown>>).scheduleId!.enum = ['X'];
    expect((routingSchema().definitions as Record<string, Record<string, unknown>>).scheduleId!.enum).to.equal(
      undefined,
    );
  });
});
