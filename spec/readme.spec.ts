// Every example in the README runs here, so the README cannot drift from what the package does:
// - each `npx oncall-approval ...` line of the sh / console blocks and of the GitHub Actions workflow runs
//   (in-process; against an in-process simulator where it needs incident.io), and the output a console block
//   shows (or the text block after the Quick start command) must be in what it printed, with the exit code
//   the block implies;
// - each TypeScript snippet type-checks and runs as a user's file importing 'oncall-approval'; the "For hosts" sample is
//   spec/engine/host-example.ts, character for character (its own spec runs it);
// - routing, schedules and test-file YAML validate, editor settings point at schemas that exist, the
//   command synopsis names only options the commands have.
// A block the spec cannot classify fails it: a new kind of example needs a check here.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { expect } from 'chai';
import { parse as parseYaml } from 'yaml';
import { loadSchedulesFile, parseSchedulesText } from '../plugin/providers/local/schedules-file.js';
import { startSimulator, type Simulator } from '../plugin/providers/incidentio/simulator.js';
import { loadRoutingText } from '../plugin/routing/load.js';
import { repoRoot, runCli } from './support/cli.js';
import { codeBlocks, type CodeBlock } from './readme/code-blocks.js';
import { runReadmeCommand, SIM_DATA, SIM_KEY, type ReadmeCommand, type RunContext } from './readme/run-command.js';
import { runSnippet, typecheckSnippets } from './readme/run-snippet.js';
import { commandSteps, shownCommands } from './readme/shell.js';

// Another file can be checked the same way (e.g. a copy with a wrong line, to see this spec fail).
const README = process.env.README_SPEC_FILE ?? join(repoRoot, 'README.md');
const HOST_EXAMPLE = 'spec/engine/host-example.ts';
const TEST_FILE_EXAMPLE = 'spec/readme/team.test.yaml';
const TEST_FILE_WRONG = 'spec/readme/team-wrong.test.yaml';

interface Examples {
  problems: string[];
  commands: ReadmeCommand[];
  snippets: CodeBlock[];
  host: CodeBlock[];
  routing: CodeBlock[];
  modelines: CodeBlock[];
  schedules: CodeBlock[];
  testFiles: CodeBlock[];
  settings: CodeBlock[];
  synopses: CodeBlock[];
}

function collect(markdown: string): Examples {
  const ex: Examples = {
    problems: [],
    commands: [],
    snippets: [],
    host: [],
    routing: [],
    modelines: [],
    schedules: [],
    testFiles: [],
    settings: [],
    synopses: [],
  };
  let last: { section: string; command: ReadmeCommand } | undefined;

  const addCommands = (lines: string[], firstLine: number, style: 'sh' | 'console', env: Record<string, string>) => {
    for (const shown of shownCommands(lines, firstLine, style)) {
      const steps = commandSteps(shown.text, repoRoot);
      const runs = steps.filter((s) => s.kind === 'run');
      for (const step of steps) if (step.kind === 'export') Object.assign(env, step.env);
      if (shown.output.length && runs.length !== 1)
        throw new Error(`README.md:${shown.line}: output shown for a line that is not one command`);
      for (const step of runs) {
        ex.commands.push({
          where: `README.md:${shown.line}`,
          argv: step.argv,
          env: { ...env, ...step.env },
          background: step.background,
          shown: shown.output,
        });
      }
    }
  };

  for (const b of codeBlocks(markdown)) {
    try {
      switch (b.lang) {
        case 'sh':
        case 'console': {
          const before = ex.commands.length;
          addCommands(b.lines, b.line + 1, b.lang, {});
          if (ex.commands.length > before) last = { section: b.section, command: ex.commands.at(-1)! };
          else if (b.lang === 'console') throw new Error('a console block without an oncall-approval command');
          break;
        }
        case 'text':
          if (b.section.startsWith('Deciding from the command line')) ex.synopses.push(b);
          else if (last && last.section === b.section && last.command.shown.length === 0) last.command.shown = b.lines;
          else
            throw new Error(
              'a text block that is neither the command synopsis nor the output of the command before it',
            );
          break;
        case 'ts':
          (b.section.startsWith('For hosts') ? ex.host : ex.snippets).push(b);
          break;
        case 'yaml': {
          if (/^jobs:/m.test(b.text)) {
            const workflow = parseYaml(b.text) as {
              jobs: Record<string, { steps: { run?: string; env?: Record<string, string> }[] }>;
            };
            for (const job of Object.values(workflow.jobs)) {
              for (const step of job.steps) {
                if (!step.run) continue;
                const at = b.lines.findIndex((l) => l.includes(`run: ${step.run!.split('\n')[0]}`));
                addCommands(step.run.split('\n'), b.line + 1 + at, 'sh', { ...step.env });
              }
            }
          } else if (/^cases:/m.test(b.text)) ex.testFiles.push(b);
          else if (/^schedules:/m.test(b.text)) ex.schedules.push(b);
          else if (b.lines.every((l) => l.trim() === '' || l.trim().startsWith('#'))) ex.modelines.push(b);
          else ex.routing.push(b);
          break;
        }
        case 'json':
          ex.settings.push(b);
          break;
        case '':
          if (b.section !== 'How it is built')
            throw new Error('an untagged code block outside "How it is built" (diagrams only)');
          break;
        default:
          throw new Error(`no check for \`\`\`${b.lang} blocks`);
      }
    } catch (err) {
      ex.problems.push(`README.md:${b.line}: ${(err as Error).message}`);
    }
  }
  return ex;
}

/** The `$schema=` of a yaml-language-server modeline, resolved from the folder the file would be in. */
function modelineSchema(text: string, fileDir: string): string | undefined {
  const m = /# yaml-language-server: \$schema=(\S+)/.exec(text);
  return m ? posix.normalize(posix.join(fileDir, m[1]!)) : undefined;
}

describe('README: every example runs', function () {
  this.timeout(30000);
  const markdown = readFileSync(README, 'utf8');
  const ex = collect(markdown);
  const title = (cmd: ReadmeCommand) => {
    const t = `${cmd.where} npx oncall-approval ${cmd.argv.join(' ')}${cmd.background ? ' &' : ''}`;
    return t.length > 150 ? `${t.slice(0, 147)}...` : t;
  };

  it('understands every code block, and finds the examples it should', () => {
    expect(ex.problems).to.deep.equal([]);
    expect(ex.commands.length, 'oncall-approval commands').to.be.at.least(15);
    expect(ex.snippets.length, 'TypeScript snippets besides the host sample').to.be.at.least(2);
    expect(ex.host, 'the "For hosts" sample').to.have.length(1);
    expect(ex.commands.filter((c) => c.shown.length).length, 'commands with output shown').to.be.at.least(8);
  });

  describe('shell examples', () => {
    let sim: Simulator;
    let ctx: RunContext;

    before(async () => {
      const data = await loadSchedulesFile(SIM_DATA);
      sim = await startSimulator({ data, apiKey: SIM_KEY });
      ctx = {
        simUrl: sim.url,
        schedulesInData: data.schedules.length,
        tmp: mkdtempSync(join(tmpdir(), 'readme-spec-')),
      };
    });
    after(async () => {
      await sim?.close();
      if (ctx) rmSync(ctx.tmp, { recursive: true, force: true });
    });

    for (const cmd of ex.commands) it(title(cmd), () => runReadmeCommand(cmd, ctx));

    it('the checker fails on a shown line the command does not print, and on the wrong exit code', async () => {
      const quick = ex.commands.find((c) => c.shown.some((l) => l.startsWith('APPROVED ')));
      expect(quick, 'the Quick start command and its output').to.not.equal(undefined);
      const wrongLine = { ...quick!, shown: quick!.shown.map((l) => l.replace(/^APPROVED /, 'DENIED ')) };
      const failed = await runReadmeCommand(wrongLine, ctx).then(
        () => undefined,
        (e: Error & { actual?: unknown }) => e,
      );
      expect(failed?.message).to.contain('lines the README shows but the command did not print');
      expect(failed?.actual).to.deep.equal(wrongLine.shown.filter((l) => l.startsWith('DENIED ')));

      const failing = ex.commands.find((c) => c.shown.some((l) => /\berror:/.test(l)) && c.argv[0] === 'validate');
      expect(failing, 'a validate example showing an error').to.not.equal(undefined);
      const noError = { ...failing!, shown: failing!.shown.filter((l) => !/\berror:/.test(l)) };
      const passed = await runReadmeCommand(noError, ctx).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(passed?.message).to.contain('exit code');
    });
  });

  describe('TypeScript examples', () => {
    before(() => {
      if (!existsSync(join(repoRoot, 'dist', 'index.js'))) {
        throw new Error(
          "dist/ is missing: the snippets import 'oncall-approval' as a user would; run `npx tsc -p tsconfig.build.json` (npm test does)",
        );
      }
    });

    it(`the "For hosts" sample is ${HOST_EXAMPLE} exactly`, () => {
      expect(ex.host[0]?.text).to.equal(readFileSync(join(repoRoot, HOST_EXAMPLE), 'utf8'));
    });

    for (const b of ex.snippets) {
      it(`README.md:${b.line} runs and prints what its // → comments say`, async () => {
        const run = await runSnippet(b.text, `readme-${b.line}`);
        expect(run.code, `exit code\n${run.stdout}${run.stderr}`).to.equal(0);
        expect(run.promised, 'a snippet shows what it prints with `// → ...` comments').to.not.deep.equal([]);
        expect(run.missing, `promised output missing from stdout:\n${run.stdout}`).to.deep.equal([]);
      });
    }

    it("the snippets type-check with strict settings, as in a user's TypeScript project", async () => {
      const { code, report } = await typecheckSnippets(
        ex.snippets.map((b) => ({ name: `readme-tc-${b.line}`, text: b.text })),
      );
      expect(report.trim(), 'tsc').to.equal('');
      expect(code).to.equal(0);
    });

    it('the snippet checker fails on a promise the snippet does not keep', async () => {
      const run = await runSnippet("console.log('one');\n// → two\n", 'readme-self-check');
      expect(run.code).to.equal(0);
      expect(run.missing).to.deep.equal(['two']);
    });
  });

  describe('files and settings shown', () => {
    for (const b of ex.routing) {
      it(`README.md:${b.line}: the routing example loads without errors`, () => {
        const { problems } = loadRoutingText(b.text, `README.md:${b.line}`);
        expect(problems.filter((p) => p.severity === 'error')).to.deep.equal([]);
        const schema = modelineSchema(b.text, 'rules');
        if (schema) expect(existsSync(join(repoRoot, schema)), `${schema} (modeline, from rules/)`).to.equal(true);
      });
    }

    for (const b of ex.modelines) {
      it(`README.md:${b.line}: the modeline points at a schema that exists (from rules/)`, () => {
        const schema = modelineSchema(b.text, 'rules');
        expect(schema).to.be.a('string');
        expect(existsSync(join(repoRoot, schema!)), schema).to.equal(true);
      });
    }

    for (const b of ex.schedules) {
      it(`README.md:${b.line}: the schedules file example parses`, () => {
        const { data, problems } = parseSchedulesText(b.text, `README.md:${b.line}`);
        expect(problems.filter((p) => p.severity === 'error')).to.deep.equal([]);
        expect(data?.schedules.length).to.be.at.least(1);
      });
    }

    for (const b of ex.testFiles) {
      it(`README.md:${b.line}: the test file example is ${TEST_FILE_EXAMPLE}, and passes`, async () => {
        const file = readFileSync(join(repoRoot, TEST_FILE_EXAMPLE), 'utf8');
        expect(b.text).to.equal(file);
        const result = await runCli(['test', TEST_FILE_EXAMPLE]);
        expect(result.code, result.stdout + result.stderr).to.equal(0);
        expect(result.stdout).to.match(/^1 passed, 0 failed$/m);
        expect(existsSync(join(repoRoot, modelineSchema(file, 'spec/readme')!))).to.equal(true);
        // The failing example is this file with one expectation wrong, as the README says.
        const wrong = readFileSync(join(repoRoot, TEST_FILE_WRONG), 'utf8').split('\n');
        const differ = file.split('\n').flatMap((l, i) => (l === wrong[i] ? [] : [wrong[i]]));
        expect(differ).to.have.length(1);
        expect(differ[0]).to.match(/^\s+approvers: \[alice@example\.com\]$/);
      });
    }

    for (const b of ex.settings) {
      it(`README.md:${b.line}: the editor settings parse and name schemas that exist`, () => {
        const trimmed = b.text.trim();
        const settings = JSON.parse(trimmed.startsWith('"') ? `{${trimmed}}` : trimmed) as Record<
          string,
          Record<string, unknown>
        >;
        const schemas = Object.keys(settings['yaml.schemas'] ?? {});
        expect(schemas).to.not.deep.equal([]);
        for (const s of schemas) {
          const inPackage = s.replace(/^\.\//, '').replace(/^node_modules\/oncall-approval\//, '');
          expect(existsSync(join(repoRoot, inPackage)), s).to.equal(true);
        }
      });
    }

    for (const b of ex.synopses) {
      it(`README.md:${b.line}: the synopsis names only options the commands have`, async () => {
        const groups: { name: string; text: string }[] = [];
        for (const line of b.lines) {
          const m = /^oncall-approval\s+(\S+)/.exec(line);
          if (m) groups.push({ name: m[1]!, text: line });
          else groups.at(-1)!.text += ` ${line}`;
        }
        expect(groups).to.not.deep.equal([]);
        for (const g of groups) {
          const help = await runCli([g.name, '--help']);
          expect(help.code).to.equal(0);
          for (const flag of g.text.match(/--[a-z][a-z-]*/g) ?? [])
            expect(help.stdout, `${g.name} ${flag}`).to.contain(flag);
        }
      });
    }
  });
});
