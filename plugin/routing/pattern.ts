// Filter patterns are written by people and run on every decision, so they are checked when the file is
// loaded: they must compile, and they must not have the shape that makes backtracking regular expressions
// take exponential time ("catastrophic backtracking"): a repeated group that itself contains a repeat,
// like `(a+)+`, `(\w*)*` or `(x+y?)+`. That check is a heuristic: it catches nested repeats, the common
// catastrophic form; it does not look for overlapping alternatives (`(a|a)+`), which are rare in practice.
//
// Patterns are JavaScript regular expressions compiled without flags: case-sensitive, unanchored.
// The engine compiles them with `compileFilterPattern` so that what `validate` accepts is what runs.

export const MAX_PATTERN_LENGTH = 1000;

export function compileFilterPattern(pattern: string): RegExp {
  return new RegExp(pattern);
}

/** Why a filter pattern is refused, as a sentence; undefined when it is fine. */
export function patternProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) return `the pattern is longer than ${MAX_PATTERN_LENGTH} characters`;
  try {
    compileFilterPattern(pattern);
  } catch (err) {
    const reason = String((err as Error).message).replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    return `\`${shorten(pattern)}\` is not a valid regular expression: ${reason}`;
  }
  const nested = nestedRepeat(pattern);
  if (nested) {
    return `\`${shorten(nested)}\` repeats a group that itself contains a repeat; such patterns can take exponential time on some values, so they are refused (for example write \`a+\` rather than \`(a+)+\`)`;
  }
  return undefined;
}

function shorten(s: string): string {
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

/** Length of an unbounded quantifier (`*`, `+`, `{n,}`, with an optional lazy `?`) at `i`, else 0. */
function unboundedQuantifier(p: string, i: number): number {
  const c = p[i];
  let n = 0;
  if (c === '*' || c === '+') n = 1;
  else if (c === '{') {
    const m = /^\{\d+,\}/.exec(p.slice(i, i + 20));
    if (m) n = m[0].length;
  }
  if (n && p[i + n] === '?') n++;
  return n;
}

/** The first group that is repeated without bound and itself repeats something without bound, if any. */
export function nestedRepeat(p: string): string | undefined {
  const stack: { start: number; repeats: boolean }[] = [];
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      // Skip the character class: its contents are not structure.
      let j = i + 1;
      if (p[j] === '^') j++;
      if (p[j] === ']') j++;
      while (j < p.length && p[j] !== ']') j += p[j] === '\\' ? 2 : 1;
      i = j;
      continue;
    }
    if (c === '(') {
      stack.push({ start: i, repeats: false });
      continue;
    }
    const q = unboundedQuantifier(p, i);
    if (c === ')') {
      const group = stack.pop();
      if (!group) continue;
      const after = unboundedQuantifier(p, i + 1);
      if (after && group.repeats) return p.slice(group.start, i + 1 + after);
      if (stack.length && (group.repeats || after)) stack[stack.length - 1]!.repeats = true;
      i += after;
      continue;
    }
    if (q) {
      if (stack.length) stack[stack.length - 1]!.repeats = true;
      i += q - 1;
    }
  }
  return undefined;
}
