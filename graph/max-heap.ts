// A small binary max-heap keyed by a number, for strongest-path searches (max product of weights).
export class MaxHeap<T> {
  private readonly items: Array<{ key: number; value: T }> = [];

  get size(): number {
    return this.items.length;
  }

  push(key: number, value: T): void {
    const items = this.items;
    items.push({ key, value });
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent]!.key >= items[i]!.key) break;
      [items[parent], items[i]] = [items[i]!, items[parent]!];
      i = parent;
    }
  }

  pop(): { key: number; value: T } | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < items.length && items[l]!.key > items[best]!.key) best = l;
        if (r < items.length && items[r]!.key > items[best]!.key) best = r;
        if (best === i) break;
        [items[best], items[i]] = [items[i]!, items[best]!];
        i = best;
      }
    }
    return top;
  }
}

/**
 * The same heap over integer values (node indices) in parallel arrays, without an object per item.
 * Same comparisons as MaxHeap, so items come out in the same order.
 */
export class IndexMaxHeap {
  private keys: number[] = [];
  private values: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  clear(): void {
    this.keys.length = 0;
    this.values.length = 0;
  }

  push(key: number, value: number): void {
    const keys = this.keys;
    const values = this.values;
    keys.push(key);
    values.push(value);
    let i = keys.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! >= key) break;
      keys[i] = keys[parent]!;
      values[i] = values[parent]!;
      i = parent;
    }
    keys[i] = key;
    values[i] = value;
  }

  /** Removes the top item and returns its value (call only when size > 0); its key is `lastKey`. */
  lastKey = 0;
  pop(): number {
    const keys = this.keys;
    const values = this.values;
    const topValue = values[0]!;
    this.lastKey = keys[0]!;
    const key = keys.pop()!;
    const value = values.pop()!;
    const n = keys.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        let bestKey = key;
        if (l < n && keys[l]! > bestKey) {
          best = l;
          bestKey = keys[l]!;
        }
        if (r < n && keys[r]! > bestKey) best = r;
        if (best === i) break;
        keys[i] = keys[best]!;
        values[i] = values[best]!;
        i = best;
      }
      keys[i] = key;
      values[i] = value;
    }
    return topValue;
  }
}

/** A binary heap of integers ordered by a comparator (`before(a, b)`: a comes out first). */
export class OrderedHeap {
  private readonly items: number[] = [];

  constructor(private readonly before: (a: number, b: number) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  push(value: number): void {
    const items = this.items;
    let i = items.length;
    items.push(value);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(value, items[parent]!)) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = value;
  }

  /** Removes and returns the first item (call only when size > 0). */
  pop(): number {
    const items = this.items;
    const top = items[0]!;
    const last = items.pop()!;
    const n = items.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = last;
        let at = i;
        if (l < n && this.before(items[l]!, best)) {
          best = items[l]!;
          at = l;
        }
        if (r < n && this.before(items[r]!, best)) at = r;
        if (at === i) break;
        items[i] = items[at]!;
        i = at;
      }
      items[i] = last;
    }
    return top;
  }
}
