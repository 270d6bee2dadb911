// One ajv (draft-07, strict, every error) for our schemas. Strict mode refuses keywords it does not know,
// so the editor-only annotations our schemas carry are registered here as keywords that check nothing.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { JsonSchema } from '../routing/schema.js';

/** Keywords editors read (VS Code, yaml-language-server) that validation ignores. */
export const EDITOR_KEYWORDS = [
  'defaultSnippets',
  'markdownDescription',
  'patternErrorMessage',
  'errorMessage',
  'deprecationMessage',
  'markdownEnumDescriptions',
];

/**
 * `validateSchema: false` skips checking added schemas against the draft-07 meta-schema. Only for the
 * package's own routing schema when its validators are compiled ahead of time (validators-source.ts);
 * spec/routing/meta-schema.spec.ts checks it against the meta-schema instead. Strict mode still refuses
 * unknown keywords and other mistakes while compiling.
 */
export function createAjv(options: { validateSchema?: boolean; source?: boolean } = {}): Ajv {
  // verbose: errors carry the schema object that failed, where messages find `patternErrorMessage`.
  // source: keep the generated code, for compiling validators ahead of time (validators-source.ts).
  const ajv = new Ajv({
    strict: true,
    allErrors: true,
    allowUnionTypes: true,
    verbose: true,
    validateSchema: options.validateSchema ?? true,
    ...(options.source ? { code: { source: true, esm: true, lines: true } } : {}),
  });
  for (const keyword of EDITOR_KEYWORDS) ajv.addKeyword({ keyword, schemaType: ['string', 'array', 'object'] });
  return ajv;
}

// One ajv per schema object, so a derived schema never clashes with the original's `$id`.
const instances = new WeakMap<JsonSchema, Ajv>();

/**
 * The compiled validator of a schema, or of one of its `definitions` (compiled once; compiling costs tens of
 * milliseconds). Validating a long list item by item, with the item's definition, keeps ajv linear: with
 * every error collected, ajv merges the errors of a referenced schema by copying the list so far.
 */
export function validatorFor(schema: JsonSchema, definition?: string): ValidateFunction {
  let ajv = instances.get(schema);
  if (!ajv) {
    ajv = createAjv();
    // A schema without `$id` can still be compiled whole; its definitions are reached through the `$id`.
    if (schema.$id === undefined) ajv.compile(schema);
    else ajv.addSchema(schema);
    instances.set(schema, ajv);
  }
  if (schema.$id === undefined) {
    if (definition) throw new Error('validatorFor: reaching a definition needs a schema with an $id');
    return ajv.compile(schema);
  }
  const validate = ajv.getSchema(definition ? `${String(schema.$id)}#/definitions/${definition}` : String(schema.$id));
  if (!validate) throw new Error(`validatorFor: no schema ${definition ?? String(schema.$id)}`);
  return validate;
}

/** Validates `data` against a schema (or one of its definitions); returns ajv's findings. */
export function schemaErrors(schema: JsonSchema, data: unknown, definition?: string): ErrorObject[] {
  const validate = validatorFor(schema, definition);
  return validate(data) ? [] : [...(validate.errors ?? [])];
}
