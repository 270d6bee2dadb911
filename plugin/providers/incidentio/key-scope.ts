// What an incident.io API key can see of the account's schedules, judged from its identity (`GET
// /v1/identity`) as incident.io documents it: `roles` apply to every request; `team_roles` apply only to
// resources owned by the teams in `teams`, in addition to `roles`. So a key with an account role that reads
// schedules sees every schedule, whatever its teams; a key that reads schedules only through a team role
// sees only those teams' schedules, and "on call for any schedule" would silently shrink to them; a key with
// neither cannot read schedules at all, and nobody would ever count as on call.
import type { Identity } from './api-types.js';

/**
 * Roles that read schedules and who is on call: incident.io's schedule and on-call roles. Other roles
 * (`viewer`, `global_access`, ...) are not counted: none of them is documented as reading schedules, and
 * counting one by guess could hide a key that cannot.
 */
export const SCHEDULE_READING_ROLES: readonly string[] = [
  'schedules_reader',
  'schedules_editor',
  'on_call_viewer',
  'on_call_editor',
];

export interface KeyScope {
  /** `account`: every schedule; `teams`: only the schedules of `teams`; `none`: no schedule at all. */
  scope: 'account' | 'teams' | 'none';
  /** The key's account roles that read schedules. */
  accountRoles: string[];
  /** The key's team roles that read schedules (counted only when no account role does). */
  teamRoles: string[];
  /** The teams the key is scoped to, by name (or ID). */
  teams: string[];
  /** What this means for "on call for any schedule", as a sentence. */
  sentence: string;
}

export function judgeKeyScope(identity: Pick<Identity, 'roles' | 'teams'> & { teamRoles?: string[] }): KeyScope {
  const reads = (roles: readonly string[]) => roles.filter((r) => SCHEDULE_READING_ROLES.includes(r));
  const accountRoles = reads(identity.roles);
  const teamRoles = reads(identity.teamRoles ?? []);
  const teams = identity.teams.map((t) => t.name || t.id);
  if (accountRoles.length > 0) {
    return {
      scope: 'account',
      accountRoles,
      teamRoles,
      teams,
      sentence: `the key reads every schedule of the account (account role ${accountRoles.join(', ')})`,
    };
  }
  if (teamRoles.length > 0 && teams.length > 0) {
    const which = teams.length === 1 ? `team ${teams[0]}` : `teams ${teams.join(', ')}`;
    return {
      scope: 'teams',
      accountRoles,
      teamRoles,
      teams,
      sentence:
        `the key reads schedules only through its team role ${teamRoles.join(', ')} for ${which}: it sees only ${teams.length === 1 ? "that team's" : "those teams'"} schedules, ` +
        'so "on call for any schedule" ignores every other schedule. Give the key an account role that reads schedules (such as schedules_reader).',
    };
  }
  return {
    scope: 'none',
    accountRoles,
    teamRoles,
    teams,
    sentence:
      `the key has no role that reads schedules (roles: ${identity.roles.join(', ') || 'none'}${identity.teamRoles?.length ? `; team roles: ${identity.teamRoles.join(', ')}` : ''}), ` +
      'so nobody would ever count as on call. Give it an account role that reads schedules (such as schedules_reader).',
  };
}
