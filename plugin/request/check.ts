// The engine's own check of a request and an approver before deciding: what it relies on must be there,
// whoever built the object (the CLI validates files against the JSON Schema first; a host may not).
// Also normalises the emails (trimmed, lower-cased) that every comparison uses.
import type { AccessRequest, Approver } from './types.js';
import { isNonBlank, isPositiveDuration, normEmail } from '../engine/operators.js';

/** A request or approver the engine cannot decide on. The message is a plain sentence. */
export class InvalidRequestError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'InvalidRequestError';
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function groupsProblem(groups: unknown, where: string): string | undefined {
  if (groups === undefined) return undefined;
  if (
    !Array.isArray(groups) ||
    !groups.every((g) => isObject(g) && typeof g.directory === 'string' && typeof g.id === 'string')
  ) {
    return `${where} must be a list of {directory, id}`;
  }
  return undefined;
}

/**
 * `resource.attributes` as the request schema has it: a map of attributes, each a map of text, number or
 * true/false fields. Filters compare those values; a list or an object in their place would match neither
 * a `keep` pattern nor a `remove` one, so a `deny` could be sidestepped (or a `remove` ignored) by nesting.
 */
export function attributesProblem(attributes: unknown): string | undefined {
  if (attributes === undefined) return undefined;
  if (!isObject(attributes)) return 'resource.attributes must be a map';
  for (const [name, fields] of Object.entries(attributes)) {
    if (!isObject(fields)) return `resource.attributes.${name} must be a map of fields`;
    for (const [key, value] of Object.entries(fields)) {
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
        return `resource.attributes.${name}.${key} must be text, a number or true/false`;
      }
    }
  }
  return undefined;
}

/** Problems with a request, as sentences (empty when fine). */
export function requestProblems(request: unknown): string[] {
  const out: string[] = [];
  if (!isObject(request)) return ['the request must be an object'];
  const requestor = request.requestor;
  if (!isObject(requestor) || !isNonBlank(requestor.email)) out.push('requestor.email is required');
  else {
    const g = groupsProblem(requestor.groups, 'requestor.groups');
    if (g) out.push(g);
    if (requestor.profile !== undefined && !isObject(requestor.profile)) out.push('requestor.profile must be a map');
  }
  const resource = request.resource;
  if (!isObject(resource) || !isNonBlank(resource.service)) out.push('resource.service is required');
  else {
    if (resource.accessType !== undefined && typeof resource.accessType !== 'string')
      out.push('resource.accessType must be text');
    const a = attributesProblem(resource.attributes);
    if (a) out.push(a);
  }
  if (request.reason !== undefined && typeof request.reason !== 'string') out.push('reason must be text');
  if (request.duration !== undefined && !isPositiveDuration(request.duration)) {
    out.push(
      `duration ${JSON.stringify(request.duration)} is not an ISO 8601 duration longer than zero (for example PT2H)`,
    );
  }
  return out;
}

/** A checked copy with the requestor's email normalised. Throws InvalidRequestError. */
export function normaliseRequest(request: AccessRequest): AccessRequest {
  const problems = requestProblems(request);
  if (problems.length > 0) throw new InvalidRequestError(problems);
  return { ...request, requestor: { ...request.requestor, email: normEmail(request.requestor.email)! } };
}

export function normaliseApprover(approver: Approver): Approver {
  if (!isObject(approver) || !isNonBlank(approver.email)) throw new InvalidRequestError(['approver.email is required']);
  const g = groupsProblem(approver.groups, 'approver.groups');
  if (g) throw new InvalidRequestError([g]);
  return { ...approver, email: normEmail(approver.email)! };
}
