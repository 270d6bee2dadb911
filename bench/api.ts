// The only bench module that imports the package. Everything comes through its public API
// (plugin/index.ts, or a public entry module beside it such as a subpath export), as a host imports it, so
// refactors inside plugin/ do not reach the bench. spec/bench/imports.spec.ts keeps every other bench
// module off plugin/, and this one off the package's internals.
export {
  compileRules,
  createApprovalEngine,
  FACT,
  createIncidentIoProvider,
  createLocalProvider,
  createPagerDutyProvider,
  startPagerDutySimulator,
  installOnCallPlugin,
  loadRoutingText,
  outcomeOf,
  parseSchedulesText,
  rulesForService,
  startSimulator,
} from '../plugin/index.js';
export type {
  AccessRequest,
  ApprovalEngine,
  ApprovalEntry,
  GroupRef,
  IncidentIoProvider,
  IncidentIoSettings,
  LoadedRule,
  OnCallProvider,
  PagerDutyData,
  PagerDutyProvider,
  PagerDutySettings,
  PagerDutySimulator,
  RequestorMatcher,
  ResourceMatcher,
  Rule,
  Simulator,
} from '../plugin/index.js';
