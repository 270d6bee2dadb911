// The routing language as typed data: what `load` returns and `compile` consumes.
// Field names follow P0's routing API (camelCase); see ROUTING.md in the README for meanings.

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

interface EntryBase {
  options?: ApprovalOptions;
}

export type ApprovalEntry =
  | (EntryBase & { type: 'auto'; integration: Integration; services?: string[] })
  | (EntryBase & { type: 'escalation'; integration: Integration; services: string[] })
  | (EntryBase & { type: 'group'; groups: GroupRef[]; effect?: Effect })
  | (EntryBase & { type: 'p0' })
  | (EntryBase & { type: 'requestor-profile'; directory: Directory; profileProperty?: string })
  | (EntryBase & { type: 'persistent' })
  | (EntryBase & { type: 'deny' });

export type ApprovalType = ApprovalEntry['type'];

export interface Rule {
  name?: string;
  disabled?: boolean;
  requestor: RequestorMatcher;
  resource: ResourceMatcher;
  approval: ApprovalEntry[];
}

/** Where something was written: 1-based line and column. */
export interface SourceRef {
  file: string;
  line: number;
  column: number;
}

/** A rule as loaded from a file: the rule plus what traces and errors need to name it. */
export interface LoadedRule extends Rule {
  /** `name` when present, otherwise `#N`: the 1-based position in the pooled set of loaded rules. */
  label: string;
  source: SourceRef;
  /** Position of each approval entry, same order as `approval`. */
  entrySources: SourceRef[];
}

export type Severity = 'error' | 'warning';

/** A located problem in a file, printed as `FILE:LINE:COL: severity: message`. */
export interface Problem {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  message: string;
  /** JSON pointer of the offending node inside the document (`/0/approval/1/services`). */
  path: string;
  /** Stable identifier of the kind of problem (`request.unknown-field`), for programs and tests. */
  code?: string;
}

/** What loading routing files gives: rules ready for the compiler, or located problems. */
export interface LoadResult {
  /** Empty whenever `problems` holds an error: a half-loaded rule set is never used. */
  rules: LoadedRule[];
  problems: Problem[];
}
