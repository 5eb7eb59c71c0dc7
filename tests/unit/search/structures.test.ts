import { describe, expect, it } from 'vitest';
import { newBitset, popcount, popcountAnd, setBit } from '../../../src/lib/library/search/bitset';
import { SlotOrder } from '../../../src/lib/library/search/slot-order';
import { selectTop } from '../../../src/lib/library/search/top-k';
import { boundedDistance, matchKind, queryTerms } from '../../../src/lib/library/search/tokenize';
import { seededRandom } from '../../../bench/data/random';

describe('search building blocks', () => {
  it('selectTop gives the first k of a full sort', () => {
    const random = seededRandom(3);
    for (let round = 0; round < 50; round++) {
      const items = Array.from({ length: 1 + Math.floor(random() * 300) }, () =>
        Math.floor(random() * 100),
      );
      const k = Math.floor(random() * 40);
      const compare = (a: number, b: number) => a - b;
      expect(selectTop(items, k, compare)).toEqual([...items].sort(compare).slice(0, k));
    }
  });

  it('SlotOrder stays sorted through inserts and removes', () => {
    const random = seededRandom(4);
    const keys = new Map<number, number>();
    const order = new SlotOrder((a, b) => keys.get(a)! - keys.get(b)! || a - b);
    for (let i = 0; i < 500; i++) {
      const slot = Math.floor(random() * 100);
      if (keys.has(slot)) order.remove(slot);
      keys.set(slot, Math.floor(random() * 20));
      order.insert(slot);
      if (random() < 0.2) {
        order.remove(slot);
        keys.delete(slot);
      }
    }
    const expected = [...keys.keys()].sort((a, b) => keys.get(a)! - keys.get(b)! || a - b);
    expect(Array.from(order.order)).toEqual(expected);
  });

  it('counts bits', () => {
    const a = newBitset(200);
    const b = newBitset(200);
    for (const slot of [0, 31, 32, 63, 64, 199]) setBit(a, slot);
    for (const slot of [31, 64, 100]) setBit(b, slot);
    expect(popcount(a)).toBe(6);
    expect(popcountAnd(a, b)).toBe(2);
  });

  it('matches exact words, prefixes and typos from four letters', () => {
    expect(queryTerms('Hero, hero INTRO!')).toEqual(['hero', 'intro']);
    expect(matchKind('hero', 'hero')).toBe('exact');
    expect(matchKind('her', 'heroic')).toBe('prefix');
    expect(matchKind('hreo', 'hero')).toBe(null);
    expect(matchKind('heor', 'hero')).toBe(null);
    expect(matchKind('herp', 'hero')).toBe('fuzzy');
    expect(matchKind('cinmatic', 'cinematic')).toBe('fuzzy');
    expect(matchKind('cnmatic', 'cinematic')).toBe(null);
    expect(matchKind('cinemaitc', 'cinematic')).toBe('fuzzy');
    expect(matchKind('drg', 'dog')).toBe(null);
    expect(boundedDistance('kitten', 'sitting', 3)).toBe(3);
    expect(boundedDistance('kitten', 'sitting', 1)).toBe(2);
  });
});
