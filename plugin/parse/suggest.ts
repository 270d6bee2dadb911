// "Did you mean …?" for misspelt keys and values: the closest known word, when it is close enough to be
// the one meant (same letters ignoring case, `_` and `-`, or at most two edits for words of 5+ letters).

function normalise(word: string): string {
  return word.toLowerCase().replace(/[-_\s]/g, '');
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

export function closest(word: string, candidates: readonly string[]): string | undefined {
  const w = normalise(word);
  if (!w || w.length > 100) return undefined;
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const n = normalise(c);
    const d = n === w ? 0 : distance(w, n);
    const allowed = Math.min(2, Math.floor(Math.max(w.length, n.length) / 4));
    if (d <= allowed && d < bestScore) {
      best = c;
      bestScore = d;
    }
  }
  return best === word ? undefined : best;
}
