// The structural guard in front of the YAML parser: one pass of the YAML lexer that stops where nesting
// would make the parser's recursion exhaust the stack, where a document holds more values than its kind
// allows, or where a stray closing bracket would make the parser build an error per character.
import { Lexer } from 'yaml';
import { PRESCAN_DEPTH } from './limits.js';
import type { InputKind } from './kinds.js';
import type { NodeIndex } from './positions.js';
import type { Problem } from './problems.js';

/** The located problem for a structural scan's finding. */
export function prescanProblem(scan: PrescanStop, text: string, index: NodeIndex, kind: InputKind): Problem {
  const span = [scan.offset, scan.offset + 1] as const;
  if (scan.reason === 'depth') {
    return index.spanProblem(
      span,
      'error',
      'parse.too-deep',
      `the ${kind.noun} is nested too deeply (more than ${PRESCAN_DEPTH} levels of indentation and brackets); a ${kind.noun} needs only a few levels`,
      '',
    );
  }
  if (scan.reason === 'unopened') {
    const c = text[scan.offset];
    return index.spanProblem(
      span,
      'error',
      'parse.yaml-syntax',
      `invalid YAML: \`${c}\` closes a ${c === ']' ? 'list `[`' : 'mapping `{`'} that was never opened`,
      '',
    );
  }
  return index.spanProblem(
    span,
    'error',
    'parse.too-many-values',
    `the ${kind.noun} holds more than ${kind.limits.maxValues.toLocaleString('en')} values; a ${kind.noun} never needs that many, so it is refused`,
    '',
  );
}

// Lexer tokens that stand for no source text (the lexer's own markers); every other token is source text.
const MARKERS = new Set(['\x02', '\x18', '\x1f']);

/** Offset of the first place where nesting exceeds `limit`, or undefined (see `prescan`). */
export function prescanDepth(text: string, limit: number): number | undefined {
  const scan = prescan(text, limit, Infinity);
  return scan?.reason === 'depth' ? scan.offset : undefined;
}

export interface PrescanStop {
  reason: 'depth' | 'values' | 'unopened';
  offset: number;
}

/**
 * One pass of the YAML lexer (iterative, no recursion, so quotes, comments and block scalars are read
 * correctly) that stops at the first place where
 * - indentation + block indicators + open brackets exceed `depthLimit` (the estimate counts each column of
 *   indentation as a level, so it never under-estimates the real depth), or
 * - the count of written values exceeds `valueLimit`: scalars that are not keys, aliases, bracketed
 *   collections and empty list items. That is a lower bound of the exact count made after parsing (block
 *   mappings and lists are not counted), so this never refuses a file the exact count would accept, and it
 *   spares the parser a file it would refuse anyway, or
 * - a `]` or `}` closes nothing (always a syntax error, and the cheapest way to make the parser slow).
 */
export function prescan(text: string, depthLimit: number, valueLimit: number): PrescanStop | undefined {
  const scan = new Prescan(depthLimit, valueLimit);
  for (const token of new Lexer().lex(text)) {
    const stop = scan.step(token);
    if (stop) return stop;
  }
  return scan.end();
}

/**
 * The scan of `prescan`, one lexer token at a time, so that the parser can be fed the same tokens: a token
 * is handed to the parser only after `step` accepted it, so the parser never sees the text past a stop.
 */
export class Prescan {
  private values = 0;
  private offset = 0;
  private flow = 0;
  private indent = 0;
  private indicators = 0;
  private lineStart = true;
  private afterScalarMarker = false;
  // A scalar just ended: it is a value unless a `:` comes next (then it was a key). Undecided until then.
  private pendingScalar = false;
  private explicitKey = false;
  // A `-` just came: if the line ends before anything else, the list item is empty (a null value).
  private dash = false;

  constructor(
    private readonly depthLimit: number,
    private readonly valueLimit: number,
  ) {}

  /** Takes the next lexer token; returns where and why to stop, or undefined to go on. */
  step(token: string): PrescanStop | undefined {
    if (MARKERS.has(token)) {
      if (token === '\x1f') this.afterScalarMarker = true;
      return undefined;
    }
    const start = this.offset;
    this.offset += token.length;
    if (this.afterScalarMarker) {
      // Scalar content (plain, or a block scalar's lines): brackets inside it are text, not structure.
      this.afterScalarMarker = false;
      this.dash = false;
      this.pendingScalar = true;
      this.lineStart = token.endsWith('\n');
      if (this.lineStart) {
        this.indent = 0;
        this.indicators = 0;
      }
      return undefined;
    }
    const ch = token[0];
    const isSpace = ch === ' ' || ch === '\t';
    const isNewline = token === '\n' || token === '\r\n';
    if (this.pendingScalar && !isSpace) {
      this.pendingScalar = false;
      if (token === ':' || this.explicitKey) this.explicitKey = false;
      else if (++this.values > this.valueLimit) return { reason: 'values', offset: start };
    }
    if (this.dash && !isSpace) {
      this.dash = false;
      if (isNewline && ++this.values > this.valueLimit) return { reason: 'values', offset: start };
    }
    if (isNewline) {
      this.lineStart = true;
      this.indent = 0;
      this.indicators = 0;
      return undefined;
    }
    if (this.lineStart && ch === ' ') {
      this.indent = token.length;
      this.lineStart = false;
      return undefined;
    }
    this.lineStart = false;
    if (token === '-' || token === '?' || token === ':') {
      if (token === '-') this.dash = true;
      if (token === '?') this.explicitKey = true;
      // Block indicators nest a level on the same line (`- - x`, `- a:`); inside brackets they do not.
      if (this.flow === 0) this.indicators++;
    } else if (token === '[' || token === '{') {
      this.flow++;
      if (++this.values > this.valueLimit) return { reason: 'values', offset: start };
    } else if (token === ']' || token === '}') {
      // Outside brackets this is always a syntax error. Caught here because a file full of them makes the
      // parser build one error per character, which takes seconds for half a megabyte.
      if (this.flow === 0) return { reason: 'unopened', offset: start };
      this.flow--;
    } else {
      // Quoted scalars come whole, without the lexer's scalar marker; an alias stands for at least one value.
      if (ch === '"' || ch === "'") this.pendingScalar = true;
      else if (ch === '*' && ++this.values > this.valueLimit) return { reason: 'values', offset: start };
      return undefined;
    }
    if (this.indent + this.indicators + this.flow > this.depthLimit) return { reason: 'depth', offset: start };
    return undefined;
  }

  /** After the last token. */
  end(): PrescanStop | undefined {
    if (this.pendingScalar && !this.explicitKey && ++this.values > this.valueLimit)
      return { reason: 'values', offset: this.offset };
    return undefined;
  }
}
