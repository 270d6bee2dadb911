// ajv's findings → sentences a person understands, each placed on the node it is about: the key of an
// unknown property, the mapping that lacks a required one, the value that has the wrong type.
// One mistake gives one message: the `if` errors of our `if`/`then` branches are dropped, and an unknown key
// that is a misspelling of a missing required key is reported once, as the misspelling. Each finding's code
// comes from the ajv keyword that failed (`schema.enum`), with names for the two everyone meets:
// `schema.unknown-key` (additionalProperties) and `schema.missing-key` (required).
import type { ErrorObject } from 'ajv';
import type { NodeIndex } from './positions.js';
import { closest } from './suggest.js';
import type { Problem, ProblemCode } from './problems.js';

/** What the document is, for messages about its top level. */
export interface DocumentKind {
  /** "the file", "the request". */
  root: string;
  /** The message when the top level has the wrong type; receives the actual type's description. */
  rootType: (actual: string) => string;
  /** The message when the top level is an empty list. */
  rootEmpty: string;
  /** What an item of the top-level list (or of a top-level `rules` list) is called: "this rule". */
  topItem?: string;
}

type SchemaObject = Record<string, unknown>;

/** ajv findings turned into messages per document at most. */
const MAX_SCHEMA_ERRORS = 200;

function segments(pointer: string): string[] {
  return pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(data: unknown, pointer: string): unknown {
  let v = data;
  for (const s of segments(pointer)) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, s)) return undefined;
    v = (v as Record<string, unknown>)[s];
  }
  return v;
}

const code = (s: unknown) => {
  // Shown inside a one-line message: line breaks and other controls are written as escapes.
  const text = (typeof s === 'string' ? s : String(JSON.stringify(s))).replace(/[\x00-\x1f]/g, (c) =>
    JSON.stringify(c).slice(1, -1),
  );
  return `\`${text.length > 60 ? text.slice(0, 57) + '...' : text}\``;
};

/** The thing at `pointer`, named as a person would: "this rule", "this `escalation` approval entry", "`services`". */
export function describe(pointer: string, data: unknown, kind: DocumentKind): string {
  const segs = segments(pointer);
  if (segs.length === 0) return kind.root;
  const last = segs[segs.length - 1]!;
  const parent = segs[segs.length - 2];
  if (/^\d+$/.test(last)) {
    const isTopItem = segs.length === 1 || (segs.length === 2 && parent === 'rules');
    if (isTopItem && kind.topItem) return kind.topItem;
    if (parent === 'approval') {
      const type = (valueAt(data, pointer) as { type?: unknown } | undefined)?.type;
      return typeof type === 'string' && type.length < 40 ? `this \`${type}\` approval entry` : 'this approval entry';
    }
    if (parent === 'groups') return 'this group';
    return `item ${Number(last) + 1} of \`${parent ?? 'the list'}\``;
  }
  if (parent === 'filters') return `filter \`${last}\``;
  if (parent === 'attributes') return `attribute \`${last}\``;
  return `\`${last}\``;
}

function typeName(t: string): string {
  return (
    (
      {
        array: 'a list',
        object: 'a mapping',
        string: 'text',
        boolean: 'true or false',
        number: 'a number',
        integer: 'a whole number',
        null: 'empty',
      } as Record<string, string>
    )[t] ?? t
  );
}

export function actualType(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the text ${code(v)}`;
  if (typeof v === 'boolean') return `\`${v}\``;
  return `the number ${String(v)}`;
}

// What a missing key is for, so the message says what to write.
const MISSING_HINTS: Record<string, string> = {
  requestor: 'who the rule applies to, e.g. `requestor: { type: any }`',
  resource: 'what the rule applies to, e.g. `resource: { type: any }`',
  approval: 'how matching requests are approved, e.g. `approval: [{ type: p0 }]` (an empty list means no access)',
  integration: '`incidentio` or `pagerduty`',
  services: 'the schedule IDs whose on-call people may approve, e.g. `services: [01HPRIMARY0000000000000000]`',
  uid: "the user's email address",
  groups: 'the directory groups, as a list of `{ id, directory }`',
  service: 'the service the rule covers, e.g. `aws`',
  id: "the group's ID in its directory",
  rules: 'the list of routing rules',
  email: "the requestor's email address",
};

function missingHint(prop: string, parentSchema: SchemaObject | undefined, subject: string): string {
  const propSchema = (parentSchema?.properties as Record<string, SchemaObject> | undefined)?.[prop];
  if (prop === 'effect')
    return subject.startsWith('filter')
      ? '`keep`, `remove` or `removeAll`'
      : '`keep` (members of the groups) or `remove` (everyone outside them)';
  if (prop === 'directory') return 'one of workspace, okta, azure-ad, entra-id';
  if (propSchema && Array.isArray(propSchema.enum)) return `one of ${propSchema.enum.join(', ')}`;
  return MISSING_HINTS[prop] ?? '';
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1).replace(/\.$/, '');

/** Keys the failing schema object allows, for "allowed keys: …" and suggestions. */
function allowedKeys(parentSchema: SchemaObject | undefined): string[] {
  const props = parentSchema?.properties;
  return props && typeof props === 'object' ? Object.keys(props) : [];
}

/** The code of each ajv keyword our schemas use; any other keyword's finding is `schema.invalid`. */
const KEYWORD_CODES: Record<string, ProblemCode> = {
  additionalProperties: 'schema.unknown-key',
  required: 'schema.missing-key',
  propertyNames: 'schema.key-name',
  type: 'schema.type',
  enum: 'schema.enum',
  const: 'schema.const',
  minItems: 'schema.min-items',
  minProperties: 'schema.min-properties',
  uniqueItems: 'schema.unique-items',
  minLength: 'schema.min-length',
  maxLength: 'schema.max-length',
  pattern: 'schema.pattern',
};

export function schemaCode(keyword: string): ProblemCode {
  return KEYWORD_CODES[keyword] ?? 'schema.invalid';
}

interface Located {
  pointer: string;
  part: 'key' | 'value';
  code: ProblemCode;
  message: string;
}

export function schemaProblems(
  errors: readonly ErrorObject[],
  data: unknown,
  index: NodeIndex,
  kind: DocumentKind,
): Problem[] {
  const located: Located[] = [];
  // Unknown keys, merged across the outer object and its `type` branch: pointer of the key → what we know.
  const unknown = new Map<
    string,
    { parent: string; prop: string; outer: boolean; branchKeys?: string[]; outerKeys?: string[] }
  >();
  const missing = new Map<string, ErrorObject>();

  // A document that is wrong everywhere (a list of 100,000 strings) gets its first mistakes reported,
  // not every one: the rest are the same mistake again.
  for (const e of errors.slice(0, MAX_SCHEMA_ERRORS)) {
    if (e.keyword === 'if' || e.keyword === 'propertyNames') continue;
    const path = e.instancePath;
    const parentSchema = e.parentSchema as SchemaObject | undefined;
    if (e.keyword === 'additionalProperties') {
      const prop = String((e.params as { additionalProperty: string }).additionalProperty);
      const keyPointer = `${path}/${prop.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      const entry = unknown.get(keyPointer) ?? { parent: path, prop, outer: false };
      const inBranch = e.schemaPath.includes('/then/');
      if (inBranch) entry.branchKeys = allowedKeys(parentSchema);
      else {
        entry.outer = true;
        entry.outerKeys = allowedKeys(parentSchema);
      }
      unknown.set(keyPointer, entry);
      continue;
    }
    if (e.keyword === 'required') {
      const prop = String((e.params as { missingProperty: string }).missingProperty);
      missing.set(`${path}/${prop}`, e);
      continue;
    }
    if (e.propertyName !== undefined) {
      // A key that fails `propertyNames` (reserved names in free-form maps).
      const pem = parentSchema?.patternErrorMessage;
      located.push({
        pointer: `${path}/${e.propertyName.replace(/~/g, '~0').replace(/\//g, '~1')}`,
        part: 'key',
        code: schemaCode('propertyNames'),
        message:
          typeof pem === 'string'
            ? `${code(e.propertyName)} cannot be used here: ${lowerFirst(pem)}`
            : `${code(e.propertyName)} is not allowed as a key here`,
      });
      continue;
    }
    located.push({ pointer: path, part: 'value', code: schemaCode(e.keyword), message: valueMessage(e, data, kind) });
  }

  for (const [keyPointer, u] of unknown) {
    const subject = describe(u.parent, data, kind);
    if (!u.outer && u.branchKeys) {
      const type = (valueAt(data, u.parent) as { type?: unknown } | undefined)?.type;
      located.push({
        pointer: keyPointer,
        part: 'key',
        code: 'schema.unknown-key',
        message: `\`${u.prop}\` does not belong in ${subject}${typeof type === 'string' && !subject.includes(`\`${type}\``) ? ` (type \`${type}\`)` : ''}; it takes only: ${u.branchKeys.join(', ')}`,
      });
      continue;
    }
    const candidates = u.branchKeys ?? u.outerKeys ?? [];
    const guess = closest(u.prop, candidates);
    if (guess && missing.has(`${u.parent}/${guess}`)) missing.delete(`${u.parent}/${guess}`);
    located.push({
      pointer: keyPointer,
      part: 'key',
      code: 'schema.unknown-key',
      message: `unknown key \`${u.prop}\` in ${subject}; ${guess ? `did you mean \`${guess}\`?` : `allowed keys: ${candidates.join(', ')}`}`,
    });
  }

  for (const [, e] of missing) {
    const prop = String((e.params as { missingProperty: string }).missingProperty);
    const subject = describe(e.instancePath, data, kind);
    const hint = missingHint(prop, e.parentSchema as SchemaObject | undefined, subject);
    located.push({
      pointer: e.instancePath,
      part: 'value',
      code: 'schema.missing-key',
      message: `${subject} is missing \`${prop}\`${hint ? `: ${hint}` : ''}`,
    });
  }

  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const l of located) {
    const id = `${l.pointer}\n${l.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push(index.problem(l.pointer, 'error', l.code, l.message, l.part));
  }
  return problems;
}

function valueMessage(e: ErrorObject, data: unknown, kind: DocumentKind): string {
  const path = e.instancePath;
  const subject = describe(path, data, kind);
  const value = e.data;
  const params = e.params as Record<string, unknown>;
  const parentSchema = e.parentSchema as SchemaObject | undefined;
  switch (e.keyword) {
    case 'type': {
      const types = ([] as string[]).concat(params.type as string | string[]);
      if (path === '') return kind.rootType(actualType(value));
      const names = types.map(typeName);
      const expected = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names[0];
      return `${subject} must be ${expected}, not ${actualType(value)}`;
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const guess = typeof value === 'string' ? closest(value, allowed) : undefined;
      return `${subject} must be one of ${allowed.join(', ')}, not ${code(value)}${guess ? `; did you mean \`${guess}\`?` : ''}`;
    }
    case 'const':
      return `${subject} must be ${code(params.allowedValue)}`;
    case 'minItems':
      if (path === '') return kind.rootEmpty;
      if (path.endsWith('/services')) return `${subject} must not be empty: list at least one schedule ID`;
      if (path.endsWith('/groups')) return `${subject} must not be empty: list at least one group`;
      if (path === '/rules') return kind.rootEmpty;
      return `${subject} must not be empty`;
    case 'minProperties':
      return path.endsWith('/filters')
        ? `${subject} must not be empty: name at least one filter, or leave \`filters\` out`
        : `${subject} must not be empty`;
    case 'uniqueItems': {
      const i = Number(params.i);
      const dup = Array.isArray(value) ? value[i] : undefined;
      return `${subject} lists ${code(dup)} more than once`;
    }
    case 'minLength':
      return `${subject} must not be empty`;
    case 'maxLength':
      return `${subject} is longer than ${String(params.limit)} characters`;
    case 'pattern': {
      const pem = parentSchema?.patternErrorMessage;
      return typeof pem === 'string'
        ? `${subject} is ${code(value)}: ${lowerFirst(pem)}`
        : `${subject} is ${code(value)}, which does not have the expected form (${String(params.pattern)})`;
    }
    default:
      return `${subject} ${e.message ?? 'is not valid'}`;
  }
}
