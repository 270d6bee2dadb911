// A key's scope, from its identity as incident.io documents it: account `roles` apply everywhere,
// `team_roles` only to the teams' resources. And the schedule allow-list as a person writes it.
import { expect } from 'chai';
import { decodeIdentity } from '../../../plugin/providers/incidentio/decode.js';
import { judgeKeyScope } from '../../../plugin/providers/incidentio/key-scope.js';
import { parseScheduleAllowList } from '../../../plugin/providers/schedule-allow-list.js';

const identity = (roles: string[], teamRoles: string[] = [], teams: string[] = []) =>
  decodeIdentity({
    identity: { name: 'k', roles, team_roles: teamRoles, teams: teams.map((name, i) => ({ id: `T${i}`, name })) },
  });

describe('incident.io: a key scope, from roles and team_roles', () => {
  it('reads team_roles from the identity', () => {
    expect(identity(['viewer'], ['schedules_reader'], ['Payments']).teamRoles).to.deep.equal(['schedules_reader']);
    expect(decodeIdentity({ identity: { name: 'k', roles: [] } }).teamRoles).to.deep.equal([]);
  });

  it('an account role that reads schedules sees every schedule, whatever its teams', () => {
    const scope = judgeKeyScope(identity(['schedules_reader'], ['schedules_editor'], ['Payments']));
    expect(scope.scope).to.equal('account');
    expect(scope.sentence).to.match(/every schedule/);
  });

  it('viewer at the account plus a team role that reads schedules sees only that team', () => {
    const scope = judgeKeyScope(identity(['viewer'], ['schedules_reader'], ['Payments']));
    expect(scope).to.deep.include({ scope: 'teams', teams: ['Payments'], teamRoles: ['schedules_reader'] });
    expect(scope.sentence).to.match(/only that team's schedules/);
  });

  it('teams whose team roles do not read schedules do not narrow an account that cannot read them either', () => {
    expect(judgeKeyScope(identity(['viewer'], ['incident_editor'], ['Payments'])).scope).to.equal('none');
    expect(judgeKeyScope(identity(['incident_creator'])).sentence).to.match(/no role that reads schedules/);
    expect(judgeKeyScope(identity([], ['schedules_reader'], [])).scope).to.equal('none');
  });
});

describe('the schedule allow-list as written', () => {
  it('reads comma-separated IDs, each once', () => {
    expect(
      parseScheduleAllowList(' 01HPRIMARY0000000000000000, 01HSECURITY000000000000000,01HPRIMARY0000000000000000'),
    ).to.deep.equal({
      scheduleAllowList: ['01HPRIMARY0000000000000000', '01HSECURITY000000000000000'],
    });
  });

  it('refuses an empty list, an empty item and a non-ID, never reading them as "no restriction"', () => {
    expect(parseScheduleAllowList('')).to.have.property('error');
    expect(parseScheduleAllowList(' , ')).to.have.property('error');
    expect(parseScheduleAllowList('A,,B')).to.deep.equal({ error: 'item 2 of the schedule allow-list is empty' });
    expect(parseScheduleAllowList('Primary on-call'))
      .to.have.property('error')
      .that.matches(/not a schedule ID/);
  });
});
