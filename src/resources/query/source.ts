/**
 * What a kind's query module (`<kind>/query.ts`) declares: its row sources (one flat projection per entity,
 * with every attribute its query records carry), its query types (the records VCD's queryRecordView.xsd
 * names), and which rows a change of its entities makes stale. query/modules.ts lists the modules;
 * query/rows.ts keeps the rows current, query/querytypes.ts serves the types.
 */
import type { Store } from '../../store/store.js';
import type { EntityKind, EntityOf, Network, Vdc } from '../../store/types.js';
import { vdcUsage, type VdcUsage } from '../../engine/capacity.js';
import { adminHrefOf, hrefOf } from '../links.js';
import type { IndexedRow } from './rowindex.js';

export type Value = string | number | boolean | undefined;

export interface Row extends IndexedRow {
  /** Attribute values: dates as epoch ms, references as bare UUIDs (rendered as hrefs or URNs). */
  v: Record<string, Value>;
}

export const row = (id: string, orgId: string, name: string, v: Record<string, Value>): Row => ({ id, orgId, name, fold: name.toLowerCase(), v });

export const ms = (iso: string | undefined) => (iso ? Date.parse(iso) : undefined);

const TASK_ACTIVE = new Set(['queued', 'preRunning', 'running']);

/** Lookups shared by the rows projected in one pass (usage of a VDC is computed once per pass). */
export class Ctx {
  private readonly usage = new Map<string, VdcUsage>();
  private readonly netsByVdc = new Map<string, Network[]>();

  constructor(readonly store: Store) {}

  vdcUsage(vdc: Vdc): VdcUsage {
    let u = this.usage.get(vdc.id);
    if (!u) this.usage.set(vdc.id, (u = vdcUsage(this.store, vdc)));
    return u;
  }

  network(vdcId: string, name: string): Network | undefined {
    let nets = this.netsByVdc.get(vdcId);
    if (!nets) this.netsByVdc.set(vdcId, (nets = this.store.where('network', 'vdcId', vdcId)));
    return nets.find((n) => n.name === name);
  }

  userName(id: string | undefined): string | undefined {
    return id ? this.store.get('user', id)?.name : undefined;
  }

  busy(ownerId: string): boolean {
    return this.store.where('task', 'ownerId', ownerId).some((t) => TASK_ACTIVE.has(t.status));
  }
}

/** Rows under one name, which query types read. */
export interface QuerySource {
  name: string;
  /** Every row, projected afresh. */
  all(c: Ctx): Iterable<Row | undefined>;
  /** One row; undefined when its entity is gone. */
  one(c: Ctx, id: string): Row | undefined;
  /** Sees every change event first (a source whose rows come from another kind's entities keeps track here). */
  changed?(t: ChangeTracker, kind: EntityKind, id: string, entity: unknown): void;
  /** The whole state was replaced. */
  reset?(): void;
}

/** The usual source: one row per entity of a kind, projected by `project` (undefined: no row). */
export function entitySource<K extends EntityKind>(kind: K, project: (c: Ctx, e: EntityOf[K]) => Row | undefined, name: string = kind): QuerySource {
  return {
    name,
    *all(c) {
      for (const e of c.store.all(kind)) yield project(c, e);
    },
    one(c, id) {
      const e = c.store.get(kind, id);
      return e && project(c, e);
    },
  };
}

/** A source whose rows are few and derived from several kinds: projected whole, found by id. */
export function listSource(name: string, rows: (store: Store) => Row[]): QuerySource {
  return { name, all: (c) => rows(c.store), one: (c, id) => rows(c.store).find((r) => r.id === id) };
}

/** How a change handler marks the rows a change makes stale. */
export interface ChangeTracker {
  readonly store: Store;
  /** Re-project this row on the next query (an id no longer in the store removes it). */
  mark(source: string, id: string | undefined): void;
  /** Re-project a source whole on its next query (rows derived from many entities at once). */
  invalidate(source: string): void;
  /** Whether a source's rows exist yet (before, there is nothing to keep current). */
  built(source: string): boolean;
  each(source: string, entities: { id: string }[]): void;
  /** The row as last projected (to find where a deleted entity was). */
  old(source: string, id: string): Row | undefined;
  /**
   * Whether the values children copy from a parent (its name…) changed since its last change event. Most
   * changes (a network handing out an address, a vApp changing state) leave them alone, and then the
   * children's rows need no work. The first event of an entity counts as a change.
   */
  copiedChanged(kind: EntityKind, id: string, now: Record<string, Value> | undefined): boolean;
  /** Handles an entity as changed (its rows copy from the entity that did change). */
  cascade<K extends EntityKind>(kind: K, id: string, entity: EntityOf[K] | undefined): void;
}

export type ChangeHandlers = { [K in EntityKind]?: (t: ChangeTracker, id: string, entity: EntityOf[K] | undefined) => void };

/** A query type: the rows it reads, its record and reference names, and the record's attributes. */
export interface QueryType {
  name: string;
  /** Rows it reads; none for kinds the simulator does not model yet (their queries are always empty). */
  source?: string;
  /** Entity kind of a record (for its URN). */
  kind: EntityKind;
  record: string;
  xsdType: string;
  /** Root element of the references format; each reference is the singular element. */
  references: string;
  /** For system administrators only. */
  admin: boolean;
  /** The URN of a record, for kinds that are not entities (rights); otherwise the kind's. */
  urn?: (id: string) => string;
  /** Media type of a record's entity (the `type` of idrecords and references). */
  mediaType: string;
  href(base: string, row: Row): string;
  /** The record's attributes, in schema order. */
  fields: string[];
}

/** One kind's part of the query service. */
export interface QueryModule {
  /** Created once per store (a source may keep state). */
  sources?: () => QuerySource[];
  types?: QueryType[];
  /** Rows a change of these kinds' entities makes stale. */
  onChange?: ChangeHandlers;
  /** Attributes computed from the row when read instead of kept in every row (memory at 100,000 VMs). */
  derived?: Record<string, (row: Row) => Value>;
}

export const fields = (names: string) => names.trim().split(/\s+/);
export const tenantHref = (kind: EntityKind) => (base: string, r: Row) => hrefOf(base, kind, r.id);
export const adminHref = (kind: EntityKind) => (base: string, r: Row) => adminHrefOf(base, kind, r.id);
