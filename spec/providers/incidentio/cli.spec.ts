// The `schedules`, `check-key` and `simulate` commands: in-process for most cases, and once as real
// processes (the simulator and `schedules`) to prove the installed command works end to end.
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Simulator } from '../../../plugin/providers/incidentio/simulator.js';
import { builtBin, repoRoot, runCli, spawnCli } from '../../support/cli.js';
import { closeAll, data, entry, realFetch, schedule, simulator, TEST_KEY } from './helpers.js';

const EXAMPLE = 'rules/oncall.example.yaml';
const NOW = new Date('2026-11-26T08:00:00Z');

/** Starts the real `oncall-approval simulate` and resolves with its URL (the first line of stdout). */
function spawnSimulator(args: string[]): Promise<{ url: string; child: ChildProcess; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [builtBin(), 'simulate', ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`simulate did not print its URL: ${err}`));
    }, 15_000);
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n');
      if (line.length > 1) {
        clearTimeout(timer);
        resolve({ url: line[0]!, child, exited });
      }
    });
    child.on('exit', () => reject(new Error(`simulate exited early: ${err}`)));
  });
}

describe('CLI: schedules, check-key, simulate', () => {
  const opened: Simulator[] = [];
  afterEach(() => closeAll(opened));

  it('real processes: `simulate --data rules/oncall.example.yaml`, then `schedules` against it lists who is on call', async function () {
    this.timeout(30_000);
    const sim = await spawnSimulator(['--data', EXAMPLE, '--port', '0', '--api-key', TEST_KEY]);
    try {
      expect(sim.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
      const env = { INCIDENT_IO_BASE_URL: sim.url, INCIDENT_IO_API_KEY: TEST_KEY };
      const listed = await spawnCli(['schedules', '--now', '2026-11-26T08:00:00Z'], { env });
      expect(listed.stderr).to.equal('');
      expect(listed.code).to.equal(0);
      const lines = listed.stdout.trim().split('\n');
      expect(lines[0]).to.match(/^ID\s+NAME\s+TIMEZONE\s+ON CALL AT 2026-11-26T08:00:00.000Z$/);
      expect(lines[1]).to.match(
        /^01HPRIMARY0000000000000000\s+Primary on-call\s+Europe\/London\s+alice@example.com \(until 2026-11-26T09:00:00Z\), carol@example.com \(until 2026-11-26T09:00:00Z\)$/,
      );
      expect(lines[2]).to.match(/^01HDATABASE000000000000000\s+Database on-call\s+Europe\/London\s+bob@example.com/);
      expect(lines[3]).to.match(
        /^01HSECURITY000000000000000\s+Security on-call\s+America\/New_York\s+dave@example.com/,
      );
      expect(listed.stdout + listed.stderr).to.not.include(TEST_KEY);
    } finally {
      sim.child.kill('SIGTERM');
    }
    expect(await sim.exited, 'simulate stops cleanly on SIGTERM').to.equal(0);
  });

  it('`check-key` with a wrong key exits 3 with a sentence and never prints the key', async () => {
    const sim = await simulator(opened, { data: data(schedule('P', [])) });
    const wrong = 'wrong-key-5e1d0c-never-print-me';
    const r = await runCli(['check-key'], { env: { INCIDENT_IO_API_KEY: wrong, INCIDENT_IO_BASE_URL: sim.url } });
    expect(r.code).to.equal(3);
    expect(r.stdout).to.equal('');
    expect(r.stderr).to.match(
      /^oncall-approval check-key: incident\.io did not accept the API key: incident\.io answered 401 Unauthorized to GET \/v2\/schedules \(request id sim-1\): the API key was rejected/,
    );
    expect(r.stdout + r.stderr).to.not.include(wrong);
  });

  it('`check-key` with a good key says so; a team-scoped key gets a warning', async () => {
    const open = await simulator(opened, { data: data(schedule('P', [])) });
    const ok = await runCli(['check-key'], { env: { INCIDENT_IO_API_KEY: TEST_KEY, INCIDENT_IO_BASE_URL: open.url } });
    expect(ok.code).to.equal(0);
    expect(ok.stdout).to.equal(
      `ok: the API key can read schedules at ${open.url} (1 schedule; key "oncall-approval simulator key")\n`,
    );
    expect(ok.stderr).to.equal('');

    const scoped = await simulator(opened, {
      data: data(schedule('P', [])),
      identity: { teams: [{ id: 'T1', name: 'Platform' }] },
    });
    const warned = await runCli(['check-key', '--format', 'json'], {
      env: { INCIDENT_IO_API_KEY: TEST_KEY, INCIDENT_IO_BASE_URL: scoped.url },
    });
    expect(warned.code).to.equal(0);
    expect(warned.stderr).to.match(/^warning: the key is scoped to team Platform: it sees only that team's schedules/);
    const json = JSON.parse(warned.stdout);
    expect(json).to.include({ ok: true, schedulesOnFirstPage: 1, moreSchedules: false });
    expect(json.warnings).to.have.length(1);
    expect(warned.stdout + warned.stderr).to.not.include(TEST_KEY);
  });

  it('`check-key` exits 3 when incident.io is unreachable, and 2 without a key', async () => {
    const refused: typeof fetch = async () => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    };
    // maxRetries default is 3 with real backoff; a refused connection is quick, the backoff (~1.4 s) is the cost.
    const r = await runCli(['check-key'], {
      env: { INCIDENT_IO_API_KEY: TEST_KEY, INCIDENT_IO_BASE_URL: 'http://127.0.0.1:9' },
      fetch: refused,
    });
    expect(r.code).to.equal(3);
    expect(r.stderr).to.equal(
      'oncall-approval check-key: incident.io could not be reached: could not reach incident.io at http://127.0.0.1:9 (ECONNREFUSED) (4 attempts)\n',
    );
    const none = await runCli(['check-key'], { env: {} });
    expect(none.code).to.equal(2);
    expect(none.stderr).to.match(/no API key is set: set INCIDENT_IO_API_KEY/);
  });

  it('`schedules` without --schedules or a key exits 2 naming both', async () => {
    const r = await runCli(['schedules'], { env: {} });
    expect(r.code).to.equal(2);
    expect(r.stderr).to.include('--schedules FILE').and.include('INCIDENT_IO_API_KEY');
  });

  it('`schedules --schedules FILE --format json` uses the io clock without --now', async () => {
    const r = await runCli(['schedules', '--schedules', EXAMPLE, '--format', 'json'], {
      now: new Date('2026-11-26T13:00:00Z'),
    });
    expect(r.code).to.equal(0);
    const out = JSON.parse(r.stdout);
    expect(out.at).to.equal('2026-11-26T13:00:00.000Z');
    expect(out.source).to.equal(`schedules file ${EXAMPLE}`);
    expect(out.schedules.map((s: any) => [s.id, s.status, s.onCall.map((p: any) => p.email)])).to.deep.equal([
      ['01HPRIMARY0000000000000000', 'answered', ['carol@example.com', 'dave@example.com']],
      ['01HDATABASE000000000000000', 'answered', ['dave@example.com']],
      ['01HSECURITY000000000000000', 'answered', ['carol@example.com']],
    ]);
  });

  it('`schedules` exits 3 when incident.io rejects the key, and shows failed schedules as unknown', async () => {
    const rejected = await simulator(opened, { data: data(schedule('P', [])) });
    const r = await runCli(['schedules'], {
      env: { INCIDENT_IO_API_KEY: 'nope-nope-nope', INCIDENT_IO_BASE_URL: rejected.url },
      now: NOW,
    });
    expect(r.code).to.equal(3);
    expect(r.stderr).to.match(/could not list the schedules: incident\.io answered 401 Unauthorized/);

    const sim = await simulator(opened, {
      data: data(schedule('P', [entry('2026-11-26T00:00:00Z', '2026-11-27T00:00:00Z', 'a@example.com')])),
    });
    const env = { INCIDENT_IO_API_KEY: TEST_KEY, INCIDENT_IO_BASE_URL: sim.url };
    const entriesGone: typeof fetch = async (url, init) =>
      String(url).includes('/v2/schedule_entries')
        ? new Response(
            JSON.stringify({
              type: 'not_found',
              status: 404,
              request_id: 'r-9',
              errors: [{ code: 'not_found', message: 'gone' }],
            }),
            { status: 404 },
          )
        : realFetch(url, init);
    const failing = await runCli(['schedules', '--now', '2026-11-26T08:00:00Z'], { env, fetch: entriesGone });
    expect(failing.code).to.equal(3);
    expect(failing.stdout.split('\n')[1]).to.match(
      /^P\s+Schedule P\s+Europe\/London\s+unknown: incident\.io answered 404 Not Found to GET \/v2\/schedule_entries \(request id r-9\): there is no schedule P/,
    );

    sim.faults.malformedRate = 1;
    const listFails = await runCli(['schedules'], { env, now: NOW });
    expect(listFails.code).to.equal(3);
    expect(listFails.stderr).to.match(
      /could not list the schedules: incident\.io answered GET \/v2\/schedules with a body that is not JSON/,
    );
  });

  it('`schedules` reports a bad schedules file at file:line:col (exit 1) and a bad --now (exit 2)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oncall-'));
    const file = join(dir, 'bad.yaml');
    await writeFile(
      file,
      'schedules:\n  - id: A\n    name: A\n    entries:\n      - { start_at: nope, end_at: 2026-11-26T09:00:00Z }\n',
    );
    const bad = await runCli(['schedules', '--schedules', file]);
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.equal(`${file}:5:21: error: \`nope\` is not an RFC 3339 time such as 2026-11-26T09:00:00Z\n`);
    const badNow = await runCli(['schedules', '--schedules', EXAMPLE, '--now', 'tomorrow']);
    expect(badNow.code).to.equal(2);
    expect(badNow.stderr).to.match(/--now: .*RFC 3339 instant with its zone/);
  });

  it('`simulate` in-process: prints its URL first, serves the file, stops when the signal aborts', async () => {
    const controller = new AbortController();
    let stdout = '';
    const { main } = await import('../../../plugin/cli/main.js');
    const running = main(['simulate', '--data', EXAMPLE, '--page-size', '1'], {
      stdout: (t) => (stdout += t),
      stderr: () => {},
      env: {},
      readStdin: async () => '',
      now: () => NOW,
      signal: controller.signal,
    });
    for (let i = 0; i < 200 && !stdout.includes('\n'); i++) await new Promise((r) => setTimeout(r, 10));
    const url = stdout.split('\n')[0]!;
    const res = await fetch(`${url}/v2/schedules`, { headers: { Authorization: 'Bearer anything' } });
    const body = await res.json();
    expect(body.schedules.map((s: any) => s.id)).to.deep.equal(['01HPRIMARY0000000000000000']);
    expect(body.pagination_meta.after).to.equal('01HPRIMARY0000000000000000');
    controller.abort();
    expect(await running).to.equal(0);
  });

  it('`simulate` refuses bad options and files', async () => {
    expect((await runCli(['simulate'])).code).to.equal(2);
    expect((await runCli(['simulate', '--data', EXAMPLE, '--fail-rate', '2'])).code).to.equal(2);
    const missing = await runCli(['simulate', '--data', '/nonexistent.yaml']);
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.equal('/nonexistent.yaml:1:1: error: cannot read the schedules file: no such file\n');
  });
});
