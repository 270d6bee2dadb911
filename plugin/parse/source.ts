// Getting from a path or a string to text that is safe to hand to the YAML parser: bounded in size, really
// text (not a binary or a UTF-16 file), and not nested so deeply that parsing it would exhaust the stack.
// Every refusal is a located problem, never an exception.
import { open } from 'node:fs/promises';
import { Lexer } from 'yaml';
import { LineMap } from './positions.js';
import { fileProblem } from './problems.js';
import { PRESCAN_DEPTH, type SourceLimits } from './limits.js';
import type { Problem } from '../routing/types.js';

function at(text: string, file: string, offset: number, message: string): Problem {
  const lines = new LineMap(text);
  const { line, column } = lines.position(offset);
  return { file, line, column, endLine: line, endColumn: column + 1, severity: 'error', message, path: '' };
}

const sizeMessage = (bytes: number, limits: SourceLimits) =>
  `the file is ${formatBytes(bytes)}, more than the ${formatBytes(limits.maxBytes)} a routing or request file may be`;

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) ? 1 : 0)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 ? 1 : 0)} KiB`;
  return `${n} bytes`;
}

const IO_REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory, not a file',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the path is too long',
};

/** Reads a file as UTF-8 text, refusing it (as a problem at 1:1 or at the offending byte) when it is unfit. */
export async function readSourceFile(
  path: string,
  limits: SourceLimits,
): Promise<{ text: string } | { problem: Problem }> {
  let bytes: Buffer;
  try {
    const handle = await open(path, 'r');
    try {
      const info = await handle.stat();
      if (info.isDirectory())
        return { problem: fileProblem(path, 'cannot read the file: it is a directory, not a file') };
      // Checked before reading: a 50 MB file costs one stat, not 50 MB of memory.
      if (info.size > limits.maxBytes) return { problem: fileProblem(path, sizeMessage(info.size, limits)) };
      // Read at most one byte past the cap, in case the file grows or is a device that reports size 0.
      const chunks: Buffer[] = [];
      let total = 0;
      for (;;) {
        const chunk = Buffer.alloc(Math.min(64 * 1024, limits.maxBytes + 1 - total));
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
        if (bytesRead === 0) break;
        chunks.push(chunk.subarray(0, bytesRead));
        total += bytesRead;
        if (total > limits.maxBytes)
          return {
            problem: fileProblem(
              path,
              `the file is larger than the ${formatBytes(limits.maxBytes)} a routing or request file may be`,
            ),
          };
      }
      bytes = Buffer.concat(chunks);
    } finally {
      await handle.close();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    const reason = IO_REASONS[code] ?? (code ? `error ${code}` : String((err as Error).message));
    return { problem: fileProblem(path, `cannot read the file: ${reason}`) };
  }
  return decodeText(bytes, path);
}

/** Bytes → text: UTF-8 only (with or without a byte-order mark), and no NUL bytes. */
export function decodeText(bytes: Uint8Array, file: string): { text: string } | { problem: Problem } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { problem: fileProblem(file, 'the file is UTF-16 text; save it as UTF-8') };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, nul));
    return {
      problem: at(
        before,
        file,
        before.length,
        'this is not a text file (it contains a NUL byte); a routing file is YAML or JSON text',
      ),
    };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const lossy = new TextDecoder('utf-8').decode(bytes);
    const bad = lossy.indexOf('\uFFFD');
    return {
      problem: at(
        lossy,
        file,
        Math.max(0, bad),
        'this is not a UTF-8 text file (it holds bytes that are not UTF-8); a routing file is YAML or JSON text',
      ),
    };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text };
}

// YAML allows only printable characters (plus tab, LF, CR): C0 controls, DEL, C1 controls other than NEL,
// and lone surrogates are refused, as in binary files that happen to decode.
const NOT_PRINTABLE =
  /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Checks text before the YAML parser sees it: size, characters YAML does not allow, and nesting so deep that
 * the parser's recursion could exhaust the stack. Returns the first problem found, if any.
 * With `structure: false` only size and characters are checked: the caller runs the structural scan itself,
 * token by token as it feeds the parser (see `Prescan`), so the text is lexed once, not twice.
 */
export function checkSourceText(
  text: string,
  file: string,
  limits: SourceLimits,
  options: { structure?: boolean } = {},
): Problem | undefined {
  // Length in UTF-16 units is at most the UTF-8 byte length, so this skips the exact count for small texts.
  if (text.length > limits.maxBytes / 3) {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > limits.maxBytes) return fileProblem(file, sizeMessage(bytes, limits));
  }
  const bad = NOT_PRINTABLE.exec(text);
  if (bad) {
    const code = bad[0].charCodeAt(0);
    const message =
      code === 0
        ? 'this is not a text file (it contains a NUL character); a routing file is YAML or JSON text'
        : `the file contains the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}, which YAML does not allow (is this a binary file?)`;
    return at(text, file, bad.index, message);
  }
  if (options.structure === false) return undefined;
  const scan = prescan(text, PRESCAN_DEPTH, limits.maxValues);
  return scan && prescanProblem(scan, text, file, limits);
}

/** The located problem for a structural scan's finding. */
export function prescanProblem(scan: PrescanStop, text: string, file: string, limits: SourceLimits): Problem {
  if (scan.reason === 'depth') {
    return at(
      text,
      file,
      scan.offset,
      `the file is nested too deeply (more than ${PRESCAN_DEPTH} levels of indentation and brackets); a routing file needs only a few levels`,
    );
  }
  if (scan.reason === 'unopened') {
    const c = text[scan.offset];
    return at(
      text,
      file,
      scan.offset,
      `invalid YAML: \`${c}\` closes a ${c === ']' ? 'list `[`' : 'mapping `{`'} that was never opened`,
    );
  }
  return at(
    text,
    file,
    scan.offset,
    `the file holds more than ${limits.maxValues.toLocaleString('en')} values; a routing file never needs that many, so it is refused`,
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
