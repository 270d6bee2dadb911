// Scenario 7: the command as a user runs it. `oncall-approval validate` of one small routing file and
// `evaluate` on the README's Quick start (the bundled example), each a whole process from spawn to exit,
// against a bare `node -e 0` timed in the same rounds: the ratio is what the command costs over starting
// node at all, measured in one run on one machine. Every round runs the three in a rotating order, so a
// noisy neighbour lands on all of them; the medians are the figures. Then the peak resident memory of
// each (the kernel's maxRSS, written at exit by a one-line preload), from separate runs so the timed ones
// run the command untouched.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { median, type MemorySampler } from '../harness.js';
import { packageRoot, runProcess, type ProcessRun } from '../protocol.js';
import type { Scenario, ScenarioResult } from '../report.js';

export interface CliSizes {
  /** Untimed rounds first (the file cache, the disk). */
  warmupRounds: number;
  rounds: number;
  /** Runs of each command with the peak-memory preload. */
  rssRuns: number;
  timeoutMs: number;
}

/**
 * The command the package ships, as `npx oncall-approval` runs it: the `bin` entry of package.json, relative
 * to the package root. Read from there so the bench times whatever the package ships.
 */
export const CLI_BIN: string = (() => {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as {
    bin?: string | Record<string, string>;
  };
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.['oncall-approval'];
  if (bin === undefined) throw new Error('package.json has no `bin` for oncall-approval');
  return bin;
})();

/** The README's Quick start, without `--format text`: the JSON tells the bench what was decided. */
export const QUICK_START = [
  'evaluate',
  '--rules',
  'rules/production-guarded/production-guarded.routing.yaml',
  '--schedules',
  'rules/oncall.example.yaml',
  '--request',
  'rules/production-guarded/requests/staging-on-call.json',
  '--now',
  '2026-11-26T08:00:00Z',
];
export const SMALL_ROUTING_FILE = 'rules/seed-auto/seed-auto.routing.yaml';

interface Command {
  key: 'bareNode' | 'validate' | 'evaluate';
  label: string;
  args: string[];
  /** Throws when the command did not do its work: a failing command would be timed as fast. */
  check(run: ProcessRun): void;
}

function commands(bin: string): Command[] {
  const exitedZero = (name: string) => (run: ProcessRun) => {
    if (run.timedOut) return;
    if (run.code !== 0) throw new Error(`cli: ${name} exited ${run.code}:\n${run.stdout}${run.stderr}`);
  };
  return [
    { key: 'bareNode', label: 'node -e 0', args: ['-e', '0'], check: exitedZero('node -e 0') },
    {
      key: 'validate',
      label: `oncall-approval validate ${SMALL_ROUTING_FILE}`,
      args: [bin, 'validate', SMALL_ROUTING_FILE],
      check: exitedZero('validate'),
    },
    {
      key: 'evaluate',
      label: 'oncall-approval evaluate (README Quick start)',
      args: [bin, ...QUICK_START],
      check(run) {
        exitedZero('evaluate')(run);
        if (run.timedOut) return;
        const decision = (JSON.parse(run.stdout) as { decision?: string }).decision;
        if (decision !== 'approved') throw new Error(`cli: the Quick start decided ${decision}, expected approved`);
      },
    },
  ];
}

/** Node without anything the parent was started with (the tests run under tsx through NODE_OPTIONS). */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.NODE_OPTIONS;
  return env;
}

/** Writes the process's maxRSS (KB) to $BENCH_MAXRSS_FILE as it exits, however it exits. */
const MAXRSS_PRELOAD =
  'data:text/javascript,import{writeFileSync}from"node:fs";' +
  'process.on("exit",()=>writeFileSync(process.env.BENCH_MAXRSS_FILE,String(process.resourceUsage().maxRSS)))';

async function run(sizes: CliSizes, memory: MemorySampler): Promise<ScenarioResult> {
  memory.reset();
  const root = packageRoot();
  const bin = isAbsolute(CLI_BIN) ? CLI_BIN : join(root, CLI_BIN);
  if (!existsSync(bin)) throw new Error(`cli: ${CLI_BIN} (package.json \`bin\`) is missing: run \`npm run build\``);
  const cmds = commands(bin);
  const times = new Map<Command['key'], number[]>(cmds.map((c) => [c.key, []]));
  const timedOut = new Set<Command['key']>();
  const once = async (c: Command, env?: NodeJS.ProcessEnv, args = c.args): Promise<ProcessRun> => {
    const r = await runProcess(process.execPath, args, { cwd: root, env: cleanEnv(env), timeoutMs: sizes.timeoutMs });
    c.check(r);
    return r;
  };
  for (let round = 0; round < sizes.warmupRounds + sizes.rounds; round++) {
    for (let j = 0; j < cmds.length; j++) {
      const c = cmds[(j + round) % cmds.length]!;
      const r = await once(c);
      if (round < sizes.warmupRounds) continue;
      times.get(c.key)!.push(r.ms);
      if (r.timedOut) timedOut.add(c.key);
    }
    memory.sample();
  }
  const peak = new Map<Command['key'], number[]>(cmds.map((c) => [c.key, []]));
  const dir = await mkdtemp(join(tmpdir(), 'oncall-bench-'));
  try {
    for (let i = 0; i < sizes.rssRuns; i++) {
      for (const c of cmds) {
        const file = join(dir, `${c.key}-${i}`);
        const r = await once(c, { BENCH_MAXRSS_FILE: file }, ['--import', MAXRSS_PRELOAD, ...c.args]);
        if (r.timedOut) continue;
        peak.get(c.key)!.push(Number(await readFile(file, 'utf8')) / 1024);
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const ms = Object.fromEntries(cmds.map((c) => [c.key, median(times.get(c.key)!)])) as Record<Command['key'], number>;
  const mb = Object.fromEntries(cmds.map((c) => [c.key, median(peak.get(c.key)!)])) as Record<Command['key'], number>;
  const spread = (k: Command['key']) => {
    const xs = [...times.get(k)!].sort((a, b) => a - b);
    return `${xs[0]!.toFixed(0)}-${xs[xs.length - 1]!.toFixed(0)} ms`;
  };
  return {
    id: 7,
    name: `(7) the command: validate and evaluate against a bare node`,
    peakMB: memory.peakMB(),
    ratios: {},
    extra: {
      bareNodeMs: ms.bareNode,
      validateMs: ms.validate,
      evaluateMs: ms.evaluate,
      validateMsTimedOut: timedOut.has('validate') ? 1 : 0,
      evaluateMsTimedOut: timedOut.has('evaluate') ? 1 : 0,
      validateTimesBareNode: ms.validate / ms.bareNode,
      evaluateTimesBareNode: ms.evaluate / ms.bareNode,
      bareNodePeakMB: mb.bareNode,
      validatePeakMB: mb.validate,
      evaluatePeakMB: mb.evaluate,
      rounds: sizes.rounds,
    },
    rows: [],
    notes: [
      `the command: node ${CLI_BIN} (package.json \`bin\`); ${sizes.rounds} rounds after ${sizes.warmupRounds} untimed, medians (range):`,
      ...cmds.map(
        (c) =>
          `  ${c.label.padEnd(56)} ${ms[c.key].toFixed(0).padStart(5)} ms (${spread(c.key)})` +
          `${c.key === 'bareNode' ? '' : `  ${(ms[c.key] / ms.bareNode).toFixed(2)}x bare node`}` +
          `${timedOut.has(c.key) ? `  TIMED OUT at ${sizes.timeoutMs} ms` : ''}; peak RSS ${mb[c.key].toFixed(0)} MB`,
      ),
    ],
  };
}

export const scenario: Scenario<CliSizes> = {
  id: 7,
  sizes: {
    full: { warmupRounds: 1, rounds: 10, rssRuns: 3, timeoutMs: 60_000 },
    tiny: { warmupRounds: 0, rounds: 1, rssRuns: 1, timeoutMs: 60_000 },
  },
  run,
};
