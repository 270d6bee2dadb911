// The routing files of `evaluate`, `can-approve` and `compile`: positionals and `--rules` values, directories
// expanded, `-` read from standard input, loaded together; their problems located (exit 1 on errors).
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  formatProblems,
  hasErrors,
  loadRoutingFiles,
  type LoadedRule,
  type LoadOptions,
  type Problem,
  type RoutingSource,
} from '../index.js';
import { CliError, EXIT, type CliIo } from './io.js';

/** Located problems as a failure (exit 1): every problem, warnings included, in reading order. */
export function invalidInput(problems: readonly Problem[]): CliError {
  return CliError.report(EXIT.invalid, formatProblems(problems, 'text'));
}

const ROUTING_FILE = /\.routing\.(ya?ml|json)$/;

/**
 * The routing files: positionals, as every command takes them, and `--rules` values (the older spelling; a
 * shell expands `--rules rules/*.yaml` into positionals too); directories expand. None: default routing.
 */
export async function rulePaths(values: string[] | undefined, positionals: string[]): Promise<string[] | undefined> {
  if (values === undefined && positionals.length === 0) return undefined;
  const out: string[] = [];
  for (const path of [...(values ?? []), ...positionals]) {
    const info = path === '-' ? undefined : await stat(path).catch(() => undefined);
    if (info?.isDirectory()) {
      const names = (await readdir(path)).filter((n) => ROUTING_FILE.test(n)).sort();
      if (names.length === 0) throw CliError.usage(`directory ${path} holds no *.routing.yaml files`);
      out.push(...names.map((n) => join(path, n)));
    } else out.push(path);
  }
  return out;
}

/** What problems call standard input. */
export const STDIN_NAME = '<stdin>';

/**
 * `-` among routing files: standard input, read once as bytes (the reader checks them as it checks a file's).
 * Standard input holds one document, so `-` may be given once.
 */
export async function withStdin(paths: readonly string[], io: CliIo): Promise<(string | RoutingSource)[]> {
  if (paths.filter((p) => p === '-').length > 1) throw CliError.usage("'-' (standard input) can be given only once");
  const out: (string | RoutingSource)[] = [];
  for (const p of paths) out.push(p === '-' ? { file: STDIN_NAME, input: await io.readStdin() } : p);
  return out;
}

/**
 * Loaded rules (undefined: default routing). Warnings go to stderr (an entry whose integration has no on-call
 * source among them); errors stop with exit 1.
 */
export async function loadRules(
  io: CliIo,
  paths: string[] | undefined,
  installed: string[] | LoadOptions = ['incidentio'],
): Promise<LoadedRule[] | undefined> {
  if (paths === undefined) return undefined;
  const result = await loadRoutingFiles(
    await withStdin(paths, io),
    Array.isArray(installed) ? { installedIntegrations: installed } : installed,
  );
  if (hasErrors(result.problems)) throw invalidInput(result.problems);
  io.stderr(formatProblems(result.problems, 'text'));
  return result.rules;
}
