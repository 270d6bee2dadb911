// Output an example shows, compared with what the command really printed. Each shown line must be a
// whole line of the real output (trailing spaces aside); `...` or `…` in a shown line stands for any text,
// so a line of only `...` marks output left out.

function linePattern(shown: string): RegExp {
  const parts = shown.trimEnd().split(/\.\.\.|…/);
  return new RegExp(`^${parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** The shown lines that no line of `actual` matches. */
export function missingLines(shown: string[], actual: string): string[] {
  const real = actual.split('\n').map((l) => l.trimEnd());
  return shown.filter((line) => {
    const re = linePattern(line);
    return !real.some((r) => re.test(r));
  });
}

/** The exit code an example promises: 1 when it shows an `error:` or a `FAIL` line, else 0. */
export function shownExitCode(shown: string[]): number {
  return shown.some((l) => /\berror:/.test(l) || /^FAIL\b/.test(l)) ? 1 : 0;
}
