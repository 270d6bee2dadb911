// Located problems: what every reader and checker of the package reports instead of throwing. Each carries a
// stable `code` (what tests and scripts match on; the list is docs/problem-codes.md), a position, and a
// sentence for people. They are printed the way compilers and linters print them so that editors and CI
// annotate the right line: `FILE:LINE:COL: error: MESSAGE`, a JSON array, or GitHub Actions workflow commands.
import { printable } from '../printable.js';

/** Where something was written: 1-based line and column. */
export interface SourceRef {
  file: string;
  line: number;
  column: number;
}

export type Severity = 'error' | 'warning';

/** The areas codes are grouped by: the first part of every code (`parse.too-large`, `routing.duplicate-name`). */
export type ProblemArea = 'parse' | 'schema' | 'routing' | 'request' | 'test' | 'schedules' | 'compile' | 'cli';

/**
 * A problem code as written where a problem is made: `area.what-went-wrong`. The type keeps a message from
 * being passed where the code goes; `Problem.code` itself is a plain string for those who read it.
 */
export type ProblemCode = `${ProblemArea}.${string}`;

/** A located problem in a file, printed as `FILE:LINE:COL: severity: message`. */
export interface Problem {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  /** Stable identifier of the kind of problem (`parse.duplicate-key`); the message may be reworded, this is not. */
  code: string;
  message: string;
  /** JSON pointer of the offending node inside the document (`/0/approval/1/services`). */
  path: string;
}

export type ProblemFormat = 'text' | 'json' | 'github';

export const PROBLEM_FORMATS: readonly ProblemFormat[] = ['text', 'json', 'github'];

/** A problem about a whole file (cannot be read, too large): placed at 1:1. */
export function fileProblem(file: string, code: ProblemCode, message: string, severity: Severity = 'error'): Problem {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1, severity, code, message, path: '' };
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** By file (in the order given), then position; errors before warnings at the same place. */
export function sortProblems(problems: readonly Problem[], fileOrder: readonly string[] = []): Problem[] {
  const rank = (file: string) => {
    const i = fileOrder.indexOf(file);
    return i === -1 ? fileOrder.length : i;
  };
  return [...problems].sort(
    (a, b) =>
      rank(a.file) - rank(b.file) ||
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1),
  );
}

/**
 * Messages are one line (a newline inside one would break `FILE:LINE:COL:` parsing by editors), and a value
 * they quote cannot hide itself or reorder the line with control, bidi or zero-width characters.
 */
function oneLine(text: string): string {
  return printable(text.replace(/\s*[\r\n]+\s*/g, ' '));
}

// GitHub workflow commands: data escapes %, CR, LF; property values also escape `:` and `,`.
const ghData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const ghProp = (s: string) => ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function formatProblems(problems: readonly Problem[], format: ProblemFormat): string {
  if (format === 'json') {
    const rows = problems.map((p) => ({
      file: p.file,
      line: p.line,
      column: p.column,
      endLine: p.endLine,
      endColumn: p.endColumn,
      severity: p.severity,
      code: p.code,
      message: p.message,
      path: p.path,
    }));
    return JSON.stringify(rows, null, 2) + '\n';
  }
  const lines = problems.map((p) => {
    if (format === 'github') {
      const props = `file=${ghProp(p.file)},line=${p.line},col=${p.column},endLine=${p.endLine},endColumn=${p.endColumn}`;
      // Line breaks are the workflow command's to encode; every other hidden character is escaped here.
      const message = p.message.split(/(\r\n|\r|\n)/).map((part, i) => (i % 2 ? part : printable(part)));
      return `::${p.severity} ${props}::${ghData(message.join(''))}`;
    }
    return `${printable(p.file)}:${p.line}:${p.column}: ${p.severity}: ${oneLine(p.message)}`;
  });
  return lines.length ? lines.join('\n') + '\n' : '';
}
