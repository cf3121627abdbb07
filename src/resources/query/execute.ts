/**
 * Runs a typed query over its rows: scope (one org or all), filter, sort, page. Rows are kept in name
 * order, so a name-sorted (or unsorted) query pages while it scans, a `name==prefix*` filter scans only that
 * prefix's range, and a sort by another attribute walks that column's kept order. Filters and sorts read
 * the index's columns, by position, never the row objects.
 */
import { compileFiql, FilterError, requiredPrefix, type FieldSpec, type FiqlNode, type Predicate } from '../../lib/fiql.js';
import { badRequest } from '../../errors.js';
import { compareCells, EVERY_ORG, ORG_COLUMN, prefixRange, topK, type RowIndex } from './rowindex.js';
import { FIELD_TYPES, type QueryType } from './querytypes.js';
import { folded, type Row } from './rows.js';
import type { MetadataEntry } from '../../store/types.js';
import { metadataCondition, metadataSelector, type MetadataLookup } from './metadata.js';

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
  /** The metadata entries of a row's entity the caller may see (metadata conditions match none without it). */
  metadata?: MetadataLookup;
  /** Access control: whether the caller may see a row (`inOrg`: the row is of `orgId`); replaces the org check. */
  visible?: (row: Row, inOrg: boolean) => boolean;
}

export interface QueryResult {
  total: number;
  rows: Row[];
}

/**
 * The attribute a filter may name: the record's own attributes, `id`/`href` (the record itself), metadata.
 * Values are read by position from the index's columns.
 */
export function fieldSpec(index: RowIndex<Row>, type: QueryType, selector: string, metadata?: MetadataLookup): FieldSpec<number> | undefined {
  if (selector === 'id' || selector === 'href') {
    const rows = index.sorted();
    return { type: 'ref', get: (i) => rows[i].id };
  }
  // `metadata[@SYSTEM]:key` with its value's type (compileFilter moved it from the value into the selector).
  const md = metadataSelector(selector);
  if (md) {
    const rows = index.sorted();
    return { type: md.fieldType, get: (i) => md.read(metadata?.(rows[i].id) as MetadataEntry[] | undefined) };
  }
  if (!type.fields.includes(selector)) return undefined;
  const column = index.column(selector);
  return { type: FIELD_TYPES[selector], get: (i) => column[i] };
}

/** The filter as a predicate on positions; an unknown attribute or a value of the wrong type is VCD's 400. */
export function compileFilter(index: RowIndex<Row>, type: QueryType, filter: FiqlNode, metadata?: MetadataLookup): Predicate<number> {
  try {
    return compileFiql(typedMetadata(filter), (selector) => fieldSpec(index, type, selector, metadata));
  } catch (e) {
    if (e instanceof FilterError) throw badRequest(e.message);
    throw e;
  }
}

/** Metadata conditions carry their value's type (`NUMBER:42`): moved into the selector for fieldSpec. */
function typedMetadata(node: FiqlNode): FiqlNode {
  if (node.kind !== 'cmp') return { kind: node.kind, children: node.children.map(typedMetadata) };
  return metadataCondition(node) ?? node;
}

/** Scans the index in name order (the org's rows only, if given), from a name prefix's range if the filter has one. */
export function runQuery(index: RowIndex<Row> | undefined, spec: QuerySpec): QueryResult {
  if (!index) return { total: 0, rows: [] };
  const { filter, sort, page, pageSize, orgId } = spec;
  const match = filter ? compileFilter(index, spec.type, filter, spec.metadata) : () => true;
  const rows = index.sorted();
  const orgs = index.column(ORG_COLUMN);
  const { visible } = spec;
  const inScope = orgId === undefined ? match
    : visible ? (i: number) => match(i) && visible(rows[i], orgs[i] === orgId || orgs[i] === EVERY_ORG)
      : (i: number) => (orgs[i] === orgId || orgs[i] === EVERY_ORG) && match(i);
  const prefix = filter && requiredPrefix(filter, 'name');
  const [start, end] = prefix ? prefixRange(rows, prefix) : [0, rows.length];
  const offset = (page - 1) * pageSize;

  const byName = sort.length === 0 || (sort.length === 1 && sort[0].field === 'name');
  if (byName || sort.length === 1) {
    // Walk rows in the sort order (the index's own for names, a kept column order otherwise): count every
    // match, keep the page's.
    const descending = sort[0]?.descending ?? false;
    const order = byName ? undefined : index.order(sortColumn(sort[0].field), descending);
    const count = order ? order.length : end - start;
    const found: Row[] = [];
    let total = 0;
    for (let n = 0; n < count; n++) {
      const i = order ? order[n] : descending ? end - 1 - n : start + n;
      if (i < start || i >= end || !inScope(i)) continue;
      if (total >= offset && found.length < pageSize) found.push(rows[i]);
      total++;
    }
    return { total, rows: found };
  }

  // Several sort keys: keep the best rows of the matches.
  const matches: number[] = [];
  for (let i = start; i < end; i++) if (inScope(i)) matches.push(i);
  const keys = sort.map(({ field, descending }) => ({ column: index.column(sortColumn(field)), descending }));
  const best = topK(matches, offset + pageSize, (a, b) => {
    for (const { column, descending } of keys) {
      const x = column[a];
      const y = column[b];
      if (x === y) continue;
      // Missing values go last either way.
      if (x === undefined || y === undefined) return compareCells(x, y);
      const c = compareCells(x, y);
      return descending ? -c : c;
    }
    return a - b; // ties in name order
  });
  return { total: matches.length, rows: best.slice(offset).map((i) => rows[i]) };
}

/** Text sorts compare case-folded values. */
const sortColumn = (field: string) => (FIELD_TYPES[field] === 'string' ? folded(field) : field);
