// The routing language as typed data: what `load` returns and `compile` consumes.
// Field names follow P0's routing API (camelCase); docs/routing.md gives their meanings.
import type { Problem, SourceRef } from '../parse/problems.js';

// Located problems are the reader's (every input kind reports them); re-exported where routing code looks.
export type { Problem, ProblemCode, Severity, SourceRef } from '../parse/problems.js';

export type Directory = 'workspace' | 'okta' | 'azure-ad' | 'entra-id';
export type Integration = 'incidentio' | 'pagerduty';
export type Effect = 'keep' | 'remove';

export interface GroupRef {
  id: string;
  label?: string;
  directory: Directory;
}

/** Who a rule applies to. `any`, `user` and `group` match people only; `agentic` matches agent sessions only. */
export type RequestorMatcher =
  | { type: 'any' }
  /** Like `any`, but only while another (non-`some`) enabled rule matches the same request too. */
  | { type: 'some' }
  | { type: 'user'; uid: string }
  | { type: 'group'; groups: GroupRef[]; effect: Effect }
  | { type: 'agentic'; agent: AgentMatcher; user: AgentUserMatcher };

/** The agent of an agent session (the request's `agent`). */
export type AgentMatcher =
  | { type: 'any' }
  | { type: 'agent-client'; clientId: string }
  | { type: 'agent-owner'; owner: string }
  | { type: 'owner-group'; groups: GroupRef[]; effect: Effect }
  | { type: 'provider'; providerId: string; subjectPattern?: string };

/** The person behind an agent session; `none`: a headless session, with nobody behind it. */
export type AgentUserMatcher =
  | { type: 'any' }
  | { type: 'none' }
  | { type: 'user'; uid: string }
  | { type: 'group'; groups: GroupRef[]; effect: Effect };

export interface ResourceFilter {
  effect: Effect | 'removeAll';
  key?: string;
  pattern?: string;
  value?: boolean;
}

export type ResourceMatcher =
  | { type: 'any' }
  | {
      type: 'integration';
      service: string;
      accessType?: string;
      filters?: Record<string, ResourceFilter>;
    };

export interface ApprovalOptions {
  allowOneParty?: boolean;
  requireReason?: boolean;
  requireDuration?: boolean;
  /** The request must carry a preapproval the host attests (`request.preapproval`), unexpired now. */
  requirePreapproval?: boolean;
  /** Only approvers on the host's break-glass approver list may approve through this entry. */
  breakGlassApprover?: boolean;
}

// An approval entry's type is read off its approval type's definition (plugin/approval-types/), the one
// place that says which keys each type takes.
export type { ApprovalEntry, ApprovalType } from '../approval-types/index.js';
import type { ApprovalEntry } from '../approval-types/index.js';

export interface Rule {
  name?: string;
  disabled?: boolean;
  requestor: RequestorMatcher;
  resource: ResourceMatcher;
  approval: ApprovalEntry[];
}

/** A rule as loaded from a file: the rule plus what traces and errors need to name it. */
export interface LoadedRule extends Rule {
  /** `name` when present, otherwise `#N`: the 1-based position in the pooled set of loaded rules. */
  label: string;
  source: SourceRef;
  /** Position of each approval entry, same order as `approval`. */
  entrySources: SourceRef[];
}

/** Which document shape each file was read as (`list`, `rules`, P0's `workflow-config` or `workflow`). */
export interface DocumentRead {
  file: string;
  form: import('./normalise.js').DocumentForm;
}

/** What loading routing files gives: rules ready for the compiler, or located problems. */
export interface LoadResult {
  /** Empty whenever `problems` holds an error: a half-loaded rule set is never used. */
  rules: LoadedRule[];
  problems: Problem[];
  /** Each file whose document shape could be told, in the order loaded. */
  documents: DocumentRead[];
}
