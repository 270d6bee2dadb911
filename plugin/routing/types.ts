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

export type RequestorMatcher =
  { type: 'any' } | { type: 'user'; uid: string } | { type: 'group'; groups: GroupRef[]; effect: Effect };

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
  /** Not enforceable by this engine: a rule using it is refused at load time. */
  requirePreapproval?: boolean;
  /** Not enforceable by this engine: a rule using it is refused at load time. */
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

/** What loading routing files gives: rules ready for the compiler, or located problems. */
export interface LoadResult {
  /** Empty whenever `problems` holds an error: a half-loaded rule set is never used. */
  rules: LoadedRule[];
  problems: Problem[];
}
