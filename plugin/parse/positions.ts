// From offsets in the source text to the `line:column` people read, and from a JSON pointer into the
// loaded data back to where that value (or its key) was written. Validation works on plain data; this is
// how its findings get their place in the file.
import type { Problem, ProblemCode, Severity, SourceRef } from './problems.js';

/** 1-based line and column (columns count UTF-16 code units, as editors do). */
export interface Position {
  line: number;
  column: number;
}

/** Offsets → positions, by binary search over the line starts. */
export class LineMap {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** 0-based index of the line holding `offset`. */
  private lineIndex(at: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Offset where the line holding `offset` starts. */
  lineStart(offset: number): number {
    return this.starts[this.lineIndex(Math.max(0, Math.min(offset, this.text.length)))]!;
  }

  position(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineIndex(at);
    return { line: line + 1, column: at - this.starts[line]! + 1 };
  }

  /** The end of a span, with trailing blanks and newlines left out (a block mapping's range runs to the next line). */
  endPosition(start: number, end: number): Position {
    let e = Math.max(start, Math.min(end, this.text.length));
    while (e > start && /\s/.test(this.text[e - 1]!)) e--;
    if (e === start) e = Math.min(start + 1, this.text.length);
    return this.position(e);
  }
}

/** Where something is written, start to end, in lines and columns. */
export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Which part of a key-value pair a position is about. */
export type Part = 'key' | 'value' | 'pair';

/** A written span: [start, end) offsets. */
export type Span = readonly [number, number];

export interface IndexEntry {
  /** Where the value is written (for an alias, the anchored value it stands for). */
  value: Span;
  /** Where its key is written, when the value sits in a mapping. */
  key?: Span;
}

/**
 * An entry whose span is computed the first time it is read (`value`), for the fast reader (fast-yaml.ts),
 * which knows where a block mapping or list starts but leaves where it ends to the full reader. `start` is
 * known at once, so placing a rule (`source`) costs nothing.
 */
export class DeferredEntry implements IndexEntry {
  // Private in the language, so that two entries compare (deep equality) by where they are, not by closure.
  readonly #exact: () => Span | undefined;

  constructor(
    readonly start: number,
    readonly key: Span | undefined,
    exact: () => Span | undefined,
  ) {
    this.#exact = exact;
  }

  get value(): Span {
    return this.#exact() ?? [this.start, this.start + 1];
  }
}

/** Escapes one JSON pointer segment (RFC 6901), as ajv writes `instancePath`. */
export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Where each value of a loaded document was written, by JSON pointer. `at(pointer)` gives the same index seen
 * from a part of the document, so a part (the request of a test case) is checked as a document of its own
 * while its problems keep their place in the file that holds it.
 */
export class NodeIndex {
  constructor(
    readonly file: string,
    readonly lines: LineMap,
    private readonly entries = new Map<string, IndexEntry>(),
    /** Pointer of this view's root in the whole document. */
    private readonly base = '',
  ) {}

  /** The part at `pointer` as a document of its own: pointers given to the view are relative to that part. */
  at(pointer: string): NodeIndex {
    return new NodeIndex(this.file, this.lines, this.entries, this.base + pointer);
  }

  set(pointer: string, entry: IndexEntry): void {
    // With aliases the same pointer can only be reached once, but keep the first writing if it were not so.
    const key = this.base + pointer;
    if (!this.entries.has(key)) this.entries.set(key, entry);
  }

  get(pointer: string): IndexEntry | undefined {
    return this.entries.get(this.base + pointer);
  }

  /** The nearest written ancestor-or-self of `pointer` (values that were never written have none of their own). */
  nearest(pointer: string): IndexEntry {
    let p = this.base + pointer;
    for (;;) {
      const found = this.entries.get(p);
      if (found) return found;
      if (p === '') return { value: [0, 0] };
      p = p.slice(0, p.lastIndexOf('/'));
    }
  }

  /** Where a span is written: start and end as line and column. */
  spanRange(span: Span): Range {
    const start = this.lines.position(span[0]);
    const end = this.lines.endPosition(span[0], span[1]);
    return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }

  /**
   * Where the value at `pointer` is written: its key (`part: 'key'`, e.g. an unknown property), its value
   * (the default), or both together (`'pair'`, e.g. an option that cannot be enforced).
   */
  range(pointer: string, part: Part = 'value'): Range {
    const entry = this.nearest(pointer);
    let span: Span = entry.value;
    if (part === 'key' && entry.key) span = entry.key;
    if (part === 'pair' && entry.key) span = [entry.key[0], Math.max(entry.key[1], entry.value[1])];
    return this.spanRange(span);
  }

  spanProblem(span: Span, severity: Severity, code: ProblemCode, message: string, path: string): Problem {
    return this.located(this.spanRange(span), severity, code, message, path);
  }

  /** A problem at `pointer`, placed as `range` places it. */
  problem(pointer: string, severity: Severity, code: ProblemCode, message: string, part: Part = 'value'): Problem {
    return this.located(this.range(pointer, part), severity, code, message, pointer);
  }

  private located(range: Range, severity: Severity, code: ProblemCode, message: string, path: string): Problem {
    return {
      file: this.file,
      ...range,
      severity,
      code,
      // One line, whatever a key or value quoted in it holds: `FILE:LINE:COL:` output must stay parseable.
      message: message.replace(/[\x00-\x1f]/g, (c) => JSON.stringify(c).slice(1, -1)),
      path,
    };
  }

  source(pointer: string): SourceRef {
    const entry = this.nearest(pointer);
    const start = entry instanceof DeferredEntry ? entry.start : entry.value[0];
    const { line, column } = this.lines.position(start);
    return { file: this.file, line, column };
  }
}
