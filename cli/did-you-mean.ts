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
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i += 1) {
    for (let j = 1; j < cols; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i]!;
      const above = d[i - 1]!;
      row[j] = Math.min(above[j]! + 1, row[j - 1]! + 1, above[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}
