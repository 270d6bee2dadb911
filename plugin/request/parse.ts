// Reading an access request (YAML or JSON text): the same guarded parsing as routing files, then the request
// schema. A bad request is a list of located problems, never a decision.
import { schemaErrors } from '../parse/ajv.js';
import { resolveLimits } from '../parse/limits.js';
import { schemaProblems, type DocumentKind } from '../parse/schema-messages.js';
import { parseSource } from '../parse/document.js';
import { fileProblem, sortProblems } from '../parse/problems.js';
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

export function parseRequest(text: string, file: string): { request?: AccessRequest; problems: Problem[] } {
  const parsed = parseSource(text, file, resolveLimits());
  const problems = [...parsed.problems];
  if (parsed.data === undefined) return { problems };
  if (parsed.data === null)
    return {
      problems: [
        ...problems,
        fileProblem(file, 'the request is empty: it needs at least `requestor.email` and `resource.service`'),
      ],
    };
  const errors = schemaErrors(REQUEST_SCHEMA, parsed.data);
  if (errors.length)
    return {
      problems: sortProblems([...problems, ...schemaProblems(errors, parsed.data, parsed.index, REQUEST_KIND)]),
    };
  return { request: parsed.data as AccessRequest, problems };
}
