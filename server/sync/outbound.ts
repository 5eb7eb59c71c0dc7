/**
 * What a socket sends, and when its peer counts as too far behind. The limit is on bytes queued
 * and not yet read, except for the last answer to a sync step 1: a browser reads a large room's
 * pieces only as fast as it applies them (minutes at 100k clips), so that answer does not count as
 * falling behind; what is queued after it still does.
 */
import type { WebSocket } from 'ws';

export class Outbound {
  /** Bytes sent after the last answer while that answer still drains (null once it has). */
  #sinceAnswer: number | null = null;

  constructor(
    private readonly ws: WebSocket,
    private readonly maxBufferedBytes: number,
    private readonly behind: () => void,
  ) {}

  send(message: Uint8Array): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.#backlog() > this.maxBufferedBytes) return this.behind();
    this.ws.send(message);
    if (this.#sinceAnswer !== null) this.#sinceAnswer += message.byteLength;
  }

  /** An answer in several messages, checked as one. */
  sendAnswer(messages: Iterable<Uint8Array>): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    // One answer at a time: a client asking again before the last one drained is behind.
    if (this.ws.bufferedAmount > this.maxBufferedBytes) return this.behind();
    for (const message of messages) this.ws.send(message);
    this.#sinceAnswer = 0;
  }

  #backlog(): number {
    const buffered = this.ws.bufferedAmount;
    if (this.#sinceAnswer === null) return buffered;
    // The buffer drains in order: what is queued beyond the bytes sent since is the answer.
    if (buffered <= this.#sinceAnswer) {
      this.#sinceAnswer = null;
      return buffered;
    }
    return this.#sinceAnswer;
  }
}
