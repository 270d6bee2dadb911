// The only bench module that imports the package. Everything comes through its public API
// (plugin/index.ts), as a host would import it, so refactors inside plugin/ do not reach the bench; should
// the bench ever need an internal module, its import belongs here too, where it is seen and kept to one
// line. spec/bench/imports.spec.ts keeps every other bench module off plugin/.
export {
  compileRules,
  createApprovalEngine,
  createIncidentIoProvider,
  createLocalProvider,
  installOnCallPlugin,
  loadRoutingText,
  outcomeOf,
  parseSchedulesText,
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
  RequestorMatcher,
  ResourceMatcher,
  Rule,
  Simulator,
} from '../plugin/index.js';
