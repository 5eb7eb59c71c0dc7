/**
 * Open sync sockets counted per signed-in user, or per client address for signed-out readers, so
 * one person or one address cannot hold an unbounded number of sockets.
 */
export class ConnectionSlots {
  readonly #open = new Map<string, number>();

  /** The slot a socket counts against: its user when signed in, else its address. */
  static keyFor(userId: string | null, address: string): string {
    return userId === null ? `addr:${address}` : `user:${userId}`;
  }

  /** Takes one place in the slot unless it already holds `max`; answers whether it did. */
  take(slot: string, max: number): boolean {
    const held = this.#open.get(slot) ?? 0;
    if (held >= max) return false;
    this.#open.set(slot, held + 1);
    return true;
  }

  release(slot: string): void {
    const left = (this.#open.get(slot) ?? 1) - 1;
    if (left > 0) this.#open.set(slot, left);
    else this.#open.delete(slot);
  }
}
