// The deciding commands' options about on-call providers and host inputs (`--schedule-allow-list`,
// `--break-glass-approvers`), and the note that routing entries of an integration without an on-call source
// are never satisfied. Kept apart from decision-input.ts so the provider side can grow without touching it.
import { parseScheduleAllowList, type LoadedRule } from '../index.js';
import { CliError } from './io.js';
import { INTEGRATION_NAMES, type OnCallSources } from './on-call-source.js';

export const DECISION_PROVIDER_OPTIONS = {
  'schedule-allow-list': { type: 'string' },
  'break-glass-approvers': { type: 'string' },
} as const;

const EMAIL = /^[^@\s]+@[^@\s]+$/;

export function parseDecisionProviderOptions(values: {
  'schedule-allow-list'?: string;
  'break-glass-approvers'?: string;
}): { scheduleAllowList?: string[]; breakGlassApprovers?: string[] } {
  const out: { scheduleAllowList?: string[]; breakGlassApprovers?: string[] } = {};
  const allow = values['schedule-allow-list'];
  if (allow !== undefined) {
    // A malformed list is refused: read as "no restriction", it would widen who counts as on call.
    const parsed = parseScheduleAllowList(allow);
    if ('error' in parsed) throw CliError.usage(`--schedule-allow-list: ${parsed.error}`);
    out.scheduleAllowList = parsed.scheduleAllowList;
  }
  const glass = values['break-glass-approvers'];
  if (glass !== undefined) {
    const list = glass
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (list.length === 0) throw CliError.usage('--break-glass-approvers: name at least one email address');
    for (const email of list)
      if (!EMAIL.test(email)) throw CliError.usage(`--break-glass-approvers: '${email}' is not an email address`);
    out.breakGlassApprovers = list;
  }
  return out;
}

/**
 * One line per integration that the rules name but that has no on-call source: "PagerDuty is not configured
 * (PAGERDUTY_API_KEY is not set): its entries are never satisfied". Default routing (no rules) names the
 * configured integrations only, so it never needs the note.
 */
export function unconfiguredNotes(sources: OnCallSources, rules: readonly LoadedRule[] | undefined): string[] {
  if (!rules) return [];
  const named = new Set<string>();
  for (const rule of rules)
    if (rule.disabled !== true)
      for (const entry of rule.approval) {
        const integration = (entry as { integration?: unknown }).integration;
        if (typeof integration === 'string') named.add(integration);
      }
  return sources.missing
    .filter((m) => named.has(m.integration))
    .map(
      (m) =>
        `${INTEGRATION_NAMES[m.integration]} is not configured (${m.how}): its entries (integration: ${m.integration}) are never satisfied`,
    );
}
