/**
 * Runs a typed query over its rows: scope (one org or all), filter, sort, page. Rows are kept in name
 * order, so a name-sorted (or unsorted) query pages while it scans, a `name==prefix*` filter scans only that
 * prefix's range, and another sort order keeps just the top rows it needs instead of sorting every match.
 */
import { compileFiql, compareStrings, FilterError, requiredPrefix, type FieldSpec, type FiqlNode, type Predicate } from '../../engine/fiql.js';
import { badRequest } from '../../wire/errors.js';
import { prefixRange, topK, type RowIndex } from '../../engine/rowindex.js';
import { FIELD_TYPES, type QueryType } from './querytypes.js';
import type { Row } from './rows.js';

export interface SortKey {
  field: string;
  descending: boolean;
}

export interface QuerySpec {
  type: QueryType;
  filter?: FiqlNode;
  sort: SortKey[];
  page: number;
  pageSize: number;
  /** The org whose rows to read; all orgs when undefined. */
  orgId?: string;
}

export interface QueryResult {
  total: number;
  rows: Row[];
}

/** The attribute a filter may name: the record's own attributes, `id`/`href` (the record itself), metadata. */
export function fieldSpec(type: QueryType, selector: string): FieldSpec<Row> | undefined {
  if (selector === 'id' || selector === 'href') return { type: 'ref', get: (r) => r.id };
  // The simulator keeps no metadata, so a metadata condition holds for no record.
  if (/^metadata(@[A-Za-z]+)?:/.test(selector)) return { type: 'string', get: () => undefined };
  if (!type.fields.includes(selector)) return undefined;
  return { type: FIELD_TYPES[selector], get: (r) => r.v[selector] };
}

/** The filter as a predicate; an unknown attribute or a value of the wrong type is VCD's 400. */
export function compileFilter(type: QueryType, filter: FiqlNode): Predicate<Row> {
  try {
    return compileFiql(filter, (selector) => fieldSpec(type, selector));
  } catch (e) {
    if (e instanceof FilterError) throw badRequest(e.message);
    throw e;
  }
}

export function runQuery(index: RowIndex<Row> | undefined, spec: QuerySpec): QueryResult {
  if (!index) return { total: 0, rows: [] };
  const { filter, sort, page, pageSize } = spec;
  const match = filter ? compileFilter(spec.type, filter) : () => true;
  const scope = index.scope(spec.orgId);
  const prefix = filter && requiredPrefix(filter, 'name');
  const [start, end] = prefix ? prefixRange(scope, prefix) : [0, scope.length];
  const offset = (page - 1) * pageSize;

  const byName = sort.length === 0 || (sort.length === 1 && sort[0].field === 'name');
  if (byName) {
    // Index order is name order: count every match, keep the page's.
    const descending = sort[0]?.descending ?? false;
    const rows: Row[] = [];
    let total = 0;
    for (let i = 0; i < end - start; i++) {
      const row = scope[descending ? end - 1 - i : start + i];
      if (!match(row)) continue;
      if (total >= offset && rows.length < pageSize) rows.push(row);
      total++;
    }
    return { total, rows };
  }

  const matches: Row[] = [];
  for (let i = start; i < end; i++) if (match(scope[i])) matches.push(scope[i]);
  const cmp = comparator(sort, matches);
  return { total: matches.length, rows: topK(matches, offset + pageSize, cmp).slice(offset) };
}

/**
 * Orders rows by the sort keys, missing values last, ties in name order. String keys are case-folded once
 * per row rather than once per comparison.
 */
function comparator(sort: SortKey[], rows: Row[]): (a: Row, b: Row) => number {
  const folded = new Map<string, Map<Row, string>>();
  for (const { field } of sort) {
    if (FIELD_TYPES[field] !== 'string') continue;
    const keys = new Map<Row, string>();
    for (const r of rows) {
      const v = r.v[field];
      if (typeof v === 'string') keys.set(r, v.toLowerCase());
    }
    folded.set(field, keys);
  }
  return (a, b) => {
    for (const { field, descending } of sort) {
      const keys = folded.get(field);
      const x = keys ? keys.get(a) : a.v[field];
      const y = keys ? keys.get(b) : b.v[field];
      if (x === y) continue;
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      const c = typeof x === 'string' ? compareStrings(x, y as string) : Number(x) - Number(y);
      if (c !== 0) return descending ? -c : c;
    }
    return compareStrings(a.sortKey, b.sortKey);
  };
}
