// Sorts the code blocks of README.md and docs/*.md into the kinds of example spec/readme.spec.ts checks.
// A block is classified by its fence language, the words after it (see code-blocks.ts) and its content:
//
//   sh, console   commands: each `npx oncall-approval ...` runs; a console block's lines after `$ ` are its
//                 output (an `sh` block shows none). The exit code must be 1 when the output shows `error:`
//                 or `FAIL`, else 0, unless the fence states it (```console exit=1). `npm ci`, `npm test`,
//                 `npm run bench` and `npm install oncall-approval ...` are recognised and not run; any
//                 other command fails.
//   text          the output of the command just before it (same file and heading, no output of its own
//                 yet), or a command synopsis (every entry starts with `oncall-approval `)
//   json          editor settings (`yaml.schemas`), a request (`requestor` at the top), or the output of
//                 the command just before it, as for text
//   ts            a snippet run as a user's file; with `file=PATH`, a copy of that file
//   yaml          a GitHub Actions workflow (`jobs:`, its `run:` steps are commands), a test file (`cases:`,
//                 must say `file=`), a schedules file (`schedules:`), a request, a modeline alone, a
//                 `fragment` (parsed only), otherwise a routing file (loaded: no errors allowed)
//   (untagged)    a diagram: only in docs/design.md
//
// Any other block is a problem: a new kind of example needs a check here first.
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '../support/cli.js';
import type { CodeBlock } from './code-blocks.js';
import type { ReadmeCommand } from './run-command.js';
import { commandSteps, shownCommands } from './shell.js';

/** Markdown files whose untagged fences are diagrams (folder trees, the pipeline). */
export const DIAGRAM_FILES = new Set(['docs/design.md']);

export interface Examples {
  problems: string[];
  commands: ReadmeCommand[];
  snippets: CodeBlock[];
  /** Blocks that are a repository file, character for character (`file=PATH`). */
  copies: CodeBlock[];
  routing: CodeBlock[];
  fragments: CodeBlock[];
  requests: CodeBlock[];
  modelines: CodeBlock[];
  schedules: CodeBlock[];
  testFiles: CodeBlock[];
  settings: CodeBlock[];
  synopses: CodeBlock[];
}

function topLevelKeys(block: CodeBlock): string[] {
  try {
    const data: unknown = block.lang === 'json' ? JSON.parse(block.text) : parseYaml(block.text);
    return typeof data === 'object' && data !== null && !Array.isArray(data) ? Object.keys(data) : [];
  } catch {
    return [];
  }
}

const isRequest = (block: CodeBlock) => topLevelKeys(block).includes('requestor');

export function collectExamples(blocks: readonly CodeBlock[]): Examples {
  const ex: Examples = {
    problems: [],
    commands: [],
    snippets: [],
    copies: [],
    routing: [],
    fragments: [],
    requests: [],
    modelines: [],
    schedules: [],
    testFiles: [],
    settings: [],
    synopses: [],
  };
  let last: { file: string; section: string; command: ReadmeCommand } | undefined;

  const addCommands = (
    b: CodeBlock,
    lines: string[],
    firstLine: number,
    style: 'sh' | 'console',
    env: Record<string, string>,
  ) => {
    const exit = b.attrs.exit === undefined ? undefined : Number(b.attrs.exit);
    if (exit !== undefined && !Number.isInteger(exit)) throw new Error('`exit=` needs a number');
    for (const shown of shownCommands(lines, firstLine, style, b.file)) {
      const steps = commandSteps(shown.text, repoRoot);
      const runs = steps.filter((s) => s.kind === 'run');
      for (const step of steps) if (step.kind === 'export') Object.assign(env, step.env);
      if (shown.output.length && runs.length !== 1)
        throw new Error(`${b.file}:${shown.line}: output shown for a line that is not one command`);
      for (const step of runs) {
        ex.commands.push({
          where: `${b.file}:${shown.line}`,
          argv: step.argv,
          env: { ...env, ...step.env },
          background: step.background,
          shown: shown.output,
          ...(exit !== undefined ? { exit } : {}),
        });
      }
    }
  };

  /** The block is the output of the command just before it, if that command shows none yet. */
  const outputOfLast = (b: CodeBlock): boolean => {
    if (!last || last.file !== b.file || last.section !== b.section || last.command.shown.length > 0) return false;
    last.command.shown = b.lines;
    return true;
  };

  for (const b of blocks) {
    try {
      if (b.attrs.file !== undefined && typeof b.attrs.file !== 'string') throw new Error('`file=` needs a path');
      if (b.attrs.file !== undefined && b.lang !== 'ts' && b.lang !== 'yaml')
        throw new Error('`file=` is for ts and yaml blocks');
      switch (b.lang) {
        case 'sh':
        case 'console': {
          const before = ex.commands.length;
          addCommands(b, b.lines, b.line + 1, b.lang, {});
          if (ex.commands.length > before) last = { file: b.file, section: b.section, command: ex.commands.at(-1)! };
          else if (b.lang === 'console') throw new Error('a console block without an oncall-approval command');
          break;
        }
        case 'text':
          if (/^oncall-approval\s/.test(b.lines[0] ?? '')) ex.synopses.push(b);
          else if (!outputOfLast(b))
            throw new Error(
              'a text block that is neither a command synopsis nor the output of the command before it',
            );
          break;
        case 'ts':
          (b.attrs.file ? ex.copies : ex.snippets).push(b);
          break;
        case 'yaml': {
          if (b.attrs.file) ex.copies.push(b);
          if (/^jobs:/m.test(b.text)) {
            const workflow = parseYaml(b.text) as {
              jobs: Record<string, { steps: { run?: string; env?: Record<string, string> }[] }>;
            };
            for (const job of Object.values(workflow.jobs)) {
              for (const step of job.steps) {
                if (!step.run) continue;
                const at = b.lines.findIndex((l) => l.includes(`run: ${step.run!.split('\n')[0]}`));
                addCommands(b, step.run.split('\n'), b.line + 1 + at, 'sh', { ...step.env });
              }
            }
          } else if (b.attrs.fragment) ex.fragments.push(b);
          else if (/^cases:/m.test(b.text)) {
            if (!b.attrs.file) throw new Error('a test file example must be a file of the repository: add `file=PATH`');
            ex.testFiles.push(b);
          } else if (/^schedules:/m.test(b.text)) ex.schedules.push(b);
          else if (isRequest(b)) ex.requests.push(b);
          else if (b.lines.every((l) => l.trim() === '' || l.trim().startsWith('#'))) ex.modelines.push(b);
          else ex.routing.push(b);
          break;
        }
        case 'json':
          if (/"(yaml|json)\.schemas"/.test(b.text)) ex.settings.push(b);
          else if (isRequest(b)) ex.requests.push(b);
          else if (!outputOfLast(b))
            throw new Error('a json block that is neither editor settings, a request, nor the output of the command before it');
          break;
        case '':
          if (!DIAGRAM_FILES.has(b.file))
            throw new Error(`an untagged code block outside ${[...DIAGRAM_FILES].join(', ')} (diagrams only)`);
          break;
        default:
          throw new Error(`no check for \`\`\`${b.lang} blocks`);
      }
    } catch (err) {
      ex.problems.push(`${b.where}: ${(err as Error).message}`);
    }
  }
  return ex;
}
