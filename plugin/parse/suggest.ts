// "Did you mean …?" for misspelt keys and values: the closest known word, when it is close enough to be
// the one meant (same letters ignoring case, `_` and `-`, or at most one edit per four letters, two at most).

function normalise(word: string): string {
  return word.toLowerCase().replace(/[-_\s]/g, '');
}

// Edits: insert, delete, replace, or swap two neighbouring letters (`tset` is one edit from `test`).
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row.push(d);
    }
    before = prev;
    prev = row;
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
