// The one reader of every input the package takes: routing files, requests, test files, schedules files.
//
//   path ─(size bound, before reading)─▶ bytes ─(strict UTF-8, no binary, no UTF-16)─▶ text
//   text ─(size, characters YAML allows)─▶ YAML or JSON with positions ─▶ plain data + where each value is
//
// The kind (kinds.ts) supplies only its noun and its bounds. Bytes from standard input and bytes from a file
// are read alike; a string is taken as already-decoded text. Every refusal is a located problem with a
// stable code, never an exception; the work is linear in the size of the input.
import type { InputKind } from './kinds.js';
import { LineMap, NodeIndex } from './positions.js';
import type { Problem } from './problems.js';
import { inputText, readBytes } from './text.js';
import { parseText, type ParsedDocument } from './yaml.js';

export type { ParsedDocument } from './yaml.js';

/** What an input may be given as: text, or the bytes of a file or of standard input. */
export type Input = string | Uint8Array;

function unreadable(file: string, problem: Problem): ParsedDocument {
  return { index: new NodeIndex(file, new LineMap('')), problems: [problem], text: '' };
}

/** Reads one document given as text or bytes; `file` names it in problems. */
export function readDocument(input: Input, file: string, kind: InputKind): ParsedDocument {
  const read = inputText(input, file, kind);
  return 'problem' in read ? unreadable(file, read.problem) : parseText(read.text, file, kind);
}

/** Reads one document from a file: its bytes, bounded before they are read, then as `readDocument`. */
export async function readDocumentFile(path: string, kind: InputKind): Promise<ParsedDocument> {
  const read = await readBytes(path, kind);
  return 'problem' in read ? unreadable(path, read.problem) : readDocument(read.bytes, path, kind);
}

/** A file's checked text, for a caller that reads the text itself (and then hands it to `readDocument`). */
export async function readTextFile(path: string, kind: InputKind): Promise<{ text: string } | { problem: Problem }> {
  const read = await readBytes(path, kind);
  return 'problem' in read ? read : inputText(read.bytes, path, kind);
}
