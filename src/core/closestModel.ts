/**
 * Finds the model id in the account's /models list closest to what the user asked for, for the
 * "model not found" one-click suggestion. Never guesses wildly: returns undefined when nothing is
 * reasonably close. Pure TypeScript; fast enough for 10,000 ids.
 */

/** Minimum similarity (0..1) for a suggestion. */
const MIN_SIMILARITY = 0.6;

/** `openai/gpt-4o` → `gpt4o`: lowercase, vendor prefix dropped, separators removed. */
export function compactModelId(id: string): string {
  const lower = String(id ?? '')
    .trim()
    .toLowerCase();
  const slash = lower.lastIndexOf('/');
  const bare = slash >= 0 && slash < lower.length - 1 ? lower.slice(slash + 1) : lower;
  return bare.replace(/[\s\-_.:/@]+/g, '');
}

/** Levenshtein distance, abandoning (returning max + 1) once it must exceed `max`. */
export function boundedLevenshtein(a: string, b: string, max: number): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = new Array<number>(b.length + 1);
  let curr = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    curr[0] = i;
    let rowMin = curr[0];
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min((prev[j] ?? 0) + 1, (curr[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      curr[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev, curr] = [curr, prev];
  }
  return prev[b.length] ?? max + 1;
}

function similarity(query: string, candidate: string, best: number): number {
  if (query === candidate) return 1;
  if (!query || !candidate) return 0;
  const longer = Math.max(query.length, candidate.length);
  const shorter = Math.min(query.length, candidate.length);
  let score = 0;
  // One is a prefix of the other: `claude35sonnet` ↔ `claude35sonnet20241022`, `deepseek` ↔ `deepseekchat`.
  if (shorter >= 4 && (candidate.startsWith(query) || query.startsWith(candidate))) {
    score = 0.85 + 0.1 * (shorter / longer);
  }
  // Edit distance, only computed when it could beat both the threshold and the best so far.
  const needed = Math.max(MIN_SIMILARITY, best, score);
  const maxDistance = Math.floor((1 - needed) * longer + 1e-9);
  if (maxDistance >= 0) {
    const d = boundedLevenshtein(query, candidate, maxDistance);
    if (d <= maxDistance) score = Math.max(score, 1 - d / longer);
  }
  return score;
}

/**
 * The id from `ids` closest to `requested`: exact match, then case-insensitive, then the same id
 * without vendor prefix and separators, then the most similar one above MIN_SIMILARITY. Ties go to
 * the id listed first. Undefined when nothing is reasonably close.
 */
export function closestModel(requested: string | null | undefined, ids: readonly string[] | null | undefined): string | undefined {
  if (typeof requested !== 'string' || !Array.isArray(ids) || ids.length === 0) return undefined;
  const wanted = requested.trim();
  if (!wanted) return undefined;
  const list = ids.filter((id): id is string => typeof id === 'string' && id.length > 0);
  if (list.includes(wanted)) return wanted;
  const lower = wanted.toLowerCase();
  const ci = list.find((id) => id.toLowerCase() === lower);
  if (ci !== undefined) return ci;

  const query = compactModelId(wanted);
  if (!query) return undefined;
  let bestId: string | undefined;
  let bestScore = 0;
  let bestLengthGap = Infinity;
  for (const id of list) {
    const candidate = compactModelId(id);
    const score = similarity(query, candidate, bestScore);
    if (score < MIN_SIMILARITY) continue;
    const gap = Math.abs(candidate.length - query.length);
    if (score > bestScore + 1e-12 || (Math.abs(score - bestScore) <= 1e-12 && gap < bestLengthGap)) {
      bestId = id;
      bestScore = score;
      bestLengthGap = gap;
    }
  }
  return bestId;
}
