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
  /**
   * Present when an agent makes the request (an agent session): only `agentic` rules match it, and no rule
   * for people does. `requestor` is then the person behind the agent, or, when `headless`, the agent's own
   * principal.
   */
  agent?: AgentIdentity;
  /** A preapproval the host attests (entries with `requirePreapproval` need one, unexpired). */
  preapproval?: Preapproval;
}

/** Who the agent of an agent session is, as the host's gateway or identity provider established it. */
export interface AgentIdentity {
  /** The gateway client the agent connects through (`agent-client` rules). */
  clientId?: string;
  /** The agent's owner's email (`agent-owner` rules). */
  owner?: string;
  /** The directory groups of the agent's owner (`owner-group` rules). */
  ownerGroups?: DirectoryGroup[];
  /** The identity-provider integration that federates the agent (`provider` rules). */
  providerId?: string;
  /** The agent's subject claim at that provider (`provider` rules' `subjectPattern`). */
  subject?: string;
  /** `true`: nobody is behind the session (`user: {type: none}` rules). */
  headless?: boolean;
}

/** A preapproval: an approver allowed this requestor's access ahead of time, until an instant. */
export interface Preapproval {
  /** Who gave it. */
  approver: string;
  /** Until when it holds: an RFC 3339 instant with its zone, e.g. `2026-11-26T18:00:00Z`. */
  expiresAt: string;
}

export interface Approver {
  email: string;
  /** Supplied by the host (its directory knows the approver's groups). */
  groups?: DirectoryGroup[];
}
