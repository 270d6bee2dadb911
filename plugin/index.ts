// The public API: what a host imports from `oncall-approval`. Grouped by pipeline stage (see README,
// "Architecture"): routing files → compiled rules → decisions, fed by on-call providers.

// Routing files: parse, validate, compile.
export type * from './routing/types.js';
export { loadRoutingFiles, loadRoutingText, DEFAULT_INTEGRATIONS, type LoadOptions } from './routing/load.js';
export { parseRequest } from './request/parse.js';
export { formatProblems, hasErrors, PROBLEM_FORMATS, type ProblemFormat } from './parse/problems.js';
export { routingSchema, ROUTING_SCHEMA_ID } from './routing/schema.js';
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
export { installOnCallPlugin, PluginInstallError, type OnCallPluginOptions } from './engine/plugin.js';
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
export {
  createIncidentIoProvider,
  type IncidentIoProvider,
  type ProviderStats,
} from './providers/incidentio/provider.js';
export { createIncidentIoClient, type IncidentIoClient, type EntriesQuery } from './providers/incidentio/client.js';
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
export {
  startSimulator,
  type Simulator,
  type SimulatorOptions,
  type SimulatorFaults,
  type CallCounter,
} from './providers/incidentio/simulator.js';
export { IncidentIoError, type IncidentIoErrorKind } from './providers/incidentio/errors.js';
export { openOnCallSource, type OnCallSource } from './cli/on-call-source.js';

// Authoring: policy tests, the schedule-aware editor schema, online checks.
export {
  loadTestFile,
  type TestSuite,
  type TestCase,
  type Expectation,
  type ApproverCheck,
} from './authoring/test-file.js';
export { runCase, type CaseResult } from './authoring/run-case.js';
export { scheduleAwareSchema } from './authoring/schedule-schema.js';
export { checkSchedulesOnline } from './authoring/online-check.js';
