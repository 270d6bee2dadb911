// One ajv (draft-07, strict, every error) for our schemas. Strict mode refuses keywords it does not know,
// so the editor-only annotations our schemas carry are registered here as keywords that check nothing.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { JsonSchema } from './schema.js';

/** Keywords editors read (VS Code, yaml-language-server) that validation ignores. */
export const EDITOR_KEYWORDS = ['defaultSnippets', 'markdownDescription', 'patternErrorMessage', 'errorMessage', 'deprecationMessage'];

export function createAjv(): Ajv {
  // verbose: errors carry the schema object that failed, where messages find `patternErrorMessage`.
  const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true, verbose: true });
  for (const keyword of EDITOR_KEYWORDS) ajv.addKeyword({ keyword, schemaType: ['string', 'array', 'object'] });
  return ajv;
}

const compiled = new WeakMap<JsonSchema, ValidateFunction>();

/** Validates `data` against a schema object, compiled once (compiling costs tens of milliseconds). */
export function schemaErrors(schema: JsonSchema, data: unknown): ErrorObject[] {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = createAjv().compile(schema);
    compiled.set(schema, validate);
  }
  return validate(data) ? [] : [...(validate.errors ?? [])];
}
