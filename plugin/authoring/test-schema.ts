// The JSON Schema of test files (schemas/routing-test.schema.json), for editors and for the runner.
// Editors follow its references into the routing and request schemas; the runner checks the test file's
// own shape with it and hands inline rules and requests to their own loaders, which place each problem
// precisely. So the copy used here swaps those references for plain types.
import { readFileSync } from 'node:fs';
import type { JsonSchema } from '../routing/schema.js';

export const TEST_SCHEMA_URL = new URL('../../schemas/routing-test.schema.json', import.meta.url);

export function testFileSchema(): JsonSchema {
  return JSON.parse(readFileSync(TEST_SCHEMA_URL, 'utf8')) as JsonSchema;
}

/** The schema as the runner checks it: external references loosened, the routing/rules choice left to code. */
export function runnerTestSchema(): JsonSchema {
  const schema = testFileSchema() as Record<string, any>;
  // `routing` or `rules`, not both: checked in code, to say it in one sentence instead of two ajv errors.
  delete schema.anyOf;
  delete schema.not;
  schema.properties.rules = { type: 'array', description: schema.properties.rules.description };
  schema.definitions.case.properties.request = { type: 'object', description: 'The access request.' };
  return schema as JsonSchema;
}
