// `oncall-approval test FILE_OR_DIR...`: runs routing test files (`*.test.yaml`), the way `opa test` runs
// policy tests. Each failing case is printed with expected against actual, the engine's reasons and trace;
// the last line is `N passed, N failed`. Exit 1 on any failure or invalid test file, 2 on a usage mistake.
import { findTestFiles } from './discover.js';
import { failureProblems, failureText, summaryLine } from './report.js';
import { formatProblems, type Problem, type ProblemFormat, type SchedulesFile } from '../index.js';
import { loadTestFile, runCase, type CaseResult } from '../index.js';
import { parseCommandArgs } from './args.js';
import { CliError, EXIT, type Command } from './io.js';

const usage = `Usage: oncall-approval test FILE_OR_DIR... [--format text|github] [--run PATTERN] [--verbose]

Runs routing test files: each case gives a request, an instant (\`now\`), who is on call, and the decision
it must get. A directory runs every *.test.yaml below it. Prints each failing case with what was expected,
what happened, the reasons and the trace; the last line is "N passed, N failed".

Options:
  --format text|github  github: also print GitHub Actions annotations (::error file=...) for failures
                        and invalid files, so they show on the pull request's lines
  --run PATTERN         run only the cases whose name matches PATTERN (a regular expression), as
                        \`opa test --run\`; a file with no matching case is skipped
  --verbose             list passing cases too

Exit status: 0 all cases passed, 1 a case failed or a test file is invalid, 2 usage.
`;

function parsePattern(value: string | undefined): RegExp | undefined {
  if (value === undefined) return undefined;
  try {
    return new RegExp(value, 'u');
  } catch (err) {
    throw CliError.usage(`--run: not a regular expression: ${(err as Error).message}`);
  }
}

export const command: Command = {
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      format: { type: 'string' },
      verbose: { type: 'boolean' },
      run: { type: 'string' },
    });
    const only = parsePattern(values.run);
    const format = (values.format ?? 'text') as ProblemFormat;
    if (format !== 'text' && format !== 'github')
      throw CliError.usage(`--format must be text or github, not ${values.format}`);
    if (positionals.length === 0) throw CliError.usage('name at least one test file or directory');

    const found = await findTestFiles(positionals);
    const invalid: Problem[] = [...found.problems];
    const schedulesCache = new Map<string, Promise<SchedulesFile>>();
    let passed = 0;
    let failed = 0;
    let invalidFiles = found.problems.length;
    const shownWarnings = new Set<string>();
    // In CI logs a person reads the text; GitHub turns the workflow commands into annotations on the lines.
    const show = (ps: readonly Problem[]) =>
      (format === 'github' ? formatProblems(ps, 'github') : '') + formatProblems(ps, 'text');

    for (const file of found.files) {
      const { suite, problems } = await loadTestFile(file, { schedulesCache });
      // Warnings (e.g. an integration that is not installed) are shown once per run, not once per test file.
      const fresh = problems.filter((p) => {
        const key = `${p.file}:${p.line}:${p.column}:${p.message}`;
        if (shownWarnings.has(key)) return false;
        shownWarnings.add(key);
        return true;
      });
      if (!suite) {
        invalidFiles++;
        invalid.push(...fresh);
        continue;
      }
      if (fresh.length) io.stdout(show(fresh));
      const cases = only ? suite.cases.filter((c) => only.test(c.name)) : suite.cases;
      if (cases.length === 0) continue;
      const results: CaseResult[] = [];
      for (const c of cases) results.push(await runCase(suite.rules, c));
      const failures = results.filter((r) => !r.passed);
      passed += results.length - failures.length;
      failed += failures.length;
      for (const r of failures) {
        if (format === 'github') io.stdout(formatProblems(failureProblems(r), 'github'));
        io.stdout(failureText(r));
      }
      if (values.verbose)
        for (const r of results.filter((x) => x.passed))
          io.stdout(`ok   ${r.case.name} (${r.case.at.file}:${r.case.at.line})\n`);
      if (failures.length === 0) io.stdout(`ok   ${file} (${results.length} case${results.length === 1 ? '' : 's'})\n`);
    }

    if (invalid.length) {
      io.stdout(show(invalid));
      io.stdout(`${invalidFiles} test file${invalidFiles === 1 ? '' : 's'} could not be run\n`);
    }
    io.stdout(summaryLine(passed, failed));
    // A pattern that matches nothing is a mistake, not a pass: CI must not go green having run nothing.
    if (only && passed + failed === 0) throw new CliError(EXIT.invalid, `no case matches --run ${values.run}`);
    // The report above says which cases failed and why; the exit code says so to CI.
    if (failed > 0 || invalidFiles > 0) throw CliError.report(EXIT.invalid);
  },
};
