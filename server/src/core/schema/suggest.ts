// "Did you mean ...?": the closest candidate a small edit away from a misspelt field name or value.
import { editDistance } from '../edit-distance';

/** How many edits a word of this length may be away from a suggestion: 0 for 1–2 letters, 1 up to 5, then 2. */
export function allowedEdits(length: number): number {
  return length <= 2 ? 0 : length <= 5 ? 1 : 2;
}

/**
 * The candidate closest to `word`, ignoring case, if it is within `allowedEdits`; a candidate that differs only in
 * case always qualifies. Ties go to the candidate closer in exact case; a tie that remains is ambiguous (no answer).
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  const limit = allowedEdits(word.length);
  let best: string | undefined;
  let bestDist = Infinity;
  let bestExact = Infinity;
  let ambiguous = false;
  for (const c of candidates) {
    if (c === word) continue;
    const d = editDistance(lower, c.toLowerCase(), limit);
    if (d > limit) continue;
    const exact = editDistance(word, c);
    if (d < bestDist || (d === bestDist && exact < bestExact)) {
      best = c;
      bestDist = d;
      bestExact = exact;
      ambiguous = false;
    } else if (d === bestDist && exact === bestExact) {
      ambiguous = true;
    }
  }
  return ambiguous ? undefined : best;
}
