// `oncall-approval/testing`: the routing test runner behind `oncall-approval test`. `loadTestFile` reads a
// `*.test.yaml` file (its routing files, schedules and cases, every problem located); `runCase` decides one
// case at its instant against its own on-call data and says what differs from what the case expects.
export {
  loadTestFile,
  type LoadTestOptions,
  type TestSuite,
  type TestCase,
  type Expectation,
  type ApproverCheck,
  type Location,
} from './authoring/test-file.js';
export { runCase, type CaseResult, type Mismatch } from './authoring/run-case.js';
