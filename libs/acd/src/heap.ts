/**
 * Binary heaps. `IndexedHeap` keeps each item's position so an agent can be removed from the
 * middle (picked by another queue, went not-ready) in O(log n) — the ready pools rely on it.
 */

export interface HeapItem {
  /** Dense, unique, non-negative integer identifying the item (agents get one at login). */
  readonly seq: number;
}

/** Min-heap ordered by (k1, k2, seq). */
export class IndexedHeap<T extends HeapItem> {
  private items: T[] = [];
  private k1: number[] = [];
  private k2: number[] = [];
  private pos: number[] = [];

  get size(): number {
    return this.items.length;
  }

  has(item: T): boolean {
    const p = this.pos[item.seq];
    return p !== undefined && p >= 0 && this.items[p] === item;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T, key1: number, key2 = 0): void {
    if (this.has(item)) this.remove(item);
    const i = this.items.length;
    this.items.push(item);
    this.k1.push(key1);
    this.k2.push(key2);
    this.pos[item.seq] = i;
    this.up(i);
  }

  pop(): T | undefined {
    const top = this.items[0];
    if (top !== undefined) this.removeAt(0);
    return top;
  }

  remove(item: T): boolean {
    if (!this.has(item)) return false;
    this.removeAt(this.pos[item.seq]);
    return true;
  }

  /** Items in heap (not sorted) order. */
  values(): readonly T[] {
    return this.items;
  }

  /** The heap's layout as it is (items in array order with their keys): `load` puts it back exactly. */
  layout(): { items: readonly T[]; k1: readonly number[]; k2: readonly number[] } {
    return { items: this.items.slice(), k1: this.k1.slice(), k2: this.k2.slice() };
  }

  /** Replaces the contents with a layout taken by `layout` (the same array order, so ties and `values()` come out alike). */
  load(items: T[], k1: number[], k2: number[]): void {
    this.items = items.slice();
    this.k1 = k1.slice();
    this.k2 = k2.slice();
    this.pos = [];
    this.items.forEach((item, i) => (this.pos[item.seq] = i));
  }

  private removeAt(i: number): void {
    const last = this.items.length - 1;
    const gone = this.items[i];
    this.pos[gone.seq] = -1;
    if (i !== last) {
      this.items[i] = this.items[last];
      this.k1[i] = this.k1[last];
      this.k2[i] = this.k2[last];
      this.pos[this.items[i].seq] = i;
    }
    this.items.pop();
    this.k1.pop();
    this.k2.pop();
    if (i < this.items.length) {
      const moved = this.items[i];
      this.up(i);
      if (this.items[i] === moved) this.down(i);
    }
  }

  private less(a: number, b: number): boolean {
    if (this.k1[a] !== this.k1[b]) return this.k1[a] < this.k1[b];
    if (this.k2[a] !== this.k2[b]) return this.k2[a] < this.k2[b];
    return this.items[a].seq < this.items[b].seq;
  }

  private swap(a: number, b: number): void {
    const it = this.items[a];
    this.items[a] = this.items[b];
    this.items[b] = it;
    const x = this.k1[a];
    this.k1[a] = this.k1[b];
    this.k1[b] = x;
    const y = this.k2[a];
    this.k2[a] = this.k2[b];
    this.k2[b] = y;
    this.pos[this.items[a].seq] = a;
    this.pos[this.items[b].seq] = b;
  }

  private up(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    const n = this.items.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const m = r < n && this.less(r, l) ? r : l;
      if (!this.less(m, i)) break;
      this.swap(i, m);
      i = m;
    }
  }
}

/** Plain min-heap of objects with a numeric `at`, ties broken by insertion order (determinism). */
export class TimeHeap<T extends { at: number }> {
  private items: T[] = [];
  private order: number[] = [];
  private counter = 0;

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  /** Every item in the order it would be popped (time, then insertion). */
  ordered(): T[] {
    return this.items
      .map((item, i) => ({ item, order: this.order[i] }))
      .sort((a, b) => a.item.at - b.item.at || a.order - b.order)
      .map((x) => x.item);
  }

  push(item: T): void {
    this.items.push(item);
    this.order.push(this.counter++);
    let i = this.items.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  pop(): T | undefined {
    const n = this.items.length;
    if (n === 0) return undefined;
    const top = this.items[0];
    this.swap(0, n - 1);
    this.items.pop();
    this.order.pop();
    const m = n - 1;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= m) break;
      const r = l + 1;
      const c = r < m && this.less(r, l) ? r : l;
      if (!this.less(c, i)) break;
      this.swap(i, c);
      i = c;
    }
    return top;
  }

  private less(a: number, b: number): boolean {
    const x = this.items[a].at;
    const y = this.items[b].at;
    return x < y || (x === y && this.order[a] < this.order[b]);
  }

  private swap(a: number, b: number): void {
    const t = this.items[a];
    this.items[a] = this.items[b];
    this.items[b] = t;
    const o = this.order[a];
    this.order[a] = this.order[b];
    this.order[b] = o;
  }
}
