// Checked text → YAML (or JSON, which YAML 1.2 reads too) → plain data plus an index of where each value was
// written. Every YAML error is a located problem; so are the things YAML allows but no input of ours may
// hold: merge keys, duplicate keys, keys that could reach an object's prototype, nesting beyond `maxDepth`,
// and aliases that expand the document beyond `maxValues` (the "billion laughs" file).
import {
  Composer,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Lexer,
  Parser,
  type Document,
  type Node,
  type YAMLError,
  YAMLParseError,
} from 'yaml';
import { LineMap, NodeIndex, pointerSegment, type Span } from './positions.js';
import { fastParse, RESERVED_KEYS } from './fast-yaml.js';
import { jsonSyntaxError } from './json-syntax.js';
import { prescan, Prescan, prescanProblem } from './prescan.js';
import { PRESCAN_DEPTH } from './limits.js';
import type { InputKind } from './kinds.js';
import type { Problem, ProblemCode } from './problems.js';
import { copy, type Anchored } from './anchored.js';

export interface ParsedDocument {
  /** The document as plain JSON-like data; undefined when the input could not be read as one document. */
  data?: unknown;
  index: NodeIndex;
  problems: Problem[];
  /** The text the positions refer to (empty when the input could not be read as text). */
  text: string;
}

export { RESERVED_KEYS };
const RESERVED = new Set<string>(RESERVED_KEYS);

/** Thrown inside the converter to stop at the first resource limit; never escapes this module. */
class StopConverting extends Error {}

/** Text that passed the character checks → data and positions, or located problems. */
export function parseText(text: string, file: string, kind: InputKind): ParsedDocument {
  // A `.json` file is held to JSON, which only the full path checks.
  if (!/\.json$/i.test(file)) {
    const fast = fastParse(text, file, kind, () => parseFully(text, file, kind).index);
    if (fast) return { data: fast.data, index: fast.index, problems: [], text };
  }
  return parseFully(text, file, kind);
}

/** The full path: the YAML library, then the converter below. */
export function parseFully(text: string, file: string, kind: InputKind): ParsedDocument {
  const index = new NodeIndex(file, new LineMap(text));
  const failed = (problem: Problem): ParsedDocument => ({ index, problems: [problem], text });

  // YAML reads JSON but forgives what JSON does not (trailing commas, comments); a `.json` file is held to
  // JSON. The structural scan comes first and runs on its own there; for YAML it runs on the tokens the
  // parser is fed (one lexing pass).
  const isJson = /\.json$/i.test(file);
  if (isJson) {
    const stop = prescan(text, PRESCAN_DEPTH, kind.limits.maxValues);
    if (stop) return failed(prescanProblem(stop, text, index, kind));
    const error = jsonSyntaxError(text);
    if (error)
      return failed(
        index.spanProblem(
          [error.offset, error.offset + 1],
          'error',
          'parse.json-syntax',
          `invalid JSON: ${error.message}`,
          '',
        ),
      );
  }

  // The parser builds an Error object for each syntax error, and a garbage file can hold one per
  // character: without stack traces (never shown; errors become located problems) that costs a third.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let doc: Document;
  try {
    const parsed = parseYaml(text, isJson ? undefined : new Prescan(PRESCAN_DEPTH, kind.limits.maxValues));
    if ('stop' in parsed) return failed(prescanProblem(parsed.stop, text, index, kind));
    doc = parsed.doc;
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  const problems: Problem[] = [];
  const lines = new Set<number>();
  // A tab in the indentation throws the parser off for the lines after it; report only the tabs then.
  // Garbage can make the parser report an error per character: the first few say all there is to say.
  const errors = doc.errors.slice(0, 1000);
  const tabbed = errors.filter((e) => isTabError(e, text, index));
  for (const error of tabbed.length ? tabbed : errors) {
    const problem = yamlProblem(error, text, index, kind, 'error');
    // The parser often reports one mistake several times on the same line; the first says it best.
    if (lines.has(problem.line)) continue;
    lines.add(problem.line);
    problems.push(problem);
    if (problems.length === MAX_YAML_PROBLEMS) break;
  }
  if (problems.length) return { index, problems, text };
  for (const warning of doc.warnings.slice(0, MAX_YAML_PROBLEMS))
    problems.push(yamlProblem(warning, text, index, kind, 'warning'));

  const converter = new Converter(index, kind, problems);
  let data: unknown;
  try {
    data = converter.value(doc.contents as Node | null, '', 0, undefined);
  } catch (err) {
    if (!(err instanceof StopConverting)) throw err;
    return { index, problems, text };
  }
  return { data, index, problems, text };
}

const YAML_OPTIONS = {
  // Duplicate keys are found by the converter below: the parser's own check compares every key with
  // every other (quadratic in a mapping's size), the converter's is a lookup.
  uniqueKeys: false,
  prettyErrors: false,
  strict: true,
  schema: 'core',
  version: '1.2',
  merge: false,
} as const;

/**
 * What `yaml`'s `parseDocument` does (lexer → parser → composer, first document only, a second one is an
 * error), with each lexer token shown to `scan` before the parser gets it: the structural guard and the
 * parser share one lexing pass, and the parser never sees text past the place where the guard stops.
 */
function parseYaml(
  text: string,
  scan: Prescan | undefined,
): { doc: Document } | { stop: NonNullable<ReturnType<Prescan['step']>> } {
  const parser = new Parser();
  const composer = new Composer(YAML_OPTIONS);
  let doc: Document | undefined;
  let done = false;
  const take = (d: Document.Parsed): void => {
    if (!doc) doc = d;
    else {
      doc.errors.push(
        new YAMLParseError(
          [d.range[0], d.range[1]],
          'MULTIPLE_DOCS',
          'Source contains multiple documents; please use YAML.parseAllDocuments()',
        ),
      );
      done = true;
    }
  };
  // After a second document the rest is neither parsed nor composed, but still scanned: a file the guard
  // refuses is refused wherever the reason lies.
  for (const token of new Lexer().lex(text)) {
    if (scan) {
      const stop = scan.step(token);
      if (stop) return { stop };
    }
    if (done) continue;
    for (const cst of parser.next(token)) {
      for (const d of composer.next(cst)) take(d);
      if (done) break;
    }
  }
  const stop = scan?.end();
  if (stop) return { stop };
  if (!done) {
    for (const cst of parser.end()) {
      for (const d of composer.next(cst)) take(d);
      if (done) break;
    }
  }
  if (!done) for (const d of composer.end(true, text.length)) take(d);
  return { doc: doc! };
}

/** Syntax problems reported per file at most: after a few, the rest are echoes of the first. */
const MAX_YAML_PROBLEMS = 20;

function leadingBlanks(text: string, offset: number, index: NodeIndex): { lineStart: number; leading: string } {
  const lineStart = index.lines.lineStart(offset);
  return { lineStart, leading: /^[ \t]*/.exec(text.slice(lineStart, lineStart + 200))![0] };
}

function isTabError(error: YAMLError, text: string, index: NodeIndex): boolean {
  return error.code === 'TAB_AS_INDENT' || leadingBlanks(text, error.pos[0], index).leading.includes('\t');
}

function yamlProblem(
  error: YAMLError,
  text: string,
  index: NodeIndex,
  kind: InputKind,
  severity: 'error' | 'warning',
): Problem {
  const [start, end] = error.pos;
  const { lineStart, leading } = leadingBlanks(text, start, index);
  let code: ProblemCode;
  let message: string;
  if (isTabError(error, text, index)) {
    code = 'parse.tab-indent';
    message = 'a tab is used for indentation here; YAML indents with spaces only';
    const tab = lineStart + leading.indexOf('\t');
    if (leading.includes('\t')) return index.spanProblem([tab, tab + 1], severity, code, message, '');
  } else if (error.code === 'MULTIPLE_DOCS') {
    code = 'parse.multiple-documents';
    message = `the ${kind.noun} holds more than one YAML document (a second \`---\`); write it as one document`;
  } else if (error.code === 'RESOURCE_EXHAUSTION') {
    code = 'parse.too-deep';
    message = `the ${kind.noun} is nested too deeply to be read`;
  } else if (severity === 'warning') {
    code = 'parse.yaml-warning';
    message = error.message;
  } else {
    code = 'parse.yaml-syntax';
    message = `invalid YAML: ${error.message.replace(/\s*at line \d+, column \d+.*$/s, '')}`;
  }
  return index.spanProblem([start, Math.max(end, start + 1)], severity, code, message, '');
}

/**
 * Walks the YAML nodes into plain data, recording positions and refusing what no input may hold. Each node is
 * converted once: an alias takes a copy of its anchor's converted value (the YAML library's own
 * `Alias.resolve` searches the whole document for every alias, which is quadratic), and the copies count
 * against `maxValues`, the alias expansion budget.
 */
class Converter {
  private values = 0;
  /** Height of the value converted last. */
  private height = 0;
  /** Anchors in document order: an alias finds the latest one written before it. */
  private readonly anchors = new Map<string, Node>();
  private readonly converted = new Map<Node, Anchored>();

  constructor(
    private readonly index: NodeIndex,
    private readonly kind: InputKind,
    private readonly problems: Problem[],
  ) {}

  private span(node: Node | null | undefined): Span | undefined {
    const range = node?.range;
    return range ? [range[0], range[1]] : undefined;
  }

  private fail(span: Span, code: ProblemCode, message: string, pointer: string): never {
    this.problems.push(this.index.spanProblem(span, 'error', code, message, pointer));
    throw new StopConverting();
  }

  private count(n: number, span: Span, pointer: string, alias: boolean): void {
    this.values += n;
    if (this.values <= this.kind.limits.maxValues) return;
    const max = this.kind.limits.maxValues.toLocaleString('en');
    const noun = this.kind.noun;
    if (alias)
      this.fail(
        span,
        'parse.alias-budget',
        `YAML aliases (\`*name\`) expand this file to more than ${max} values; a ${noun} never needs that many, so it is refused`,
        pointer,
      );
    this.fail(
      span,
      'parse.too-many-values',
      `the ${noun} holds more than ${max} values; a ${noun} never needs that many, so it is refused`,
      pointer,
    );
  }

  private tooDeep(span: Span, pointer: string): never {
    const { maxDepth } = this.kind.limits;
    this.fail(
      span,
      'parse.too-deep',
      `the ${this.kind.noun} is nested more than ${maxDepth} levels deep here; a ${this.kind.noun} needs only a few levels`,
      pointer,
    );
  }

  value(node: Node | null, pointer: string, depth: number, key: Span | undefined): unknown {
    // An empty value (`services:`) has an empty range; point at its key instead.
    let span = this.span(node);
    if (!span || span[0] === span[1]) span = key ?? span ?? [0, 0];
    // A copy made for an alias is placed on the alias: that is where this copy stands. The anchored value
    // itself is checked, and its problems placed, where it is written.
    this.index.set(pointer, { value: span, key });

    if (node !== null && node !== undefined && isAlias(node)) {
      const target = this.anchors.get(node.source);
      if (!target)
        this.fail(
          span,
          'parse.alias-undefined',
          `the alias \`*${node.source}\` refers to no anchor \`&${node.source}\` written before it`,
          pointer,
        );
      const anchored = this.converted.get(target);
      if (!anchored)
        this.fail(
          span,
          'parse.alias-cycle',
          `the alias \`*${node.source}\` is inside the value \`&${node.source}\` it stands for, which would never end`,
          pointer,
        );
      this.count(1 + anchored.count, span, pointer, true);
      if (anchored.height > 0 && depth + anchored.height > this.kind.limits.maxDepth) this.tooDeep(span, pointer);
      this.height = anchored.height;
      return copy(anchored.value);
    }

    const before = this.values;
    this.count(1, span, pointer, false);
    if (node === null || node === undefined) {
      this.height = 0;
      return null;
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) this.anchors.set(anchor, node);
    const value = this.convert(node, span, pointer, depth);
    if (anchor) this.converted.set(node, { value, count: this.values - before, height: this.height });
    return value;
  }

  private convert(node: Node, span: Span, pointer: string, depth: number): unknown {
    const noun = this.kind.noun;
    if (isScalar(node)) {
      const v = node.value;
      this.height = 0;
      if (
        v === null ||
        typeof v === 'string' ||
        typeof v === 'boolean' ||
        (typeof v === 'number' && Number.isFinite(v))
      )
        return v;
      this.fail(
        span,
        'parse.not-json-value',
        `this value (${String(v)}) cannot be represented in JSON; write a string, a finite number, true/false or null`,
        pointer,
      );
    }
    if (depth >= this.kind.limits.maxDepth) this.tooDeep(span, pointer);
    // Lists the kind expects to be long (the list of rules) may be; no other list or mapping needs more
    // than `maxEntries` entries.
    if ((isSeq(node) || isMap(node)) && node.items.length > this.kind.limits.maxEntries) {
      if (!this.kind.longLists.includes(pointer)) {
        const max = this.kind.limits.maxEntries.toLocaleString('en');
        this.fail(
          span,
          'parse.too-many-entries',
          isSeq(node)
            ? `this list has more than ${max} items, more than a ${noun} ever needs`
            : `this mapping has more than ${max} keys, more than a ${noun} ever needs`,
          pointer,
        );
      }
    }
    if (isSeq(node)) {
      let height = 0;
      const out = node.items.map((item, i) => {
        const v = this.value(item as Node | null, `${pointer}/${i}`, depth + 1, undefined);
        if (this.height > height) height = this.height;
        return v;
      });
      this.height = height + 1;
      return out;
    }
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      let height = 0;
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const keySpan = this.span(keyNode) ?? span;
        if (keyNode && !isScalar(keyNode)) {
          this.fail(
            keySpan,
            'parse.key-not-scalar',
            'a key must be a plain value (a name), not a list or a mapping',
            pointer,
          );
        }
        const name = keyNode === null ? '' : String((keyNode as { value: unknown }).value ?? '');
        const at = `${pointer}/${pointerSegment(name)}`;
        // Only a plain `<<` is a merge key; written in quotes it is an ordinary key.
        if (name === '<<' && keyNode !== null && (keyNode as { type?: string }).type === 'PLAIN') {
          this.fail(
            keySpan,
            'parse.merge-key',
            `YAML merge keys (\`<<\`) are not supported in a ${noun}; write the keys out (aliases \`*name\` for whole values do work)`,
            at,
          );
        }
        if (RESERVED.has(name)) {
          this.fail(
            keySpan,
            'parse.reserved-key',
            `\`${name}\` cannot be used as a key: it is reserved, because it could change how a program reads the data`,
            at,
          );
        }
        if (Object.hasOwn(out, name)) {
          this.fail(
            keySpan,
            'parse.duplicate-key',
            `duplicate key \`${name}\`: a mapping may hold each key only once`,
            at,
          );
        }
        out[name] = this.value(pair.value as Node | null, at, depth + 1, keySpan);
        if (this.height > height) height = this.height;
      }
      this.height = height + 1;
      return out;
    }
    this.fail(span, 'parse.unsupported-value', `this kind of YAML value is not supported in a ${noun}`, pointer);
  }
}
