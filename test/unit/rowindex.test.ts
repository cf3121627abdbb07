/** Name-ordered row indexes: in-place changes, batches, columns, prefix ranges and partial sorts. */
import { ORG_COLUMN, prefixRange, RowIndex, topK, type IndexedRow } from '../../src/resources/query/rowindex.js';
import { Random } from '../../src/lib/random.js';

interface R extends IndexedRow {
  cpus?: number;
}
const row = (id: string, name: string, orgId = 'o1', cpus = 1): R => ({ id, orgId, name, fold: name.toLowerCase(), cpus });
const names = (rows: readonly R[]) => rows.map((r) => r.name);
const newIndex = () => new RowIndex<R>((r, field) => r[field as keyof R]);

describe('RowIndex', () => {
  it('keeps rows in case-folded name order through inserts, renames and removals', () => {
    const index = newIndex();
    index.replaceAll([row('1', 'web-2'), row('2', 'Web-1', 'o2'), row('3', 'db')]);
    expect(names(index.sorted())).toEqual(['db', 'Web-1', 'web-2']);
    index.apply(new Map([['4', row('4', 'app')], ['3', row('3', 'zeta')], ['1', undefined]]));
    expect(names(index.sorted())).toEqual(['app', 'Web-1', 'zeta']);
    expect(index.get('1')).toBeUndefined();
    expect(index.size).toBe(3);
  });

  it('orders rows of one folded name by name, then id, and finds each of them again', () => {
    const index = newIndex();
    index.replaceAll([row('b', 'web'), row('c', 'Web'), row('a', 'web'), row('d', 'webs')]);
    expect(index.sorted().map((r) => r.id)).toEqual(['c', 'a', 'b', 'd']);
    index.apply(new Map([['a', row('a', 'web', 'o1', 4)], ['b', undefined]]));
    expect(index.sorted().map((r) => [r.id, r.cpus])).toEqual([['c', 1], ['a', 4], ['d', 1]]);
    expect(prefixRange(index.sorted(), 'web')).toEqual([0, 3]);
    expect(prefixRange(index.sorted(), 'webs')).toEqual([2, 3]);
  });

  it('keeps columns aligned: cells follow in-place changes, moves rebuild them', () => {
    const index = newIndex();
    index.replaceAll([row('1', 'a', 'o1', 1), row('2', 'b', 'o2', 2), row('3', 'c', 'o1', 3)]);
    expect(index.column('cpus')).toEqual([1, 2, 3]);
    expect(index.column(ORG_COLUMN)).toEqual(['o1', 'o2', 'o1']);
    const cpus = index.column('cpus');
    index.apply(new Map([['2', row('2', 'b', 'o2', 8)]]));
    expect(index.column('cpus')).toBe(cpus);
    expect(cpus).toEqual([1, 8, 3]);
    // Removing a row that is not there changes nothing.
    index.apply(new Map([['9', undefined]]));
    expect(index.column('cpus')).toBe(cpus);
    index.apply(new Map([['4', row('4', 'aa', 'o3', 4)]]));
    expect(index.column('cpus')).toEqual([1, 4, 8, 3]);
    expect(index.column(ORG_COLUMN)).toEqual(['o1', 'o3', 'o2', 'o1']);
  });

  it('keeps column orders: either direction, missing values last, ties in name order, rebuilt after a change', () => {
    const index = new RowIndex<R>((r, field) => (field === 'cpus' ? r.cpus : undefined));
    const noCpus = { ...row('5', 'e'), cpus: undefined };
    index.replaceAll([row('1', 'a', 'o1', 2), row('2', 'b', 'o1', 1), row('3', 'c', 'o1', 2), row('4', 'd', 'o1', 3), noCpus]);
    const named = (order: Int32Array) => [...order].map((i) => index.sorted()[i].name);
    expect(named(index.order('cpus', false))).toEqual(['b', 'a', 'c', 'd', 'e']);
    expect(named(index.order('cpus', true))).toEqual(['d', 'a', 'c', 'b', 'e']);
    index.apply(new Map([['4', row('4', 'd', 'o1', 0)]]));
    expect(named(index.order('cpus', false))).toEqual(['d', 'b', 'a', 'c', 'e']);
  });

  it('keeps columns and orders current through random inserts, removals, renames and value changes', () => {
    const random = new Random(5);
    const index = newIndex();
    index.replaceAll(Array.from({ length: 300 }, (_, i) => row(String(i), `vm-${random.int(0, 1000)}`, `o${i % 3}`, random.int(0, 5))));
    const check = () => {
      const fresh = newIndex();
      fresh.replaceAll(index.sorted());
      expect(index.column('cpus')).toEqual(fresh.column('cpus'));
      expect(index.column(ORG_COLUMN)).toEqual(fresh.column(ORG_COLUMN));
      expect([...index.order('cpus', false)]).toEqual([...fresh.order('cpus', false)]);
      expect([...index.order('cpus', true)]).toEqual([...fresh.order('cpus', true)]);
    };
    check();
    for (let step = 0; step < 400; step++) {
      const id = String(random.int(0, 400));
      const old = index.get(id);
      const r = random.next();
      const next = r < 0.2 ? undefined
        : r < 0.6 && old ? row(id, old.name, old.orgId, random.int(0, 5)) // same place, new value
        : row(id, `vm-${random.int(0, 1000)}`, `o${random.int(0, 3)}`, random.int(0, 5));
      index.apply(new Map([[id, next]]));
      if (step % 50 === 0) check();
    }
    check();
  });

  it('applies a large batch by re-sorting, with the same result as one change at a time', () => {
    const random = new Random(3);
    const a = newIndex();
    const b = newIndex();
    const initial = Array.from({ length: 3000 }, (_, i) => row(String(i), `vm-${random.int(0, 100000)}`, `o${i % 3}`, i));
    a.replaceAll(initial);
    b.replaceAll(initial);
    b.column('cpus');
    const changes = new Map<string, R | undefined>();
    for (let i = 0; i < 3500; i++) {
      const id = String(random.int(0, 4000));
      changes.set(id, random.next() < 0.2 ? undefined : row(id, random.next() < 0.5 ? `x-${random.int(0, 1000)}` : (a.get(id)?.name ?? 'new'), `o${i % 3}`, i));
    }
    expect(changes.size).toBeGreaterThan(2000); // large enough for the batch path
    a.apply(changes);
    for (const change of changes) b.apply(new Map([change]));
    expect(a.sorted().map((r) => r.id)).toEqual(b.sorted().map((r) => r.id));
    expect(b.column('cpus')).toEqual(b.sorted().map((r) => r.cpus));
    expect(a.column(ORG_COLUMN)).toEqual(b.column(ORG_COLUMN));
  });

  it('finds the range of a name prefix', () => {
    const index = newIndex();
    index.replaceAll(['app', 'web-1', 'WEB-2', 'web', 'webby', 'wf', 'we'].map((n, i) => row(String(i), n)));
    const rows = index.sorted();
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
