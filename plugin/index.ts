// The public API: what a host imports from `oncall-approval`.
export type * from './routing/types.js';
export type * from './engine/request-types.js';
export type * from './incidentio/types.js';
