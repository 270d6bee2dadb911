// `oncall-approval validate FILE... [--format text|json]`: checks routing files the way they will be loaded
// (together: rule names must be unique across them) and prints every problem located at FILE:LINE:COL.
// Problems go to stdout (one per line, or a JSON array) so tools can parse them; the one-line summary goes
// to stderr, so stdout holds nothing else.
import {
  formatProblems,
  hasErrors,
  loadRoutingFiles,
  sortProblems,
  type LoadOptions,
  type LoadResult,
  type ProblemFormat,
} from '../index.js';
import { parseCommandArgs } from './args.js';
import { CliError, EXIT, type Command } from './io.js';
import { withDocumentForms } from './document-forms.js';
import { loadOptionsHere } from './installed-here.js';
import { withStdin } from './rules-input.js';

/** Output formats `--format` accepts (another format can be added here and in `formatProblems`). */
export const VALIDATE_FORMATS: ProblemFormat[] = ['text', 'json'];

const usage = `Usage: oncall-approval validate FILE... [--format text|json|github] [--online | --schedules FILE]
                                [--strict | --max-warnings N]

Checks routing files: YAML syntax, the routing schema (schemas/routing.schema.json), and what a schema
cannot express (rule names unique across the files, regular expressions that compile and cannot run away,
options the engine cannot enforce, entries that can never take effect). The files are checked together,
as they are loaded together. FILE - reads one routing file from standard input.

Options:
  --format text   one problem per line on stdout: FILE:LINE:COL: error|warning: MESSAGE (default);
                  a summary line goes to stderr
  --format json   a JSON array on stdout of {file, line, column, endLine, endColumn, severity, code, message,
                  path}; after the problems, an \`info\` row (code routing.document-form) for each file read
                  in one of P0's document forms, with \`form\`: workflow-config or workflow
  --format github GitHub Actions workflow commands (::error file=F,line=L,col=C,...::MESSAGE), so a
                  workflow run annotates the pull request's lines
  --online        also check that every incident.io schedule ID in \`services\` exists in the account
                  (needs INCIDENT_IO_API_KEY; INCIDENT_IO_BASE_URL for another endpoint), and every
                  PagerDuty service ID (needs PAGERDUTY_API_KEY)
  --schedules FILE  the same check offline, against a local schedules file: incident.io schedule IDs
                  against its \`schedules\`, PagerDuty service IDs against its \`pagerduty\` section
  --strict        warnings fail too (the same as --max-warnings 0), for CI
  --max-warnings N  fail when there are more than N warnings
  --help          show this help

Exit status: 0 valid (warnings allowed, unless --strict or --max-warnings), 1 errors in a file (or too
many warnings, or the --schedules file is invalid), 2 usage mistake, 3 a provider could not be asked
(--online).
`;

function parseMaxWarnings(strict: boolean, value: string | undefined): number | undefined {
  if (strict && value !== undefined) throw CliError.usage('give --strict or --max-warnings N, not both');
  if (strict) return 0;
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw CliError.usage(`--max-warnings needs a whole number; got '${value}'`);
  return Number(value);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function summary(files: number, result: LoadResult): string {
  const errors = result.problems.filter((p) => p.severity === 'error').length;
  const warnings = result.problems.length - errors;
  if (errors) return `${plural(files, 'file')} checked: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
  const enabled = result.rules.filter((r) => r.disabled !== true).length;
  return `${plural(files, 'file')} checked: valid, ${plural(enabled, 'enabled rule')}${warnings ? `, ${plural(warnings, 'warning')}` : ''}`;
}

export const command: Command = {
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      format: { type: 'string' },
      online: { type: 'boolean' },
      schedules: { type: 'string' },
      strict: { type: 'boolean' },
      'max-warnings': { type: 'string' },
    });
    const maxWarnings = parseMaxWarnings(values.strict === true, values['max-warnings']);
    const format = (values.format ?? 'text') as ProblemFormat;
    if (!VALIDATE_FORMATS.includes(format) && format !== 'github') {
      throw CliError.usage(`--format must be one of ${VALIDATE_FORMATS.join(', ')}, not '${values.format}'`);
    }
    if (positionals.length === 0) throw CliError.usage('name at least one routing file to check');
    if (values.online && values.schedules !== undefined)
      throw CliError.usage('give --online (the accounts) or --schedules FILE (a local file), not both');
    const options: LoadOptions = loadOptionsHere(io.env);
    const sources = await withStdin(positionals, io);
    const names = sources.map((s) => (typeof s === 'string' ? s : s.file));
    const result = await loadRoutingFiles(sources, options);
    if ((values.online || values.schedules !== undefined) && !hasErrors(result.problems)) {
      // Loaded only here: the provider clients are not part of a plain check.
      const { validateOnline, validateAgainstSchedulesFile } = await import('./authoring-flags.js');
      const found =
        values.schedules !== undefined
          ? await validateAgainstSchedulesFile(sources, values.schedules, io)
          : await validateOnline(sources, io);
      result.problems = sortProblems([...result.problems, ...found], names);
    }
    const files = new Set(positionals).size;
    if (format === 'json')
      io.stdout(withDocumentForms(formatProblems(result.problems, 'json'), result.documents ?? []));
    else {
      io.stdout(formatProblems(result.problems, format));
      io.stderr(summary(files, result) + '\n');
    }
    // The problems printed above are the answer; the exit code says it to scripts.
    if (hasErrors(result.problems)) throw CliError.report(EXIT.invalid);
    const warnings = result.problems.filter((p) => p.severity === 'warning').length;
    if (maxWarnings !== undefined && warnings > maxWarnings) {
      throw CliError.report(
        EXIT.invalid,
        format === 'json'
          ? ''
          : `${plural(warnings, 'warning')}, more than ${values.strict ? '--strict' : '--max-warnings'} allows (${maxWarnings})\n`,
      );
    }
  },
};
