// One ajv (draft-07, strict, every error) for our schemas. Strict mode refuses keywords it does not know,
// so the editor-only annotations our schemas carry are registered here as keywords that check nothing.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { JsonSchema } from './schema.js';

/** Keywords editors read (VS Code, yaml-language-server) that validation ignores. */
export const EDITOR_KEYWORDS = ['defaultSnippets', 'markdownDescription', 'patternErrorMessage', 'errorMessage', 'deprecationMessage'];

/**
 * `validateSchema: false` skips checking added schemas against the draft-07 meta-schema (compiling the
 * meta-schema is about a third of what building our validators costs in a fresh process). Only for the
 * package's own schemas, which spec/routing/ajv-shared.spec.ts checks against the meta-schema instead.
 * Strict mode still refuses unknown keywords and other mistakes while compiling.
 */
export function createAjv(options: { validateSchema?: boolean } = {}): Ajv {
  // verbose: errors carry the schema object that failed, where messages find `patternErrorMessage`.
  const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true, verbose: true, validateSchema: options.validateSchema ?? true });
  for (const keyword of EDITOR_KEYWORDS) ajv.addKeyword({ keyword, schemaType: ['string', 'array', 'object'] });
  return ajv;
}

// One ajv per schema object, so a derived schema never clashes with the original's `$id`, unless the
// schemas were registered together with `shareAjv`.
const instances = new WeakMap<JsonSchema, Ajv>();
const groups = new WeakMap<JsonSchema, { schemas: JsonSchema[]; trusted: boolean }>();

/**
 * Lets schemas with distinct `$id`s share one ajv, built when one of them is first used (not at import):
 * a command that never validates pays nothing, and the group pays ajv's set-up once instead of per schema.
 * `trusted`: these are the package's own schemas, checked against the draft-07 meta-schema by a test, so
 * ajv does not check them again at run time (see `createAjv`).
 */
export function shareAjv(schemas: JsonSchema[], options: { trusted?: boolean } = {}): void {
  const ids = new Set(schemas.map((s) => s.$id));
  if (ids.size !== schemas.length || schemas.some((s) => s.$id === undefined)) throw new Error('shareAjv: every schema needs its own $id');
  const group = { schemas, trusted: options.trusted === true };
  for (const schema of schemas) groups.set(schema, group);
}

/**
 * The compiled validator of a schema, or of one of its `definitions` (compiled once; compiling costs tens of
 * milliseconds). Validating a long list item by item, with the item's definition, keeps ajv linear: with
 * every error collected, ajv merges the errors of a referenced schema by copying the list so far.
 */
export function validatorFor(schema: JsonSchema, definition?: string): ValidateFunction {
  let ajv = instances.get(schema);
  if (!ajv) {
    const group = groups.get(schema);
    if (group) {
      ajv = createAjv({ validateSchema: !group.trusted });
      for (const member of group.schemas) {
        ajv.addSchema(member);
        instances.set(member, ajv);
      }
    } else {
      ajv = createAjv();
      // A schema without `$id` can still be compiled whole; its definitions are reached through the `$id`.
      if (schema.$id === undefined) ajv.compile(schema);
      else ajv.addSchema(schema);
      instances.set(schema, ajv);
    }
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
