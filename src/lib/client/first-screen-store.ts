/**
 * Where remembered first screens live: localStorage, one item per person, team and search state
 * (read synchronously at page start, before any IndexedDB database is even open), plus a short
 * most-recent-first list per person and team so only a few views are kept.
 */
import { parseFirstScreen, type FirstScreen } from './first-screen';

export const FIRST_SCREEN_PREFIX = 'video-library:first-screen:';
/** Search states remembered per person and team. */
export const FIRST_SCREEN_KEEP = 4;

const listKey = (userId: string, teamId: string): string =>
  `${FIRST_SCREEN_PREFIX}${userId}:${teamId}`;
const itemKey = (userId: string, teamId: string, key: string): string =>
  `${listKey(userId, teamId)}:${key}`;

function readList(storage: Storage, userId: string, teamId: string): string[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(listKey(userId, teamId)) ?? '[]');
    return Array.isArray(parsed)
      ? parsed.filter((key): key is string => typeof key === 'string')
      : [];
  } catch (_error) {
    return [];
  }
}

/** The remembered first screen of this search state, validated; null when none fits. */
export function readFirstScreen(
  storage: Storage,
  userId: string,
  teamId: string,
  key: string,
): FirstScreen | null {
  let raw: string | null;
  try {
    raw = storage.getItem(itemKey(userId, teamId, key));
  } catch (_error) {
    return null;
  }
  if (raw === null) return null;
  try {
    return parseFirstScreen(JSON.parse(raw), { userId, teamId, key });
  } catch (_error) {
    return null;
  }
}

/**
 * Remembers a first screen (the newest of its person and team; the oldest beyond
 * {@link FIRST_SCREEN_KEEP} are dropped). Answers whether it was stored: a full storage is not
 * an error worth telling anyone about, the next cold open just has nothing to show early.
 */
export function writeFirstScreen(storage: Storage, screen: FirstScreen): boolean {
  const { user_id: userId, team_id: teamId, key } = screen;
  const list = [key, ...readList(storage, userId, teamId).filter((other) => other !== key)];
  const dropped = list.splice(FIRST_SCREEN_KEEP);
  try {
    for (const old of dropped) storage.removeItem(itemKey(userId, teamId, old));
    storage.setItem(itemKey(userId, teamId, key), JSON.stringify(screen));
    storage.setItem(listKey(userId, teamId), JSON.stringify(list));
    return true;
  } catch (_error) {
    try {
      storage.removeItem(itemKey(userId, teamId, key));
    } catch (_inner) {
      // Nothing more to do: storage is unusable.
    }
    return false;
  }
}

/**
 * Forgets remembered first screens: every one (on sign-out), or all but one person's (when
 * someone signs in, nobody else's library may be shown on this browser).
 */
export function clearFirstScreens(storage: Storage, options: { keepUser?: string } = {}): void {
  const keep = options.keepUser === undefined ? null : `${FIRST_SCREEN_PREFIX}${options.keepUser}:`;
  try {
    const doomed: string[] = [];
    for (let i = 0; i < storage.length; i++) {
      const name = storage.key(i);
      if (name?.startsWith(FIRST_SCREEN_PREFIX) && !(keep && name.startsWith(keep))) {
        doomed.push(name);
      }
    }
    for (const name of doomed) storage.removeItem(name);
  } catch (_error) {
    // Storage unusable: then nothing was remembered either.
  }
}
