// The public API: what a host imports from `oncall-approval`. Grouped by pipeline stage: routing files →
// compiled rules → decisions, fed by on-call providers. The `oncall-approval` command is a client of this
// file (and of the `simulator` and `testing` entries) only, so whatever it can do a host can do too.
//
// This file only re-exports: it defines nothing itself (scripts/build.ts refuses anything else). The build
// can then point each command straight at the modules that define what it uses, so
// `oncall-approval validate` does not load the decision engine.

// Routing files: parse, validate, compile.
export type * from './routing/types.js';
export {
  loadRoutingFiles,
  loadRoutingText,
  DEFAULT_INTEGRATIONS,
  type LoadOptions,
  type RoutingSource,
} from './routing/load.js';
export { parseRequest, readRequestFile } from './request/parse.js';
export { formatProblems, hasErrors, PROBLEM_FORMATS, type ProblemFormat } from './parse/problems.js';
/**
 * `fileProblem(file, message)`: a problem about a whole file (at 1:1), e.g. one that cannot be read.
 * `sortProblems(problems, files?)`: in reading order, by file (in the order given), then line and column.
 */
export { fileProblem, sortProblems } from './parse/problems.js';
export { resolveLimits, DEFAULT_LIMITS, type SourceLimits } from './parse/limits.js';
/** `closest(word, candidates)`: the candidate a misspelt word most likely meant ("did you mean …?"), if any. */
export { closest } from './parse/suggest.js';
export { routingSchema, ROUTING_SCHEMA_ID, type Json, type JsonSchema } from './routing/schema.js';
export { requestSchema, REQUEST_SCHEMA_ID } from './request/schema.js';
export { compileRules, CompileError, rulesForService } from './compile/compile.js';
export {
  EVENT,
  EVENT_PREFIX,
  FACT,
  OPERATOR,
  PLUGIN_OPERATORS,
  COMPILED_FORMAT,
  type CompiledRule,
  type CompiledRuleSet,
  type EntryEventParams,
} from './compile/vocabulary.js';

// Decisions: the json-rules-engine plugin and the approval engine.
export type * from './request/types.js';
export type * from './engine/decision-types.js';
export {
  installOnCallPlugin,
  PluginInstallError,
  PluginRuleError,
  PluginRunError,
  type OnCallPluginOptions,
} from './engine/plugin.js';
export type { OnCallProviders } from './engine/on-call-lookup.js';
export {
  createApprovalEngine,
  type ApprovalEngine,
  type ApprovalEngineOptions,
  type CallOptions,
} from './engine/approval-engine.js';
export { outcomeOf, type HostOutcome, type HostPath } from './engine/host-outcome.js';
export {
  checkApprover,
  checkRequest,
  InvalidRequestError,
  REQUEST_PROBLEM_CODES,
  type RequestProblem,
  type RequestProblemCode,
  type RequestSubject,
} from './request/check.js';
export { defaultRules } from './engine/default-routing.js';
/** `Rule "prod", entry 1 (escalation, incidentio)`: how decisions name an entry (`decidedBy`, `paths`). */
export { where as describeEntry } from './approval-types/explain.js';
/** The one email comparison of the engine and providers: trimmed, ASCII letters lower-cased. */
export { normaliseEmail } from './email.js';
/** `printable(text)`: control, bidi and zero-width characters written as `\u{…}`, for text a person reads. */
export { printable } from './printable.js';
/** `redactSecrets(text, [key, ...])`: every API key (any case, URL-encoded too) replaced by `[redacted]`. */
export { redactSecrets } from './providers/redact.js';

// incident.io: client, on-call provider and cache, local schedules file, simulator.
export type * from './providers/contract.js';
export type {
  ApiSchedule,
  ApiScheduleEntry,
  ApiUser,
  Identity,
  ScheduleEntries,
  SchedulesPage,
} from './providers/incidentio/api-types.js';
/** Exact RFC 3339 instants (with a zone; microseconds kept), as providers compare shift boundaries. */
export { parseInstant, type Instant } from './providers/instant.js';
export {
  createIncidentIoProvider,
  type IncidentIoProvider,
  type ProviderStats,
} from './providers/incidentio/provider.js';
export { createIncidentIoClient, type IncidentIoClient, type EntriesQuery } from './providers/incidentio/client.js';
export { judgeKeyScope, SCHEDULE_READING_ROLES, type KeyScope } from './providers/incidentio/key-scope.js';
export { parseScheduleAllowList, type AllowListResult } from './providers/schedule-allow-list.js';
export { DOCUMENT_FORMS, type DocumentForm } from './routing/normalise.js';
export { createLocalProvider, type LocalProviderOptions } from './providers/local/local-provider.js';
export {
  loadSchedulesFile,
  parseSchedulesText,
  SchedulesFileError,
  type SchedulesFile,
  type LocalSchedule,
} from './providers/local/schedules-file.js';
export {
  settingsFromEnv,
  resolveSettings,
  DEFAULT_BASE_URL,
  type IncidentIoSettings,
  type ResolvedIncidentIoSettings,
} from './providers/incidentio/settings.js';
// Also on `oncall-approval/simulator`, the entry that loads nothing else.
export {
  startSimulator,
  type Simulator,
  type SimulatorOptions,
  type SimulatorFaults,
  type CallCounter,
} from './providers/incidentio/simulator.js';
/** `describeError(err, apiKey)`: any thrown value as one sentence, with the API key redacted. */
export { IncidentIoError, describeError, type IncidentIoErrorKind } from './providers/incidentio/errors.js';
// The one reading of an instant a person or host gives (`--now`, a test's `now`, a host's `now` fact).
export { parseInstantStrict } from './providers/instant.js';

// PagerDuty: client, on-call provider and cache, settings, simulator.
export {
  createPagerDutyProvider,
  type PagerDutyProvider,
  type PagerDutyProviderStats,
} from './providers/pagerduty/provider.js';
export { createPagerDutyClient, type PagerDutyClient, type OnCallsQuery } from './providers/pagerduty/client.js';
export {
  pagerDutySettingsFromEnv,
  resolvePagerDutySettings,
  DEFAULT_PAGERDUTY_BASE_URL,
  type PagerDutySettings,
  type ResolvedPagerDutySettings,
} from './providers/pagerduty/settings.js';
export {
  startPagerDutySimulator,
  type PagerDutySimulator,
  type PagerDutySimulatorOptions,
  type PagerDutySimulatorFaults,
  type PagerDutyCallCounter,
} from './providers/pagerduty/simulator.js';
export type * from './providers/pagerduty/data.js';
export { PagerDutyError, type PagerDutyErrorKind } from './providers/pagerduty/errors.js';
export type {
  PdCurrentUser,
  PdEscalationPolicy,
  PdEscalationLevel,
  PdScheduleSummary,
  TimedOnCall,
} from './providers/pagerduty/api-types.js';
export {
  listPagerDuty,
  pagerDutyApiView,
  type PagerDutyListing,
  type PagerDutyDirectory,
  type PagerDutyView,
} from './providers/pagerduty/directory.js';
export {
  createLocalPagerDutyProvider,
  type LocalPagerDutyProvider,
  type LocalPagerDutyOptions,
} from './providers/local/pagerduty-local-provider.js';

// Authoring: policy tests (also on `oncall-approval/testing`), the schedule-aware editor schema, online checks.
export {
  loadTestFile,
  type TestSuite,
  type TestCase,
  type Expectation,
  type ApproverCheck,
} from './authoring/test-file.js';
export { runCase, type CaseResult, type Mismatch } from './authoring/run-case.js';
export { scheduleAwareSchema, withPagerDutyServices } from './authoring/schedule-schema.js';
/** `checkPagerDutyServicesOnline(paths, settings)`: do the PagerDuty service IDs in routing files exist? */
export { checkPagerDutyServicesOnline, accountServices } from './authoring/pagerduty-online-check.js';
export { scheduleReferences } from './authoring/schedule-references.js';
/** `checkSchedulesOffline(paths, schedulesFile)`: the same check as `--online`, against a local schedules file. */
export { checkSchedulesOffline, type OfflineResult } from './authoring/offline-check.js';
/**
 * `checkSchedulesOnline(paths, settings)`: do the incident.io schedule IDs in routing files exist?
 * `onlineSettings(env, fetch?)`: the settings from INCIDENT_IO_API_KEY / INCIDENT_IO_BASE_URL, or a sentence
 * saying they are missing. `accountSchedules(client)`: every schedule of the account, as summaries.
 */
export { checkSchedulesOnline, onlineSettings, accountSchedules, type OnlineResult } from './authoring/online-check.js';
