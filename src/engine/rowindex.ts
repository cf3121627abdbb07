/**
 * Rows kept in name order, overall and per org, so queries scan a tenant's rows only, page by name without
 * sorting, and jump straight to a name prefix. Changes are applied in place (binary search and splice);
 * a large batch is applied at once and re-sorted, which is cheaper than thousands of splices.
 */

export interface IndexedRow {
  id: string;
  orgId: string;
  /** Case-folded name, then name, then id, NUL-separated: string order is the index order. */
  sortKey: string;
}

export function sortKeyOf(name: string, id: string): string {
  return `${name.toLowerCase()}\u0000${name}\u0000${id}`;
}

const byKey = (a: IndexedRow, b: IndexedRow) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0);

/** Above this many changes at once, rebuilding the sorted arrays beats splicing them. */
const BATCH_REBUILD = 2000;

export class RowIndex<R extends IndexedRow> {
  private readonly rows = new Map<string, R>();
  private all: R[] = [];
  private byOrg = new Map<string, R[]>();

  get size(): number {
    return this.rows.size;
  }

  get(id: string): R | undefined {
    return this.rows.get(id);
  }

  values(): IterableIterator<R> {
    return this.rows.values();
  }

  /** The rows of one org, or of every org, in name order. Callers must not modify the array. */
  scope(orgId?: string): readonly R[] {
    return orgId === undefined ? this.all : (this.byOrg.get(orgId) ?? []);
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
      if (old && row && old.sortKey === row.sortKey && old.orgId === row.orgId) {
        this.rows.set(id, row);
        replaceAt(this.all, old, row);
        replaceAt(this.orgArray(row.orgId), old, row);
        continue;
      }
      if (old) {
        this.rows.delete(id);
        removeFrom(this.all, old);
        removeFrom(this.orgArray(old.orgId), old);
      }
      if (row) {
        this.rows.set(id, row);
        insertInto(this.all, row);
        insertInto(this.orgArray(row.orgId), row);
      }
    }
  }

  private orgArray(orgId: string): R[] {
    let list = this.byOrg.get(orgId);
    if (!list) this.byOrg.set(orgId, (list = []));
    return list;
  }

  private resort(): void {
    this.all = [...this.rows.values()].sort(byKey);
    this.byOrg = new Map();
    for (const r of this.all) this.orgArray(r.orgId).push(r);
  }
}

/** First index whose key is ≥ `key`. */
export function lowerBound(rows: readonly IndexedRow[], key: string): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid].sortKey < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The [start, end) range of rows whose case-folded name starts with `prefix`. */
export function prefixRange(rows: readonly IndexedRow[], prefix: string): [number, number] {
  const start = lowerBound(rows, prefix);
  let end = start;
  while (end < rows.length && rows[end].sortKey.startsWith(prefix)) end++;
  return [start, end];
}

function insertInto<R extends IndexedRow>(rows: R[], row: R): void {
  rows.splice(lowerBound(rows, row.sortKey), 0, row);
}

function removeFrom<R extends IndexedRow>(rows: R[], row: R): void {
  const i = lowerBound(rows, row.sortKey);
  if (rows[i]?.id === row.id) rows.splice(i, 1);
}

function replaceAt<R extends IndexedRow>(rows: R[], old: R, row: R): void {
  const i = lowerBound(rows, old.sortKey);
  if (rows[i]?.id === old.id) rows[i] = row;
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
