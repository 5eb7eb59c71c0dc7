/**
 * Edits made in one tab reach the other tabs of the same room in this browser at once, with the
 * server down too. Unlike y-websocket's own BroadcastChannel, nothing is exchanged when a tab
 * opens (that would encode the whole room for every new tab): a tab that opens later reads the
 * local copy from IndexedDB, and from then on only incremental updates travel.
 */
import * as Y from 'yjs';

/** Per person and room, like the local copy's database name; the version guards the format. */
export const tabChannelName = (userId: string, room: string): string =>
  `video-library:tabs:1:${userId}:${room}`;

export class TabChannel {
  readonly #doc: Y.Doc;
  readonly #channel: BroadcastChannel | null;
  /** Origins whose updates the other tabs get elsewhere (the server, the local copy). */
  readonly #skip: ReadonlySet<unknown>;

  #sending = false;

  /**
   * Receives at once; sends from {@link startSending} on (at once unless `sending` is false).
   * Open it before the local copy loads, so nothing another tab sends during the load is missed
   * (an update whose dependencies are still unread waits in Yjs until the load brings them), and
   * start sending once the copy is in the doc: listening to `update` makes Yjs encode every
   * transaction, and the load need not reach the other tabs (they read the same copy).
   */
  constructor(name: string, doc: Y.Doc, skipOrigins: readonly unknown[], sending = true) {
    this.#doc = doc;
    this.#skip = new Set(skipOrigins);
    this.#channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(name);
    if (!this.#channel) return;
    this.#channel.onmessage = (event: MessageEvent<unknown>) => this.#receive(event.data);
    if (sending) this.startSending();
  }

  startSending(): void {
    if (this.#sending || !this.#channel) return;
    this.#sending = true;
    this.#doc.on('update', this.#post);
  }

  #post = (update: Uint8Array, origin: unknown): void => {
    if (origin === this || this.#skip.has(origin)) return;
    this.#channel?.postMessage(update);
  };

  #receive(data: unknown): void {
    if (!(data instanceof Uint8Array) || data.length === 0) {
      console.warn('Ignored a message from another tab that is not a library update');
      return;
    }
    try {
      Y.applyUpdate(this.#doc, data, this);
    } catch (error) {
      // A tab of another version, or a damaged message: this tab keeps working on what it has and
      // gets the change from the server or the local copy later.
      console.warn('Ignored an update from another tab that could not be applied', error);
    }
  }

  destroy(): void {
    this.#doc.off('update', this.#post);
    if (!this.#channel) return;
    this.#channel.onmessage = null;
    this.#channel.close();
  }
}
