// Derives the JSON Schemas in this folder from incident.io's OpenAPI excerpt. Not run by the tests (the
// derived files are committed); run it again when the excerpt changes:
//   npx tsx spec/providers/incidentio/api-schemas/derive.ts PATH/TO/openapi-excerpt.json
// See README.md here for the source and the rules of the derivation.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type Json = Record<string, unknown>;

const ENDPOINTS: Record<string, string> = {
  '/v2/schedules': 'list-schedules',
  '/v2/schedules/{id}': 'show-schedule',
  '/v2/schedule_entries': 'list-schedule-entries',
  '/v1/identity': 'identity',
};

const source = process.argv[2];
if (!source) {
  console.error('usage: tsx derive.ts PATH/TO/openapi-excerpt.json');
  process.exit(2);
}
const spec = JSON.parse(readFileSync(source, 'utf8')) as Json;
const components = ((spec.components as Json).schemas ?? {}) as Record<string, Json>;
const here = fileURLToPath(new URL('./', import.meta.url));

/** Drops examples and vendor extensions; rewrites component refs to local definitions. */
function clean(node: unknown, refs: Set<string>): unknown {
  if (Array.isArray(node)) return node.map((n) => clean(n, refs));
  if (typeof node !== 'object' || node === null) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    if (key === 'example' || key === 'examples' || key.startsWith('x-')) continue;
    if (key === '$ref' && typeof value === 'string') {
      const name = value.replace('#/components/schemas/', '');
      refs.add(name);
      out.$ref = `#/definitions/${name}`;
      continue;
    }
    out[key] = clean(value, refs);
  }
  return out;
}

for (const [path, file] of Object.entries(ENDPOINTS)) {
  const get = ((spec.paths as Json)[path] as Json).get as Json;
  const schema = (((get.responses as Json)['200'] as Json).content as Json)['application/json'] as Json;
  const root = ((schema.schema as Json).$ref as string).replace('#/components/schemas/', '');
  const definitions: Json = {};
  const pending = [root];
  while (pending.length) {
    const name = pending.pop()!;
    if (definitions[name]) continue;
    const refs = new Set<string>();
    definitions[name] = clean(components[name], refs);
    pending.push(...refs);
  }
  const sorted = Object.fromEntries(Object.entries(definitions).sort(([a], [b]) => a.localeCompare(b)));
  const out = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `https://oncall-approval.local/incidentio/${file}.json`,
    title: `GET ${path} (200)`,
    description: `Derived from incident.io's OpenAPI excerpt, component ${root}. See README.md in this folder.`,
    $ref: `#/definitions/${root}`,
    definitions: sorted,
  };
  writeFileSync(`${here}${file}.json`, JSON.stringify(out, null, 2) + '\n');
  console.log(`${file}.json: ${Object.keys(sorted).length} definitions`);
}
