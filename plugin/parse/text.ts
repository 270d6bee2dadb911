// From a path, bytes or a string to text that is safe to hand to the YAML parser: bounded in size (checked
// before reading), strictly UTF-8 whatever the source (a file, standard input, a string), and really text
// (not a binary, not UTF-16). Every refusal is a located problem naming the input, never an exception.
import { open } from 'node:fs/promises';
import { LineMap } from './positions.js';
import { fileProblem, type Problem, type ProblemCode } from './problems.js';
import type { InputKind } from './kinds.js';

function at(text: string, file: string, offset: number, code: ProblemCode, message: string): Problem {
  const { line, column } = new LineMap(text).position(offset);
  return { file, line, column, endLine: line, endColumn: column + 1, severity: 'error', code, message, path: '' };
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) ? 1 : 0)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 ? 1 : 0)} KiB`;
  return `${n} bytes`;
}

function tooLarge(file: string, kind: InputKind, bytes: number | undefined): Problem {
  const size = bytes === undefined ? 'larger than' : `${formatBytes(bytes)}, more than`;
  return fileProblem(
    file,
    'parse.too-large',
    `the ${kind.noun} is ${size} the ${formatBytes(kind.limits.maxBytes)} a ${kind.sizeNoun ?? kind.noun} may be`,
  );
}

const IO_REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory, not a file',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the path is too long',
};

/** The bytes of a file, refused (as a problem at 1:1) when it cannot be read or is over the size bound. */
export async function readBytes(path: string, kind: InputKind): Promise<{ bytes: Uint8Array } | { problem: Problem }> {
  const unreadable = (reason: string) => ({
    problem: fileProblem(path, 'parse.unreadable', `cannot read the ${kind.noun}: ${reason}`),
  });
  const max = kind.limits.maxBytes;
  try {
    const handle = await open(path, 'r');
    try {
      const info = await handle.stat();
      if (info.isDirectory()) return unreadable(IO_REASONS.EISDIR!);
      // Checked before reading: a 50 MB file costs one stat, not 50 MB of memory.
      if (info.size > max) return { problem: tooLarge(path, kind, info.size) };
      // Read at most one byte past the bound, in case the file grows or is a device that reports size 0.
      const chunks: Buffer[] = [];
      let total = 0;
      for (;;) {
        const chunk = Buffer.alloc(Math.min(64 * 1024, max + 1 - total));
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
        if (bytesRead === 0) break;
        chunks.push(chunk.subarray(0, bytesRead));
        total += bytesRead;
        if (total > max) return { problem: tooLarge(path, kind, undefined) };
      }
      return { bytes: Buffer.concat(chunks) };
    } finally {
      await handle.close();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    return unreadable(IO_REASONS[code] ?? (code ? `error ${code}` : String((err as Error).message)));
  }
}

/**
 * UTF-16 without a byte-order mark: text that starts with ASCII characters has a NUL in every other byte.
 * Recognised on the first bytes, only to say what the file is instead of "it contains a NUL byte".
 */
function utf16WithoutMark(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 64) & ~1;
  if (n < 2) return false;
  const nulAt = bytes[0] === 0 ? 0 : bytes[1] === 0 ? 1 : -1;
  if (nulAt === -1) return false;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i + nulAt] !== 0 || bytes[i + 1 - nulAt] === 0) return false;
  }
  return true;
}

/** Offset of the first byte that is not part of well-formed UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0; // no overlong forms
      if (b === 0xed) hi = 0x9f; // no surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f; // nothing past U+10FFFF
    } else return i;
    if (i + need >= n) return i; // cut short at the end
    const second = bytes[i + 1]!;
    if (second < lo || second > hi) return i;
    for (let k = 2; k <= need; k++) {
      const c = bytes[i + k]!;
      if (c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** Bytes → text: UTF-8 only (with or without a byte-order mark), and no NUL bytes. */
export function decodeBytes(bytes: Uint8Array, file: string, kind: InputKind): { text: string } | { problem: Problem } {
  const utf16 = () => ({
    problem: fileProblem(file, 'parse.not-utf8', `the ${kind.noun} is UTF-16 text; save it as UTF-8`),
  });
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return utf16();
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    if (utf16WithoutMark(bytes)) return utf16();
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, nul));
    return {
      problem: at(
        before,
        file,
        before.length,
        'parse.binary',
        `this is not a text file (it contains a NUL byte); a ${kind.noun} is YAML or JSON text`,
      ),
    };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const bad = Math.max(0, firstInvalidUtf8(bytes));
    const before = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, bad));
    return {
      problem: at(
        before,
        file,
        before.length,
        'parse.not-utf8',
        `this is not a UTF-8 text file (it holds bytes that are not UTF-8); a ${kind.noun} is YAML or JSON text`,
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

/** Text given as a string: within the size bound (in UTF-8 bytes) and only characters YAML allows. */
export function checkText(text: string, file: string, kind: InputKind): Problem | undefined {
  // Length in UTF-16 units is at most the UTF-8 byte length, so this skips the exact count for small texts.
  if (text.length > kind.limits.maxBytes / 3) {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > kind.limits.maxBytes) return tooLarge(file, kind, bytes);
  }
  const bad = NOT_PRINTABLE.exec(text);
  if (bad) {
    const code = bad[0].charCodeAt(0);
    if (code === 0)
      return at(
        text,
        file,
        bad.index,
        'parse.binary',
        `this is not a text file (it contains a NUL character); a ${kind.noun} is YAML or JSON text`,
      );
    return at(
      text,
      file,
      bad.index,
      'parse.control-character',
      `the ${kind.noun} contains the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}, which YAML does not allow (is this a binary file?)`,
    );
  }
  return undefined;
}

/** Any input as text: bytes are bounded and decoded, a string is bounded; either is checked character by character. */
export function inputText(
  input: string | Uint8Array,
  file: string,
  kind: InputKind,
): { text: string } | { problem: Problem } {
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    if (input.length > kind.limits.maxBytes) return { problem: tooLarge(file, kind, input.length) };
    const decoded = decodeBytes(input, file, kind);
    if ('problem' in decoded) return decoded;
    text = decoded.text;
  }
  const problem = checkText(text, file, kind);
  return problem ? { problem } : { text };
}
