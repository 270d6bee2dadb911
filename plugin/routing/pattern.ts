// Filter patterns are written by people and run on every decision against values a requestor chooses, so
// they are compiled with RE2 (re2js, its JavaScript port) rather than JavaScript's backtracking engine:
// RE2 matches in time linear in the value whatever the pattern, so no pattern can hang a decision, and no
// guess about which shapes backtrack is needed. The dialect is RE2's: `\A` and `\z` anchor the whole text
// (as in Go, Python and Ruby), `(?i)` makes a pattern case-insensitive; what RE2 cannot express (lookahead,
// lookbehind, backreferences) is refused when the file is loaded, with a sentence saying what to write.
//
// Patterns are compiled without flags: case-sensitive, unanchored. The loader, the compiler and the engine
// all compile with `compileFilterPattern`, so what `validate` accepts is what runs.
import { RE2JS } from 're2js';

export const MAX_PATTERN_LENGTH = 1000;

/** A compiled filter pattern: `test` says whether it matches anywhere in the text. */
export interface FilterPattern {
  test(text: string): boolean;
}

// Loading compiles each pattern to check it, and the engine compiles it again to run it: the second time is
// a lookup. A compiled RE2 program holds no state between matches, so one serves every caller. Bounded,
// since a long-running host may load many rule sets.
const compiled = new Map<string, FilterPattern>();
const MAX_COMPILED = 1_000;

/** Compiles a pattern in the RE2 dialect; throws on a pattern RE2 refuses (loading refuses those first). */
export function compileFilterPattern(pattern: string): FilterPattern {
  let found = compiled.get(pattern);
  if (found === undefined) {
    const re = RE2JS.compile(pattern);
    found = { test: (text) => re.test(text) };
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(pattern, found);
  }
  return found;
}

export type PatternFindingKind = 'too-long' | 'invalid' | 'unsupported';

export interface PatternFinding {
  /** `unsupported`: valid in other dialects (JavaScript, PCRE) but not in RE2: lookaround, backreferences. */
  kind: PatternFindingKind;
  message: string;
}

// What other dialects have and RE2 has not, found before compiling so the sentence can name it. Escaped
// characters and character classes are skipped, so `\(?=` and `[(?=]` are not lookaheads.
function unsupported(p: string): string | undefined {
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      const next = p[i + 1] ?? '';
      if (/[1-9]/.test(next))
        return `\`\\${next}\` is a backreference, which RE2 cannot express (matching with one can take exponential time)`;
      if (next === 'k' && p[i + 2] === '<') return '`\\k<...>` is a named backreference, which RE2 cannot express';
      i++;
      continue;
    }
    if (c === '[') {
      let j = i + 1;
      if (p[j] === '^') j++;
      if (p[j] === ']') j++;
      while (j < p.length && p[j] !== ']') j += p[j] === '\\' ? 2 : 1;
      i = j;
      continue;
    }
    if (c === '(' && p[i + 1] === '?') {
      const head = p.slice(i, i + 4);
      if (head.startsWith('(?=') || head.startsWith('(?!'))
        return `\`${head.slice(0, 3)}\` is a lookahead, which RE2 cannot express`;
      if (head === '(?<=' || head === '(?<!') return `\`${head}\` is a lookbehind, which RE2 cannot express`;
    }
  }
  return undefined;
}

/** Why a filter pattern is refused, with its kind; undefined when it is fine. */
export function patternFinding(pattern: string): PatternFinding | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH)
    return { kind: 'too-long', message: `the pattern is longer than ${MAX_PATTERN_LENGTH} characters` };
  const missing = unsupported(pattern);
  if (missing) {
    return {
      kind: 'unsupported',
      message: `\`${shorten(pattern)}\`: ${missing}; patterns use the RE2 dialect (write the condition as another filter, or spell the alternatives out)`,
    };
  }
  try {
    compileFilterPattern(pattern);
  } catch (err) {
    const raw = String((err as Error)?.message ?? err);
    const reason = raw.replace(/^error parsing regexp: /, '');
    return {
      kind: 'invalid',
      message: `\`${shorten(pattern)}\` is not a valid RE2 regular expression: ${reason}`,
    };
  }
  return undefined;
}

/** Why a filter pattern is refused, as a sentence; undefined when it is fine. */
export function patternProblem(pattern: string): string | undefined {
  return patternFinding(pattern)?.message;
}

function shorten(s: string): string {
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}
