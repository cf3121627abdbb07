/** Entities that go with the entity they hang off: a store hook, so every way of deleting the parent takes them. */
import type { World } from '../world.js';
import type { EntityKind, EntityOf } from '../store/types.js';

/** A deleted `parent` takes the entities of `kind` whose `field` holds its id. */
export function removedWith<K extends EntityKind>(sim: World, parent: EntityKind, kind: K, field: keyof EntityOf[K] & string): void {
  sim.store.onChange((k, id, entity) => {
    if (k !== parent || entity !== undefined || id === '*') return;
    for (const e of sim.store.where(kind, field, id)) sim.store.remove(kind, e.id);
  });
}
