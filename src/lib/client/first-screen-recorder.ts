/**
 * Keeps the remembered first screens fresh: rebuilt once the library has settled after a change
 * (debounced, never while the rooms are still loading) and right away when the tab is hidden or
 * unloaded. The library's default view is always kept, as is the search state last shown.
 */
import type { FirstScreen } from './first-screen';
import { readFirstScreen, writeFirstScreen } from './first-screen-store';

/** Quiet time after the last change before the first screen is rebuilt. */
export const SETTLE_MS = 1500;
/** A library that never stops changing is still remembered this often. */
export const MAX_WAIT_MS = 10_000;

export interface RecorderOptions {
  userId: string;
  teamId: string;
  storage: () => Storage | null;
  /** Whether the live rooms are loaded (before that the index holds only part of the library). */
  ready: () => boolean;
  build: (key: string) => FirstScreen;
  /** Called when building fails (the library stays usable; nothing is stored). */
  onError?: (error: unknown) => void;
}

export class FirstScreenRecorder {
  readonly #options: RecorderOptions;
  #visited: string | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #dirtySince: number | null = null;
  #destroyed = false;

  constructor(options: RecorderOptions) {
    this.#options = options;
  }

  /** The remembered first screen of a search state, if any fits this person and team. */
  read(key: string): FirstScreen | null {
    const storage = this.#options.storage();
    return storage
      ? readFirstScreen(storage, this.#options.userId, this.#options.teamId, key)
      : null;
  }

  /** The library page now shows this search state (null: one that is not remembered). */
  visit(key: string | null): void {
    if (key === this.#visited) return;
    this.#visited = key;
    this.changed();
  }

  /** The library changed (or finished loading): rebuild once it has settled. */
  changed(): void {
    if (this.#destroyed || !this.#options.ready()) return;
    const now = Date.now();
    this.#dirtySince ??= now;
    if (this.#timer && now - this.#dirtySince >= MAX_WAIT_MS) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      // Counting a large library's filters takes a moment: not while the person is typing.
      if (typeof requestIdleCallback === 'function') {
        requestIdleCallback(() => this.flush(), { timeout: SETTLE_MS });
      } else {
        this.flush();
      }
    }, SETTLE_MS);
  }

  /** Writes the first screens now if anything changed since the last write. */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#destroyed || this.#dirtySince === null || !this.#options.ready()) return;
    this.#dirtySince = null;
    const storage = this.#options.storage();
    if (!storage) return;
    // The default view first, so the view on screen is the most recent one kept.
    const keys = [...new Set(['', ...(this.#visited === null ? [] : [this.#visited])])];
    try {
      for (const key of keys) writeFirstScreen(storage, this.#options.build(key));
    } catch (error) {
      this.#options.onError?.(error);
    }
  }

  destroy(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#destroyed = true;
  }
}
