/** Name-ordered row indexes: in-place changes, batches, prefix ranges and partial sorts. */
import { prefixRange, RowIndex, sortKeyOf, topK, type IndexedRow } from '../../src/engine/rowindex.js';
import { Random } from '../../src/engine/random.js';

interface R extends IndexedRow {
  name: string;
}
const row = (id: string, name: string, orgId = 'o1'): R => ({ id, orgId, name, sortKey: sortKeyOf(name, id) });
const names = (rows: readonly R[]) => rows.map((r) => r.name);

describe('RowIndex', () => {
  it('keeps rows in case-folded name order, overall and per org, through inserts, renames and removals', () => {
    const index = new RowIndex<R>();
    index.replaceAll([row('1', 'web-2'), row('2', 'Web-1', 'o2'), row('3', 'db')]);
    expect(names(index.scope())).toEqual(['db', 'Web-1', 'web-2']);
    index.apply(new Map([['4', row('4', 'app')], ['3', row('3', 'zeta')], ['1', undefined]]));
    expect(names(index.scope())).toEqual(['app', 'Web-1', 'zeta']);
    expect(names(index.scope('o1'))).toEqual(['app', 'zeta']);
    expect(names(index.scope('o2'))).toEqual(['Web-1']);
    expect(index.scope('nobody')).toEqual([]);
    // Same name: replaced in place.
    const updated = row('2', 'Web-1', 'o2');
    index.apply(new Map([['2', updated]]));
    expect(index.scope()[1]).toBe(updated);
    expect(index.size).toBe(3);
  });

  it('applies a large batch by re-sorting, with the same result as one change at a time', () => {
    const random = new Random(3);
    const a = new RowIndex<R>();
    const b = new RowIndex<R>();
    const initial = Array.from({ length: 3000 }, (_, i) => row(String(i), `vm-${random.int(0, 100000)}`, `o${i % 3}`));
    a.replaceAll(initial);
    b.replaceAll(initial);
    const changes = new Map<string, R | undefined>();
    for (let i = 0; i < 3500; i++) {
      const id = String(random.int(0, 4000));
      changes.set(id, random.next() < 0.2 ? undefined : row(id, `x-${random.int(0, 1000)}`, `o${i % 3}`));
    }
    expect(changes.size).toBeGreaterThan(2000); // large enough for the batch path
    a.apply(changes);
    for (const change of changes) b.apply(new Map([change]));
    expect(a.scope().map((r) => r.id)).toEqual(b.scope().map((r) => r.id));
    expect(a.scope('o1').map((r) => r.id)).toEqual(b.scope('o1').map((r) => r.id));
  });

  it('finds the range of a name prefix', () => {
    const index = new RowIndex<R>();
    index.replaceAll(['app', 'web-1', 'WEB-2', 'web', 'webby', 'wf', 'we'].map((n, i) => row(String(i), n)));
    const rows = index.scope();
    const [start, end] = prefixRange(rows, 'web');
    expect(names(rows.slice(start, end))).toEqual(['web', 'web-1', 'WEB-2', 'webby']);
    expect(prefixRange(rows, 'zzz')).toEqual([7, 7]);
  });
});

describe('topK', () => {
  it('returns the first k in order, like a full sort', () => {
    const random = new Random(9);
    const items = Array.from({ length: 2000 }, () => random.int(0, 500));
    const cmp = (a: number, b: number) => a - b;
    const sorted = [...items].sort(cmp);
    for (const k of [0, 1, 7, 100, 499, 501, 2000, 5000]) expect(topK(items, k, cmp)).toEqual(sorted.slice(0, k));
  });
});
