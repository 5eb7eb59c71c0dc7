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
  /**
   * Records per room, rooms in winning order. A person reads a handful of rooms, so finding an
   * id's winner is a few lookups — and no map per record is needed.
   */
  private readonly rooms: { name: string; records: Map<string, T> }[] = [];
  private readonly winners = new Map<string, Placed<T>>();

  /**
   * Sets (or with `undefined` removes) the record `id` of `room`. Returns whether the record
   * queries see for `id` changed.
   */
  set(room: string, id: string, value: T | undefined): boolean {
    let records = this.rooms.find((entry) => entry.name === room)?.records;
    if (value === undefined) {
      if (!records?.delete(id)) return false;
    } else {
      if (!records) records = this.addRoom(room);
      records.set(id, value);
    }
    const before = this.winners.get(id);
    for (const { name, records } of this.rooms) {
      const winning = records.get(id);
      if (winning === undefined) continue;
      if (before?.value === winning && before.room === name) return false;
      this.winners.set(id, { value: winning, room: name });
      return true;
    }
    this.winners.delete(id);
    return before !== undefined;
  }

  get(id: string): Placed<T> | undefined {
    return this.winners.get(id);
  }

  /** Ids that have a record in `room`. */
  idsIn(room: string): string[] {
    return [...(this.rooms.find((entry) => entry.name === room)?.records.keys() ?? [])];
  }

  values(): IterableIterator<Placed<T>> {
    return this.winners.values();
  }

  get size(): number {
    return this.winners.size;
  }

  private addRoom(name: string): Map<string, T> {
    const records = new Map<string, T>();
    const at = this.rooms.findIndex((entry) => roomOrder(name, entry.name) < 0);
    this.rooms.splice(at === -1 ? this.rooms.length : at, 0, { name, records });
    return records;
  }
}
