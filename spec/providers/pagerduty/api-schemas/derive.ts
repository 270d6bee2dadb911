// Derives the JSON Schemas in this folder from PagerDuty's OpenAPI excerpt. Not run by the tests (the
// derived files are committed); run it again when the excerpt changes:
//   npx tsx spec/providers/pagerduty/api-schemas/derive.ts PATH/TO/openapi-excerpt.json
// See README.md here for the source, the rules of the derivation and the three corrections it applies.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type Json = Record<string, unknown>;

const ENDPOINTS: Record<string, string> = {
  '/oncalls': 'list-oncalls',
  '/services/{id}': 'show-service',
  '/schedules': 'list-schedules',
  '/schedules/{id}': 'show-schedule',
  '/schedules/{id}/users': 'list-schedule-users',
  '/escalation_policies': 'list-escalation-policies',
  '/escalation_policies/{id}': 'show-escalation-policy',
  '/users/me': 'show-current-user',
};

const source = process.argv[2];
if (!source) {
  console.error('usage: tsx derive.ts PATH/TO/openapi-excerpt.json');
  process.exit(2);
}
const spec = JSON.parse(readFileSync(source, 'utf8')) as Json;
const components = (spec.components as Json).schemas as Record<string, Json>;
const here = fileURLToPath(new URL('./', import.meta.url));

// Corrections, each stated by the field's own description in the excerpt (see README.md).
function patch(): void {
  const oncall = components.Oncall!.properties as Record<string, Json>;
  oncall.start!.nullable = true; // "If `null`, the on-call is a permanent user on-call."
  oncall.end!.nullable = true; // "If `null`, the user does not go off-call."
  // include[]=users ("additional details to include") sends the full User in place of the reference.
  oncall.user = { anyOf: [{ $ref: '#/components/schemas/UserReference' }, { $ref: '#/components/schemas/User' }] };
  const entry = components.ScheduleLayerEntry!.properties as Record<string, Json>;
  entry.end!.nullable = true; // "If null, the entry does not end."
}
patch();

const COMPONENT = '#/components/schemas/';
// OpenAPI-only keywords: examples, and `discriminator` (a hint for code generators; `oneOf` already decides).
const DROPPED = new Set(['example', 'examples', 'nullable', 'discriminator', 'externalDocs', 'xml']);

/** Follows a JSON pointer inside the specification (`#/components/schemas/Tag/allOf/0`, ...). */
function pointer(ref: string): Json {
  let node: unknown = spec;
  for (const raw of ref.replace(/^#\//, '').split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = (node as Json)[part];
  }
  if (typeof node !== 'object' || node === null) throw new Error(`unresolved ${ref}`);
  return node as Json;
}

/** A $ref kept as a definition: a whole component (`#/components/schemas/Name`). */
const namedComponent = (ref: string) => ref.startsWith(COMPONENT) && !ref.slice(COMPONENT.length).includes('/');

const isPlain = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Merges two property schemas: one object when they do not disagree, else both must hold. */
function mergeProperty(a: Json, b: Json): Json {
  if (JSON.stringify(a) === JSON.stringify(b)) return a;
  const soft = new Set(['description', 'readOnly', 'default']);
  const clash = Object.keys(b).some((k) => !soft.has(k) && k in a && JSON.stringify(a[k]) !== JSON.stringify(b[k]));
  if (clash || a.$ref || b.$ref || a.properties || b.properties) return { allOf: [a, b] };
  return { ...a, ...b };
}

/** allOf of object schemas as one object schema, so a closed copy can forbid unlisted fields. */
function mergeObjects(parts: Json[]): Json {
  const out: Json = {};
  const properties: Record<string, Json> = {};
  const required = new Set<string>();
  for (const part of parts) {
    for (const [k, v] of Object.entries(part)) {
      if (k === 'properties') {
        for (const [name, schema] of Object.entries(v as Record<string, Json>)) {
          properties[name] = properties[name] ? mergeProperty(properties[name]!, schema) : schema;
        }
      } else if (k === 'required') for (const r of v as string[]) required.add(r);
      else if (k === 'type' && out.type !== undefined && out.type !== v)
        throw new Error(`allOf of ${out.type} and ${v}`);
      else out[k] = v;
    }
  }
  if (Object.keys(properties).length) out.properties = properties;
  if (required.size) out.required = [...required].sort();
  return out;
}

/** Cleans one schema: drops OpenAPI-only keys, turns `nullable` into a null type, flattens allOf. */
function clean(node: unknown, refs: Set<string>, inline = false): unknown {
  if (Array.isArray(node)) return node.map((n) => clean(n, refs));
  if (!isPlain(node)) return node;
  if (typeof node.$ref === 'string') {
    const ref = node.$ref;
    if (!inline && namedComponent(ref)) {
      refs.add(ref.slice(COMPONENT.length));
      return { $ref: `#/definitions/${ref.slice(COMPONENT.length)}` };
    }
    return clean(pointer(ref), refs, false);
  }
  if (Array.isArray(node.allOf)) {
    const { allOf, ...rest } = node;
    const parts = (allOf as Json[]).map((p) => clean(p, refs, true) as Json);
    return mergeObjects([...parts, Object.keys(rest).length ? (clean(rest, refs) as Json) : {}]);
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED.has(key) || key.startsWith('x-')) continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value as Json).map(([name, schema]) => [name, clean(schema, refs)]),
      );
    } else out[key] = clean(value, refs);
  }
  if (node.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else return { anyOf: [out, { type: 'null' }] };
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...(out.enum as unknown[]), null];
  }
  return out;
}

function write(file: string, title: string, description: string, root: Json, refs: Set<string>): void {
  const definitions: Json = {};
  const pending = [...refs];
  while (pending.length) {
    const name = pending.pop()!;
    if (definitions[name]) continue;
    const more = new Set<string>();
    definitions[name] = clean(components[name], more, true);
    pending.push(...more);
  }
  const sorted = Object.fromEntries(Object.entries(definitions).sort(([a], [b]) => a.localeCompare(b)));
  const out = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `https://oncall-approval.local/pagerduty/${file}.json`,
    title,
    description,
    ...root,
    ...(Object.keys(sorted).length ? { definitions: sorted } : {}),
  };
  writeFileSync(`${here}${file}.json`, JSON.stringify(out, null, 2) + '\n');
  console.log(`${file}.json: ${Object.keys(sorted).length} definitions`);
}

for (const [path, file] of Object.entries(ENDPOINTS)) {
  const get = ((spec.paths as Json)[path] as Json).get as Json;
  const content = (((get.responses as Json)['200'] as Json).content as Json)['application/json'] as Json;
  const refs = new Set<string>();
  const root = clean(content.schema, refs) as Json;
  write(
    file,
    `GET ${path} (200)`,
    `Derived from PagerDuty's OpenAPI excerpt (operation ${String(get.operationId)}). See README.md in this folder.`,
    root,
    refs,
  );
}

const errorRefs = new Set<string>();
const errorSchema = clean(pointer('#/components/responses/Conflict/content/application~1json/schema'), errorRefs);
write(
  'error',
  'PagerDuty error (4xx / 5xx)',
  "Derived from PagerDuty's OpenAPI excerpt (components.responses: the generic error response). See README.md.",
  { ...(errorSchema as Json), required: ['error'] },
  errorRefs,
);
