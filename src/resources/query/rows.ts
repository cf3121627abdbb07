/**
 * Query rows: one flat projection per entity with every attribute its query records carry, kept in
 * name-ordered indexes (query/rowindex.ts). Each kind's query module (`<kind>/query.ts`) declares its row
 * sources and which rows a change of its entities makes stale. Rows are built on first use, then kept current
 * from the store's change events: a change marks the rows it affects (its own, its parents' counts, its
 * children's copies of its name) and the next query re-projects just those.
 */
import type { Store } from '../../store/store.js';
import type { EntityKind, EntityOf } from '../../store/types.js';
import { RowIndex } from './rowindex.js';
import { QUERY_MODULES } from './modules.js';
import { Ctx, type ChangeHandlers, type ChangeTracker, type QuerySource, type Row, type Value } from './source.js';

export type { Row, Value };

/** Column names: an attribute, or `folded(attribute)` for its case-folded text (what string sorts compare). */
export const folded = (field: string) => `folded:${field}`;

/** Attributes the modules compute when read (source.ts `derived`). */
const DERIVED = new Map(QUERY_MODULES.flatMap((m) => Object.entries(m.derived ?? {})));

/** A row's value of an attribute, kept or derived. */
export function valueOf(row: Row, field: string): Value {
  const derive = DERIVED.get(field);
  return derive ? derive(row) : row.v[field];
}

function cellOf(row: Row, column: string): Value {
  if (!column.startsWith('folded:')) return valueOf(row, column);
  const v = valueOf(row, column.slice('folded:'.length));
  return typeof v === 'string' ? v.toLowerCase() : v;
}

/** Every module's change handlers, by the kind whose change they handle. */
const HANDLERS = new Map<EntityKind, ((t: ChangeTracker, id: string, entity: unknown) => void)[]>();
for (const m of QUERY_MODULES) {
  for (const [kind, handler] of Object.entries(m.onChange ?? {}) as [EntityKind, NonNullable<ChangeHandlers[EntityKind]>][]) {
    if (!HANDLERS.has(kind)) HANDLERS.set(kind, []);
    HANDLERS.get(kind)!.push(handler as (t: ChangeTracker, id: string, entity: unknown) => void);
  }
}

interface SourceState {
  source: QuerySource;
  index: RowIndex<Row>;
  dirty: Set<string>;
  built: boolean;
}

/** All query rows of one store, built lazily per source and kept current from change events. */
export class QueryRows implements ChangeTracker {
  private readonly sources = new Map<string, SourceState>();
  /** Per parent entity, the values its children's rows copy, as last seen (see copiedChanged). */
  private readonly copied = new Map<string, string>();
  /** Sources that watch other kinds' changes themselves. */
  private readonly watchers: QuerySource[] = [];

  constructor(readonly store: Store) {
    for (const m of QUERY_MODULES) {
      for (const source of m.sources?.() ?? []) {
        this.sources.set(source.name, { source, index: new RowIndex<Row>(cellOf), dirty: new Set(), built: false });
        if (source.changed) this.watchers.push(source);
      }
    }
    store.onChange((kind, id, entity) => this.changed(kind, id, entity));
  }

  /** The current rows of a source, applying pending changes first. */
  rows(name: string): RowIndex<Row> {
    const s = this.state(name);
    if (!s.built) {
      const c = new Ctx(this.store);
      const rows: Row[] = [];
      for (const r of s.source.all(c)) if (r) rows.push(r);
      s.index.replaceAll(rows);
      s.dirty.clear();
      s.built = true;
    } else if (s.dirty.size) {
      const c = new Ctx(this.store);
      const changes = new Map<string, Row | undefined>();
      for (const id of s.dirty) changes.set(id, s.source.one(c, id));
      s.dirty.clear();
      s.index.apply(changes);
    }
    return s.index;
  }

  private state(name: string): SourceState {
    const s = this.sources.get(name);
    if (!s) throw new Error(`no query source ${name}`);
    return s;
  }

  invalidate(source: string): void {
    const s = this.state(source);
    s.built = false;
    s.dirty.clear();
  }

  built(source: string): boolean {
    return this.state(source).built;
  }

  /** Marks a row for re-projection; a source not built yet will read everything fresh anyway. */
  mark(source: string, id: string | undefined): void {
    const s = this.state(source);
    if (s.built && id) s.dirty.add(id);
  }

  each(source: string, entities: { id: string }[]): void {
    for (const e of entities) this.mark(source, e.id);
  }

  old(source: string, id: string): Row | undefined {
    return this.state(source).index.get(id);
  }

  copiedChanged(kind: EntityKind, id: string, now: Record<string, Value> | undefined): boolean {
    const key = `${kind}:${id}`;
    if (!now) {
      this.copied.delete(key);
      return true;
    }
    const signature = JSON.stringify(now);
    const changed = this.copied.get(key) !== signature;
    this.copied.set(key, signature);
    return changed;
  }

  cascade<K extends EntityKind>(kind: K, id: string, entity: EntityOf[K] | undefined): void {
    this.changed(kind, id, entity);
  }

  private changed(kind: EntityKind, id: string, entity: unknown): void {
    if (id === '*') {
      // The whole state was replaced (load, reset, import): start again from scratch.
      for (const s of this.sources.values()) {
        s.built = false;
        s.dirty.clear();
        s.source.reset?.();
      }
      this.copied.clear();
      return;
    }
    for (const source of this.watchers) source.changed!(this, kind, id, entity);
    for (const handle of HANDLERS.get(kind) ?? []) handle(this, id, entity);
  }
}

/** The query rows of each store, created on its first query. */
const rowsOf = new WeakMap<Store, QueryRows>();

export function queryRows(store: Store): QueryRows {
  let rows = rowsOf.get(store);
  if (!rows) rowsOf.set(store, (rows = new QueryRows(store)));
  return rows;
}
