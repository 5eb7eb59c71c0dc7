/**
 * The free-text side of the live index. Two structures are kept up to date per changed asset:
 *
 * - MiniSearch (BM25 over name, prompt, tags, category, collection notes, evolution notes) ranks
 *   matches by relevance when the work is small enough to be instant;
 * - our own term → slots postings (with the vocabulary in a radix tree, so prefixes and typos
 *   expand cheaply) give the exact matching set for any query, which MiniSearch cannot do
 *   quickly for common words or one-letter prefixes at 100k assets: it scores every match.
 *
 * Both follow the rules in `tokenize.ts`, so they agree on what matches.
 */
import MiniSearch from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import { addAll, clearBit, newBitset, setBit, type Bitset } from './bitset';
import { matchQuality, maxEdits, tokenize } from './tokenize';

export interface TextFields {
  name: string;
  prompt: string;
  tags: readonly string[];
  category: string;
  /** Notes of every collection item holding this asset. */
  notes: string;
  evolution_note: string;
}

interface DocTerms {
  id: string;
  all: string[];
  name: string[];
  tags: string[];
}

/** Expanded vocabulary terms of one query term, each with its match quality (0..1]. */
export type Expansion = Map<string, number>;

type Field = 'name' | 'tags';

/** Short prefixes recur constantly while typing; their match sets are kept, and kept current. */
const CACHED_PREFIX_MAX = 3;
const PREFIX_CACHE_SIZE = 1024;

const FIELDS = ['name', 'prompt', 'tags', 'category', 'notes', 'evolution_note'];

export class TextIndex {
  /** The tokens of the document being added, by field: MiniSearch reuses them, not re-splitting. */
  private adding: Record<string, string[]> | undefined;
  private readonly mini = new MiniSearch<{ id: string } & Record<string, string>>({
    fields: FIELDS,
    idField: 'id',
    tokenize: (text, field) => (field !== undefined && this.adding?.[field]) || tokenize(text),
    processTerm: (term) => term,
  });
  /** Every indexed token, as a radix tree: prefixes and typos expand on it cheaply. */
  private readonly vocabulary = new SearchableMap<true>();
  private readonly postings = new Map<string, Set<number>>();
  private readonly fieldPostings: Record<Field, Map<string, Set<number>>> = {
    name: new Map(),
    tags: new Map(),
  };
  private readonly docs = new Map<number, DocTerms>();
  private readonly slotById = new Map<string, number>();
  private readonly prefixCache = new Map<string, Bitset>();
  private capacity = 0;

  get size(): number {
    return this.docs.size;
  }

  /** Adds or replaces the text of the asset in `slot`. */
  upsert(slot: number, id: string, fields: TextFields): void {
    const previous = this.docs.get(slot);
    const tagText = fields.tags.join(' ');
    // Each field is split once, for our postings and for MiniSearch alike.
    const tokens: Record<string, string[]> = {
      name: tokenize(fields.name),
      prompt: tokenize(fields.prompt),
      tags: tokenize(tagText),
      category: tokenize(fields.category),
      notes: tokenize(fields.notes),
      evolution_note: tokenize(fields.evolution_note),
    };
    const next: DocTerms = {
      id,
      all: distinct(FIELDS.map((field) => tokens[field]!)),
      name: distinct([tokens['name']!]),
      tags: distinct([tokens['tags']!, tokens['category']!]),
    };
    if (previous) this.unpost(slot, previous);
    this.post(slot, next);
    this.docs.set(slot, next);
    this.slotById.set(id, slot);
    this.refreshCachedPrefixes(slot, previous, next);
    if (this.mini.has(id)) this.mini.discard(id);
    this.adding = tokens;
    try {
      this.mini.add({
        id,
        name: fields.name,
        prompt: fields.prompt,
        tags: tagText,
        category: fields.category,
        notes: fields.notes,
        evolution_note: fields.evolution_note,
      });
    } finally {
      this.adding = undefined;
    }
  }

  remove(slot: number): void {
    const previous = this.docs.get(slot);
    if (!previous) return;
    this.unpost(slot, previous);
    this.docs.delete(slot);
    this.slotById.delete(previous.id);
    this.refreshCachedPrefixes(slot, previous, undefined);
    if (this.mini.has(previous.id)) this.mini.discard(previous.id);
  }

  /** The distinct tokens indexed for a slot (for the linear scan and for tests). */
  tokensOf(slot: number): readonly string[] {
    return this.docs.get(slot)?.all ?? [];
  }

  /** Every vocabulary term `term` matches, with its quality. */
  expand(term: string): Expansion {
    const map = this.vocabulary;
    const expansion: Expansion = new Map();
    for (const [token] of map.atPrefix(term)) {
      expansion.set(token, matchQuality(term, token, token === term ? 'exact' : 'prefix'));
    }
    const edits = maxEdits(term);
    if (edits > 0) {
      for (const [token] of map.fuzzyGet(term, edits)) {
        if (!expansion.has(token)) expansion.set(token, matchQuality(term, token, 'fuzzy'));
      }
    }
    return expansion;
  }

  /** How many postings a ranked search over these expansions would visit. */
  work(expansions: readonly Expansion[]): number {
    let total = 0;
    for (const expansion of expansions) {
      for (const token of expansion.keys()) total += this.postings.get(token)?.size ?? 0;
    }
    return total;
  }

  /**
   * Slots whose text matches `term`. Short prefixes come from the cache (shared: never modify
   * the result); other terms are unioned into `into` (cleared first), which is returned.
   */
  matchBits(term: string, expansion: Expansion, into: Bitset): Bitset {
    const capacity = into.length * 32;
    if (capacity !== this.capacity) {
      this.prefixCache.clear();
      this.capacity = capacity;
    }
    const cacheable = term.length <= CACHED_PREFIX_MAX;
    if (cacheable) {
      const hit = this.prefixCache.get(term);
      if (hit) {
        this.prefixCache.delete(term);
        this.prefixCache.set(term, hit);
        return hit;
      }
    }
    const bits = cacheable ? newBitset(capacity) : into.fill(0);
    for (const token of expansion.keys()) {
      const slots = this.postings.get(token);
      if (slots) addAll(bits, slots);
    }
    if (cacheable) {
      this.prefixCache.set(term, bits);
      if (this.prefixCache.size > PREFIX_CACHE_SIZE) {
        this.prefixCache.delete(this.prefixCache.keys().next().value!);
      }
    }
    return bits;
  }

  /** Unions into `into` the slots where an expanded token occurs in `field` (name, or tags and category). */
  fieldBits(expansion: Expansion, field: Field, into: Bitset): Bitset {
    into.fill(0);
    const map = this.fieldPostings[field];
    for (const token of expansion.keys()) {
      const slots = map.get(token);
      if (slots) addAll(into, slots);
    }
    return into;
  }

  /**
   * BM25 scores (MiniSearch) of the slots accepted by `accept`, for the expanded tokens. Only
   * call when {@link work} is small: MiniSearch scores every posting it visits.
   */
  rank(expansions: readonly Expansion[], accept: (slot: number) => boolean): Map<number, number> {
    const quality = new Map<string, number>();
    for (const expansion of expansions) {
      for (const [token, q] of expansion) quality.set(token, Math.max(q, quality.get(token) ?? 0));
    }
    const scores = new Map<number, number>();
    if (quality.size === 0) return scores;
    const results = this.mini.search([...quality.keys()].join(' '), {
      combineWith: 'OR',
      prefix: false,
      fuzzy: false,
      boost: { name: 3, tags: 2, category: 1.5 },
      boostTerm: (token) => quality.get(token) ?? 1,
    });
    for (const result of results) {
      const slot = this.slotById.get(result.id as string);
      if (slot !== undefined && accept(slot)) scores.set(slot, result.score);
    }
    return scores;
  }

  private post(slot: number, doc: DocTerms): void {
    for (const token of doc.all) {
      if (addPosting(this.postings, token, slot)) this.vocabulary.set(token, true);
    }
    for (const token of doc.name) addPosting(this.fieldPostings.name, token, slot);
    for (const token of doc.tags) addPosting(this.fieldPostings.tags, token, slot);
  }

  private unpost(slot: number, doc: DocTerms): void {
    for (const token of doc.all) {
      if (removePosting(this.postings, token, slot)) this.vocabulary.delete(token);
    }
    for (const token of doc.name) removePosting(this.fieldPostings.name, token, slot);
    for (const token of doc.tags) removePosting(this.fieldPostings.tags, token, slot);
  }

  /** Keeps cached short-prefix match sets exact: only prefixes of old or new tokens can change. */
  private refreshCachedPrefixes(slot: number, before?: DocTerms, after?: DocTerms): void {
    if (this.prefixCache.size === 0 || slot >= this.capacity) {
      if (slot >= this.capacity) this.prefixCache.clear();
      return;
    }
    const touched = new Set<string>();
    for (const doc of [before, after]) {
      for (const token of doc?.all ?? []) {
        for (let n = 1; n <= Math.min(CACHED_PREFIX_MAX, token.length); n++) {
          touched.add(token.slice(0, n));
        }
      }
    }
    for (const prefix of touched) {
      const bits = this.prefixCache.get(prefix);
      if (!bits) continue;
      if (after?.all.some((token) => token.startsWith(prefix))) setBit(bits, slot);
      else clearBit(bits, slot);
    }
  }
}

function distinct(lists: readonly (readonly string[])[]): string[] {
  const tokens = new Set<string>();
  for (const list of lists) for (const token of list) tokens.add(token);
  return [...tokens];
}

/** Adds a posting; true when the token is new. */
function addPosting(map: Map<string, Set<number>>, token: string, slot: number): boolean {
  const slots = map.get(token);
  if (slots) {
    slots.add(slot);
    return false;
  }
  map.set(token, new Set([slot]));
  return true;
}

/** Removes a posting; true when the token has no postings left. */
function removePosting(map: Map<string, Set<number>>, token: string, slot: number): boolean {
  const slots = map.get(token);
  if (!slots) return false;
  slots.delete(slot);
  if (slots.size > 0) return false;
  map.delete(token);
  return true;
}
