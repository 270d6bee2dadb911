// The one check of an access request and of an approver. Every entry point goes through it: the file reader
// (`parseRequest`, for `evaluate --request` and policy tests), `decide` / `canApprove`, and the facts of a
// host's own json-rules-engine `Engine`. So they accept and refuse exactly the same requests, and each
// refusal carries the same problems: a stable code, a JSON pointer into the request (the reader turns it
// into `line:column`) and a sentence.
//
// The check has three layers, in this order:
// 1. plain data: a host hands in objects, not text, so the check first takes a copy made of what JSON can
//    hold (no Map, Date, class instance or function; each getter read once). What is decided on is that
//    copy, so nothing the host's object does later changes it. An own `__proto__` key (only JSON.parse
//    makes one) names nothing: it is left out, and no fact ever reads it.
// 2. the JSON Schema (schemas/request.schema.json, compiled ahead of time): shape, unknown fields, types,
//    emails, the duration's form, reserved names.
// 3. what a schema cannot say: a duration must be longer than zero and at most MAX_DURATION; an email must
//    hold no character a reader cannot see; a text that filter patterns read is at most MAX_VALUE_LENGTH.
// The checked copy has the emails normalised (the requestor's, the agent's owner's, the preapproval's
// approver's), and `service`, `accessType` and the agent's `clientId` and `providerId` trimmed and
// lower-cased (ASCII), as the compiler makes the rules' (plugin/email.ts `normaliseName`): routing compares
// them exactly, so a request for `AWS` or `aws ` would otherwise slip past a `deny` written for `aws`.
import type { ErrorObject } from 'ajv';
import { hasHiddenCharacter, normaliseEmail, normaliseName } from '../email.js';
import { isoDuration } from '../engine/duration.js';
import { isPositiveDuration } from '../engine/operators.js';
import { validateApprover, validateRequest } from '../generated/request-validators.js';
import { DEFAULT_LIMITS } from '../parse/limits.js';
import { LineMap, NodeIndex, pointerSegment } from '../parse/positions.js';
import { describe, schemaProblems, type DocumentKind } from '../parse/schema-messages.js';
import type { AccessRequest, AgentIdentity, Approver } from './types.js';

/** What a problem is about: the request, or the approver asking to approve it. */
export type RequestSubject = 'request' | 'approver';

/** Stable codes of request and approver problems; programs (and tests) compare these, people read messages. */
export const REQUEST_PROBLEM_CODES = [
  /** The text holds nothing (the file reader only). */
  'request.empty-document',
  /** The request or approver is not a mapping. */
  'request.not-a-mapping',
  /** A host handed in something JSON cannot hold: a Map, a Date, a class instance, a function, NaN. */
  'request.not-plain-data',
  /** A list or mapping longer than a request file may hold, or more values in all (the reader's limits). */
  'request.too-many-entries',
  /** A field the schema does not know, often a misspelling (`access_type`, `attribute`). */
  'request.unknown-field',
  'request.missing-field',
  /** `__proto__`, `constructor` or `prototype` as an attribute, field or profile name. */
  'request.reserved-name',
  'request.wrong-type',
  'request.not-an-email',
  /** A name or value (service, attribute, group, profile field) holding a character a reader cannot see. */
  'request.hidden-character',
  'request.not-a-duration',
  'request.duration-not-positive',
  /** `duration` is longer than MAX_DURATION (ten years). */
  'request.duration-too-long',
  /** A value outside a fixed list (a group's `directory`). */
  'request.not-one-of',
  'request.empty-value',
  'request.too-long',
  'request.invalid-value',
] as const;

export type RequestProblemCode = (typeof REQUEST_PROBLEM_CODES)[number];

export interface RequestProblem {
  code: RequestProblemCode;
  subject: RequestSubject;
  /** JSON pointer of the offending value (or key) inside the request or approver: `/requestor/email`. */
  pointer: string;
  /**
   * Where the file reader places it: on the key for a name (unknown or reserved), on key and value together
   * for a value of the right form that means nothing usable (`duration: PT0S`), on the value otherwise.
   */
  part: 'key' | 'value' | 'pair';
  message: string;
}

/** A request or approver that cannot be decided on. The message lists every problem, each after its place. */
export class InvalidRequestError extends Error {
  readonly problems: readonly RequestProblem[];

  constructor(problems: readonly RequestProblem[]) {
    super(problems.map((p) => `${dotted(p)}: ${p.message}`).join('; '));
    this.name = 'InvalidRequestError';
    this.problems = problems;
  }
}

/** `requestor.email`, `approver.groups.0.id`: where a problem is, for a message without line numbers. */
function dotted(p: RequestProblem): string {
  const segments = p.pointer === '' ? [] : p.pointer.slice(1).split('/');
  const path = segments.map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
  if (p.subject === 'approver') return path === '' ? 'approver' : `approver.${path}`;
  return path === '' ? 'request' : path;
}

const PARTS: Partial<Record<RequestProblemCode, RequestProblem['part']>> = {
  'request.unknown-field': 'key',
  'request.reserved-name': 'key',
  'request.duration-not-positive': 'pair',
  'request.duration-too-long': 'pair',
};

/** The longest duration a request may ask for: no grant is longer, and the arithmetic stays in range. */
export const MAX_DURATION = 'P10Y';
const MAX_DURATION_MS = isoDuration(MAX_DURATION).toMillis();

/**
 * The longest text in `resource.attributes` and `requestor.profile` (what filter patterns and profile checks
 * read): ARNs, tags and names are far shorter, and it bounds the work a pattern does on each value.
 */
export const MAX_VALUE_LENGTH = 4096;

/** True when a positive ISO 8601 duration is longer than MAX_DURATION (or too large to measure). */
export function durationTooLong(duration: string): boolean {
  const d = isoDuration(duration.trim());
  const ms = d.isValid ? d.toMillis() : Number.NaN;
  return !(ms <= MAX_DURATION_MS);
}

/** `U+200B`: how a hidden character is named in a message. */
function codePointName(text: string): string {
  const m =
    /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\u115F\u1160\u2800\u3164\uFFA0]|\s/u.exec(
      text.trim(),
    );
  const cp = m ? m[0].codePointAt(0)! : 0;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Every request and approver problem is made here (the file reader's too). */
export function requestProblem(
  code: RequestProblemCode,
  subject: RequestSubject,
  pointer: string,
  message: string,
): RequestProblem {
  return { code, subject, pointer, part: PARTS[code] ?? 'value', message };
}

/** How messages name the top of an object a host handed in. */
const REQUEST_OBJECT: DocumentKind = {
  root: 'the request',
  rootType: (actual) => `the request must be a mapping with \`requestor\` and \`resource\`, not ${actual}`,
  rootEmpty: 'the request is empty',
};

const APPROVER_OBJECT: DocumentKind = {
  root: 'the approver',
  rootType: (actual) => `the approver must be a mapping with \`email\` (and \`groups\`), not ${actual}`,
  rootEmpty: 'the approver is empty',
};

/** Findings of one kind this many at most: a request wrong everywhere gets its first mistakes reported. */
const MAX_SCHEMA_ERRORS = 200;

// Nothing valid nests deeper than a field of an attribute (`/resource/attributes/tag/env`) or a group's `id`:
// below this depth the copy stops, and the schema refuses the container that holds such a value anyway.
const COPY_DEPTH = 5;

function kindOf(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'object' || value === null) return `a ${typeof value}`;
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
  return typeof name === 'string' && name !== '' ? `a ${name}` : 'an object of another kind';
}

/**
 * Layer 1: a copy made only of JSON's kinds of values; what is not such data becomes a problem (and `null`).
 * The reader's bounds on a file hold here too (entries of one list or mapping, values in all), so a host's
 * object is refused where the same data as a file would be, and checking it stays linear.
 */
class PlainCopy {
  readonly problems: RequestProblem[] = [];
  /** Pointers of values left out of the copy: the schema's findings at or below them would repeat the point. */
  readonly refused = new Set<string>();
  private values = 0;
  private full = false;

  constructor(
    private readonly subject: RequestSubject,
    private readonly kind: DocumentKind,
  ) {}

  /** A value the copy leaves out (as `null`); the first few such are reported. */
  private report(code: RequestProblemCode, pointer: string, message: string): null {
    this.refused.add(pointer);
    if (this.problems.length < MAX_SCHEMA_ERRORS)
      this.problems.push(requestProblem(code, this.subject, pointer, message));
    return null;
  }

  private refuse(value: unknown, pointer: string): null {
    const what = describe(pointer, undefined, this.kind);
    return this.report(
      'request.not-plain-data',
      pointer,
      `${what} must be text, a number, true/false, a list or a mapping, not ${kindOf(value)}`,
    );
  }

  /** The reader's bound on one list or mapping. */
  private tooMany(count: number, pointer: string, what: string): boolean {
    if (count <= DEFAULT_LIMITS.maxEntries) return false;
    const max = DEFAULT_LIMITS.maxEntries.toLocaleString('en');
    const where = describe(pointer, undefined, this.kind);
    this.report(
      'request.too-many-entries',
      pointer,
      `${where} has more than ${max} ${what}, more than a request ever needs`,
    );
    return true;
  }

  copy(value: unknown, pointer: string, depth: number): unknown {
    if (this.full) return null;
    if (++this.values > DEFAULT_LIMITS.maxValues) {
      // The reader's bound on values in all: nothing more is copied, and nothing more is worth reporting.
      this.full = true;
      const max = DEFAULT_LIMITS.maxValues.toLocaleString('en');
      this.report('request.too-many-entries', pointer, `${this.kind.root} holds more than ${max} values`);
      this.refused.add('');
      return null;
    }
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
    if (typeof value === 'number') return Number.isFinite(value) ? value : this.refuse(value, pointer);
    if (value === undefined && depth === 0) return undefined; // the schema says what is missing
    if (typeof value !== 'object') return this.refuse(value, pointer);
    if (depth >= COPY_DEPTH) return null;
    const proto: unknown = Object.getPrototypeOf(value);
    if (Array.isArray(value)) {
      if (proto !== Array.prototype) return this.refuse(value, pointer);
      if (this.tooMany(value.length, pointer, 'items')) return null;
      const out: unknown[] = [];
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        // As JSON writes it: a hole or an undefined item is null.
        out.push(item === undefined ? null : this.copy(item, `${pointer}/${i}`, depth + 1));
      }
      return out;
    }
    if (proto !== Object.prototype && proto !== null) return this.refuse(value, pointer);
    const keys = Object.keys(value);
    if (this.tooMany(keys.length, pointer, 'keys')) return null;
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      if (key === '__proto__') continue;
      const item: unknown = (value as Record<string, unknown>)[key];
      if (item === undefined) continue; // as JSON leaves it out
      out[key] = this.copy(item, `${pointer}/${pointerSegment(key)}`, depth + 1);
    }
    return out;
  }
}

/** Whether `pointer` is one of `pointers` or lies below one (a few steps up: requests are shallow). */
function within(pointer: string, pointers: ReadonlySet<string>): boolean {
  for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
    if (pointers.has(p)) return true;
    if (p === '') return false;
  }
}

/** A keyword's finding about a value, as a code. */
function valueCode(e: ErrorObject): RequestProblemCode {
  if (e.propertyName !== undefined) return 'request.reserved-name';
  const last = e.instancePath.slice(e.instancePath.lastIndexOf('/') + 1);
  switch (e.keyword) {
    case 'type':
      return e.instancePath === '' ? 'request.not-a-mapping' : 'request.wrong-type';
    case 'pattern':
      return last === 'email'
        ? 'request.not-an-email'
        : last === 'duration'
          ? 'request.not-a-duration'
          : 'request.invalid-value';
    case 'enum':
      return 'request.not-one-of';
    case 'minLength':
      return 'request.empty-value';
    case 'maxLength':
      return 'request.too-long';
    default:
      return 'request.invalid-value';
  }
}

/**
 * Layer 2: ajv's findings as problems, worded by the same messages as routing files. Unknown and missing
 * keys are worded together (a misspelt key is one mistake, not also a missing one); every other finding
 * is about one value, so it is worded on its own and keeps its own code.
 */
function schemaFindings(
  errors: readonly ErrorObject[],
  data: unknown,
  subject: RequestSubject,
  kind: DocumentKind,
): RequestProblem[] {
  // Messages are placed by pointer here; the file reader places them in the text afterwards.
  const unplaced = new NodeIndex('', new LineMap(''));
  const keyed = errors.filter((e) => e.keyword === 'additionalProperties' || e.keyword === 'required');
  const unknownKeys = new Set(
    keyed
      .filter((e) => e.keyword === 'additionalProperties')
      .map((e) => `${e.instancePath}/${pointerSegment(String(e.params.additionalProperty))}`),
  );
  const out: RequestProblem[] = [];
  for (const p of schemaProblems(keyed, data, unplaced, kind)) {
    const unknown = unknownKeys.has(p.path);
    let message = p.message;
    // The hint for a missing `email` is written for the requestor.
    if (!unknown && subject === 'approver') message = message.replace("the requestor's email", "the approver's email");
    out.push(requestProblem(unknown ? 'request.unknown-field' : 'request.missing-field', subject, p.path, message));
  }
  for (const e of errors) {
    if (e.keyword === 'additionalProperties' || e.keyword === 'required') continue;
    if (e.keyword === 'if' || e.keyword === 'propertyNames') continue;
    for (const p of schemaProblems([e], data, unplaced, kind))
      out.push(requestProblem(valueCode(e), subject, p.path, p.message));
  }
  return out;
}

const VALIDATORS: Record<RequestSubject, typeof validateRequest> = {
  request: validateRequest,
  approver: validateApprover,
};

/** Layer 3: what the schema cannot say, on values the schema found nothing wrong with. */
function meaningFindings(subject: RequestSubject, data: unknown, found: readonly RequestProblem[]): RequestProblem[] {
  const out: RequestProblem[] = [];
  const clean = (pointer: string) => !found.some((p) => p.pointer === pointer);
  const obj = (v: unknown): Record<string, unknown> | undefined =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  const root = obj(data);
  const emailAt = (value: unknown, pointer: string) => {
    if (typeof value !== 'string' || !clean(pointer) || normaliseEmail(value) !== undefined) return;
    out.push(
      requestProblem(
        'request.not-an-email',
        subject,
        pointer,
        hasHiddenCharacter(value.trim()) || /\s/.test(value.trim())
          ? `the email holds a character that cannot be seen or a space (${codePointName(value)}), so it is not an email address`
          : 'Must be an email address, such as alice@example.com.',
      ),
    );
  };
  // What rules compare (service, access type, attribute values, groups, profile fields) must read as it looks:
  // `aws` followed by a zero-width space matches no `aws` rule, so it would slip past a deny on `aws` into a
  // rule for any service. Only the free-text `reason` and the host's `id` may hold such characters.
  const hidden = (value: unknown, pointer: string) => {
    // Blanks around a value are not part of it (profile fields are compared as emails, trimmed).
    if (typeof value !== 'string' || !clean(pointer) || !hasHiddenCharacter(value.trim())) return;
    out.push(
      requestProblem(
        'request.hidden-character',
        subject,
        pointer,
        `this text holds a character that cannot be seen (${codePointName(value)}): a zero-width space, a joiner, a control or bidi character; retype it`,
      ),
    );
  };
  const groupsAt = (groups: unknown, pointer: string) => {
    if (!Array.isArray(groups)) return;
    groups.forEach((g, i) => hidden(obj(g)?.id, `${pointer}/${i}/id`));
  };
  const longText = (value: unknown, pointer: string) => {
    if (typeof value === 'string' && value.length > MAX_VALUE_LENGTH && clean(pointer))
      out.push(
        requestProblem(
          'request.too-long',
          subject,
          pointer,
          `this value is ${value.length.toLocaleString('en')} characters long; at most ${MAX_VALUE_LENGTH.toLocaleString('en')} are allowed`,
        ),
      );
  };
  if (subject === 'approver') {
    emailAt(root?.email, '/email');
    groupsAt(root?.groups, '/groups');
    return out;
  }
  const requestor = obj(root?.requestor);
  emailAt(requestor?.email, '/requestor/email');
  groupsAt(requestor?.groups, '/requestor/groups');
  const profile = obj(requestor?.profile);
  for (const [key, value] of Object.entries(profile ?? {})) {
    const at = `/requestor/profile/${pointerSegment(key)}`;
    hidden(key, at);
    hidden(value, at);
    longText(value, at);
  }
  const resource = obj(root?.resource);
  hidden(resource?.service, '/resource/service');
  hidden(resource?.accessType, '/resource/accessType');
  const attributes = obj(resource?.attributes);
  for (const [name, fields] of Object.entries(attributes ?? {})) {
    hidden(name, `/resource/attributes/${pointerSegment(name)}`);
    for (const [key, value] of Object.entries(obj(fields) ?? {})) {
      const at = `/resource/attributes/${pointerSegment(name)}/${pointerSegment(key)}`;
      hidden(key, at);
      hidden(value, at);
      longText(value, at);
    }
  }
  // An agent's identifiers are compared as the resource's names are (`agent-client`, `provider` rules), its
  // owner as an email, its owner's groups as the requestor's; a preapproval's approver is compared with the
  // requestor. A hidden character in any of them would slip past a deny written for what it looks like.
  const agent = obj(root?.agent);
  hidden(agent?.clientId, '/agent/clientId');
  hidden(agent?.providerId, '/agent/providerId');
  hidden(agent?.subject, '/agent/subject');
  emailAt(agent?.owner, '/agent/owner');
  groupsAt(agent?.ownerGroups, '/agent/ownerGroups');
  emailAt(obj(root?.preapproval)?.approver, '/preapproval/approver');
  const duration = root?.duration;
  if (typeof duration === 'string' && clean('/duration')) {
    if (!isPositiveDuration(duration))
      out.push(
        requestProblem(
          'request.duration-not-positive',
          subject,
          '/duration',
          `duration ${JSON.stringify(duration)} is not an ISO 8601 duration longer than zero (for example PT2H)`,
        ),
      );
    else if (durationTooLong(duration))
      out.push(
        requestProblem(
          'request.duration-too-long',
          subject,
          '/duration',
          `duration ${JSON.stringify(duration.length > 40 ? `${duration.slice(0, 37)}...` : duration)} is longer than ${MAX_DURATION} (ten years), the longest a request may ask for`,
        ),
      );
  }
  return out.slice(0, MAX_SCHEMA_ERRORS);
}

/** The fast copy gave up: the value is not plain data within the bounds, or is too deep. */
const NOT_PLAIN = Symbol('not plain');

/**
 * Layer 1 for the common case, plain data within bounds: the same copy as PlainCopy makes, without the JSON
 * pointers it builds for every value in case one is refused. Gives up (NOT_PLAIN) at the first value
 * PlainCopy would refuse or cut, so whatever it returns is exactly PlainCopy's copy, with no problem.
 */
function fastCopy(value: unknown, depth: number, count: { values: number }): unknown {
  if (++count.values > DEFAULT_LIMITS.maxValues) return NOT_PLAIN;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : NOT_PLAIN;
  if (value === undefined && depth === 0) return undefined;
  if (typeof value !== 'object' || depth >= COPY_DEPTH) return NOT_PLAIN;
  const proto: unknown = Object.getPrototypeOf(value);
  if (Array.isArray(value)) {
    if (proto !== Array.prototype || value.length > DEFAULT_LIMITS.maxEntries) return NOT_PLAIN;
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const copied = item === undefined ? null : fastCopy(item, depth + 1, count);
      if (copied === NOT_PLAIN) return NOT_PLAIN;
      out.push(copied);
    }
    return out;
  }
  if (proto !== Object.prototype && proto !== null) return NOT_PLAIN;
  const keys = Object.keys(value);
  if (keys.length > DEFAULT_LIMITS.maxEntries) return NOT_PLAIN;
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    if (key === '__proto__') continue;
    const item: unknown = (value as Record<string, unknown>)[key];
    if (item === undefined) continue;
    const copied = fastCopy(item, depth + 1, count);
    if (copied === NOT_PLAIN) return NOT_PLAIN;
    out[key] = copied;
  }
  return out;
}

/**
 * Layer 3 for the common case: the very findings of the full check (one home for what a request must mean),
 * asked only whether there are any.
 */
function meaningClean(subject: RequestSubject, data: unknown): boolean {
  return meaningFindings(subject, data, []).length === 0;
}

/**
 * The three layers; the plain copy when there is no problem. A valid request (the usual case) takes the
 * fast path; anything else, or anything the fast path is unsure of, goes through fullCheck, which finds and
 * words every problem. Both give the same result for every value (spec/request/fast-path.spec.ts).
 */
function check(
  subject: RequestSubject,
  value: unknown,
  kind: DocumentKind,
): { data?: unknown; problems: RequestProblem[] } {
  const data = fastCopy(value, 0, { values: 0 });
  // Values the fast copy gave up on are read again from the start; a plain copy is checked in full from
  // itself, which reads the host's object once only and reaches the same findings (it is the same data).
  if (data === NOT_PLAIN) return fullCheck(subject, value, kind);
  if (VALIDATORS[subject](data) && meaningClean(subject, data)) return { data, problems: [] };
  return fullCheck(subject, data, kind);
}

/**
 * The three layers in full: every problem, each with its pointer and sentence. Pass it as `layers` to
 * checkRequest / checkApprover to check without the fast path (the tests compare the two).
 */
export function fullCheck(
  subject: RequestSubject,
  value: unknown,
  kind: DocumentKind,
): { data?: unknown; problems: RequestProblem[] } {
  const plain = new PlainCopy(subject, kind);
  const data = plain.copy(value, '', 0);
  const problems = [...plain.problems];
  const validate = VALIDATORS[subject];
  if (!validate(data)) {
    const errors = ((validate as { errors?: ErrorObject[] | null }).errors ?? [])
      .filter((e) => !within(e.instancePath, plain.refused))
      .slice(0, MAX_SCHEMA_ERRORS);
    problems.push(...schemaFindings(errors, data, subject, kind));
  }
  problems.push(...meaningFindings(subject, data, problems));
  return problems.length > 0 ? { problems } : { data, problems };
}

/**
 * Checks a request. `request` is a checked plain copy, with the requestor's email trimmed and lower-cased
 * (the form every comparison uses), `service` and `accessType` lower-cased, and the agent's identifiers
 * normalised (`checkedAgent`); it is there exactly when
 * `problems` is empty.
 * `kind` names the top of the document in messages (the file reader passes its own).
 */
export function checkRequest(
  value: unknown,
  kind: DocumentKind = REQUEST_OBJECT,
  layers: typeof check = check,
): { request?: AccessRequest; problems: RequestProblem[] } {
  const { data, problems } = layers('request', value, kind);
  if (data === undefined) return { problems };
  const request = data as AccessRequest;
  const { resource, agent, preapproval } = request;
  return {
    request: {
      ...request,
      requestor: { ...request.requestor, email: normaliseEmail(request.requestor.email)! },
      resource: {
        ...resource,
        service: normaliseName(resource.service),
        ...(resource.accessType !== undefined ? { accessType: normaliseName(resource.accessType) } : {}),
      },
      ...(agent !== undefined ? { agent: checkedAgent(agent) } : {}),
      ...(preapproval !== undefined
        ? { preapproval: { ...preapproval, approver: normaliseEmail(preapproval.approver)! } }
        : {}),
    },
    problems,
  };
}

/**
 * An agent as rules compare it: `clientId` and `providerId` trimmed and lower-cased (ASCII) like `service`,
 * `subject` trimmed (its case is kept: `subjectPattern` decides, and `(?i)` makes it ignore case), the
 * owner's email normalised. Group IDs are compared as written, as the requestor's are.
 */
function checkedAgent(agent: AgentIdentity): AgentIdentity {
  return {
    ...agent,
    ...(agent.clientId !== undefined ? { clientId: normaliseName(agent.clientId) } : {}),
    ...(agent.providerId !== undefined ? { providerId: normaliseName(agent.providerId) } : {}),
    ...(agent.subject !== undefined ? { subject: agent.subject.trim() } : {}),
    ...(agent.owner !== undefined ? { owner: normaliseEmail(agent.owner)! } : {}),
  };
}

/** Checks an approver the same way: `approver` is a checked plain copy with the email normalised. */
export function checkApprover(
  value: unknown,
  layers: typeof check = check,
): { approver?: Approver; problems: RequestProblem[] } {
  const { data, problems } = layers('approver', value, APPROVER_OBJECT);
  if (data === undefined) return { problems };
  const approver = data as Approver;
  return { approver: { ...approver, email: normaliseEmail(approver.email)! }, problems };
}

/** The checked request, or an InvalidRequestError carrying every problem. */
export function requireRequest(value: unknown): AccessRequest {
  const { request, problems } = checkRequest(value);
  if (!request) throw new InvalidRequestError(problems);
  return request;
}

/** The checked approver, or an InvalidRequestError carrying every problem. */
export function requireApprover(value: unknown): Approver {
  const { approver, problems } = checkApprover(value);
  if (!approver) throw new InvalidRequestError(problems);
  return approver;
}
