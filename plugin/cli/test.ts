// `oncall-approval test FILE_OR_DIR...`: runs routing test files (`*.test.yaml`), the way `opa test` runs
// policy tests. Each failing case is printed with expected against actual, the engine's reasons and trace;
// the last line is `N passed, N failed`. `--format json` and `--format junit` print one document instead, for
// CI dashboards. Exit 1 on any failure or invalid test file, 2 on a usage mistake.
import { findTestFiles } from './discover.js';
import { failureProblems, failureText, summaryLine, testReportJson, testReportJunit, type FileRun } from './report.js';
import { formatProblems, type Problem, type SchedulesFile } from '../index.js';
import { loadTestFile, runCase, type CaseResult } from '../index.js';
import { parseCommandArgs } from './args.js';
import { CliError, EXIT, type Command } from './io.js';
import { STDIN_NAME } from './rules-input.js';

const usage = `Usage: oncall-approval test FILE_OR_DIR... [--format text|github|json|junit] [--run PATTERN] [--verbose]

Runs routing test files: each case gives a request, an instant (\`now\`), who is on call, and the decision
it must get. A directory runs every *.test.yaml below it; - reads one test file from standard input (the
files it names are then relative to the working directory). Prints each failing case with what was
expected, what happened, the reasons and the trace; the last line is "N passed, N failed".

Options:
  --format text|github  github: also print GitHub Actions annotations (::error file=...) for failures
                        and invalid files, so they show on the pull request's lines
  --format json         one JSON document on stdout: every file with its cases (passed or the mismatches),
                        its problems (warnings too), and the totals
  --format junit        JUnit XML on stdout (one <testsuite> per test file), for CI test dashboards
  --run PATTERN         run only the cases whose name matches PATTERN (a regular expression), as
                        \`opa test --run\`; a file with no matching case is skipped
  --verbose             list passing cases too (text and github)

Exit status: 0 all cases passed, 1 a case failed or a test file is invalid, 2 usage.
`;

const FORMATS = ['text', 'github', 'json', 'junit'] as const;
type TestFormat = (typeof FORMATS)[number];

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
    const format = (values.format ?? 'text') as TestFormat;
    if (!FORMATS.includes(format))
      throw CliError.usage(`--format must be one of ${FORMATS.join(', ')}, not '${values.format}'`);
    if (positionals.length === 0) throw CliError.usage('name at least one test file or directory');
    if (positionals.filter((p) => p === '-').length > 1)
      throw CliError.usage("'-' (standard input) can be given only once");
    // A document format prints nothing until the end, so stdout holds the document alone.
    const document = format === 'json' || format === 'junit';
    const say = (text: string) => {
      if (!document) io.stdout(text);
    };

    // Files in the order given: each positional's files, standard input where `-` stands.
    const found: { files: string[]; problems: Problem[] } = { files: [], problems: [] };
    for (const p of positionals) {
      const one: typeof found = p === '-' ? { files: [STDIN_NAME], problems: [] } : await findTestFiles([p]);
      found.files.push(...one.files.filter((f) => !found.files.includes(f)));
      found.problems.push(...one.problems);
    }
    const files = found.files;
    const stdin = files.includes(STDIN_NAME) ? await io.readStdin() : undefined;
    const invalid: Problem[] = [...found.problems];
    const runs: FileRun[] = found.problems.map((p) => ({ file: p.file, problems: [p], results: [], invalid: true }));
    const schedulesCache = new Map<string, Promise<SchedulesFile>>();
    let passed = 0;
    let failed = 0;
    let invalidFiles = found.problems.length;
    const shownWarnings = new Set<string>();
    // In CI logs a person reads the text; GitHub turns the workflow commands into annotations on the lines.
    const show = (ps: readonly Problem[]) =>
      (format === 'github' ? formatProblems(ps, 'github') : '') + formatProblems(ps, 'text');

    for (const file of files) {
      const { suite, problems } = await loadTestFile(
        file,
        file === STDIN_NAME && stdin !== undefined ? { schedulesCache, input: stdin } : { schedulesCache },
      );
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
        runs.push({ file, problems, results: [], invalid: true });
        continue;
      }
      if (fresh.length) say(show(fresh));
      const cases = only ? suite.cases.filter((c) => only.test(c.name)) : suite.cases;
      if (cases.length === 0) continue;
      const results: CaseResult[] = [];
      for (const c of cases) results.push(await runCase(suite.rules, c));
      runs.push({ file, problems, results, invalid: false });
      const failures = results.filter((r) => !r.passed);
      passed += results.length - failures.length;
      failed += failures.length;
      for (const r of failures) {
        if (format === 'github') say(formatProblems(failureProblems(r), 'github'));
        say(failureText(r));
      }
      if (values.verbose)
        for (const r of results.filter((x) => x.passed))
          say(`ok   ${r.case.name} (${r.case.at.file}:${r.case.at.line})\n`);
      if (failures.length === 0) say(`ok   ${file} (${results.length} case${results.length === 1 ? '' : 's'})\n`);
    }

    if (format === 'json') io.stdout(testReportJson(runs, passed, failed));
    else if (format === 'junit') io.stdout(testReportJunit(runs));
    else {
      if (invalid.length) {
        io.stdout(show(invalid));
        io.stdout(`${invalidFiles} test file${invalidFiles === 1 ? '' : 's'} could not be run\n`);
      }
      io.stdout(summaryLine(passed, failed));
    }
    // A pattern that matches nothing is a mistake, not a pass: CI must not go green having run nothing.
    if (only && passed + failed === 0) throw new CliError(EXIT.invalid, `no case matches --run ${values.run}`);
    // The report above says which cases failed and why; the exit code says so to CI.
    if (failed > 0 || invalidFiles > 0) throw CliError.report(EXIT.invalid);
  },
};
