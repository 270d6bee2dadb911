import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { createLocalProvider } from '../../../plugin/providers/local/local-provider.js';
import {
  loadSchedulesFile,
  parseSchedulesText,
  SchedulesFileError,
} from '../../../plugin/providers/local/schedules-file.js';

const example = fileURLToPath(new URL('../../../rules/oncall.example.yaml', import.meta.url));

function problems(text: string) {
  const { data, problems } = parseSchedulesText(text, 'oncall.yaml');
  expect(data, 'a file with errors is never used').to.equal(undefined);
  return problems.map((p) => `${p.line}:${p.column} ${p.code} ${p.message}`);
}

describe('local schedules file', () => {
  it('parses the documented format (YAML) with defaults filled in', () => {
    const { data, problems } = parseSchedulesText(
      [
        'schedules:',
        '  - id: 01HPRIMARY0000000000000000',
        '    name: Primary on-call',
        '    timezone: Europe/London',
        '    entries:',
        '      - start_at: 2026-11-26T00:00:00Z',
        '        end_at: 2026-11-27T00:00:00Z',
        '        user: { id: U01, name: Alice Example, email: alice@example.com }',
        '  - id: S2',
        '    name: Empty',
        '    entries: []',
      ].join('\n'),
      'oncall.yaml',
    );
    expect(problems).to.deep.equal([]);
    expect(data!.schedules[0]).to.deep.equal({
      id: '01HPRIMARY0000000000000000',
      name: 'Primary on-call',
      timezone: 'Europe/London',
      teamIds: [],
      entries: [
        {
          start_at: '2026-11-26T00:00:00Z',
          end_at: '2026-11-27T00:00:00Z',
          user: { id: 'U01', name: 'Alice Example', email: 'alice@example.com' },
        },
      ],
      scheduled: [],
      overrides: [],
    });
    expect(data!.schedules[1]!.timezone).to.equal('UTC');
  });

  it('parses JSON too', () => {
    const { data } = parseSchedulesText(
      JSON.stringify({ schedules: [{ id: 'A', name: 'A', entries: [] }] }),
      'oncall.json',
    );
    expect(data!.schedules.map((s) => s.id)).to.deep.equal(['A']);
  });

  it('locates every mistake at file:line:col', () => {
    expect(
      problems(
        [
          'schedules:',
          '  - id: A',
          '    name: A',
          '    timezone: Mars/Olympus',
          '    entries:',
          '      - start_at: 2026-11-26T09:00:00Z',
          '        end_at: 2026-11-26T08:00:00Z',
          '        user: { email: not-an-email }',
          '      - start_at: yesterday',
          '        end_at: 2026-11-26T08:00:00Z',
          '        usr: { email: a@example.com }',
          '  - id: A',
          '    name: 12',
        ].join('\n'),
      ),
    ).to.deep.equal([
      '4:15 schedules.bad-timezone `Mars/Olympus` is not an IANA time zone such as Europe/London',
      '7:17 schedules.end-before-start `end_at` must be after `start_at`',
      '8:24 schedules.bad-email `not-an-email` is not an email address',
      '11:9 schedules.unknown-key unknown field `usr` in an entry (allowed: start_at, end_at, user, entry_id, fingerprint, rotation_id, layer_id)',
      '9:19 schedules.bad-time `yesterday` is not an RFC 3339 time such as 2026-11-26T09:00:00Z',
      '12:9 schedules.duplicate-id schedule `A` appears twice',
      '13:11 schedules.type `name` must be a string (quote it)',
      '12:5 schedules.missing-key missing `entries` (write `entries: []` for a schedule with nobody on call)',
    ]);
  });

  it('reports YAML syntax errors and a missing schedules list', () => {
    expect(problems('schedules: [\n')[0]).to.match(/^2:1 parse\.yaml-syntax /);
    expect(problems('schedule: []\n')).to.deep.equal([
      '1:1 schedules.unknown-key unknown field `schedule` in the schedules file (allowed: schedules, pagerduty)',
      '1:1 schedules.missing-key missing `schedules`',
    ]);
  });

  it('4,000 entries whose users are aliases load, and equal the same data written without anchors', () => {
    const users = ['alice', 'bob', 'carol', 'dave'];
    const user = (i: number) => `{ id: U${i}, name: ${users[i]}, email: ${users[i]}@example.com }`;
    const text = (anchors: boolean) => {
      const lines = ['schedules:', '  - id: 01HPRIMARY0000000000000000', '    name: Primary on-call', '    entries:'];
      for (let i = 0; i < 4000; i++) {
        const start = new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString();
        const end = new Date(Date.UTC(2026, 0, 1) + (i + 1) * 3_600_000).toISOString();
        const u = i % users.length;
        const who = !anchors ? user(u) : i < users.length ? `&${users[u]} ${user(u)}` : `*${users[u]}`;
        lines.push(`      - { start_at: ${start}, end_at: ${end}, layer_id: primary, user: ${who} }`);
      }
      return lines.join('\n') + '\n';
    };
    const withAnchors = parseSchedulesText(text(true), 'anchors.yaml');
    const written = parseSchedulesText(text(false), 'written.yaml');
    expect(withAnchors.problems).to.deep.equal([]);
    expect(written.problems).to.deep.equal([]);
    expect(withAnchors.data!.schedules[0]!.entries).to.have.length(4000);
    expect(withAnchors.data!.schedules).to.deep.equal(written.data!.schedules);
    // Each entry has a user of its own: changing one cannot change another.
    const entries = withAnchors.data!.schedules[0]!.entries;
    expect(entries[4]!.user).to.deep.equal(entries[0]!.user);
    expect(entries[4]!.user).to.not.equal(entries[0]!.user);
  });

  it('loadSchedulesFile throws a located SchedulesFileError, also for a missing file', async () => {
    try {
      await loadSchedulesFile('/nonexistent/oncall.yaml');
      expect.fail('should throw');
    } catch (err) {
      expect(err).to.be.instanceOf(SchedulesFileError);
      expect((err as Error).message).to.equal(
        '/nonexistent/oncall.yaml:1:1: error: cannot read the schedules file: no such file',
      );
      expect((err as SchedulesFileError).problems.map((p) => p.code)).to.deep.equal(['parse.unreadable']);
    }
  });

  describe('rules/oncall.example.yaml', () => {
    it('loads, with the three schedules the routing examples use', async () => {
      const file = await loadSchedulesFile(example);
      expect(file.schedules.map((s) => [s.id, s.name])).to.deep.equal([
        ['01HPRIMARY0000000000000000', 'Primary on-call'],
        ['01HDATABASE000000000000000', 'Database on-call'],
        ['01HSECURITY000000000000000', 'Security on-call'],
      ]);
      expect(file.schedules[0]!.timezone).to.equal('Europe/London');
    });

    it('says who is on call around 2026-11-26, handover at 09:00Z and the override included', async () => {
      const provider = createLocalProvider(await loadSchedulesFile(example));
      const who = async (iso: string) =>
        (await provider.onCallAny(new Date(iso))).schedules.map((s) =>
          s.status === 'answered' ? s.onCall.map((p) => p.email.split('@')[0]).join('+') : 'failed',
        );
      expect(await who('2026-11-26T08:00:00Z')).to.deep.equal(['alice+carol', 'bob', 'dave']);
      expect(await who('2026-11-26T08:59:59.999Z')).to.deep.equal(['alice+carol', 'bob', 'dave']);
      expect(await who('2026-11-26T09:00:00Z')).to.deep.equal(['bob+dave', 'dave', 'carol']);
      expect(await who('2026-11-26T13:00:00Z')).to.deep.equal(['carol+dave', 'dave', 'carol']);
      // The data spans November to January, so demos work without --now for weeks around the examples.
      expect(await who('2026-11-01T09:00:00Z')).to.not.include('');
      expect(await who('2027-02-01T08:59:59.999Z')).to.not.include('');
      expect(await who('2027-02-01T09:00:00Z')).to.deep.equal(['', '', '']);
    });
  });
});
