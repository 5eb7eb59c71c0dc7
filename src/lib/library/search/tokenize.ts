/**
 * What "matches" means for free-text search, in one place. The fast engine, MiniSearch and the
 * linear scan used as a test oracle and benchmark baseline all follow these rules:
 *
 * - text is split into lower-case tokens of letters and digits;
 * - a query is its distinct tokens (at most {@link MAX_QUERY_TERMS}), all of which must match;
 * - a query term matches a token that equals it, starts with it (search as you type), or — for
 *   terms of 4+ letters only — is within 1 edit (4–7 letters) or 2 edits (8+ letters).
 */

export const MAX_QUERY_TERMS = 8;
/** Longer tokens are cut: nobody types them and they would only bloat the index. */
const MAX_TOKEN_LENGTH = 40;
const SPLIT = /[^\p{L}\p{N}]+/u;

export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const raw of text.toLowerCase().split(SPLIT)) {
    if (raw) tokens.push(raw.length > MAX_TOKEN_LENGTH ? raw.slice(0, MAX_TOKEN_LENGTH) : raw);
  }
  return tokens;
}

/** The distinct terms of a search text, in typed order. */
export function queryTerms(text: string): string[] {
  return [...new Set(tokenize(text))].slice(0, MAX_QUERY_TERMS);
}

/** Edits allowed for a term: none under 4 letters (short terms would match half the vocabulary). */
export function maxEdits(term: string): number {
  return term.length >= 8 ? 2 : term.length >= 4 ? 1 : 0;
}

const rowA = new Uint8Array(MAX_TOKEN_LENGTH + 1);
const rowB = new Uint8Array(MAX_TOKEN_LENGTH + 1);

/** Levenshtein distance if it is ≤ `limit`, otherwise `limit + 1`. Both strings ≤ 40 chars. */
export function boundedDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (a.length > MAX_TOKEN_LENGTH || b.length > MAX_TOKEN_LENGTH) return limit + 1;
  let previous = rowA;
  let current = rowB;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    [previous, current] = [current, previous];
  }
  return Math.min(previous[b.length]!, limit + 1);
}

export type MatchKind = 'exact' | 'prefix' | 'fuzzy';

/** How `term` matches `token`, or null. */
export function matchKind(term: string, token: string): MatchKind | null {
  if (token === term) return 'exact';
  if (token.startsWith(term)) return 'prefix';
  const edits = maxEdits(term);
  if (edits > 0 && boundedDistance(term, token, edits) <= edits) return 'fuzzy';
  return null;
}

/** Ranking weight of a match: typed words beat completions, completions beat typos. */
export function matchQuality(term: string, token: string, kind: MatchKind): number {
  if (kind === 'exact') return 1;
  if (kind === 'prefix') return 0.3 + 0.5 * (term.length / token.length);
  return 0.4;
}
