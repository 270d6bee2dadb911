// The command line as an attacker or an impatient person meets it: a signal in the middle of a decision stops
// it at once and prints no decision (exit 130 / 143, as a shell reports a process a signal ended), and no
// output path, success bodies and located problems included, carries the API key or a character that hides
// or reorders text.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSchedulesFile } from '../../plugin/providers/local/schedules-file.js';
import { startSimulator, type Simulator } from '../../plugin/providers/incidentio/simulator.js';
import { builtBin, repoRoot, runCli } from '../support/cli.js';

const KEY = 'sk_live_Redact_Me_0123456789';
const REQUEST = 'rules/production-guarded/requests/prod-database.json';
const RULES = 'rules/production-guarded/production-guarded.routing.yaml';

/** Runs the real command until the simulator has been asked `calls` times, then sends `signal`. */
function stopMidway(sim: Simulator, signal: 'SIGINT' | 'SIGTERM') {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      const child = spawn(
        process.execPath,
        [builtBin(), 'evaluate', '--rules', RULES, '--request', REQUEST, '--now', '2026-11-26T08:00:00Z'],
        {
          cwd: repoRoot,
          env: { PATH: process.env.PATH, INCIDENT_IO_API_KEY: KEY, INCIDENT_IO_BASE_URL: sim.url },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const before = sim.calls.total;
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      // Bounded: the simulator answers nothing for a minute, so only the signal can end the command in time.
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const poll = setInterval(() => {
        if (sim.calls.total > before) {
          clearInterval(poll);
          child.kill(signal);
        }
      }, 20);
      child.on('error', reject);
      child.on('close', (code, sig) => {
        clearTimeout(killer);
        clearInterval(poll);
        resolve({ code, signal: sig, stdout, stderr });
      });
    },
  );
}

describe('security: the command line', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ data: await loadSchedulesFile('rules/oncall.example.yaml'), apiKey: KEY });
  });
  after(() => sim.close());

  for (const [signal, exit] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} during evaluate stops every lookup, prints no decision and exits ${exit}`, async () => {
      sim.faults.latencyMs = 60_000;
      try {
        const r = await stopMidway(sim, signal);
        expect(r.signal, 'ended by the command itself, not by the test').to.equal(null);
        expect(r.code).to.equal(exit);
        expect(r.stdout).to.equal('');
        expect(r.stderr).to.include(`stopped by ${signal}`);
        expect(r.stderr).to.not.include(KEY);
      } finally {
        sim.faults.latencyMs = 0;
      }
    });
  }

  it('a key echoed into what the command prints (any case) is redacted on stdout and stderr', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oncall-redact-'));
    try {
      const rules = join(dir, 'echo.routing.yaml');
      // A rule named after the key stands for any text that reaches output: reasons quote rule names.
      await writeFile(
        rules,
        `- name: ${KEY.toUpperCase()}\n  requestor: { type: any }\n  resource: { type: any }\n  approval: [{ type: deny }]\n`,
      );
      const env = { INCIDENT_IO_API_KEY: KEY, INCIDENT_IO_BASE_URL: sim.url };
      const json = await runCli(['evaluate', '--rules', rules, '--request', REQUEST, '--now', '2026-11-26T08:00:00Z'], {
        env,
      });
      expect(json.code, json.stderr).to.equal(0);
      expect(JSON.parse(json.stdout).decision).to.equal('denied');
      expect(json.stdout.toLowerCase()).to.not.include(KEY.toLowerCase());
      expect(json.stdout).to.include('[redacted]');
      const bad = await runCli(['validate', rules, '--online'], { env: { ...env } });
      expect((bad.stdout + bad.stderr).toLowerCase()).to.not.include(KEY.toLowerCase());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('located problems print hidden and bidi characters as escapes, never raw', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oncall-bidi-'));
    try {
      const rules = join(dir, 'bidi.routing.yaml');
      await writeFile(
        rules,
        '- requestor: { type: any }\n  resource: { type: any }\n  approval: [{ type: "deny\u202Eyna" }]\n',
      );
      const r = await runCli(['validate', rules]);
      expect(r.code).to.equal(1);
      expect(r.stdout + r.stderr).to.not.match(/[\u202E\u200B]/);
      expect(r.stdout).to.include('\\u{202E}');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('--now refuses digits finer than a millisecond instead of cutting them', async () => {
    const r = await runCli([
      'evaluate',
      '--rules',
      RULES,
      '--request',
      REQUEST,
      '--schedules',
      'rules/oncall.example.yaml',
      '--now',
      '2026-11-26T09:00:00.000500Z',
    ]);
    expect(r.code).to.equal(2);
    expect(r.stdout).to.equal('');
    expect(r.stderr).to.match(/--now: .*finer than a millisecond/);
  });
});
