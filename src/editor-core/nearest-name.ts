// "Did you mean …?": the closest names to a typo, by edit distance (adjacent swaps count as one edit).

/** Optimal string alignment distance, case-insensitive; stops early once every cell exceeds `max`. */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The candidates closest to `name`, best first: at most `limit`, and only those within a distance a person
 * would call a typo (a third of the name's length, at least 2). A candidate starting with the name (a name
 * typed only in part) also counts, after the typos.
 */
export function nearestNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const max = Math.max(2, Math.floor(name.length / 3));
  const scored: [string, number][] = [];
  const lower = name.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(name, c, max);
    if (d <= max) scored.push([c, d]);
    else if (lower.length >= 3 && c.toLowerCase().startsWith(lower)) scored.push([c, max + 1 + (c.length - name.length) / 1000]);
  }
  scored.sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]));
  // One edit away is a typo; then farther names are noise ("s4" → "s3", not also "ce" and "a4b").
  const kept = scored[0]?.[1] === 1 ? scored.filter(([, d]) => d <= 1) : scored;
  return kept.slice(0, limit).map(([c]) => c);
}
