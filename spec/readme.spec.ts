// Every example in README.md and docs/*.md runs here, so the documentation cannot drift from what the package
// does (spec/readme/collect.ts says how each code block is recognised):
// - each `npx oncall-approval ...` line of the sh / console blocks and of the GitHub Actions workflow runs
//   (in-process; against an in-process simulator where it needs incident.io), and the output a console block
//   shows (or the text / json block after the command) must be in what it printed, with the exit code the
//   output implies (1 when it shows `error:` or `FAIL`, else 0);
// - each TypeScript snippet type-checks and runs as a user's file importing 'oncall-approval'; a block marked
//   `file=PATH` is that file, character for character (the host sample is spec/engine/host-example.ts, which
//   its own spec runs);
// - routing, schedules, request and test-file YAML validate (a `fragment` at least parses), editor settings
//   point at schemas that exist, a command synopsis names only options the commands have, and docs/cli.md
//   names every command and every option.
// A block the spec cannot classify fails it: a new kind of example needs a check here. Every failure names the
// markdown file and the line of the block.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { expect } from 'chai';
import { parseDocument } from 'yaml';
import { loadSchedulesFile, parseSchedulesText } from '../plugin/providers/local/schedules-file.js';
import { startSimulator, type Simulator } from '../plugin/providers/incidentio/simulator.js';
import { parseRequest } from '../plugin/request/parse.js';
import { loadRoutingText } from '../plugin/routing/load.js';
import type { Problem } from '../plugin/routing/types.js';
import { repoRoot, runCli } from './support/cli.js';
import { codeBlocks, type CodeBlock } from './readme/code-blocks.js';
import { collectExamples } from './readme/collect.js';
import { runReadmeCommand, SIM_DATA, SIM_KEY, type ReadmeCommand, type RunContext } from './readme/run-command.js';
import { runSnippet, typecheckSnippets } from './readme/run-snippet.js';

// Other files can be checked the same way (e.g. a copy with a wrong line, to see this spec fail):
// DOCS_SPEC_FILES=a.md,b.md, paths relative to the repository.
const FILES = process.env.DOCS_SPEC_FILES
  ? process.env.DOCS_SPEC_FILES.split(',').map((f) => f.trim())
  : [
      'README.md',
      ...readdirSync(join(repoRoot, 'docs'))
        .filter((f) => f.endsWith('.md'))
        .sort()
        .map((f) => `docs/${f}`),
    ];
const CLI_DOC = 'docs/cli.md';
const HOST_EXAMPLE = 'spec/engine/host-example.ts';
const TEST_FILE_EXAMPLE = 'spec/readme/team.test.yaml';
const TEST_FILE_WRONG = 'spec/readme/team-wrong.test.yaml';

/** A command-line option, as a whole word (`--format`, not the `--form` inside it). */
const FLAG = /--[a-z][a-z-]*[a-z]/g;

/** The `$schema=` of a yaml-language-server modeline, resolved from the folder the file would be in. */
function modelineSchema(text: string, fileDir: string): string | undefined {
  const m = /# yaml-language-server: \$schema=(\S+)/.exec(text);
  return m ? posix.normalize(posix.join(fileDir, m[1]!)) : undefined;
}

/** Problems in a block's text, placed at their line of the markdown file (the block's content starts a line after its fence). */
function inMarkdown(b: CodeBlock, problems: readonly Problem[]): string[] {
  return problems
    .filter((p) => p.severity === 'error')
    .map((p) => `${b.file}:${b.line + p.line}:${p.column}: ${p.message}`);
}

/** A name for a snippet's temporary file: `docs/hosts.md:12` → `docs-hosts-12`. */
const snippetName = (b: CodeBlock) => `${b.file.replace(/\.md$/, '').replace(/[^A-Za-z0-9]+/g, '-')}-${b.line}`;

describe('README and docs: every example runs', function () {
  this.timeout(30000);
  const blocks: CodeBlock[] = [];
  const readProblems: string[] = [];
  for (const file of FILES) {
    try {
      blocks.push(...codeBlocks(readFileSync(join(repoRoot, file), 'utf8'), file));
    } catch (err) {
      readProblems.push(`${file}: ${(err as Error).message}`);
    }
  }
  const ex = collectExamples(blocks);
  const title = (cmd: ReadmeCommand) => {
    const t = `${cmd.where} npx oncall-approval ${cmd.argv.join(' ')}${cmd.background ? ' &' : ''}`;
    return t.length > 150 ? `${t.slice(0, 147)}...` : t;
  };

  it('understands every code block, and finds the examples it should', () => {
    expect([...readProblems, ...ex.problems]).to.deep.equal([]);
    expect(ex.commands.length, 'oncall-approval commands').to.be.at.least(15);
    expect(ex.snippets.length, 'TypeScript snippets besides the host sample').to.be.at.least(2);
    expect(
      ex.copies.filter((b) => b.attrs.file === HOST_EXAMPLE),
      'the host sample',
    ).to.have.length(1);
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
      expect(failed?.message).to.contain('lines the example shows but the command did not print');
      expect(failed?.message).to.contain(quick!.where);
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

    for (const b of ex.snippets) {
      it(`${b.where} runs and prints what its // → comments say`, async () => {
        const run = await runSnippet(b.text, snippetName(b));
        expect(run.code, `${b.where}: exit code\n${run.stdout}${run.stderr}`).to.equal(0);
        expect(run.promised, `${b.where}: a snippet shows what it prints with \`// → ...\` comments`).to.not.deep.equal(
          [],
        );
        expect(run.missing, `${b.where}: promised output missing from stdout:\n${run.stdout}`).to.deep.equal([]);
      });
    }

    it("the snippets type-check with strict settings, as in a user's TypeScript project", async () => {
      const { code, report } = await typecheckSnippets(
        ex.snippets.map((b) => ({ name: snippetName(b), text: b.text })),
      );
      // tsc names the temporary files (`spec/readme/.tmp-NAME.ts(LINE,COL)`): say where in the markdown that is.
      const located = ex.snippets.reduce(
        (r, b) =>
          r.replace(
            new RegExp(`\\S*\\.tmp-${snippetName(b)}\\.ts\\((\\d+),(\\d+)\\)`, 'g'),
            (_, line: string, col: string) => `${b.file}:${b.line + Number(line)}:${col}`,
          ),
        report,
      );
      expect(located.trim(), 'tsc').to.equal('');
      expect(code).to.equal(0);
    });

    it('the snippet checker fails on a promise the snippet does not keep', async () => {
      const run = await runSnippet("console.log('one');\n// → two\n", 'readme-self-check');
      expect(run.code).to.equal(0);
      expect(run.missing).to.deep.equal(['two']);
    });
  });

  describe('files and settings shown', () => {
    for (const b of ex.copies) {
      it(`${b.where}: the block is ${String(b.attrs.file)} exactly`, () => {
        const path = join(repoRoot, String(b.attrs.file));
        expect(existsSync(path), `${b.where}: ${String(b.attrs.file)} does not exist`).to.equal(true);
        expect(b.text, b.where).to.equal(readFileSync(path, 'utf8'));
      });
    }

    for (const b of ex.routing) {
      it(`${b.where}: the routing example loads without errors`, () => {
        const { problems } = loadRoutingText(b.text, b.where);
        expect(inMarkdown(b, problems)).to.deep.equal([]);
        const schema = modelineSchema(b.text, 'rules');
        if (schema) expect(existsSync(join(repoRoot, schema)), `${schema} (modeline, from rules/)`).to.equal(true);
      });
    }

    for (const b of ex.fragments) {
      it(`${b.where}: the fragment is YAML that parses`, () => {
        const doc = parseDocument(b.text, { prettyErrors: true, uniqueKeys: true });
        expect(
          doc.errors.map((e) => `${b.file}:${b.line + (e.linePos?.[0].line ?? 1)}: ${e.message.split('\n')[0]}`),
        ).to.deep.equal([]);
        expect(doc.contents, `${b.where}: an empty fragment`).to.not.equal(null);
      });
    }

    for (const b of ex.requests) {
      it(`${b.where}: the request example is a valid request`, () => {
        const { request, problems } = parseRequest(b.text, b.where);
        expect(inMarkdown(b, problems)).to.deep.equal([]);
        expect(request, b.where).to.not.equal(undefined);
      });
    }

    for (const b of ex.modelines) {
      it(`${b.where}: the modeline points at a schema that exists (from rules/)`, () => {
        const schema = modelineSchema(b.text, 'rules');
        expect(schema).to.be.a('string');
        expect(existsSync(join(repoRoot, schema!)), schema).to.equal(true);
      });
    }

    for (const b of ex.schedules) {
      it(`${b.where}: the schedules file example parses`, () => {
        const { data, problems } = parseSchedulesText(b.text, b.where);
        expect(inMarkdown(b, problems)).to.deep.equal([]);
        expect(data?.schedules.length).to.be.at.least(1);
      });
    }

    for (const b of ex.testFiles) {
      const file = String(b.attrs.file);
      it(`${b.where}: the test file example is ${file}, and passes`, async () => {
        const text = readFileSync(join(repoRoot, file), 'utf8');
        expect(b.text).to.equal(text);
        const result = await runCli(['test', file]);
        expect(result.code, result.stdout + result.stderr).to.equal(0);
        expect(result.stdout).to.match(/^\d+ passed, 0 failed$/m);
        expect(existsSync(join(repoRoot, modelineSchema(text, posix.dirname(file))!))).to.equal(true);
        if (file !== TEST_FILE_EXAMPLE) return;
        expect(result.stdout).to.match(/^1 passed, 0 failed$/m);
        // The failing example is this file with one expectation wrong, as the docs say.
        const wrong = readFileSync(join(repoRoot, TEST_FILE_WRONG), 'utf8').split('\n');
        const differ = text.split('\n').flatMap((l, i) => (l === wrong[i] ? [] : [wrong[i]]));
        expect(differ).to.have.length(1);
        expect(differ[0]).to.match(/^\s+approvers: \[alice@example\.com\]$/);
      });
    }

    it(`the test file examples include ${TEST_FILE_EXAMPLE}`, () => {
      expect(ex.testFiles.map((b) => b.attrs.file)).to.include(TEST_FILE_EXAMPLE);
    });

    for (const b of ex.settings) {
      it(`${b.where}: the editor settings parse and name schemas that exist`, () => {
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
      it(`${b.where}: the synopsis names only options the commands have`, async () => {
        const groups: { name: string; text: string }[] = [];
        for (const line of b.lines) {
          const m = /^oncall-approval\s+(\S+)/.exec(line);
          if (m) groups.push({ name: m[1]!, text: line });
          else groups.at(-1)!.text += ` ${line}`;
        }
        expect(groups).to.not.deep.equal([]);
        for (const g of groups) {
          const help = await runCli([g.name, '--help']);
          expect(help.code, `${b.where}: oncall-approval ${g.name} --help`).to.equal(0);
          const options = new Set(help.stdout.match(FLAG) ?? []);
          for (const flag of g.text.match(FLAG) ?? [])
            expect([...options], `${b.where}: ${g.name} ${flag}`).to.include(flag);
        }
      });
    }

    it(`${CLI_DOC} has a synopsis of every command, and names every option each --help lists`, async function () {
      if (!FILES.includes(CLI_DOC)) this.skip();
      const doc = readFileSync(join(repoRoot, CLI_DOC), 'utf8');
      const overview = await runCli(['--help']);
      const names = [...overview.stdout.matchAll(/^ {2}([a-z][a-z-]*) {2,}/gm)].map((m) => m[1]!);
      expect(names, 'commands in `oncall-approval --help`').to.include.members(['validate', 'evaluate', 'test']);
      const synopsisLines = ex.synopses.filter((b) => b.file === CLI_DOC).flatMap((b) => b.lines);
      for (const name of names) {
        expect(
          synopsisLines.some((l) => l.startsWith(`oncall-approval ${name} `) || l === `oncall-approval ${name}`),
          `${CLI_DOC}: a synopsis line for \`oncall-approval ${name}\``,
        ).to.equal(true);
        const help = await runCli([name, '--help']);
        const named = new Set(doc.match(FLAG) ?? []);
        for (const flag of new Set(help.stdout.match(FLAG) ?? []))
          expect([...named], `${CLI_DOC}: \`${name} ${flag}\` (from \`oncall-approval ${name} --help\`)`).to.include(
            flag,
          );
      }
    });
  });
});
