// Reading an access request (YAML or JSON, as text or as the bytes of a file or of standard input): the one
// reader every input goes through, then the request schema. A bad request is a list of located problems,
// never a decision.
import { schemaErrors } from '../parse/ajv.js';
import { REQUEST_INPUT } from '../parse/kinds.js';
import { schemaProblems, type DocumentKind } from '../parse/schema-messages.js';
import { readDocument, type Input, type ParsedDocument } from '../parse/reader.js';
import { sortProblems } from '../parse/problems.js';
import { requestSchema } from './schema.js';
import type { AccessRequest } from './types.js';
import type { Problem } from '../routing/types.js';

const REQUEST_SCHEMA = requestSchema();

const REQUEST_KIND: DocumentKind = {
  root: 'the request',
  rootType: (actual) =>
    `a request must be a mapping with \`requestor\` and \`resource\`, but this file holds ${actual}`,
  rootEmpty: 'the request is empty',
};

export function parseRequest(input: Input, file: string): { request?: AccessRequest; problems: Problem[] } {
  return checkRequestDocument(readDocument(input, file, REQUEST_INPUT));
}

/** A request already read: a whole request, or a part of another file (a test case's `request`). */
export function checkRequestDocument(doc: Pick<ParsedDocument, 'data' | 'index' | 'problems'>): {
  request?: AccessRequest;
  problems: Problem[];
} {
  const problems = [...doc.problems];
  if (doc.data === undefined) return { problems };
  if (doc.data === null)
    return {
      problems: [
        ...problems,
        doc.index.problem(
          '',
          'error',
          'request.empty',
          'the request is empty: it needs at least `requestor.email` and `resource.service`',
        ),
      ],
    };
  const errors = schemaErrors(REQUEST_SCHEMA, doc.data);
  if (errors.length)
    return {
      problems: sortProblems([...problems, ...schemaProblems(errors, doc.data, doc.index, REQUEST_KIND)]),
    };
  return { request: doc.data as AccessRequest, problems };
}
