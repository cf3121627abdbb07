/**
 * Task effects of an entity that is created, changed and deleted through tasks, as VCD runs CloudAPI
 * writes. By default the entity is stored when the request is accepted (a creation that does not succeed
 * removes it, and with it whatever it held); with `created`, it lands when its creation task succeeds (the
 * new entity travels in the task's params). A change lands and a delete removes it when its task succeeds.
 * All are checked again then: the state may have moved while the task ran.
 */
import type { World } from '../../world.js';
import type { EntityKind, EntityOf } from '../../store/types.js';
import { badRequest } from '../../errors.js';

export interface CrudActions<K extends EntityKind> {
  create: string;
  update: string;
  delete: string;
  /** The creation lands when its task succeeds: the new entity is the task's `params[created]`. */
  created?: string;
  /** A change or delete of an entity gone meanwhile fails ("<gone> no longer exists.") instead of doing nothing. */
  gone?: string;
  /** A change counts up the entity's `version`. */
  versioned?: boolean;
  /** Throws when the new entity may no longer land (with `created`): its parent gone, its name taken. */
  checkCreate?: (e: EntityOf[K]) => void;
  /** Throws when the change may no longer land. */
  checkUpdate?: (e: EntityOf[K], patch: Partial<EntityOf[K]>) => void;
  /** Throws when the entity may no longer go. */
  checkDelete?: (e: EntityOf[K]) => void;
}

export function registerCrudActions<K extends EntityKind>(sim: World, kind: K, a: CrudActions<K>): void {
  const { created } = a;
  const present = (id: string) => {
    const e = sim.store.get(kind, id);
    if (!e && a.gone !== undefined) throw badRequest(`${a.gone} no longer exists.`);
    return e;
  };
  sim.tasks.register(a.create, created === undefined
    ? {
      apply() { /* stored when the request was accepted */ },
      rollback: (params) => void sim.store.remove(kind, params.id as string),
    }
    : {
      apply(params) {
        const e = params[created] as EntityOf[K];
        a.checkCreate?.(e);
        sim.store.insert(kind, e);
      },
    });
  sim.tasks.register(a.update, {
    apply(params) {
      const { id, patch } = params as { id: string; patch: Partial<EntityOf[K]> };
      const e = present(id);
      if (!e) return;
      a.checkUpdate?.(e, patch);
      sim.store.update(kind, id, a.versioned ? { ...patch, version: (e as { version: number }).version + 1 } : patch);
    },
  });
  sim.tasks.register(a.delete, {
    apply(params) {
      const e = present(params.id as string);
      if (!e) return;
      a.checkDelete?.(e);
      sim.store.remove(kind, params.id as string);
    },
  });
}
