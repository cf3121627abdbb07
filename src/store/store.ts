/**
 * The state: one typed collection per entity kind, with secondary indexes on parent ids. This is the only
 * place state changes; every change bumps the version (the render cache keys on it) and notifies
 * listeners (persistence, metrics, the dashboard).
 */
import { ENTITY_KINDS, type EntityKind, type EntityOf, type Snapshot } from './types.js';
import { Random } from '../lib/random.js';

/** Fields looked up often enough to deserve an index (children of a parent, sessions by token…), per kind. */
export type StoreIndexes = { [K in EntityKind]?: readonly (keyof EntityOf[K] & string)[] };

/** `entity` is the new state (undefined once removed), `previous` the one it replaced (undefined when new). */
export type ChangeListener = (kind: EntityKind, id: string, entity: unknown | undefined, previous?: unknown) => void;

export class Store {
  private readonly maps = new Map<EntityKind, Map<string, unknown>>();
  private readonly indexes = new Map<string, Map<string, Set<string>>>();
  /** Monotonic change counter: versions never repeat, even across a reset or import. */
  private seq = 0;
  private readonly listeners: ChangeListener[] = [];
  random: Random;

  /** `indexes`: what each kind's descriptor declares (resources/kinds.ts); `where` answers only on those fields. */
  constructor(seed: number, private readonly indexed: StoreIndexes) {
    this.random = new Random(seed);
    for (const k of ENTITY_KINDS) this.maps.set(k, new Map());
  }

  onChange(listener: ChangeListener): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }

  newId(): string {
    return this.random.uuid();
  }

  get<K extends EntityKind>(kind: K, id: string): EntityOf[K] | undefined {
    return this.map(kind).get(id) as EntityOf[K] | undefined;
  }

  all<K extends EntityKind>(kind: K): IterableIterator<EntityOf[K]> {
    return this.map(kind).values() as IterableIterator<EntityOf[K]>;
  }

  count(kind: EntityKind): number {
    return this.map(kind).size;
  }

  /** Entities of `kind` whose indexed `field` equals `value`. */
  where<K extends EntityKind>(kind: K, field: keyof EntityOf[K] & string, value: string): EntityOf[K][] {
    const ids = this.index(kind, field).get(value);
    if (!ids) return [];
    const map = this.map(kind);
    return [...ids].map((id) => map.get(id) as EntityOf[K]);
  }

  /** Changes so far, across every collection: anything rendered while it is unchanged is still true. */
  get version(): number {
    return this.seq;
  }

  insert<K extends EntityKind>(kind: K, entity: EntityOf[K]): EntityOf[K] {
    const id = (entity as { id: string }).id;
    const map = this.map(kind);
    if (map.has(id)) throw new Error(`${kind} ${id} already exists`);
    map.set(id, entity);
    this.addToIndexes(kind, entity);
    this.changed(kind, id, entity, undefined);
    return entity;
  }

  /**
   * Replaces a stored entity with a patched copy and returns the copy. Entities are never edited in place,
   * so a snapshot (arrays of the current objects) stays a consistent picture while it is written out.
   */
  update<K extends EntityKind>(kind: K, id: string, patch: Partial<EntityOf[K]>): EntityOf[K] {
    const current = this.get(kind, id);
    if (!current) throw new Error(`${kind} ${id} does not exist`);
    const next = { ...current, ...patch };
    this.removeFromIndexes(kind, current);
    this.map(kind).set(id, next);
    this.addToIndexes(kind, next);
    this.changed(kind, id, next, current);
    return next;
  }

  remove(kind: EntityKind, id: string): boolean {
    const map = this.map(kind);
    const e = map.get(id);
    if (!e) return false;
    map.delete(id);
    this.removeFromIndexes(kind, e);
    this.changed(kind, id, undefined, e);
    return true;
  }

  /** A point-in-time copy of the state (arrays of the current entity objects, which are never mutated). */
  snapshot(): Snapshot {
    const snap = { version: 1, seedState: this.random.state() } as Snapshot;
    for (const k of ENTITY_KINDS) (snap as unknown as Record<string, unknown[]>)[k] = [...this.map(k).values()];
    return snap;
  }

  /** Replaces the whole state (reset, import, load from disk). */
  load(snap: Partial<Snapshot>): void {
    for (const k of ENTITY_KINDS) this.map(k).clear();
    this.indexes.clear();
    if (snap.seedState) this.random = new Random(snap.seedState);
    for (const k of ENTITY_KINDS) {
      const list = (snap as Record<string, unknown[] | undefined>)[k] ?? [];
      const map = this.map(k);
      for (const e of list) {
        map.set((e as { id: string }).id, e);
        this.addToIndexes(k, e);
      }
    }
    this.seq++;
    for (const l of this.listeners) l('org', '*', undefined);
  }

  private map(kind: EntityKind): Map<string, unknown> {
    return this.maps.get(kind)!;
  }

  private index(kind: EntityKind, field: string): Map<string, Set<string>> {
    const key = `${kind}.${field}`;
    let idx = this.indexes.get(key);
    if (!idx) {
      idx = new Map();
      this.indexes.set(key, idx);
    }
    return idx;
  }

  private addToIndexes(kind: EntityKind, e: unknown): void {
    for (const field of (this.indexed[kind] ?? []) as readonly string[]) {
      const v = (e as Record<string, unknown>)[field];
      if (typeof v !== 'string') continue;
      const idx = this.index(kind, field);
      let set = idx.get(v);
      if (!set) idx.set(v, (set = new Set()));
      set.add((e as { id: string }).id);
    }
  }

  private removeFromIndexes(kind: EntityKind, e: unknown): void {
    for (const field of (this.indexed[kind] ?? []) as readonly string[]) {
      const v = (e as Record<string, unknown>)[field];
      if (typeof v !== 'string') continue;
      const set = this.index(kind, field).get(v);
      set?.delete((e as { id: string }).id);
      if (set?.size === 0) this.index(kind, field).delete(v);
    }
  }

  private changed(kind: EntityKind, id: string, entity: unknown, previous: unknown): void {
    this.seq++;
    for (const l of this.listeners) l(kind, id, entity, previous);
  }
}
