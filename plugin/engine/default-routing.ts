// Default routing: with no routing file loaded, every request is routed as if by one rule:
// any requestor, any resource, approval by a security reviewer (p0), plus automatic approval by each
// installed on-call integration. With incident.io installed, whoever is on call is approved for the grant
// and everyone else waits for a reviewer.
import type { ApprovalEntry, Integration, LoadedRule } from '../routing/types.js';

export const DEFAULT_RULE_LABEL = 'default routing';

export function defaultRules(installed: readonly string[]): LoadedRule[] {
  const source = { file: '(default routing)', line: 1, column: 1 };
  const approval: ApprovalEntry[] = [
    { type: 'p0' },
    ...installed.map((integration): ApprovalEntry => ({ type: 'auto', integration: integration as Integration })),
  ];
  return [
    {
      name: DEFAULT_RULE_LABEL,
      label: DEFAULT_RULE_LABEL,
      requestor: { type: 'any' },
      resource: { type: 'any' },
      approval,
      source,
      entrySources: approval.map(() => ({ ...source })),
    },
  ];
}
