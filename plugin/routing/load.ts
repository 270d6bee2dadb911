// Loading routing files: text → located problems, or typed rules ready for the compiler.
// Stages: the reader (size, text, YAML with positions: parse/reader.ts) → JSON Schema → semantic checks
// → pool the rules of all files (labels `#N`, names unique across files, set-wide warnings).
// A rule set with any error is never handed out: `rules` is empty whenever `problems` holds an error.
import { resolve } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { schemaProblems, type DocumentKind } from '../parse/schema-messages.js';
import { readDocument, readDocumentFile, type Input, type ParsedDocument } from '../parse/reader.js';
import { hasErrors, sortProblems } from '../parse/problems.js';
import { ROUTING_INPUT, withLimits } from '../parse/kinds.js';
import * as generated from '../generated/routing-validators.js';
import { documentRules, Normaliser, type DocumentForm } from './normalise.js';
import { checkRules, type RuleAt } from './semantics.js';
import type { SourceLimits } from '../parse/limits.js';
import type { NodeIndex } from '../parse/positions.js';
import type { LoadedRule, LoadResult, Problem, SourceRef } from './types.js';

export interface LoadOptions {
  /** On-call integrations installed in the engine; entries using another one are warned about. Default `['incidentio']`. */
  installedIntegrations?: string[];
  /**
   * `installedIntegrations` are the on-call sources configured where the files are checked (a command's keys or
   * schedules file), not the providers of the engine that will run them: an entry whose integration is missing
   * is warned about as "not configured here" rather than "never satisfied". Default false.
   */
  sourcesHere?: boolean;
  /** Size, depth and alias-expansion bounds (see parse/limits.ts for the defaults). */
  limits?: Partial<SourceLimits>;
}

export const DEFAULT_INTEGRATIONS = ['incidentio'];

/** A routing document that is not a file (standard input): its bytes or text, and the name problems give it. */
export interface RoutingSource {
  file: string;
  input: Input;
}

// Compiled ahead of time from routingShapeSchema() and routingSchema()'s `rule` (validators-source.ts):
// building them with ajv at run time was about 40 ms of every fresh process's first load.
const validateShape = generated.validateShape as ValidateFunction;
const validateRule = generated.validateRule as ValidateFunction;

function errorsOf(validate: ValidateFunction, data: unknown): ErrorObject[] {
  return validate(data) ? [] : [...(validate.errors ?? [])];
}

/** Once this many schema findings are collected, the remaining rules are not checked: the list is long enough. */
const MAX_RULE_ERRORS = 200;

const ROUTING_KIND: DocumentKind = {
  root: 'the file',
  rootType: (actual) =>
    `a routing file must be a list of rules (or a mapping with a \`rules\` list), but this file holds ${actual}`,
  rootEmpty: 'the file holds no rules: a routing file is a list of at least one rule',
  topItem: 'this rule',
};

/** One file's outcome before pooling. */
interface FileRules {
  file: string;
  rules: RuleAt[];
  index?: NodeIndex;
  problems: Problem[];
  /** The document's shape, once the shape schema has passed. */
  form?: DocumentForm;
}

/** A document already read: a whole routing file, or a part of another file (the inline rules of a test). */
export type RoutingDocument = Pick<ParsedDocument, 'data' | 'index' | 'problems'>;

function checkRoutingDocument(doc: RoutingDocument, options: LoadOptions): FileRules {
  const { data, index } = doc;
  const file = index.file;
  const problems = [...doc.problems];
  if (data === undefined) return { file, rules: [], problems };

  if (data === null) {
    problems.push(
      index.problem('', 'error', 'routing.empty', 'the file is empty: a routing file is a list of at least one rule'),
    );
    return { file, rules: [], problems };
  }
  // A common slip: one rule written as the whole document, without the leading `- `.
  if (
    typeof data === 'object' &&
    !Array.isArray(data) &&
    !Object.hasOwn(data, 'rules') &&
    ['requestor', 'resource', 'approval'].some((k) => Object.hasOwn(data, k))
  ) {
    problems.push(
      index.problem(
        '',
        'error',
        'routing.not-a-list',
        'this file holds one rule as a mapping, but a routing file is a list of rules: start the rule with `- ` (or put it under `rules:`)',
      ),
    );
    return { file, rules: [], problems };
  }

  // P0's policy document holds its rules under `workflow`: rules beside it would be a second, conflicting set.
  if (typeof data === 'object' && !Array.isArray(data) && Object.hasOwn(data, 'workflow')) {
    const beside = ['rules', 'id', 'createdDate'].filter((k) => Object.hasOwn(data, k));
    if (beside.length > 0) {
      problems.push(
        index.problem(
          `/${beside[0]}`,
          'error',
          'routing.mixed-document',
          `\`${beside[0]}\` does not belong beside \`workflow\`: a P0 policy document (\`{workflow: {rules, version}}\`) holds its rules under \`workflow\``,
          'key',
        ),
      );
      return { file, rules: [], problems };
    }
  }
  // The document's shape first (list or `{ $schema, rules }`), then each rule on its own (see ajv.ts).
  const shapeErrors = errorsOf(validateShape, data);
  if (shapeErrors.length) {
    for (const p of schemaProblems(shapeErrors, data, index, ROUTING_KIND)) problems.push(p);
    return { file, rules: [], problems };
  }
  // P0's shapes and spellings pass the schema (editors accept them); each rule is then rewritten once into
  // the canonical form (normalise.ts), before any check that reads its meaning.
  const { form, list, base } = documentRules(data);
  const ruleErrors: ErrorObject[] = [];
  for (let i = 0; i < list.length && ruleErrors.length < MAX_RULE_ERRORS; i++) {
    for (const e of errorsOf(validateRule, list[i]))
      ruleErrors.push({ ...e, instancePath: `${base}/${i}${e.instancePath}` });
  }
  if (ruleErrors.length) {
    for (const p of schemaProblems(ruleErrors, data, index, ROUTING_KIND)) problems.push(p);
    return { file, rules: [], problems, form };
  }
  const normaliser = new Normaliser(index);
  const rules: RuleAt[] = list.map((rule, i) => ({
    rule: normaliser.rule(rule, `${base}/${i}`),
    pointer: `${base}/${i}`,
  }));
  for (const p of normaliser.problems) problems.push(p);
  for (const p of checkRules(
    rules,
    index,
    options.installedIntegrations ?? DEFAULT_INTEGRATIONS,
    options.sourcesHere === true,
  ))
    problems.push(p);
  return { file, rules, index, problems, form };
}

/** Pools the rules of several files: labels, names unique across the set, set-wide warnings. */
function pool(files: FileRules[]): LoadResult {
  const problems = files.flatMap((f) => f.problems);
  const loaded: LoadedRule[] = [];
  const names = new Map<string, SourceRef>();
  const all = files.flatMap((f) => f.rules.map((r) => ({ ...r, index: f.index! })));
  const enabled = all.filter((r) => r.rule.disabled !== true);
  const besidesSome = enabled.filter((r) => r.rule.requestor.type !== 'some').length;

  all.forEach(({ rule, pointer, index }, position) => {
    const label = rule.name ?? `#${position + 1}`;
    if (rule.name !== undefined) {
      const first = names.get(rule.name);
      if (first) {
        const where = first.file === index.file ? `line ${first.line}` : `${first.file}:${first.line}:${first.column}`;
        problems.push(
          index.problem(
            `${pointer}/name`,
            'error',
            'routing.duplicate-name',
            `rule name \`${rule.name}\` is already used by the rule at ${where}; names must be unique across the loaded files`,
          ),
        );
      } else {
        names.set(rule.name, index.source(`${pointer}/name`));
      }
    }
    if (rule.disabled !== true && rule.requestor.type === 'some' && besidesSome === 0) {
      problems.push(
        index.problem(
          `${pointer}/requestor/type`,
          'warning',
          'routing.some-alone',
          'a `some` requestor matches only while another rule matches the same request, and no other enabled rule (other than `some` rules) is loaded: this rule never applies',
          'pair',
        ),
      );
    }
    if (rule.disabled !== true && enabled.length > 1) {
      if (
        rule.requestor.type === 'any' &&
        rule.resource.type === 'any' &&
        rule.approval.some((e) => e.type === 'deny')
      ) {
        problems.push(
          index.problem(
            pointer,
            'warning',
            'routing.denies-everything',
            'this rule denies every request (any requestor, any resource, `deny`), so no other rule can approve anything',
          ),
        );
      }
      if (rule.approval.length === 0) {
        problems.push(
          index.problem(
            `${pointer}/approval`,
            'warning',
            'routing.no-approval',
            'this rule has no approval entries: it grants nothing, but it does not stop other matching rules from approving; use `- type: deny` to refuse access',
            'pair',
          ),
        );
      }
    }
    // Disabled rules stay in the set (flagged `disabled: true`) so positions and `#N` labels match the files;
    // the compiler leaves them out of every decision.
    loaded.push({
      ...rule,
      label,
      source: index.source(pointer),
      entrySources: rule.approval.map((_, i) => index.source(`${pointer}/approval/${i}`)),
    });
  });

  const sorted = sortProblems(
    problems,
    files.map((f) => f.file),
  );
  const documents = files.flatMap((f) => (f.form ? [{ file: f.file, form: f.form }] : []));
  return { rules: hasErrors(sorted) ? [] : loaded, problems: sorted, documents };
}

/** Loads one routing document given as text or bytes; `file` names it in problems. */
export function loadRoutingText(input: Input, file: string, options: LoadOptions = {}): LoadResult {
  return loadRoutingDocument(readDocument(input, file, withLimits(ROUTING_INPUT, options.limits)), options);
}

/** Checks a routing document already read: the rules of one file, or the inline rules of a test file. */
export function loadRoutingDocument(doc: RoutingDocument, options: LoadOptions = {}): LoadResult {
  return pool([checkRoutingDocument(doc, options)]);
}

/**
 * Loads and pools routing files. Unnamed rules are labelled `#N` by their 1-based position in the pooled set;
 * a name used twice anywhere in the set is an error. A file that cannot be read is a problem, not an exception.
 * A `RoutingSource` (standard input, as bytes) is read by the same reader and pooled with the files.
 */
export async function loadRoutingFiles(
  paths: readonly (string | RoutingSource)[],
  options: LoadOptions = {},
): Promise<LoadResult> {
  const kind = withLimits(ROUTING_INPUT, options.limits);
  const seen = new Set<string>();
  const files: FileRules[] = [];
  for (const path of paths) {
    if (typeof path !== 'string') {
      files.push(checkRoutingDocument(readDocument(path.input, path.file, kind), options));
      continue;
    }
    // The same file named twice would clash with itself on every rule name.
    const key = resolve(path);
    if (seen.has(key)) continue;
    seen.add(key);
    files.push(checkRoutingDocument(await readDocumentFile(path, kind), options));
  }
  return pool(files);
}
