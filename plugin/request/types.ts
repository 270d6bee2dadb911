// An access request and an approver, as a host hands them to `decide` / `canApprove`.
// Every entry point checks them with ./check.ts (schemas/request.schema.json and more) before anything reads them.
import type { Directory } from '../routing/types.js';

export interface DirectoryGroup {
  directory: Directory;
  id: string;
}

export interface AccessRequest {
  id?: string;
  requestor: {
    email: string;
    groups?: DirectoryGroup[];
    /** Profile fields from the directory, e.g. `manager: bob@example.com`. */
    profile?: Record<string, string>;
  };
  resource: {
    service: string;
    accessType?: string;
    /** `attributes[name][key]`: what resource filters look at. */
    attributes?: Record<string, Record<string, unknown>>;
  };
  reason?: string;
  /** ISO 8601 duration, e.g. `PT4H`. */
  duration?: string;
}

export interface Approver {
  email: string;
  /** Supplied by the host (its directory knows the approver's groups). */
  groups?: DirectoryGroup[];
}
