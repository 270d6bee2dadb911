// Reading an access request from YAML or JSON text: the same guarded reader as routing files, then the one
// request check (./check.ts), whose problems carry JSON pointers that the reader places on the line and
// column where the value (or its key) is written. A bad request is a list of located problems, never a
// decision.
import { parseSource } from '../parse/document.js';
import { resolveLimits } from '../parse/limits.js';
import type { NodeIndex } from '../parse/positions.js';
import { hasErrors, sortProblems } from '../parse/problems.js';
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
  return { ...index.problem(problem.pointer, 'error', problem.message, problem.part), code: problem.code };
}

export function parseRequest(text: string, file: string): { request?: AccessRequest; problems: Problem[] } {
  const parsed = parseSource(text, file, resolveLimits());
  if (parsed.data === undefined) return { problems: parsed.problems };
  const found: RequestProblem[] =
    parsed.data === null
      ? [
          requestProblem(
            'request.empty-document',
            'request',
            '',
            'the request is empty: it needs at least `requestor.email` and `resource.service`',
          ),
        ]
      : checkRequest(parsed.data, REQUEST_FILE).problems;
  const problems = sortProblems([...parsed.problems, ...found.map((p) => locateRequestProblem(p, parsed.index))]);
  // The request as written (the check's copy differs only in the email's case and blanks).
  return hasErrors(problems) ? { problems } : { request: parsed.data as AccessRequest, problems };
}
