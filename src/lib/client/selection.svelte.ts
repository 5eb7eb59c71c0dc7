/** Which cards are selected in the grid, with shift-click ranges. */
import { SvelteSet } from 'svelte/reactivity';

export class Selection {
  readonly ids = new SvelteSet<string>();
  #anchor: number | null = null;

  get size(): number {
    return this.ids.size;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  toggle(id: string, index: number): void {
    if (this.ids.has(id)) this.ids.delete(id);
    else this.ids.add(id);
    this.#anchor = index;
  }

  /** Selects from the last toggled card to this one (in the current order). */
  extendTo(index: number, idAt: (index: number) => string | undefined): void {
    const from = this.#anchor ?? index;
    const [start, end] = from <= index ? [from, index] : [index, from];
    for (let i = start; i <= end; i++) {
      const id = idAt(i);
      if (id) this.ids.add(id);
    }
    this.#anchor = index;
  }

  clear(): void {
    this.ids.clear();
    this.#anchor = null;
  }

  /** Drops ids no longer shown (after a search or a trash). */
  keepOnly(visible: ReadonlySet<string>): void {
    for (const id of [...this.ids]) if (!visible.has(id)) this.ids.delete(id);
  }
}
