// Reading an access request (YAML or JSON, as text or as the bytes of a file or of standard input): the one
// reader every input goes through, then the one request check (./check.ts), whose problems carry JSON pointers
// that the reader places on the line and column where the value (or its key) is written. A bad request is a
// list of located problems, never a decision.
import { REQUEST_INPUT } from '../parse/kinds.js';
import type { NodeIndex } from '../parse/positions.js';
import { hasErrors, sortProblems } from '../parse/problems.js';
import { readDocument, readDocumentFile, type Input, type ParsedDocument } from '../parse/reader.js';
import type { DocumentKind } from '../parse/schema-messages.js';
import type { Problem } from '../routing/types.js';
import { checkRequest, requestProblem, type RequestProblem } from './check.js';
import type { AccessRequest } from './types.js';

const REQUEST_FILE: DocumentKind = {
  root: 'the request',
  rootType: (actual) =>
    `a request must be a mapping with \`requestor\` and \`resource\`, but this file holds ${actual}`,
  rootEmpty: 'the request is empty',
};

/** A request problem at its place in the text. */
export function locateRequestProblem(problem: RequestProblem, index: NodeIndex): Problem {
  return index.problem(problem.pointer, 'error', problem.code, problem.message, problem.part);
}

export function parseRequest(input: Input, file: string): { request?: AccessRequest; problems: Problem[] } {
  return checkRequestDocument(readDocument(input, file, REQUEST_INPUT));
}

/** A request file: size checked before reading, then its bytes (UTF-8 only), as `parseRequest`. */
export async function readRequestFile(path: string): Promise<{ request?: AccessRequest; problems: Problem[] }> {
  return checkRequestDocument(await readDocumentFile(path, REQUEST_INPUT));
}

/** A request already read: a whole request, or a part of another file (a test case's `request`). */
export function checkRequestDocument(doc: Pick<ParsedDocument, 'data' | 'index' | 'problems'>): {
  request?: AccessRequest;
  problems: Problem[];
} {
  if (doc.data === undefined) return { problems: [...doc.problems] };
  const found: RequestProblem[] =
    doc.data === null
      ? [
          requestProblem(
            'request.empty-document',
            'request',
            '',
            'the request is empty: it needs at least `requestor.email` and `resource.service`',
          ),
        ]
      : checkRequest(doc.data, REQUEST_FILE).problems;
  const problems = sortProblems([...doc.problems, ...found.map((p) => locateRequestProblem(p, doc.index))]);
  // The request as written (the check's copy differs only in the email's case and blanks).
  return hasErrors(problems) ? { problems } : { request: doc.data as AccessRequest, problems };
}
