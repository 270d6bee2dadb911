// Reading a test file (`*.test.yaml`): the one reader reads it, its shape is checked against
// schemas/routing-test.schema.json, then every part is handed to the checker that owns its language
// (routing files and inline rules to the routing loader, requests to the request checker, on-call data to the
// schedules-file checker), so a mistake anywhere is a located problem in the file where it was written. An
// inline part is checked on the data already read, through a view of the file's position index rooted at the
// part: the file is read once, however many cases it holds. A test file with errors runs no case.
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { schemaErrors } from '../parse/ajv.js';
import { TEST_INPUT } from '../parse/kinds.js';
import { loadRoutingDocument, loadRoutingFiles, type LoadOptions } from '../routing/load.js';
import { schemaProblems, type DocumentKind } from '../parse/schema-messages.js';
import { readDocument, readDocumentFile, type Input } from '../parse/reader.js';
import type { NodeIndex } from '../parse/positions.js';
import { hasErrors, sortProblems } from '../parse/problems.js';
import { checkRequestDocument } from '../request/parse.js';
import type { LoadedRule, Problem } from '../routing/types.js';
import type { AccessRequest, DirectoryGroup } from '../request/types.js';
import type { DecisionKind } from '../engine/decision-types.js';
import {
  checkSchedulesDocument,
  loadSchedulesFile,
  SchedulesFileError,
  type SchedulesFile,
} from '../providers/local/schedules-file.js';
import { parseInstant } from '../providers/instant.js';
import { runnerTestSchema } from './test-schema.js';
import { worldWarnings } from './world-check.js';

/** Where something is written in a test file: enough for `FILE:LINE:COL` and a GitHub annotation. */
export type Location = Pick<Problem, 'file' | 'line' | 'column' | 'endLine' | 'endColumn'>;

export interface Expectation {
  decision: DecisionKind;
  grantDuration?: string;
  approvers?: string[];
  decidedBy?: string;
}

export interface ApproverCheck {
  approver: string;
  groups?: DirectoryGroup[];
  allowed: boolean;
  at: Location;
}

export interface TestCase {
  name: string;
  /** The case's `name`, where a failure is reported. */
  at: Location;
  /** Each expectation's place (`decision`, `grantDuration`, `approvers`, `decidedBy`), for precise annotations. */
  expectAt: Partial<Record<keyof Expectation, Location>>;
  now: Date;
  request: AccessRequest;
  onCall: SchedulesFile;
  reviewers: string[];
  expect: Expectation;
  canApprove: ApproverCheck[];
}

export interface TestSuite {
  file: string;
  /** The routing files under test (paths as the runner opened them); empty for inline rules. */
  routingFiles: string[];
  rules: LoadedRule[];
  cases: TestCase[];
}

export interface LoadTestOptions {
  /** Passed to the routing loader (installed integrations). */
  routing?: LoadOptions;
  /** Schedules files already read in this run, by absolute path (several test files often share one). */
  schedulesCache?: Map<string, Promise<SchedulesFile>>;
  /**
   * The test file's bytes or text, when it is not read from `path` (standard input); `path` then only names
   * it, and the files it names are relative to the working directory.
   */
  input?: Input;
}

const TEST_KIND: DocumentKind = {
  root: 'the test file',
  rootType: (actual) =>
    `a test file must be a mapping with \`routing\` (or \`rules\`) and \`cases\`, but this file holds ${actual}`,
  rootEmpty: 'the test file is empty',
};

const RUNNER_SCHEMA = runnerTestSchema();

interface RawCase {
  name: string;
  now: string;
  request: unknown;
  schedules?: string | unknown[];
  reviewers?: string[];
  expect: Expectation;
  canApprove?: Array<{ approver: string; groups?: DirectoryGroup[]; allowed: boolean }>;
}

interface RawTestFile {
  routing?: string | string[];
  rules?: unknown[];
  schedules?: string | unknown[];
  reviewers?: string[];
  cases: RawCase[];
}

const NOBODY_ON_CALL: SchedulesFile = { file: '(no schedules given)', schedules: [] };

export async function loadTestFile(
  path: string,
  options: LoadTestOptions = {},
): Promise<{ suite?: TestSuite; problems: Problem[] }> {
  const parsed =
    options.input === undefined
      ? await readDocumentFile(path, TEST_INPUT)
      : readDocument(options.input, path, TEST_INPUT);
  const problems = [...parsed.problems];
  const { data, index, text } = parsed;
  if (data === undefined) return { problems };
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    problems.push(
      index.problem(
        '',
        'error',
        'test.not-a-mapping',
        TEST_KIND.rootType(data === null ? 'nothing' : Array.isArray(data) ? 'a list' : 'a single value'),
      ),
    );
    return { problems };
  }
  const errors = schemaErrors(RUNNER_SCHEMA, data);
  if (errors.length)
    return { problems: sortProblems([...problems, ...schemaProblems(errors, data, index, TEST_KIND)]) };
  const raw = data as RawTestFile;
  if ((raw.routing === undefined) === (raw.rules === undefined)) {
    const message =
      raw.routing === undefined
        ? 'the test file does not say which rules to test: add `routing: FILE` (a routing file, relative to this file) or write the rules inline under `rules:`'
        : 'the test file has both `routing` and `rules`: test either routing files or inline rules, not both';
    problems.push(
      index.problem(raw.routing === undefined ? '' : '/rules', 'error', 'test.routing-or-rules', message, 'key'),
    );
    return { problems };
  }

  const base = options.input === undefined ? dirname(path) : '.';
  const at = (pointer: string): Location => ({ file: path, ...index.range(pointer) });

  // The rules under test.
  let routingFiles: string[] = [];
  let rules: LoadedRule[] = [];
  if (raw.routing !== undefined) {
    routingFiles = ([] as string[]).concat(raw.routing).map((p) => besideTestFile(base, p));
    const loaded = await loadRoutingFiles(routingFiles, options.routing);
    problems.push(...loaded.problems.filter((p) => p.severity === 'error'));
    rules = loaded.rules;
  } else {
    if (writtenInPlace(text, index, '/rules', 'rules', problems)) {
      const loaded = loadRoutingDocument({ data: raw.rules, index: index.at('/rules'), problems: [] }, options.routing);
      problems.push(...loaded.problems);
      rules = loaded.rules;
    }
  }

  // On-call data and reviewers given for the whole file.
  const fileOnCall =
    raw.schedules === undefined
      ? NOBODY_ON_CALL
      : await onCallData(raw.schedules, '/schedules', text, base, index, problems, options);
  const fileReviewers = raw.reviewers ?? [];

  const cases: TestCase[] = [];
  const names = new Map<string, Location>();
  const worlds = new Map<SchedulesFile, string>();
  for (const [i, c] of raw.cases.entries()) {
    const pointer = `/cases/${i}`;
    const before = problems.length;
    const name = c.name.trim();
    const first = names.get(name);
    if (first)
      problems.push(
        index.problem(
          `${pointer}/name`,
          'error',
          'test.duplicate-case',
          `case name \`${name}\` is already used at line ${first.line}; names must be unique within a test file, so a failure names one case`,
        ),
      );
    else names.set(name, at(`${pointer}/name`));

    // Strict: `Date` would read 30 February as 2 March and drop digits past the millisecond.
    const instant = parseInstant(c.now);
    const now = new Date(instant?.ms ?? Number.NaN);
    if (!instant)
      problems.push(
        index.problem(
          `${pointer}/now`,
          'error',
          'test.bad-now',
          `\`now\` is \`${c.now}\`, which is not a real instant`,
        ),
      );
    else if (instant.us !== 0)
      problems.push(
        index.problem(
          `${pointer}/now`,
          'error',
          'test.bad-now',
          '`now` has digits finer than a millisecond, which a decision cannot use: write at most three after the point',
        ),
      );

    const { request, problems: requestProblems } = writtenInPlace(
      text,
      index,
      `${pointer}/request`,
      'request',
      problems,
    )
      ? checkRequestDocument({ data: c.request, index: index.at(`${pointer}/request`), problems: [] })
      : { request: undefined, problems: [] };
    problems.push(...requestProblems);

    const onCall =
      c.schedules === undefined
        ? fileOnCall
        : await onCallData(c.schedules, `${pointer}/schedules`, text, base, index, problems, options);

    if (c.expect.grantDuration !== undefined && c.expect.decision !== 'approved') {
      problems.push(
        index.problem(
          `${pointer}/expect/grantDuration`,
          'error',
          'test.grant-duration',
          `\`grantDuration\` can only be expected of an \`approved\` decision, but this case expects \`${c.expect.decision}\``,
          'pair',
        ),
      );
    }

    if (problems.length > before || !request || !onCall) continue;
    const expectAt: TestCase['expectAt'] = {};
    for (const key of ['decision', 'grantDuration', 'approvers', 'decidedBy'] as const) {
      if (c.expect[key] !== undefined) expectAt[key] = at(`${pointer}/expect/${key}`);
    }
    if (onCall !== NOBODY_ON_CALL && !worlds.has(onCall))
      worlds.set(onCall, c.schedules === undefined ? '/schedules' : `${pointer}/schedules`);
    cases.push({
      name,
      at: at(`${pointer}/name`),
      expectAt,
      now,
      request,
      onCall,
      reviewers: c.reviewers ?? fileReviewers,
      expect: c.expect,
      canApprove: (c.canApprove ?? []).map((check, j) => ({
        approver: check.approver.trim(),
        ...(check.groups ? { groups: check.groups } : {}),
        allowed: check.allowed,
        at: at(`${pointer}/canApprove/${j}/allowed`),
      })),
    });
  }

  // Each world the cases run in (the file's, and each case's own), compared once with the rules under test.
  if (!hasErrors(problems))
    for (const [world, pointer] of worlds) problems.push(...worldWarnings(rules, world, index, pointer));

  const sorted = sortProblems(problems, [path, ...routingFiles]);
  if (hasErrors(sorted)) return { problems: sorted };
  return { suite: { file: path, routingFiles, rules, cases }, problems: sorted };
}

/**
 * Whether a part that is checked as a document of its own (rules, a request, schedules) is written where it
 * is used. An alias (`request: *base`) is refused: each problem of the part is placed on the line that holds
 * it, and an alias would place them all on the alias, away from the text they are about.
 */
function writtenInPlace(text: string, index: NodeIndex, pointer: string, what: string, problems: Problem[]): boolean {
  const entry = index.get(pointer)!;
  if (text[entry.value[0]] === '*') {
    problems.push(
      index.problem(
        pointer,
        'error',
        'test.alias-part',
        `\`${what}\` is an alias (\`*name\`); a test file needs it written out here`,
      ),
    );
    return false;
  }
  return true;
}

/** Paths in a test file are relative to the test file (an absolute path is taken as it is). */
function besideTestFile(base: string, path: string): string {
  return isAbsolute(path) ? path : join(base, path);
}

/** A schedules file named relative to the test file, or schedules written inline (checked where they stand). */
async function onCallData(
  value: string | unknown[],
  pointer: string,
  text: string,
  base: string,
  index: NodeIndex,
  problems: Problem[],
  options: LoadTestOptions,
): Promise<SchedulesFile | undefined> {
  if (typeof value === 'string') {
    const file = besideTestFile(base, value);
    const cache = options.schedulesCache ?? new Map<string, Promise<SchedulesFile>>();
    const key = resolve(file);
    let pending = cache.get(key);
    if (!pending) {
      pending = loadSchedulesFile(file);
      cache.set(key, pending);
    }
    try {
      return await pending;
    } catch (err) {
      if (!(err instanceof SchedulesFileError)) throw err;
      // A file that cannot be read is reported where the test file names it; mistakes inside it, in it.
      const unreadable = err.problems.length === 1 && err.problems[0]!.code === 'parse.unreadable';
      if (unreadable)
        problems.push(
          index.problem(
            pointer,
            'error',
            'parse.unreadable',
            `${err.problems[0]!.message.replace('the schedules file', `the schedules file ${file}`)}`,
          ),
        );
      else problems.push(...err.problems);
      return undefined;
    }
  }
  // Inline: the list is checked as the `schedules` of a schedules file whose root is the mapping holding it.
  if (!writtenInPlace(text, index, pointer, 'schedules', problems)) return undefined;
  const holder = pointer.slice(0, pointer.lastIndexOf('/'));
  const parsed = checkSchedulesDocument({ data: { schedules: value }, index: index.at(holder), problems: [] });
  problems.push(...parsed.problems);
  return parsed.data ? { ...parsed.data, file: `${index.file} (${pointer.slice(1)})` } : undefined;
}
