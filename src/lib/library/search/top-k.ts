/**
 * The first `k` items in `compare` order without sorting everything: a bounded heap keeps the k
 * best seen so far (its worst on top), so a page of 24 out of 100k matches costs about one
 * comparison per match.
 */
export function selectTop(
  items: ArrayLike<number>,
  k: number,
  compare: (a: number, b: number) => number,
): number[] {
  const n = items.length;
  if (k <= 0 || n === 0) return [];
  if (k * 4 >= n) return Array.from(items).sort(compare).slice(0, k);
  const heap: number[] = [];
  // Worst-on-top heap: the parent compares after (≥) its children.
  const down = (start: number) => {
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < heap.length && compare(heap[left]!, heap[worst]!) > 0) worst = left;
      if (right < heap.length && compare(heap[right]!, heap[worst]!) > 0) worst = right;
      if (worst === i) return;
      [heap[i], heap[worst]] = [heap[worst]!, heap[i]!];
      i = worst;
    }
  };
  for (let index = 0; index < n; index++) {
    const item = items[index]!;
    if (heap.length < k) {
      heap.push(item);
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (compare(heap[i]!, heap[parent]!) <= 0) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
    } else if (compare(item, heap[0]!) < 0) {
      heap[0] = item;
      down(0);
    }
  }
  return heap.sort(compare);
}
