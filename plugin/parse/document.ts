// YAML (or JSON, which YAML 1.2 reads too) → plain data plus an index of where each value was written.
// Every YAML error is a located problem; so are the things YAML allows but a routing file must not hold:
// keys that could reach an object's prototype, nesting beyond `maxDepth`, and aliases that expand the
// document beyond `maxValues` (the "billion laughs" file).
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
import { jsonSyntaxError } from './json-syntax.js';
import { checkSourceText, Prescan, prescanProblem } from './source.js';
import { RESERVED_KEYS } from '../routing/schema.js';
import { PRESCAN_DEPTH, type SourceLimits } from './limits.js';
import type { Problem } from '../routing/types.js';

export interface ParsedSource {
  /** The document as plain JSON-like data; undefined when the text could not be read as one document. */
  data?: unknown;
  index: NodeIndex;
  problems: Problem[];
}

const RESERVED = new Set<string>(RESERVED_KEYS);

/** Thrown inside the converter to stop at the first resource limit; never escapes this module. */
class StopConverting extends Error {}

export function parseSource(text: string, file: string, limits: SourceLimits): ParsedSource {
  // A `.json` file is held to JSON before YAML reads it (below), and the structural scan comes before that
  // check, so it runs on its own there; for YAML it runs on the tokens the parser is fed (one lexing pass).
  const isJson = /\.json$/i.test(file);
  const guard = checkSourceText(text, file, limits, { structure: isJson });
  const index = new NodeIndex(file, new LineMap(guard ? '' : text));
  if (guard) return { index, problems: [guard] };

  // YAML reads JSON but forgives what JSON does not (trailing commas, comments); a `.json` file is held to JSON.
  if (isJson) {
    const problem = jsonSyntaxProblem(text, index);
    if (problem) return { index, problems: [problem] };
  }

  // The parser builds an Error object for each syntax error, and a garbage file can hold one per
  // character: without stack traces (never shown; errors become located problems) that costs a third.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let doc: Document;
  try {
    const parsed = parseYaml(text, isJson ? undefined : new Prescan(PRESCAN_DEPTH, limits.maxValues));
    if ('stop' in parsed) return { index, problems: [prescanProblem(parsed.stop, text, file, limits)] };
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
    const problem = yamlProblem(error, text, index, 'error');
    // The parser often reports one mistake several times on the same line; the first says it best.
    if (lines.has(problem.line)) continue;
    lines.add(problem.line);
    problems.push(problem);
    if (problems.length === MAX_YAML_PROBLEMS) break;
  }
  if (problems.length) return { index, problems };
  for (const warning of doc.warnings.slice(0, MAX_YAML_PROBLEMS))
    problems.push(yamlProblem(warning, text, index, 'warning'));

  const converter = new Converter(doc, index, limits, problems);
  let data: unknown;
  try {
    data = converter.value(doc.contents as Node | null, '', 0, undefined);
  } catch (err) {
    if (!(err instanceof StopConverting)) throw err;
    return { index, problems };
  }
  return { data, index, problems };
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

function yamlProblem(error: YAMLError, text: string, index: NodeIndex, severity: 'error' | 'warning'): Problem {
  const [start, end] = error.pos;
  const { lineStart, leading } = leadingBlanks(text, start, index);
  let message: string;
  if (isTabError(error, text, index)) {
    message = 'a tab is used for indentation here; YAML indents with spaces only';
    const tab = lineStart + leading.indexOf('\t');
    if (leading.includes('\t')) return index.spanProblem([tab, tab + 1], severity, message, '');
  } else if (error.code === 'DUPLICATE_KEY') {
    const key = /^(?:"[^"\n]*"|'[^'\n]*'|[^:\n]*)/.exec(text.slice(start, start + 200))![0].trim();
    message = `duplicate key \`${key}\`: a mapping may hold each key only once`;
    return index.spanProblem([start, start + Math.max(1, key.length)], severity, message, '');
  } else if (error.code === 'MULTIPLE_DOCS') {
    message = 'the file holds more than one YAML document (a second `---`); put all the rules in one document';
  } else if (error.code === 'RESOURCE_EXHAUSTION') {
    message = 'the file is nested too deeply to be read';
  } else if (severity === 'warning') {
    message = error.message;
  } else {
    message = `invalid YAML: ${error.message.replace(/\s*at line \d+, column \d+.*$/s, '')}`;
  }
  return index.spanProblem([start, Math.max(end, start + 1)], severity, message, '');
}

function jsonSyntaxProblem(text: string, index: NodeIndex): Problem | undefined {
  const error = jsonSyntaxError(text);
  return error && index.spanProblem([error.offset, error.offset + 1], 'error', `invalid JSON: ${error.message}`, '');
}

/** Walks the YAML nodes into plain data, recording positions and refusing what a routing file must not hold. */
class Converter {
  private values = 0;
  private readonly anchors = new Map<string, Node>();
  /** Aliases being expanded, outermost first: a runaway expansion is reported where it starts. */
  private readonly aliases: { span: Span; pointer: string }[] = [];

  constructor(
    private readonly doc: Document,
    private readonly index: NodeIndex,
    private readonly limits: SourceLimits,
    private readonly problems: Problem[],
  ) {}

  private span(node: Node | null | undefined): Span | undefined {
    const range = node?.range;
    return range ? [range[0], range[1]] : undefined;
  }

  private fail(span: Span, message: string, pointer: string): never {
    this.problems.push(this.index.spanProblem(span, 'error', message, pointer));
    throw new StopConverting();
  }

  value(node: Node | null, pointer: string, depth: number, key: Span | undefined): unknown {
    // An empty value (`services:`) has an empty range; point at its key instead.
    let span = this.span(node);
    if (!span || span[0] === span[1]) span = key ?? span ?? [0, 0];
    // Inside an alias, problems are placed on the alias itself (the nearest indexed value): that is the
    // place this copy of the anchored value stands. The original is checked where it is written.
    if (!this.aliases.length) this.index.set(pointer, { value: span, key });

    if (++this.values > this.limits.maxValues) {
      const max = this.limits.maxValues.toLocaleString('en');
      if (this.aliases.length) {
        this.fail(
          this.aliases[0]!.span,
          `YAML aliases (\`*name\`) expand this file to more than ${max} values; a routing file never needs that many, so it is refused`,
          this.aliases[0]!.pointer,
        );
      }
      this.fail(
        span,
        `the file holds more than ${max} values; a routing file never needs that many, so it is refused`,
        pointer,
      );
    }
    if (node === null || node === undefined) return null;
    // Anchors are recorded in document order, so an alias finds the latest one written before it. (The
    // YAML library's own `Alias.resolve` searches the whole document for each alias: quadratic.)
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor && !this.aliases.length) this.anchors.set(anchor, node);
    if (isAlias(node)) {
      const target = this.anchors.get(node.source);
      if (!target)
        this.fail(
          span,
          `the alias \`*${node.source}\` refers to no anchor \`&${node.source}\` written before it`,
          pointer,
        );
      this.aliases.push({ span, pointer });
      const value = this.value(target as Node, pointer, depth, key);
      this.aliases.pop();
      return value;
    }
    if (isScalar(node)) {
      const v = node.value;
      if (
        v === null ||
        typeof v === 'string' ||
        typeof v === 'boolean' ||
        (typeof v === 'number' && Number.isFinite(v))
      )
        return v;
      this.fail(
        span,
        `this value (${String(v)}) cannot be represented in JSON; write a string, a finite number, true/false or null`,
        pointer,
      );
    }
    if (depth >= this.limits.maxDepth) {
      this.fail(
        span,
        `the file is nested more than ${this.limits.maxDepth} levels deep here; a routing file needs only a few levels`,
        pointer,
      );
    }
    // The list of rules may be long; no list or mapping inside it needs more than `maxEntries` entries.
    const isRuleList = pointer === '' || pointer === '/rules';
    if ((isSeq(node) || isMap(node)) && !isRuleList && node.items.length > this.limits.maxEntries) {
      const max = this.limits.maxEntries.toLocaleString('en');
      this.fail(
        span,
        isSeq(node)
          ? `this list has more than ${max} items, more than a routing file ever needs`
          : `this mapping has more than ${max} keys, more than a routing file ever needs`,
        pointer,
      );
    }
    if (isSeq(node)) {
      return node.items.map((item, i) => this.value(item as Node | null, `${pointer}/${i}`, depth + 1, undefined));
    }
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const keySpan = this.span(keyNode) ?? span;
        if (keyNode && !isScalar(keyNode)) {
          this.fail(keySpan, 'a key must be a plain value (a name), not a list or a mapping', pointer);
        }
        const name = keyNode === null ? '' : String((keyNode as { value: unknown }).value ?? '');
        if (RESERVED.has(name)) {
          this.fail(
            keySpan,
            `\`${name}\` cannot be used as a key: it is reserved, because it could change how a program reads the data`,
            `${pointer}/${pointerSegment(name)}`,
          );
        }
        if (Object.hasOwn(out, name)) {
          this.fail(
            keySpan,
            `duplicate key \`${name}\`: a mapping may hold each key only once`,
            `${pointer}/${pointerSegment(name)}`,
          );
        }
        out[name] = this.value(pair.value as Node | null, `${pointer}/${pointerSegment(name)}`, depth + 1, keySpan);
      }
      return out;
    }
    this.fail(span, 'this kind of YAML value is not supported in routing files', pointer);
  }
}
