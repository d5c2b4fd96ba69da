/**
 * The closest known word to a mistyped one, or null when nothing is close enough to be a
 * plausible typo (so "did you mean" never suggests something unrelated).
 */
export function closestMatch(typed: string, known: readonly string[]): string | null {
  let best: { word: string; distance: number } | null = null;
  for (const word of known) {
    const distance = editDistance(typed.toLowerCase(), word.toLowerCase());
    if (!best || distance < best.distance) best = { word, distance };
  }
  // One edit per four letters (at least one) keeps "replya" -> "replay" and "jsno" -> "json",
  // but not "deploy" -> "replay" (two edits in six letters is another word).
  const tolerance = Math.max(1, Math.floor(typed.length / 4));
  return best && best.distance <= tolerance ? best.word : null;
}

/** Levenshtein distance with adjacent transpositions counted as one edit ("jsno" -> "json"). */
function editDistance(a: string, b: string): number {
  const cols = b.length + 1;
  // One flat table, row-major; every cell read has been written before it is read.
  const d = new Array<number>((a.length + 1) * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i <= a.length; i += 1) d[i * cols] = i;
  for (let j = 0; j <= b.length; j += 1) d[j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i * cols + j] = best;
    }
  }
  return at(a.length, b.length);
}
