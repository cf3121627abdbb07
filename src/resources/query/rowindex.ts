/**
 * Rows kept in name order, with column copies of their values for scanning and per-column sort orders.
 * Reading one value from each of 100,000 row objects costs a cache miss per row (~5 ms); a column is one
 * contiguous array (~0.3 ms). Columns and orders are built on first use, then kept current change by
 * change: an insert or removal splices the columns and shifts the orders, a changed value moves one
 * position within its column's orders. A large batch is applied at once: re-sorted, columns rebuilt on
 * demand.
 */

export interface IndexedRow {
  id: string;
  orgId: string;
  name: string;
  /**
   * The case-folded name (the name itself when it has no capitals: no second string per row). The index
   * order is folded name, then name, then id; a key string joining the three cost ~120 bytes a row.
   */
  fold: string;
}

const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
const byKey = (a: IndexedRow, b: IndexedRow) => text(a.fold, b.fold) || text(a.name, b.name) || text(a.id, b.id);

/** Above this many changes at once, rebuilding beats changing the arrays one row at a time. */
const BATCH_REBUILD = 2000;

/** The column of row org ids (every index has it). */
export const ORG_COLUMN = '\u0000org';
/** The org of rows every tenant sees (global roles, rights). */
export const EVERY_ORG = '*';

/** Positions sorted by one column's values in one direction. */
interface Order {
  field: string;
  /** Compares two positions of sorted(): by value (missing last), then position. */
  cmp: (a: number, b: number) => number;
  positions: Int32Array;
}

export class RowIndex<R extends IndexedRow> {
  private readonly rows = new Map<string, R>();
  private all: R[] = [];
  private readonly columns = new Map<string, unknown[]>();
  private readonly orders = new Map<string, Order>();

  /** `valueOf` reads one column's value from a row. */
  constructor(private readonly valueOf: (row: R, field: string) => unknown) {}

  get size(): number {
    return this.rows.size;
  }

  get(id: string): R | undefined {
    return this.rows.get(id);
  }

  /** Every row in name order. Callers must not modify the array. */
  sorted(): readonly R[] {
    return this.all;
  }

  /** The values of `field` (or ORG_COLUMN), aligned with sorted(). */
  column(field: string): readonly unknown[] {
    let col = this.columns.get(field);
    if (!col) this.columns.set(field, (col = this.all.map((r) => this.cell(r, field))));
    return col;
  }

  /**
   * Positions of sorted() ordered by a column's values, ascending or descending (missing values last, ties
   * in name order): a query sorted by that column reads it front to back instead of sorting its matches.
   */
  order(field: string, descending: boolean): Int32Array {
    const key = `${descending ? '-' : '+'}${field}`;
    let order = this.orders.get(key);
    if (!order) {
      const col = this.column(field);
      const sign = descending ? -1 : 1;
      const cmp = (a: number, b: number) => {
        const x = col[a];
        const y = col[b];
        if (x === undefined || y === undefined) return compareCells(x, y) || a - b;
        return sign * compareCells(x, y) || a - b;
      };
      order = { field, cmp, positions: Int32Array.from(col.keys()).sort(cmp) };
      this.orders.set(key, order);
    }
    return order.positions;
  }

  replaceAll(rows: Iterable<R>): void {
    this.rows.clear();
    for (const r of rows) this.rows.set(r.id, r);
    this.resort();
  }

  /** Applies new versions of rows (`undefined`: the row is gone). */
  apply(changes: Map<string, R | undefined>): void {
    if (changes.size > BATCH_REBUILD) {
      for (const [id, row] of changes) {
        if (row) this.rows.set(id, row);
        else this.rows.delete(id);
      }
      this.resort();
      return;
    }
    for (const [id, row] of changes) {
      const old = this.rows.get(id);
      if (old && row && byKey(old, row) === 0) this.replace(old, row);
      else {
        if (old) this.remove(old);
        if (row) this.insert(row);
      }
    }
  }

  /** Same position: update the cells whose value changed and move that position in their orders. */
  private replace(old: R, row: R): void {
    this.rows.set(row.id, row);
    const i = lowerBound(this.all, old);
    this.all[i] = row;
    for (const [field, col] of this.columns) {
      const value = this.cell(row, field);
      if (col[i] === value) continue;
      col[i] = value;
      for (const order of this.orders.values()) {
        if (order.field === field) order.positions = reposition(order, i);
      }
    }
  }

  private remove(old: R): void {
    this.rows.delete(old.id);
    const i = lowerBound(this.all, old);
    if (this.all[i]?.id !== old.id) return;
    this.all.splice(i, 1);
    for (const col of this.columns.values()) col.splice(i, 1);
    for (const order of this.orders.values()) order.positions = withoutPosition(order.positions, i);
  }

  private insert(row: R): void {
    const i = lowerBound(this.all, row);
    this.rows.set(row.id, row);
    this.all.splice(i, 0, row);
    for (const [field, col] of this.columns) col.splice(i, 0, this.cell(row, field));
    for (const order of this.orders.values()) order.positions = withPosition(order, i);
  }

  private cell(row: R, field: string): unknown {
    return field === ORG_COLUMN ? row.orgId : this.valueOf(row, field);
  }

  private resort(): void {
    this.all = [...this.rows.values()].sort(byKey);
    this.columns.clear();
    this.orders.clear();
  }
}

/** The order without position `p`; later positions move down by one (a row was removed there). */
function withoutPosition(positions: Int32Array, p: number): Int32Array {
  const out = new Int32Array(positions.length - 1);
  let j = 0;
  for (const q of positions) {
    if (q !== p) out[j++] = q > p ? q - 1 : q;
  }
  return out;
}

/** Where position `p` goes in `positions` (which must not hold it), by the order's comparison. */
function slotFor(order: Order, positions: Int32Array, p: number): number {
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (order.cmp(positions[mid], p) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The order with a row inserted at position `p` (its cells already in the columns): later positions move up. */
function withPosition(order: Order, p: number): Int32Array {
  const shifted = order.positions.map((q) => (q >= p ? q + 1 : q));
  const slot = slotFor(order, shifted, p);
  const out = new Int32Array(shifted.length + 1);
  out.set(shifted.subarray(0, slot));
  out[slot] = p;
  out.set(shifted.subarray(slot), slot + 1);
  return out;
}

/** The order after position `p` changed value: taken out and put back where its new value belongs. */
function reposition(order: Order, p: number): Int32Array {
  const without = order.positions.filter((q) => q !== p);
  const slot = slotFor(order, without, p);
  const out = new Int32Array(without.length + 1);
  out.set(without.subarray(0, slot));
  out[slot] = p;
  out.set(without.subarray(slot), slot + 1);
  return out;
}

/** Cell order: missing values last; strings, numbers and booleans by value. */
export function compareCells(x: unknown, y: unknown): number {
  if (x === y) return 0;
  if (x === undefined) return 1;
  if (y === undefined) return -1;
  if (typeof x === 'string') return x < (y as string) ? -1 : x > (y as string) ? 1 : 0;
  return Number(x) - Number(y);
}

/** First index of `rows` not before `at` (`at` a row: in index order; a string: by folded name). */
function lowerBound(rows: readonly IndexedRow[], at: IndexedRow | string): number {
  const before = typeof at === 'string' ? (r: IndexedRow) => r.fold < at : (r: IndexedRow) => byKey(r, at) < 0;
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(rows[mid])) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The [start, end) range of rows whose case-folded name starts with `prefix`. */
export function prefixRange(rows: readonly IndexedRow[], prefix: string): [number, number] {
  const start = lowerBound(rows, prefix);
  let end = start;
  while (end < rows.length && rows[end].fold.startsWith(prefix)) end++;
  return [start, end];
}

/**
 * The first `k` items of `items` in `cmp` order, sorted. A bounded heap keeps this O(n log k), so deep
 * sorts on large results do not pay for a full sort.
 */
export function topK<T>(items: readonly T[], k: number, cmp: (a: T, b: T) => number): T[] {
  if (k <= 0) return [];
  if (k * 4 >= items.length) return [...items].sort(cmp).slice(0, k);
  // Max-heap (by cmp) of the k best seen so far: its root is the worst of them.
  const heap: T[] = [];
  const up = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (cmp(heap[i], heap[parent]) <= 0) return;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < heap.length && cmp(heap[l], heap[worst]) > 0) worst = l;
      if (r < heap.length && cmp(heap[r], heap[worst]) > 0) worst = r;
      if (worst === i) return;
      [heap[i], heap[worst]] = [heap[worst], heap[i]];
      i = worst;
    }
  };
  for (const item of items) {
    if (heap.length < k) {
      heap.push(item);
      up(heap.length - 1);
    } else if (cmp(item, heap[0]) < 0) {
      heap[0] = item;
      down(0);
    }
  }
  return heap.sort(cmp);
}
