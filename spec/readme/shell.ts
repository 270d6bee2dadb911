// The little shell the examples of README.md and docs/*.md are written in: words split as a POSIX shell splits them (quotes,
// backslashes, `#` comments), `\` continuations, `&&`, a trailing `&`, `VAR=value` prefixes, `export`, and
// globs expanded against the file system. Anything else is refused, so an example that needs more of a
// shell than this is noticed rather than silently skipped.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { posix } from 'node:path';

export interface Word {
  text: string;
  /** Some part was quoted or escaped: no glob expansion. */
  quoted: boolean;
  /** `&&` or a trailing `&`, outside quotes. */
  op?: '&&' | '&';
}

export function shellWords(line: string): Word[] {
  const words: Word[] = [];
  let i = 0;
  const unsupported = (c: string) => new Error(`unsupported shell syntax \`${c}\` in: ${line}`);
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') { i++; continue; }
    if (c === '#') break;
    if (c === '&') {
      if (line[i + 1] === '&') { words.push({ text: '&&', quoted: false, op: '&&' }); i += 2; }
      else { words.push({ text: '&', quoted: false, op: '&' }); i++; }
      continue;
    }
    let text = '';
    let quoted = false;
    while (i < line.length && !/[ \t&]/.test(line[i]!)) {
      const d = line[i]!;
      if (d === "'") {
        const end = line.indexOf("'", i + 1);
        if (end < 0) throw new Error(`unclosed ' in: ${line}`);
        text += line.slice(i + 1, end);
        quoted = true;
        i = end + 1;
      } else if (d === '"') {
        for (i++; i < line.length && line[i] !== '"'; i++) {
          if (line[i] === '\\' && /["\\$`]/.test(line[i + 1] ?? '')) text += line[++i];
          else if (line[i] === '$' || line[i] === '`') throw unsupported(line[i]!);
          else text += line[i];
        }
        if (i >= line.length) throw new Error(`unclosed " in: ${line}`);
        i++;
        quoted = true;
      } else if (d === '\\') {
        text += line[i + 1] ?? '';
        quoted = true;
        i += 2;
      } else if ('|;<>`$(){}'.includes(d)) {
        throw unsupported(d);
      } else {
        text += d;
        i++;
      }
    }
    words.push({ text, quoted });
  }
  return words;
}

/** A command line of a block, joined across trailing `\`, with the output lines shown after it. */
export interface ShownCommand {
  text: string;
  /** 1-based line, in the markdown file, of the command's first line. */
  line: number;
  output: string[];
}

/**
 * `console` blocks: `$ ` starts a command, other lines are its output. `sh` blocks (and a workflow's `run:`):
 * every line is a command, `#` lines are comments.
 */
export function shownCommands(
  lines: string[],
  firstLine: number,
  style: 'console' | 'sh',
  file = 'README.md',
): ShownCommand[] {
  const out: ShownCommand[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    let text: string;
    if (style === 'console') {
      if (!raw.startsWith('$ ')) {
        const current = out.at(-1);
        if (!current) throw new Error(`${file}:${firstLine + i}: output before the first \`$ \` command`);
        current.output.push(raw);
        continue;
      }
      text = raw.slice(2);
    } else {
      if (raw.trim() === '' || raw.trim().startsWith('#')) continue;
      text = raw;
    }
    const line = firstLine + i;
    while (/\\\s*$/.test(text) && i + 1 < lines.length) text = text.replace(/\\\s*$/, ' ') + lines[++i]!.trim();
    out.push({ text: text.trim(), line, output: [] });
  }
  return out;
}

export type Step =
  | { kind: 'run'; argv: string[]; env: Record<string, string>; background: boolean }
  | { kind: 'export'; env: Record<string, string> }
  | { kind: 'skip'; why: string };

/** The steps of one command line (`a && b` is two); `cwd` is where globs are expanded. */
export function commandSteps(text: string, cwd: string): Step[] {
  const words = shellWords(text);
  const background = words.at(-1)?.op === '&';
  if (background) words.pop();
  if (words.some((w) => w.op === '&')) throw new Error(`\`&\` only at the end of a command: ${text}`);
  const segments: Word[][] = [[]];
  for (const w of words) {
    if (w.op === '&&') segments.push([]);
    else segments.at(-1)!.push(w);
  }
  return segments.map((segment, n) => {
    const env: Record<string, string> = {};
    let k = 0;
    for (; k < segment.length; k++) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(segment[k]!.text);
      if (!m) break;
      env[m[1]!] = m[2]!;
    }
    const rest = segment.slice(k);
    const head = rest.map((w) => w.text);
    if (head[0] === 'export') {
      const exported: Record<string, string> = {};
      for (const w of rest.slice(1)) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(w.text);
        if (!m) throw new Error(`\`export\` of something other than VAR=value: ${text}`);
        exported[m[1]!] = m[2]!;
      }
      return { kind: 'export' as const, env: exported };
    }
    if (head.length === 2 && head[0] === 'npm' && (head[1] === 'ci' || head[1] === 'test')) {
      return { kind: 'skip' as const, why: head[1] === 'ci' ? 'dependencies are installed' : 'that is this test suite' };
    }
    if (head[0] === 'npm' && head[1] === 'install' && head.includes('oncall-approval')) {
      return { kind: 'skip' as const, why: 'installs the published package; the spec runs this checkout instead' };
    }
    if (head[0] === 'npm' && head[1] === 'run' && head[2] === 'bench') {
      // A minute of timing is no unit test: spec/bench runs the same scenarios at tiny sizes instead.
      return { kind: 'skip' as const, why: 'the benchmark; spec/bench runs its scenarios at tiny sizes' };
    }
    if (head[0] === 'npx' && head[1] === 'oncall-approval') {
      const argv = rest.slice(2).flatMap((w) => (!w.quoted && w.text.includes('*') ? expandGlob(w.text, cwd) : [w.text]));
      return { kind: 'run' as const, argv, env, background: background && n === segments.length - 1 };
    }
    throw new Error(`not an oncall-approval command the docs spec knows how to run: ${text}`);
  });
}

/**
 * `dir/*.ext`, and globs in folder names too (`rules/NAME/...` with NAME a star), the way a shell expands them
 * (sorted; no match leaves the word as it is).
 */
export function expandGlob(pattern: string, cwd: string): string[] {
  const matcher = (part: string) =>
    new RegExp(`^${part.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
  let paths = [pattern.startsWith('/') ? '/' : ''];
  for (const part of pattern.split('/').filter((p, i) => p !== '' || i > 0)) {
    if (!part.includes('*')) {
      paths = paths.map((p) => (p === '' ? part : posix.join(p, part)));
      continue;
    }
    const re = matcher(part);
    paths = paths.flatMap((p) => {
      const dir = posix.join(cwd, p === '' ? '.' : p);
      if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
      return readdirSync(dir)
        .filter((n) => re.test(n) && !n.startsWith('.'))
        .sort()
        .map((n) => (p === '' ? n : posix.join(p, n)));
    });
  }
  const found = paths.filter((p) => existsSync(posix.join(cwd, p)));
  return found.length ? found.map((f) => (pattern.startsWith('./') ? `./${f}` : f)) : [pattern];
}
