import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { LibraryIndex } from '../../../src/lib/library/live/library-index';
import { createAsset } from '../../../src/lib/library/ops/assets';
import {
  buildFirstScreen,
  FIRST_SCREEN_CARDS,
  firstScreenKey,
  parseFirstScreen,
  type FirstScreen,
} from '../../../src/lib/client/first-screen';
import {
  clearFirstScreens,
  FIRST_SCREEN_KEEP,
  readFirstScreen,
  writeFirstScreen,
} from '../../../src/lib/client/first-screen-store';
import { FirstScreenRecorder, SETTLE_MS } from '../../../src/lib/client/first-screen-recorder';
import { TestTeam } from '../helpers/library';

/** localStorage as the browser gives it (the Storage interface), kept in memory. */
class MemoryStorage implements Storage {
  #items = new Map<string, string>();
  quota = Infinity;
  get length(): number {
    return this.#items.size;
  }
  key(index: number): string | null {
    return [...this.#items.keys()][index] ?? null;
  }
  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    const used = [...this.#items].reduce((sum, [k, v]) => sum + k.length + v.length, 0);
    if (used + key.length + value.length > this.quota) {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    }
    this.#items.set(key, String(value));
  }
  removeItem(key: string): void {
    this.#items.delete(key);
  }
  clear(): void {
    this.#items.clear();
  }
}

const USER = 'ada';
const OTHER = 'bob';

function library(count: number): { team: TestTeam; index: LibraryIndex } {
  const team = new TestTeam('team1');
  const ctx = team.ctx(USER, 'editor');
  for (let i = 0; i < count; i++) {
    team.now = new Date(Date.UTC(2026, 0, 1, 10, 0, i));
    createAsset(ctx, {
      name: `Clip ${String(i).padStart(3, '0')}`,
      mood: i % 2 === 0 ? 'calm' : 'tense',
      engine: i % 3 === 0 ? 'runway' : 'pika',
      tags: i % 5 === 0 ? ['night', 'rain'] : ['day'],
      status: 'ready',
      duration: 5 + (i % 7),
    });
  }
  return { team, index: new LibraryIndex(ctx.rooms) };
}

function build(index: LibraryIndex, key: string, userId = USER): FirstScreen {
  return buildFirstScreen({
    index,
    userId,
    teamId: 'team1',
    key,
    nameOf: (id) => (id === USER ? 'Ada Lovelace' : id),
    now: new Date('2026-02-01T00:00:00.000Z'),
  });
}

describe('the remembered first screen', () => {
  test('holds the first cards in grid order with what a card shows, the count and the filter counts', () => {
    const { index } = library(75);
    const screen = build(index, '');
    expect(screen.total).toBe(75);
    expect(screen.asset_count).toBe(75);
    expect(screen.cards).toHaveLength(FIRST_SCREEN_CARDS);
    // Newest first, as the grid sorts by default.
    expect(screen.cards[0]).toEqual({
      id: expect.any(String),
      name: 'Clip 074',
      thumbnail_url: null,
      duration: 5 + (74 % 7),
      tags: 'day',
      mood: 'calm',
      engine: 'pika',
      status: 'ready',
      has_lineage: false,
      lineage_version: expect.any(Number),
      share_level: 'team',
    });
    expect(screen.cards[1]!.name).toBe('Clip 073');
    expect(screen.filters.moods).toEqual(['calm', 'tense']);
    expect(screen.filters.counts.moods).toEqual({ calm: 38, tense: 37 });
    expect(screen.filters.counts.tags).toEqual({ day: 60, night: 15, rain: 15 });
    expect(screen.members).toEqual({ [USER]: 'Ada Lovelace' });
  });

  test('answers its search state: filtered cards, and counts within the other filters', () => {
    const { index } = library(30);
    const key = firstScreenKey(new URLSearchParams('mood=tense&sort=name&order=asc'))!;
    const screen = build(index, key);
    expect(screen.total).toBe(15);
    expect(screen.cards.map((card) => card.name).slice(0, 3)).toEqual([
      'Clip 001',
      'Clip 003',
      'Clip 005',
    ]);
    // Moods are counted without their own selection, so "calm" stays reachable.
    expect(screen.filters.counts.moods).toEqual({ calm: 15, tense: 15 });
    expect(screen.filters.counts.engines).toEqual({ pika: 10, runway: 5 });
  });

  test('is keyed by the normalised search state; a family scope is not remembered', () => {
    expect(firstScreenKey(new URLSearchParams('mood=calm&q=rain'))).toBe(
      firstScreenKey(new URLSearchParams('q=rain&mood=calm&junk=1')),
    );
    expect(firstScreenKey(new URLSearchParams(''))).toBe('');
    expect(firstScreenKey(new URLSearchParams('family=abc&scope=branch'))).toBeNull();
  });
});

describe('storing first screens', () => {
  test('reads back what was written, for the same person, team and search state only', () => {
    const storage = new MemoryStorage();
    const { index } = library(10);
    const screen = build(index, '?mood=calm');
    expect(writeFirstScreen(storage, screen)).toBe(true);
    expect(readFirstScreen(storage, USER, 'team1', '?mood=calm')).toEqual(screen);
    expect(readFirstScreen(storage, USER, 'team1', '')).toBeNull();
    expect(readFirstScreen(storage, USER, 'team2', '?mood=calm')).toBeNull();
    expect(readFirstScreen(storage, OTHER, 'team1', '?mood=calm')).toBeNull();
  });

  test('keeps only the most recent search states', () => {
    const storage = new MemoryStorage();
    const { index } = library(3);
    const keys = ['', '?mood=calm', '?mood=tense', '?engine=pika', '?engine=runway'];
    for (const key of keys) writeFirstScreen(storage, build(index, key));
    expect(FIRST_SCREEN_KEEP).toBe(keys.length - 1);
    expect(readFirstScreen(storage, USER, 'team1', '')).toBeNull();
    for (const key of keys.slice(1)) {
      expect(readFirstScreen(storage, USER, 'team1', key)?.key).toBe(key);
    }
    // Writing an old one again makes it the newest.
    writeFirstScreen(storage, build(index, '?mood=calm'));
    writeFirstScreen(storage, build(index, ''));
    expect(readFirstScreen(storage, USER, 'team1', '?mood=calm')).not.toBeNull();
    expect(readFirstScreen(storage, USER, 'team1', '?mood=tense')).toBeNull();
  });

  test('a full storage stores nothing and says so', () => {
    const storage = new MemoryStorage();
    storage.quota = 2000;
    const { index } = library(40);
    expect(writeFirstScreen(storage, build(index, ''))).toBe(false);
    expect(readFirstScreen(storage, USER, 'team1', '')).toBeNull();
  });

  test('signing out clears every first screen; signing in clears everyone else’s', () => {
    const storage = new MemoryStorage();
    const { index } = library(3);
    writeFirstScreen(storage, build(index, ''));
    writeFirstScreen(storage, build(index, '', OTHER));
    storage.setItem('video-library:me', '{"kept":true}');
    clearFirstScreens(storage, { keepUser: USER });
    expect(readFirstScreen(storage, USER, 'team1', '')).not.toBeNull();
    expect(readFirstScreen(storage, OTHER, 'team1', '')).toBeNull();
    clearFirstScreens(storage);
    expect(readFirstScreen(storage, USER, 'team1', '')).toBeNull();
    expect(storage.length).toBe(1);
    expect(storage.getItem('video-library:me')).toBe('{"kept":true}');
  });
});

describe('a stored first screen is untrusted input', () => {
  const expected = { userId: USER, teamId: 'team1', key: '' };

  function valid(): FirstScreen {
    return build(library(3).index, '');
  }

  test('a well-formed one passes', () => {
    expect(parseFirstScreen(JSON.parse(JSON.stringify(valid())), expected)).not.toBeNull();
  });

  test.each([
    ['not JSON at all', 'garbage'],
    ['null', null],
    ['an older version', { ...valid(), v: 0 }],
    ['a missing count', { ...valid(), total: undefined }],
    ['a negative count', { ...valid(), total: -1 }],
    ['cards that are not a list', { ...valid(), cards: {} }],
    ['a card with a bad id', { ...valid(), cards: [{ ...valid().cards[0], id: '../../x' }] }],
    [
      'a card with an unknown status',
      { ...valid(), cards: [{ ...valid().cards[0], status: 'x' }] },
    ],
    [
      'a card with markup for a duration',
      { ...valid(), cards: [{ ...valid().cards[0], duration: '<b>' }] },
    ],
    ['too many cards', { ...valid(), cards: Array(FIRST_SCREEN_CARDS + 1).fill(valid().cards[0]) }],
    ['filters without counts', { ...valid(), filters: { ...valid().filters, counts: undefined } }],
    ['a bad date', { ...valid(), saved_at: 'yesterday' }],
  ])('%s is rejected', (_label, raw) => {
    expect(parseFirstScreen(raw, expected)).toBeNull();
  });

  test('one of another person, team or search state is rejected', () => {
    const screen = valid();
    expect(parseFirstScreen({ ...screen, user_id: OTHER }, expected)).toBeNull();
    expect(parseFirstScreen({ ...screen, team_id: 'team2' }, expected)).toBeNull();
    expect(parseFirstScreen({ ...screen, key: '?mood=calm' }, expected)).toBeNull();
  });

  test('a tampered item in storage is not shown', () => {
    const storage = new MemoryStorage();
    writeFirstScreen(storage, valid());
    const name = 'video-library:first-screen:ada:team1:';
    storage.setItem(name, '{"v":1,');
    expect(readFirstScreen(storage, USER, 'team1', '')).toBeNull();
    // Someone else's first screen copied under this person's name is not theirs either.
    storage.setItem(name, JSON.stringify({ ...valid(), user_id: OTHER }));
    expect(readFirstScreen(storage, USER, 'team1', '')).toBeNull();
  });
});

describe('keeping the first screen fresh', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function recorder(storage: Storage, state: { ready: boolean; builds: string[] }) {
    const { index } = library(5);
    return new FirstScreenRecorder({
      userId: USER,
      teamId: 'team1',
      storage: () => storage,
      ready: () => state.ready,
      build: (key) => {
        state.builds.push(key);
        return build(index, key);
      },
    });
  }

  test('nothing is remembered while the rooms are loading; once settled the default and shown views are', () => {
    const storage = new MemoryStorage();
    const state = { ready: false, builds: [] as string[] };
    const screens = recorder(storage, state);
    screens.visit('?mood=calm');
    screens.changed();
    vi.advanceTimersByTime(10 * SETTLE_MS);
    expect(state.builds).toEqual([]);

    state.ready = true;
    screens.changed();
    vi.advanceTimersByTime(SETTLE_MS / 2);
    screens.changed();
    vi.advanceTimersByTime(SETTLE_MS / 2);
    expect(state.builds).toEqual([]);
    vi.advanceTimersByTime(SETTLE_MS);
    expect(state.builds).toEqual(['', '?mood=calm']);
    expect(screens.read('?mood=calm')?.total).toBe(3);
    expect(screens.read('')?.total).toBe(5);
  });

  test('hiding the tab writes at once; after destroy nothing more is written', () => {
    const storage = new MemoryStorage();
    const state = { ready: true, builds: [] as string[] };
    const screens = recorder(storage, state);
    screens.changed();
    screens.flush();
    expect(state.builds).toEqual(['']);
    screens.flush();
    expect(state.builds).toEqual(['']);
    screens.changed();
    screens.destroy();
    vi.advanceTimersByTime(10 * SETTLE_MS);
    screens.flush();
    expect(state.builds).toEqual(['']);
  });
});
