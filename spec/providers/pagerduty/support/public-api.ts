// The public API as a host imports it (`oncall-approval`), with the PagerDuty names this provider adds to
// it. The docs' examples import from here, so they run before and after those names reach plugin/index.ts
// (an explicit export here simply wins over the same name from `export *`).
export * from '../../../../plugin/index.js';
export {
  createPagerDutyProvider,
  type PagerDutyProvider,
  type PagerDutyProviderStats,
} from '../../../../plugin/providers/pagerduty/provider.js';
export {
  createPagerDutyClient,
  type PagerDutyClient,
  type OnCallsQuery,
} from '../../../../plugin/providers/pagerduty/client.js';
export {
  pagerDutySettingsFromEnv,
  resolvePagerDutySettings,
  DEFAULT_PAGERDUTY_BASE_URL,
  type PagerDutySettings,
  type ResolvedPagerDutySettings,
} from '../../../../plugin/providers/pagerduty/settings.js';
export {
  startPagerDutySimulator,
  type PagerDutySimulator,
  type PagerDutySimulatorOptions,
  type PagerDutySimulatorFaults,
  type PagerDutyCallCounter,
} from '../../../../plugin/providers/pagerduty/simulator.js';
export type * from '../../../../plugin/providers/pagerduty/data.js';
export { PagerDutyError, type PagerDutyErrorKind } from '../../../../plugin/providers/pagerduty/errors.js';
