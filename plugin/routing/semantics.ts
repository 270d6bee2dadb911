// Checks that a JSON Schema cannot express, on rules that already passed the schema. Errors are mistakes
// that would make the engine do something other than what the file says (a pattern that does not compile,
// an option the engine cannot enforce); warnings are rules or entries that can never take effect.
import { UNENFORCEABLE_WHY } from '../compile/compile.js';
import { hasHiddenCharacter, hiddenCharacterName, normaliseEmail } from '../email.js';
import { patternFinding } from './pattern.js';
import { pointerSegment, type NodeIndex } from '../parse/positions.js';
import type { AgentMatcher, ApprovalEntry, Problem, ProblemCode, Rule } from './types.js';

/**
 * Options of P0's routing API that no code here enforces: a rule that sets one is refused, since ignoring it
 * would be a hole. The compiler refuses them on hand-built rules too, with the same reasons.
 */
export const UNENFORCEABLE_OPTIONS = ['cooldown', 'duration'] as const;

/** incident.io IDs are ULIDs: 26 letters and digits. Anything else is likely a name pasted for an ID. */
const INCIDENTIO_ID = /^[0-9A-Za-z]{26}$/;

export interface RuleAt {
  rule: Rule;
  /** JSON pointer of the rule in its file (`/0`, or `/rules/0` in the mapping form). */
  pointer: string;
}

/**
 * `installed`: the integrations an entry can be satisfied through. `here`: they are the on-call sources a command
 * has configured (its keys, its schedules file), not an engine's providers, so a missing one is said as "not
 * configured here" rather than "never satisfied": the host that loads the file may well install it.
 */
export function checkRules(
  rules: readonly RuleAt[],
  index: NodeIndex,
  installed: readonly string[],
  here = false,
): Problem[] {
  const problems: Problem[] = [];
  const error: Report = (pointer, code, message, part = 'value') =>
    problems.push(index.problem(pointer, 'error', code, message, part));
  const warn: Report = (pointer, code, message, part = 'value') =>
    problems.push(index.problem(pointer, 'warning', code, message, part));

  for (const { rule, pointer } of rules) {
    if (rule.requestor.type === 'agentic') checkAgent(rule.requestor.agent, `${pointer}/requestor/agent`, error);
    checkEmails(rule, pointer, error);
    checkHidden(rule, pointer, error);
    if (rule.resource.type === 'integration') {
      // Both sides are compared lower-cased (the request check lower-cases the request's, the compiler the rule's):
      // a capital letter changes nothing, so it is only worth a note.
      for (const key of ['service', 'accessType'] as const) {
        const value = rule.resource[key];
        if (value !== undefined && /[A-Z]/.test(value)) {
          warn(
            `${pointer}/resource/${key}`,
            'routing.not-lower-case',
            `\`${value}\` has capital letters; \`${key}\` is compared without regard to case, so this rule matches \`${value.toLowerCase()}\`: write it that way`,
          );
        }
      }
    }
    const guardsStanding = rule.approval.some((e) => e.type === 'persistent' || e.type === 'auto');
    if (rule.resource.type === 'integration' && rule.resource.filters) {
      for (const [name, filter] of Object.entries(rule.resource.filters)) {
        const at = `${pointer}/resource/filters/${pointerSegment(name)}`;
        const hasPattern = filter.pattern !== undefined;
        const hasValue = filter.value !== undefined;
        if (filter.effect === 'removeAll') {
          for (const ignored of ['key', 'pattern', 'value'] as const) {
            if (filter[ignored] !== undefined) {
              warn(
                `${at}/${ignored}`,
                'routing.ignored-by-remove-all',
                `\`${ignored}\` is ignored by a \`removeAll\` filter, which excludes every resource that has attribute \`${name}\``,
                'pair',
              );
            }
          }
          continue;
        }
        // Neither `pattern` nor `value` is allowed: `keep` then admits resources that have the attribute at
        // all, `remove` those that do not (the routing language leaves both optional).
        if (hasPattern && hasValue) {
          error(
            `${at}/value`,
            'routing.pattern-and-value',
            `filter \`${name}\` has both \`pattern\` and \`value\`; give only one`,
            'pair',
          );
        }
        if (filter.effect === 'remove' && guardsStanding) {
          warn(
            `${at}/effect`,
            'routing.remove-admits-missing',
            `a \`remove\` filter admits every resource that lacks ${filter.key !== undefined ? `field \`${filter.key}\` of ` : ''}attribute \`${name}\`, and this rule approves without a person (\`persistent\` or \`auto\`); use \`keep\` with the values allowed, or \`removeAll\`, if a resource without it must not be approved`,
            'pair',
          );
        }
        if (hasPattern) {
          const why = patternFinding(filter.pattern!);
          if (why)
            error(
              `${at}/pattern`,
              why.kind === 'unsupported' ? 'routing.pattern-unsupported' : 'routing.bad-pattern',
              why.message,
            );
        }
      }
    }

    const entries = rule.approval;
    const denyAt = entries.findIndex((e) => e.type === 'deny');
    const persistentAt = entries.findIndex((e) => e.type === 'persistent');
    if (denyAt !== -1 && entries.length > 1) {
      warn(
        `${pointer}/approval/${denyAt}`,
        'routing.dead-entries',
        'this rule has a `deny` entry, which wins over everything: its other approval entries never approve anything',
      );
    } else if (persistentAt !== -1 && entries.length > 1) {
      warn(
        `${pointer}/approval/${persistentAt}`,
        'routing.dead-entries',
        'this rule has a `persistent` entry, which approves every matching request: its other approval entries never take effect',
      );
    }

    entries.forEach((entry, i) => {
      const at = `${pointer}/approval/${i}`;
      checkEntry(entry, at, installed, here, error, warn);
      const same = entries.findIndex((other) => JSON.stringify(other) === JSON.stringify(entry));
      if (same < i)
        warn(at, 'routing.duplicate-entry', `this approval entry is the same as entry ${same + 1} of this rule`);
    });

    const groups = rule.requestor.type === 'group' ? rule.requestor.groups : [];
    duplicateGroups(groups, `${pointer}/requestor/groups`, warn);
  }
  return problems;
}

type Report = (pointer: string, code: ProblemCode, message: string, part?: 'key' | 'value' | 'pair') => void;

const INTEGRATION_NAMES: Record<string, string> = { incidentio: 'incident.io', pagerduty: 'PagerDuty' };

function notInstalled(integration: string, installed: readonly string[], here: boolean): string {
  if (here) {
    const name = INTEGRATION_NAMES[integration] ?? `\`${integration}\``;
    return `no ${name} source is configured here: this entry approves only where the engine has an on-call provider for ${name}`;
  }
  return `integration \`${integration}\` is not installed in this engine${installed.length ? ` (installed: ${installed.join(', ')})` : ''}, so this entry can never be satisfied`;
}

function checkEntry(
  entry: ApprovalEntry,
  at: string,
  installed: readonly string[],
  here: boolean,
  error: Report,
  warn: Report,
): void {
  const options = entry.options ?? {};
  for (const option of UNENFORCEABLE_OPTIONS) {
    if ((options as Record<string, unknown>)[option] !== undefined) {
      error(
        `${at}/options/${option}`,
        'routing.unenforceable-option',
        `\`${option}\` cannot be enforced by this engine: ${UNENFORCEABLE_WHY[option]}; remove the option (or the entry)`,
        'pair',
      );
    }
  }
  if (options.breakGlassApprover === true && (entry.type === 'auto' || entry.type === 'persistent')) {
    warn(
      `${at}/options/breakGlassApprover`,
      'routing.option-without-effect',
      `\`breakGlassApprover\` means nothing on a \`${entry.type}\` entry: no person approves it`,
      'pair',
    );
  }
  if (
    options.allowOneParty === true &&
    (entry.type === 'auto' || entry.type === 'persistent' || entry.type === 'deny')
  ) {
    warn(
      `${at}/options/allowOneParty`,
      'routing.option-without-effect',
      `\`allowOneParty\` means nothing on a \`${entry.type}\` entry: no person approves it`,
      'pair',
    );
  }
  if (entry.type === 'deny' && entry.options && Object.values(entry.options).some((v) => v === true)) {
    warn(
      `${at}/options`,
      'routing.option-without-effect',
      '`options` have no effect on a `deny` entry: it denies regardless',
      'pair',
    );
  }
  if (entry.type === 'auto' || entry.type === 'escalation') {
    if (!installed.includes(entry.integration)) {
      warn(`${at}/integration`, 'routing.integration-not-installed', notInstalled(entry.integration, installed, here));
    }
    entry.services?.forEach((id, j) => {
      const first = entry.services!.indexOf(id);
      if (first < j)
        warn(
          `${at}/services/${j}`,
          'routing.duplicate-service',
          `\`${id}\` is already listed in \`services\` (item ${first + 1})`,
        );
    });
    if (entry.integration === 'incidentio' && entry.services) {
      entry.services.forEach((id, j) => {
        if (!INCIDENTIO_ID.test(id)) {
          warn(
            `${at}/services/${j}`,
            'routing.not-a-schedule-id',
            `\`${id}\` does not look like an incident.io schedule ID (26 letters and digits, e.g. 01HPRIMARY0000000000000000)`,
          );
        }
      });
    }
  }
  if (entry.type === 'group') {
    if (entry.effect === 'remove') {
      warn(
        `${at}/effect`,
        'routing.group-remove',
        'with `effect: remove`, everyone outside these groups may approve; use `keep` to let only their members approve',
        'pair',
      );
    }
    duplicateGroups(entry.groups, `${at}/groups`, warn);
  }
}

/** Emails a rule compares (`uid`, an agent's `owner`): one that normalises to nothing matches nobody. */
function checkEmails(rule: Rule, at: string, error: Report): void {
  const email = (value: unknown, pointer: string, key: string) => {
    if (typeof value !== 'string' || normaliseEmail(value) !== undefined) return;
    error(
      pointer,
      'routing.bad-email',
      hasHiddenCharacter(value)
        ? `\`${key}\` holds a character that cannot be seen (a zero-width space, a joiner, a control or bidi character), so it is no email address; retype it`
        : `\`${key}\` is not an email address`,
    );
  };
  const requestor = rule.requestor;
  if (requestor.type === 'user') email(requestor.uid, `${at}/requestor/uid`, 'uid');
  if (requestor.type !== 'agentic') return;
  if (requestor.agent.type === 'agent-owner') email(requestor.agent.owner, `${at}/requestor/agent/owner`, 'owner');
  if (requestor.user.type === 'user') email(requestor.user.uid, `${at}/requestor/user/uid`, 'uid');
}

/**
 * Names and IDs a rule compares with a request's or an approver's, exactly (after trimming): one holding a
 * character nobody can see (a zero-width space, a joiner, a bidi control) matches no request that looks the
 * same, so a `deny` for `aws` followed by a zero-width space reads as a deny for `aws` and denies nothing.
 * The request check refuses such characters in the request; here they are refused in the rule.
 */
function checkHidden(rule: Rule, at: string, error: Report): void {
  const hidden = (value: unknown, pointer: string, what: string, part: 'key' | 'value' = 'value') => {
    const found = typeof value === 'string' ? hiddenCharacterName(value.trim()) : undefined;
    if (found === undefined) return;
    error(
      pointer,
      'routing.hidden-character',
      `${what} holds a character that cannot be seen (${found}: a zero-width space, a joiner, a control or bidi character), so it matches no request that looks the same; retype it`,
      part,
    );
  };
  const groups = (list: readonly { id: string }[] | undefined, pointer: string) =>
    list?.forEach((g, i) => hidden(g.id, `${pointer}/${i}/id`, 'this group ID'));
  const requestor = rule.requestor;
  if (requestor.type === 'group') groups(requestor.groups, `${at}/requestor/groups`);
  if (requestor.type === 'agentic') {
    const agent = requestor.agent;
    const agentAt = `${at}/requestor/agent`;
    if (agent.type === 'agent-client') hidden(agent.clientId, `${agentAt}/clientId`, '`clientId`');
    if (agent.type === 'provider') hidden(agent.providerId, `${agentAt}/providerId`, '`providerId`');
    if (agent.type === 'owner-group') groups(agent.groups, `${agentAt}/groups`);
    if (requestor.user.type === 'group') groups(requestor.user.groups, `${at}/requestor/user/groups`);
  }
  if (rule.resource.type === 'integration') {
    const resourceAt = `${at}/resource`;
    hidden(rule.resource.service, `${resourceAt}/service`, '`service`');
    hidden(rule.resource.accessType, `${resourceAt}/accessType`, '`accessType`');
    for (const [name, filter] of Object.entries(rule.resource.filters ?? {})) {
      const filterAt = `${resourceAt}/filters/${pointerSegment(name)}`;
      hidden(name, filterAt, 'this filter name', 'key');
      hidden(filter.key, `${filterAt}/key`, "this filter's `key`");
    }
  }
  rule.approval.forEach((entry, i) => {
    const entryAt = `${at}/approval/${i}`;
    if (entry.type === 'group') groups(entry.groups, `${entryAt}/groups`);
    if (entry.type === 'requestor-profile')
      hidden(entry.profileProperty, `${entryAt}/profileProperty`, '`profileProperty`');
  });
}

/** What the schema cannot say about an agent: the key its type needs (either spelling passes the schema). */
function checkAgent(agent: AgentMatcher, at: string, error: Report): void {
  const needs = agent.type === 'agent-client' ? 'clientId' : agent.type === 'provider' ? 'providerId' : undefined;
  if (needs !== undefined && (agent as Record<string, unknown>)[needs] === undefined) {
    error(`${at}/type`, 'schema.missing-key', `an \`${agent.type}\` agent needs \`${needs}\``, 'pair');
  }
  if (agent.type === 'provider' && agent.subjectPattern !== undefined) {
    const why = patternFinding(agent.subjectPattern);
    if (why)
      error(
        `${at}/subjectPattern`,
        why.kind === 'unsupported' ? 'routing.pattern-unsupported' : 'routing.bad-pattern',
        why.message,
      );
  }
}

function duplicateGroups(groups: readonly { id: string; directory: string }[], at: string, warn: Report): void {
  const seen = new Set<string>();
  groups.forEach((g, i) => {
    const id = `${g.directory}\n${g.id}`;
    if (seen.has(id))
      warn(`${at}/${i}`, 'routing.duplicate-group', `group \`${g.id}\` (${g.directory}) is listed more than once`);
    seen.add(id);
  });
}
