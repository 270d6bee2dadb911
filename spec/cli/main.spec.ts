// One table of commands and one error path: every failure of every command is a `CliError` (exit 1
// invalid input, 2 usage, 3 unavailable), printed in one place, main.ts, in one of three forms. And the
// commands that print one document write it with `--out FILE` instead of a shell redirect.
import { expect } from 'chai';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError, EXIT, isCliError } from '../../plugin/cli/io.js';
import { repoRoot, runCli } from '../support/cli.js';

const CLI_DIR = join(repoRoot, 'plugin', 'cli');
const sources = () =>
  readdirSync(CLI_DIR)
    .filter((n) => n.endsWith('.ts'))
    .map((n) => ({ name: n, text: readFileSync(join(CLI_DIR, n), 'utf8') }));

describe('CLI: one dispatch, one error path', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'oncall-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('CliError is the only error class of the command, and only main.ts turns results into exit codes', () => {
    const classes = sources().flatMap(({ name, text }) =>
      [...text.matchAll(/class\s+(\w+)\s+extends\s+\w*Error\b/g)].map((m) => `${name}: ${m[1]}`),
    );
    expect(classes).to.deep.equal(['io.ts: CliError']);
    const exits = sources()
      .filter(({ name }) => name !== 'main.ts')
      .flatMap(({ name, text }) => [...text.matchAll(/return\s+EXIT\.|\{\s*exit\s*:/g)].map((m) => `${name}: ${m[0]}`));
    expect(exits, 'an exit code returned (or carried in a result) outside main.ts').to.deep.equal([]);
  });

  it('a CliError is known by its name too, as a second copy of io.ts would make it', () => {
    expect(isCliError(CliError.usage('x'))).to.equal(true);
    const copy = Object.assign(new Error('from another copy'), { name: 'CliError', exit: 3 });
    expect(isCliError(copy)).to.equal(true);
    expect(isCliError(new Error('plain'))).to.equal(false);
    expect(isCliError(Object.assign(new Error('no exit'), { name: 'CliError' }))).to.equal(false);
    expect(CliError.report(EXIT.invalid)).to.include({ exit: 1, form: 'report', message: '' });
    expect(CliError.usage('bad')).to.include({ exit: 2, form: 'usage', message: 'bad' });
  });

  it('a sentence: `oncall-approval COMMAND: ...` on stderr, nothing else', async () => {
    const r = await runCli(['check-key']);
    expect(r.code).to.equal(2);
    expect(r.stdout).to.equal('');
    expect(r.stderr).to.equal(
      'oncall-approval check-key: no API key is set: set INCIDENT_IO_API_KEY (incident.io) and/or PAGERDUTY_API_KEY (PagerDuty) to the key to check (and INCIDENT_IO_BASE_URL / PAGERDUTY_BASE_URL for another server)\n',
    );
  });

  it('a sentence with its flag as the subject', async () => {
    const r = await runCli(['validate', '--online', 'rules/seed-auto/seed-auto.routing.yaml']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(
      /^oncall-approval validate --online: needs the incident\.io API: set INCIDENT_IO_API_KEY/m,
    );
  });

  it('a usage mistake: the sentence, then the usage, exit 2', async () => {
    const r = await runCli(['schedules', '--format', 'xml']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(
      /^oncall-approval schedules: --format must be text or json; got 'xml'\n\nUsage: oncall-approval schedules /,
    );
  });

  it('a report: located problems as they are; or nothing more when the output already says it', async () => {
    const bad = join(dir, 'bad.routing.yaml');
    writeFileSync(bad, '- name: x\n  requestor: { type: nobody }\n  resource: { type: any }\n  approval: []\n');
    const compiled = await runCli(['compile', '--rules', bad]);
    expect(compiled.code).to.equal(1);
    expect(compiled.stderr).to.match(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: error: `));
    expect(compiled.stderr).to.not.include('oncall-approval compile:');

    const validated = await runCli(['validate', '--format', 'json', bad]);
    expect(validated.code).to.equal(1);
    expect(JSON.parse(validated.stdout)).to.not.deep.equal([]);
    expect(validated.stderr).to.equal('');
  });

  it('an unknown command is a usage mistake naming the commands, with the one meant when it is close', async () => {
    const r = await runCli(['nope']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.equal(
      "oncall-approval: unknown command 'nope'\n" +
        'Commands: validate, evaluate, can-approve, compile, schedules, check-key, schema, simulate, test. Run `oncall-approval --help` for what each does.\n',
    );
    for (const [typed, meant] of [
      ['evalute', 'evaluate'],
      ['valdiate', 'validate'],
      ['can_approve', 'can-approve'],
      ['tests', 'test'],
    ]) {
      const guessed = await runCli([typed!]);
      expect(guessed.code).to.equal(2);
      expect(guessed.stderr.split('\n')[0]).to.equal(
        `oncall-approval: unknown command '${typed}'; did you mean '${meant}'?`,
      );
    }
  });

  it("a mistyped flag: did you mean, then only that command's synopsis (not its whole help), exit 2", async () => {
    const r = await runCli(['evaluate', '--reqest', 'x.json']);
    expect(r.code).to.equal(2);
    const [sentence, blank, ...rest] = r.stderr.trimEnd().split('\n');
    expect(sentence).to.equal("oncall-approval evaluate: unknown option '--reqest'; did you mean '--request'?");
    expect(blank).to.equal('');
    expect(rest[0]).to.match(/^Usage: oncall-approval evaluate /);
    expect(rest.at(-1)).to.equal('Run `oncall-approval evaluate --help` for every option.');
    expect(r.stderr).to.not.include('Options:').and.not.include('Exit codes');
    expect(r.stderr).to.not.include('To specify a positional argument');
    // Nothing close: no guess, still our sentence.
    const far = await runCli(['validate', '--zzz', 'a.yaml']);
    expect(far.stderr.split('\n')[0]).to.equal("oncall-approval validate: unknown option '--zzz'");
    const missing = await runCli(['evaluate', '--request']);
    expect(missing.stderr.split('\n')[0]).to.equal('oncall-approval evaluate: --request needs a value');
  });

  it('anything else is a bug: one line naming the command, the stack only with ONCALL_APPROVAL_DEBUG', async () => {
    const { main } = await import('../../plugin/cli/main.js');
    const run = async (env: Record<string, string>) => {
      let stderr = '';
      const code = await main(
        ['evaluate', '--request', '-', '--schedules', 'rules/oncall.example.yaml', '--now', '2026-11-26T08:00:00Z'],
        {
          stdout: () => {},
          stderr: (t) => (stderr += t),
          env,
          readStdin: async () => {
            throw new TypeError('stdin went away');
          },
          now: () => new Date(),
        },
      );
      return { code, stderr };
    };
    const quiet = await run({});
    expect(quiet).to.deep.equal({ code: 1, stderr: 'oncall-approval evaluate: internal error: stdin went away\n' });
    const debug = await run({ ONCALL_APPROVAL_DEBUG: '1' });
    expect(debug.stderr).to.match(/internal error: stdin went away\nTypeError: stdin went away\n\s+at /);
  });

  it('`--help` lists every command with its summary without loading them; `--version` prints the version', async () => {
    const help = await runCli(['--help']);
    expect(help.code).to.equal(0);
    for (const name of [
      'validate',
      'evaluate',
      'can-approve',
      'compile',
      'schedules',
      'check-key',
      'schema',
      'simulate',
      'test',
    ]) {
      expect(help.stdout).to.match(new RegExp(`^  ${name} +\\S`, 'm'));
    }
    const bare = await runCli([]);
    expect(bare.code).to.equal(2);
    expect(bare.stdout).to.equal(help.stdout);
    const version = await runCli(['--version']);
    expect(version.stdout).to.equal(`${JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version}\n`);
  });

  it('every command answers --help with its usage', async () => {
    for (const name of [
      'validate',
      'evaluate',
      'can-approve',
      'compile',
      'schedules',
      'check-key',
      'schema',
      'simulate',
      'test',
    ]) {
      const r = await runCli([name, '--help']);
      expect(r.code, name).to.equal(0);
      expect(r.stdout, name).to.match(new RegExp(`^Usage: oncall-approval ${name}\\b`));
    }
  });

  describe('--out FILE', () => {
    it('`schema --out` writes what `schema` prints, and says so on stderr', async () => {
      const out = join(dir, 'routing.schema.json');
      const printed = await runCli(['schema']);
      const written = await runCli(['schema', '--out', out]);
      expect(written.code, written.stderr).to.equal(0);
      expect(written.stdout).to.equal('');
      expect(written.stderr).to.equal(`wrote ${out}\n`);
      expect(readFileSync(out, 'utf8')).to.equal(printed.stdout);
    });

    it('`compile --out` writes what `compile` prints; a failing compile leaves no file', async () => {
      const out = join(dir, 'compiled.json');
      const args = ['compile', '--rules', 'rules/production-guarded/production-guarded.routing.yaml'];
      const printed = await runCli(args);
      const written = await runCli([...args, '--out', out]);
      expect(written.code, written.stderr).to.equal(0);
      expect(written.stdout).to.equal('');
      expect(readFileSync(out, 'utf8')).to.equal(printed.stdout);

      const bad = join(dir, 'broken.routing.yaml');
      writeFileSync(bad, '- requestor: { type: nobody }\n  resource: { type: any }\n  approval: []\n');
      const never = join(dir, 'never.json');
      const failed = await runCli(['compile', '--rules', bad, '--out', never]);
      expect(failed.code).to.equal(1);
      expect(existsSync(never), 'a file for a failed compile').to.equal(false);
    });

    it('a FILE that cannot be written is exit 1 with a sentence', async () => {
      const out = join(dir, 'no-such-dir', 'schema.json');
      const r = await runCli(['schema', '--out', out]);
      expect(r.code).to.equal(1);
      expect(r.stderr).to.equal(`oncall-approval schema: cannot write ${out}: ENOENT\n`);
    });
  });
});
