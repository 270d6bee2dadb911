// `oncall-approval/simulator`: local incident.io and PagerDuty APIs on 127.0.0.1 (pagination, error envelopes,
// faults and a call counter on request), for demos, tests and `oncall-approval simulate`. Its own entry, so a
// test harness that only needs a simulator does not load the decision engine.
export {
  startSimulator,
  type Simulator,
  type SimulatorOptions,
  type SimulatorFaults,
  type CallCounter,
} from './providers/incidentio/simulator.js';
export {
  loadSchedulesFile,
  parseSchedulesText,
  SchedulesFileError,
  type SchedulesFile,
  type LocalSchedule,
} from './providers/local/schedules-file.js';
export {
  startPagerDutySimulator,
  type PagerDutySimulator,
  type PagerDutySimulatorOptions,
  type PagerDutySimulatorFaults,
  type PagerDutyCallCounter,
} from './providers/pagerduty/simulator.js';
