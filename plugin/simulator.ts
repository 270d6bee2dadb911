// `oncall-approval/simulator`: a local incident.io API (schedules, entries, identity; pagination, error
// envelopes, faults on request) serving a schedules file, for demos, tests and `oncall-approval simulate`.
// Its own entry, so a test harness that only needs the simulator does not load the decision engine.
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
