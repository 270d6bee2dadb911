// The fast path of the reader: the plain YAML that people and tools actually write (block mappings and
// lists, one-line flow `{ ... }` and `[ ... ]`, plain and simply quoted scalars, anchors and aliases,
// comments), read in one pass without the YAML library. A command line process reads a file once, cold, and
// the library's lexer, parser and composer take a few microseconds per byte before the JIT warms up: a
// 40 KB schedules file cost more than starting node.
//
// It either returns exactly what the full path (yaml.ts) returns for the text, data and positions, or
// declines (`undefined`) and the full path reads the text. It declines at anything outside that subset
// (tags, block scalars, multi-line scalars or brackets, escapes, tabs, empty values, directives, several
// documents) and at anything the full path would report: a syntax error, a duplicate, merge or reserved key,
// an undefined or self-referring alias, a number that is not a plain integer, a limit reached or near. So
// every problem is still found, and worded, by the one full path. spec/parse/fast-yaml.spec.ts holds the two
// paths equal on every example and on generated and mutated documents.
//
// One position is not computed here: where a block mapping or list ends, which the YAML library places after
// trailing comments by rules of its own. Those entries are deferred: the first time one is asked for (a
// problem to place), the full path reads the text once and supplies every such end. A file with no problems
// never asks.
import { DeferredEntry, LineMap, NodeIndex, pointerSegment, type Span } from './positions.js';
import { PRESCAN_DEPTH } from './limits.js';
import type { InputKind } from './kinds.js';
import { copy, type Anchored } from './anchored.js';

/** Keys that could change how a program reads the data (an object's prototype), refused in every input. */
export const RESERVED_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];
const RESERVED = new Set<string>(RESERVED_KEYS);

/** Thrown to decline; caught in `fastParse` only. */
const DECLINE: unique symbol = Symbol('decline');
function decline(): never {
  throw DECLINE;
}

// Characters the subset never holds: tabs, carriage returns, a byte order mark, C0/C1 controls and the
// Unicode line breaks YAML 1.1 knew. Any of them sends the text to the full path.
const UNSUPPORTED_CHARACTER = /[\x00-\x09\x0b-\x1f\x7f-\x9f\ufeff\u2028\u2029]/;

// Core schema (YAML 1.2), as the library resolves a plain scalar. A plain scalar that looks like any number
// other than a short decimal integer (octal, hex, floats, `.inf`, leading zeros) declines.
const NULL_RE = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL_RE = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const NUMBER_LIKE = [
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];
const SHORT_INTEGER = /^-?(?:0|[1-9][0-9]{0,14})$/;

function plainValue(source: string): string | number | boolean | null {
  if (NULL_RE.test(source)) return null;
  if (BOOL_RE.test(source)) return source[0] === 't' || source[0] === 'T';
  const c = source.charCodeAt(0);
  // Only text starting with a digit, a sign or a dot can be a number.
  if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) {
    if (SHORT_INTEGER.test(source)) return Number(source);
    if (NUMBER_LIKE.some((re) => re.test(source))) decline();
  }
  return source;
}

const SPACE = 32;
const NEWLINE = 10;
const HASH = 35;
const COLON = 58;

/** Characters that cannot start a plain scalar (YAML indicators), as char codes. */
const INDICATORS = new Set([...'-?:,[]{}#&*!|>\'"%@`'].map((c) => c.charCodeAt(0)));
const FLOW_INDICATORS = new Set([...',[]{}'].map((c) => c.charCodeAt(0)));

const isBlank = (c: number) => c === SPACE || c === NEWLINE || Number.isNaN(c);

class FastReader {
  private pos = 0;
  /** Where the last value read on a line ended (before blanks and a comment). */
  private valueEnd = 0;
  /** Ends of block collections known without the full path (see knownEnd). */
  readonly ends = new Map<string, Span>();
  private values = 0;
  private height = 0;
  private readonly anchors = new Map<string, Anchored>();
  /** Anchors whose value is being read: an alias to one of them is a cycle (the full path reports it). */
  private readonly open = new Set<string>();
  readonly deferred: Array<{ pointer: string; entry: DeferredEntry }> = [];
  private readonly maxValues: number;
  private readonly maxDepth: number;
  private readonly maxEntries: number;

  constructor(
    private readonly text: string,
    private readonly kind: InputKind,
    readonly index: NodeIndex,
    private readonly resolve: (pointer: string) => Span | undefined,
  ) {
    this.maxValues = kind.limits.maxValues;
    this.maxDepth = kind.limits.maxDepth;
    this.maxEntries = kind.limits.maxEntries;
  }

  private code(at: number): number {
    return this.text.charCodeAt(at);
  }

  // ---- lines ----

  /**
   * From the start of a line, past blank and comment-only lines, to the first character of the next line
   * with content; returns its indentation, or -1 at the end of the text. Declines where the guard in front of
   * the full parser could stop (indentation plus indicators near its depth bound).
   */
  private nextContentLine(): number {
    const text = this.text;
    if (this.pos >= text.length) return -1;
    // Already at the content of a line (a nested block stopped here): its indentation.
    if (this.pos > 0 && this.code(this.pos - 1) !== NEWLINE) return this.pos - text.lastIndexOf('\n', this.pos - 1) - 1;
    for (;;) {
      if (this.pos >= text.length) return -1;
      const lineStart = this.pos;
      let p = lineStart;
      while (this.code(p) === SPACE) p++;
      const c = this.code(p);
      if (Number.isNaN(c)) {
        this.pos = p;
        return -1;
      }
      const lineEnd = text.indexOf('\n', p);
      const end = lineEnd === -1 ? text.length : lineEnd;
      if (c === NEWLINE || c === HASH) {
        this.pos = end === text.length ? end : end + 1;
        continue;
      }
      const indent = p - lineStart;
      // The guard counts indentation, block indicators and open brackets on a line; the line's length
      // bounds the last two.
      if (end - lineStart > PRESCAN_DEPTH) {
        let n = indent;
        for (let i = p; i < end; i++) {
          const k = this.code(i);
          if (k === 45 || k === 58 || k === 63 || k === 91 || k === 123) n++;
        }
        if (n > PRESCAN_DEPTH) decline();
      }
      // Document markers and directives belong to the full path.
      if (indent === 0 && (c === 37 || text.startsWith('---', p) || text.startsWith('...', p))) decline();
      this.pos = p;
      return indent;
    }
  }

  /** After a value on its line: spaces, then a comment or the end of the line. Leaves pos at the next line. */
  private endOfLine(): void {
    const start = this.pos;
    this.valueEnd = start;
    while (this.code(this.pos) === SPACE) this.pos++;
    const c = this.code(this.pos);
    if (c === HASH) {
      if (this.pos === start) decline(); // `#` straight after a value is not a comment
    } else if (c !== NEWLINE && !Number.isNaN(c)) decline();
    const eol = this.text.indexOf('\n', this.pos);
    this.pos = eol === -1 ? this.text.length : eol + 1;
  }

  // ---- counting, as the converter counts ----

  private count(n: number): void {
    this.values += n;
    if (this.values > this.maxValues) decline();
  }

  private entries(n: number, pointer: string): void {
    if (n > this.maxEntries && !this.kind.longLists.includes(pointer)) decline();
  }

  // ---- block nodes ----

  document(): unknown {
    const indent = this.nextContentLine();
    if (indent !== 0) decline(); // empty, or an indented top-level node
    // The first key is held to what every later key is: `key: ` on its line (a quoted key glued to its value,
    // `"a":b`, is no block mapping).
    if (!(this.code(this.pos) === 45 && isBlank(this.code(this.pos + 1))) && !this.startsImplicitKey()) decline();
    const value = this.blockNode(0, '', 0);
    if (this.nextContentLine() !== -1) decline();
    return value;
  }

  /** A block list or mapping starting at `pos` (its first line's content), written at column `indent`. */
  private blockNode(indent: number, pointer: string, depth: number): unknown {
    if (this.code(this.pos) === 45 && isBlank(this.code(this.pos + 1)))
      return this.blockSeq(indent, pointer, depth, undefined);
    return this.blockMap(indent, pointer, depth, undefined);
  }

  private deferredEntry(pointer: string, start: number, key: Span | undefined): void {
    const entry = new DeferredEntry(start, key, () => this.resolve(pointer));
    this.deferred.push({ pointer, entry });
    this.index.set(pointer, entry);
  }

  private blockSeq(indent: number, pointer: string, depth: number, key: Span | undefined): unknown[] {
    this.deferredEntry(pointer, this.pos, key);
    this.count(1);
    if (depth >= this.maxDepth) decline();
    const out: unknown[] = [];
    let height = 0;
    for (;;) {
      // At a `-` in column `indent`.
      if (this.code(this.pos + 1) !== SPACE) decline(); // `-` alone on its line: an empty or next-line item
      this.pos += 2;
      while (this.code(this.pos) === SPACE) this.pos++;
      const itemPointer = `${pointer}/${out.length}`;
      const c = this.code(this.pos);
      if (c === NEWLINE || c === HASH || Number.isNaN(c)) decline();
      if (c === 45 && isBlank(this.code(this.pos + 1))) decline(); // `- - x`
      const column = this.pos - this.text.lastIndexOf('\n', this.pos - 1) - 1;
      let value: unknown;
      if (this.startsImplicitKey()) value = this.blockMap(column, itemPointer, depth + 1, undefined);
      else {
        value = this.inlineValue(itemPointer, depth + 1, undefined);
        this.endOfLine();
      }
      if (this.height > height) height = this.height;
      out.push(value);
      const next = this.nextContentLine();
      if (next === indent && this.code(this.pos) === 45 && isBlank(this.code(this.pos + 1))) continue;
      if (next > indent) decline();
      break; // a shallower line, the end, or a key beside this list (`key:` then `- item`)
    }
    this.entries(out.length, pointer);
    this.knownEnd(pointer);
    this.height = height + 1;
    return out;
  }

  /** Whether the text at `pos` is `key:` (a plain or quoted key on this line, then `: ` or `:` at the end). */
  private startsImplicitKey(): boolean {
    const text = this.text;
    const c = this.code(this.pos);
    if (c !== 34 && c !== 39 && INDICATORS.has(c) && c !== 45) return false;
    if (c === 34 || c === 39) {
      const close = text.indexOf(String.fromCharCode(c), this.pos + 1);
      if (close === -1) return false;
      return this.code(close + 1) === COLON && isBlank(this.code(close + 2));
    }
    const eol = text.indexOf('\n', this.pos);
    const end = eol === -1 ? text.length : eol;
    for (let i = this.pos; i < end; i++) {
      const k = this.code(i);
      if (k === COLON && isBlank(this.code(i + 1))) return true;
      if (k === HASH && this.code(i - 1) === SPACE) return false;
    }
    return false;
  }

  private blockMap(indent: number, pointer: string, depth: number, key: Span | undefined): Record<string, unknown> {
    this.deferredEntry(pointer, this.pos, key);
    this.count(1);
    if (depth >= this.maxDepth) decline();
    const out: Record<string, unknown> = {};
    let size = 0;
    let height = 0;
    for (;;) {
      // At a key in column `indent`.
      const keyStart = this.pos;
      const name = this.blockKey();
      const keySpan: Span = [keyStart, this.pos];
      // The library's bounds on an implicit key: its value's length, and its source's (quotes and escapes too).
      if (name.length > 1000 || this.pos - keyStart > 1024) decline();
      if (RESERVED.has(name) || Object.hasOwn(out, name)) decline();
      this.pos++; // the `:`
      const at = `${pointer}/${pointerSegment(name)}`;
      while (this.code(this.pos) === SPACE) this.pos++;
      const c = this.code(this.pos);
      let value: unknown;
      if (c === NEWLINE || c === HASH || Number.isNaN(c)) {
        if (c === HASH && this.code(this.pos - 1) !== SPACE) decline();
        const eol = this.text.indexOf('\n', this.pos);
        this.pos = eol === -1 ? this.text.length : eol + 1;
        // The value is the block below: deeper, or a list at the key's own column.
        const next = this.nextContentLine();
        const dash = this.code(this.pos) === 45 && isBlank(this.code(this.pos + 1));
        if (next > indent) value = this.blockNodeAt(next, at, depth + 1, keySpan);
        else if (next === indent && dash) value = this.blockSeq(next, at, depth + 1, keySpan);
        else decline(); // an empty value
      } else {
        value = this.inlineValue(at, depth + 1, keySpan);
        this.endOfLine();
      }
      if (this.height > height) height = this.height;
      out[name] = value;
      size++;
      const next = this.nextContentLine();
      if (next === indent) {
        if (this.code(this.pos) === 45 && isBlank(this.code(this.pos + 1))) {
          // A list at this column ends a mapping only when the mapping is itself a list item's.
          break;
        }
        if (!this.startsImplicitKey()) decline();
        continue;
      }
      if (next > indent) decline();
      break;
    }
    this.entries(size, pointer);
    this.knownEnd(pointer);
    this.height = height + 1;
    return out;
  }

  /**
   * A block collection ends, as the library places it, just past the line break of its last value's line
   * (or at the end of the text). When a comment follows that value before the next content, where it
   * belongs is the library's own rule, so that end is left to the full path.
   */
  private knownEnd(pointer: string): void {
    const entry = this.index.get(pointer);
    if (!(entry instanceof DeferredEntry)) return;
    if (this.text.slice(this.valueEnd, this.pos).includes('#')) return;
    const eol = this.text.indexOf('\n', this.valueEnd);
    this.ends.set(pointer, [entry.start, eol === -1 ? this.text.length : eol + 1]);
  }

  private blockNodeAt(indent: number, pointer: string, depth: number, key: Span): unknown {
    if (this.code(this.pos) === 45 && isBlank(this.code(this.pos + 1)))
      return this.blockSeq(indent, pointer, depth, key);
    if (!this.startsImplicitKey()) decline(); // a scalar on the line below its key
    return this.blockMap(indent, pointer, depth, key);
  }

  /** A key of a block mapping, up to (not past) its `:`. */
  private blockKey(): string {
    const c = this.code(this.pos);
    if (c === 34 || c === 39) {
      const name = this.quoted(false);
      if (this.code(this.pos) !== COLON || !isBlank(this.code(this.pos + 1))) decline();
      return name;
    }
    const start = this.pos;
    const source = this.plain(false);
    if (this.code(this.pos) !== COLON) decline();
    // Only a plain `<<` is a merge key (the full path refuses it); a key is resolved like any scalar.
    if (source === '<<') decline();
    const value = plainValue(source);
    if (typeof value !== 'string') decline(); // `true:`, `1:`, `null:` keys: rare, left to the full path
    if (this.pos !== start + source.length) decline(); // spaces before the `:`
    return value;
  }

  // ---- values on one line ----

  /** A scalar, alias, or flow collection (with an optional anchor), in block or flow context. */
  private inlineValue(pointer: string, depth: number, key: Span | undefined, inFlow = false): unknown {
    let anchor: string | undefined;
    if (this.code(this.pos) === 38) {
      anchor = this.name();
      if (this.code(this.pos) !== SPACE) decline();
      while (this.code(this.pos) === SPACE) this.pos++;
      if (this.code(this.pos) === 42 || this.code(this.pos) === 38) decline();
      // An anchor named again inside its own value: an alias after both means the inner one (the one defined
      // last), but this reader records an anchor when its value ends, so the outer one would win.
      if (this.open.has(anchor)) decline();
      this.open.add(anchor);
    }
    const start = this.pos;
    const before = this.values;
    const c = this.code(start);
    let value: unknown;
    if (c === 42) {
      // An alias: a copy of its anchor's value, counted as the converter counts it.
      const name = this.name();
      this.index.set(pointer, { value: [start, this.pos], key });
      const anchored = this.anchors.get(name);
      if (!anchored || this.open.has(name)) decline();
      this.count(1 + anchored.count);
      if (anchored.height > 0 && depth + anchored.height > this.maxDepth) decline();
      this.height = anchored.height;
      return copy(anchored.value);
    }
    if (c === 123 || c === 91) value = this.flow(pointer, depth, key);
    else {
      if (c === 34 || c === 39) value = this.quoted(inFlow);
      else value = plainValue(this.plain(inFlow));
      this.index.set(pointer, { value: [start, this.pos], key });
      this.count(1);
      this.height = 0;
    }
    if (anchor !== undefined) {
      this.open.delete(anchor);
      this.anchors.set(anchor, { value, count: this.values - before, height: this.height });
    }
    return value;
  }

  /** An anchor or alias name after `&` or `*`. */
  private name(): string {
    const start = ++this.pos;
    for (;;) {
      const c = this.code(this.pos);
      if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95) this.pos++;
      else break;
    }
    const c = this.code(this.pos);
    if (this.pos === start || !(isBlank(c) || FLOW_INDICATORS.has(c))) decline();
    return this.text.slice(start, this.pos);
  }

  /** A quoted scalar on one line: no escapes in double quotes, `''` in single ones. */
  private quoted(inFlow: boolean): string {
    const text = this.text;
    const q = text[this.pos]!;
    let out = '';
    let from = this.pos + 1;
    for (;;) {
      const close = text.indexOf(q, from);
      if (close === -1) decline();
      const part = text.slice(from, close);
      if (part.includes('\n') || (q === '"' && part.includes('\\'))) decline();
      // Leading or trailing spaces are kept by both paths, but folded lines are not in the subset.
      out += part;
      if (q === "'" && text[close + 1] === "'") {
        out += "'";
        from = close + 2;
        continue;
      }
      this.pos = close + 1;
      break;
    }
    const next = this.code(this.pos);
    if (!(isBlank(next) || next === COLON || (inFlow && FLOW_INDICATORS.has(next)))) decline();
    return out;
  }

  /**
   * A plain scalar's source on this line. In block context it runs to ` #`, to a `:` before a space or the
   * end of the line, or to the end of the line; in flow context also to a flow indicator.
   */
  private plain(inFlow: boolean): string {
    const text = this.text;
    const start = this.pos;
    const first = this.code(start);
    if (INDICATORS.has(first)) {
      // `-` before a character that can go on is a plain scalar (`-5`); every other indicator declines.
      const second = this.code(start + 1);
      if (first !== 45 || isBlank(second) || FLOW_INDICATORS.has(second)) decline();
    }
    let end = start;
    let i = start;
    for (;;) {
      const c = this.code(i);
      if (Number.isNaN(c) || c === NEWLINE) break;
      if (c === COLON) {
        const next = this.code(i + 1);
        if (isBlank(next) || (inFlow && FLOW_INDICATORS.has(next))) break;
        end = i + 1;
      } else if (c === SPACE) {
        if (this.code(i + 1) === HASH) break;
      } else {
        if (inFlow && FLOW_INDICATORS.has(c)) break;
        end = i + 1;
      }
      i++;
    }
    if (end === start) decline();
    // The scalar may go on, on the next line (a multi-line plain scalar): the callers decline any line that
    // is indented deeper than they expect, which is where a continuation would be.
    this.pos = end;
    return text.slice(start, end);
  }

  /** A flow collection on one line. */
  private flow(pointer: string, depth: number, key: Span | undefined): unknown {
    const start = this.pos;
    const isMap = this.code(start) === 123;
    const close = isMap ? 125 : 93;
    // The entry is set first, as the converter does, with the span known only at the end.
    const entry: { value: Span; key: Span | undefined } = { value: [start, start], key };
    this.index.set(pointer, entry);
    this.count(1);
    if (depth >= this.maxDepth) decline();
    this.pos++;
    const outMap: Record<string, unknown> = {};
    const outSeq: unknown[] = [];
    let size = 0;
    let height = 0;
    const skip = () => {
      while (this.code(this.pos) === SPACE) this.pos++;
      const c = this.code(this.pos);
      if (c === NEWLINE || Number.isNaN(c) || c === HASH) decline(); // multi-line, or a comment inside
    };
    skip();
    while (this.code(this.pos) !== close) {
      if (isMap) {
        const keyStart = this.pos;
        const k = this.code(keyStart);
        let name: string;
        if (k === 34 || k === 39) name = this.quoted(true);
        else {
          const source = this.plain(true);
          if (source === '<<') decline();
          const v = plainValue(source);
          if (typeof v !== 'string') decline();
          name = v;
        }
        const keySpan: Span = [keyStart, this.pos];
        if (this.code(this.pos) !== COLON || this.code(this.pos + 1) !== SPACE) decline();
        if (RESERVED.has(name) || Object.hasOwn(outMap, name)) decline();
        this.pos++;
        skip();
        const c = this.code(this.pos);
        if (c === 44 || c === close) decline(); // `{ a: }`: an empty value
        const at = `${pointer}/${pointerSegment(name)}`;
        outMap[name] = this.flowValue(at, depth + 1, keySpan);
      } else {
        outSeq.push(this.flowValue(`${pointer}/${size}`, depth + 1, undefined));
      }
      if (this.height > height) height = this.height;
      size++;
      skip();
      const c = this.code(this.pos);
      if (c === 44) {
        this.pos++;
        skip();
        if (this.code(this.pos) === 44) decline();
      } else if (c !== close) decline();
    }
    this.pos++;
    entry.value = [start, this.pos];
    this.entries(size, pointer);
    this.height = height + 1;
    return isMap ? outMap : outSeq;
  }

  private flowValue(pointer: string, depth: number, key: Span | undefined): unknown {
    const value = this.inlineValue(pointer, depth, key, true);
    // `[a: b]` (a pair in a list) and `{ a: b: c }` are left to the full path.
    if (this.code(this.pos) === COLON) decline();
    return value;
  }
}

/**
 * Reads `text` when it is in the subset, with `exactEnds` to supply the ends of block collections when one
 * is asked for; `undefined` when the full path must read it.
 */
export function fastParse(
  text: string,
  file: string,
  kind: InputKind,
  exactEnds: () => NodeIndex,
): { data: unknown; index: NodeIndex } | undefined {
  if (UNSUPPORTED_CHARACTER.test(text)) return undefined;
  let full: NodeIndex | undefined;
  let reader: FastReader | undefined;
  const resolve = (pointer: string): Span | undefined => {
    const known = reader?.ends.get(pointer);
    if (known) return known;
    full ??= exactEnds();
    return full.get(pointer)?.value;
  };
  reader = new FastReader(text, kind, new NodeIndex(file, new LineMap(text)), resolve);
  try {
    return { data: reader.document(), index: reader.index };
  } catch (err) {
    if (err === DECLINE) return undefined;
    throw err;
  }
}
