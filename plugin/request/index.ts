// The access request, in one place: its type (types.ts), its JSON Schema and the approver's (schema.ts), the
// one check every entry point goes through (check.ts), the reader of request files (parse.ts), and the
// facts compiled conditions read from a request (facts.ts).
export type { AccessRequest, AgentIdentity, Approver, DirectoryGroup, Preapproval } from './types.js';
export { approverSchema, requestSchema, APPROVER_SCHEMA_ID, REQUEST_SCHEMA_ID } from './schema.js';
export {
  checkApprover,
  checkRequest,
  InvalidRequestError,
  requireApprover,
  requireRequest,
  REQUEST_PROBLEM_CODES,
  type RequestProblem,
  type RequestProblemCode,
  type RequestSubject,
} from './check.js';
export { locateRequestProblem, parseRequest, readRequestFile } from './parse.js';
export { requestorProfile, resourceAttribute } from './facts.js';
