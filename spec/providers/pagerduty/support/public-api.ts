// The public API as a host imports it (`oncall-approval`): the PagerDuty specs and docs examples import from here.
export * from '../../../../plugin/index.js';
