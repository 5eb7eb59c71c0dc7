import { describe, expect, it } from 'vitest';
import { openingProgress } from '../../../src/lib/client/opening-progress';
import { parseSearch } from '../../../src/lib/client/search-url';
import { describeSearch } from '../../../src/lib/client/search-words';

describe('the opening progress', () => {
  it('counts rooms when nothing says how many clips to expect', () => {
    expect(openingProgress({ roomsLoaded: 1, roomsTotal: 3, clips: 0 }, 0)).toEqual({
      text: '1 of 3 rooms read',
      percent: 33,
    });
  });

  it('follows the clips against what the remembered first screen expects', () => {
    const progress = openingProgress({ roomsLoaded: 0, roomsTotal: 1, clips: 2500 }, 10000);
    expect(progress.text).toBe(
      `0 of 1 room read · ${(2500).toLocaleString()} of ${(10000).toLocaleString()} clips`,
    );
    expect(progress.percent).toBe(25);
  });
});

describe('a search in words', () => {
  it('names the text, each filter with creators by name, the ranges and lineage', () => {
    const search = parseSearch(
      new URLSearchParams('q=neon&mood=calm&creator=u1&from=2026-01-01&lineage=yes'),
    );
    const words = describeSearch(search, (id) => (id === 'u1' ? 'Ann' : id));
    expect(words).toContain('“neon”');
    expect(words).toContain('moods: calm');
    expect(words).toContain('creators: Ann');
    expect(words).toContain('created 2026-01-01 – …');
    expect(words).toContain('in a lineage');
  });

  it('says nothing of an empty search', () => {
    expect(describeSearch(parseSearch(new URLSearchParams()), (id) => id)).toEqual([]);
  });
});
