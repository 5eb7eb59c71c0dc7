/**
 * The same record id can sit in more than one room a person reads (a team asset and the server's
 * copy of it in `shared/<userId>`). Every peer must pick the same one, so the winner is decided by
 * room kind (team, private, shared, public), then room name.
 */
const KIND_RANK: Record<string, number> = { team: 0, private: 1, shared: 2, public: 3 };

export interface Placed<T> {
  value: T;
  room: string;
}

function roomOrder(a: string, b: string): number {
  const rank = (name: string) => KIND_RANK[name.slice(0, name.indexOf('/'))] ?? 9;
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

export class RecordsByRoom<T> {
  private readonly all = new Map<string, Map<string, T>>();
  private readonly winners = new Map<string, Placed<T>>();

  /**
   * Sets (or with `undefined` removes) the record `id` of `room`. Returns whether the record
   * queries see for `id` changed.
   */
  set(room: string, id: string, value: T | undefined): boolean {
    let rooms = this.all.get(id);
    if (value === undefined) {
      if (!rooms?.delete(room)) return false;
      if (rooms.size === 0) this.all.delete(id);
    } else {
      if (!rooms) this.all.set(id, (rooms = new Map()));
      rooms.set(room, value);
    }
    const before = this.winners.get(id);
    let best: string | undefined;
    for (const name of rooms?.keys() ?? []) {
      if (best === undefined || roomOrder(name, best) < 0) best = name;
    }
    if (best === undefined) {
      this.winners.delete(id);
      return before !== undefined;
    }
    const winner = { value: rooms!.get(best)!, room: best };
    this.winners.set(id, winner);
    return before?.value !== winner.value || before.room !== winner.room;
  }

  get(id: string): Placed<T> | undefined {
    return this.winners.get(id);
  }

  /** Ids that have a record in `room`. */
  idsIn(room: string): string[] {
    const ids: string[] = [];
    for (const [id, rooms] of this.all) if (rooms.has(room)) ids.push(id);
    return ids;
  }

  values(): IterableIterator<Placed<T>> {
    return this.winners.values();
  }

  get size(): number {
    return this.winners.size;
  }
}
