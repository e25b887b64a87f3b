// "Did you mean": candidates ranked by edit distance, also matching on the first word.

export function editDistance(a: string, b: string): number {
  const prev = Array.from({length: b.length + 1}, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

export function closest(typed: string, candidates: string[], max: number): string[] {
  const limit = Math.max(2, Math.floor(typed.length / 2));
  return candidates
    .map((c) => ({c, d: Math.min(editDistance(typed, c), editDistance(typed.split(' ')[0], c.split(' ')[0]) + (c.includes(' ') ? 1 : 0))}))
    .filter((x) => x.d <= limit || x.c.startsWith(typed))
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, max)
    .map((x) => x.c);
}
