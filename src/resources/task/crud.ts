/**
 * Task effects of an entity that is created, changed and deleted through tasks, as VCD runs CloudAPI
 * writes: the entity is stored when the request is accepted (a creation that does not succeed removes
 * it, and with it whatever it held), a change lands and a delete removes it when its task succeeds. Both
 * are checked again then: the state may have moved while the task ran.
 */
import type { World } from '../../world.js';
import type { EntityKind, EntityOf } from '../../store/types.js';

export interface CrudActions<K extends EntityKind> {
  create: string;
  update: string;
  delete: string;
  /** Throws when the change may no longer land. */
  checkUpdate?: (e: EntityOf[K], patch: Partial<EntityOf[K]>) => void;
  /** Throws when the entity may no longer go. */
  checkDelete?: (e: EntityOf[K]) => void;
}

export function registerCrudActions<K extends EntityKind>(sim: World, kind: K, a: CrudActions<K>): void {
  sim.tasks.register(a.create, {
    apply() { /* stored when the request was accepted */ },
    rollback: (params) => void sim.store.remove(kind, params.id as string),
  });
  sim.tasks.register(a.update, {
    apply(params) {
      const { id, patch } = params as { id: string; patch: Partial<EntityOf[K]> };
      const e = sim.store.get(kind, id);
      if (!e) return;
      a.checkUpdate?.(e, patch);
      sim.store.update(kind, id, patch);
    },
  });
  sim.tasks.register(a.delete, {
    apply(params) {
      const e = sim.store.get(kind, params.id as string);
      if (!e) return;
      a.checkDelete?.(e);
      sim.store.remove(kind, params.id as string);
    },
  });
}
