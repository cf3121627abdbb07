/** What metadata tasks do when they succeed: registered from the registry. */
import type { World } from '../../world.js';
import type { MetadataDomain, MetadataEntry, WithMetadata } from '../../store/types.js';
import { merged, without } from './model.js';
import type { MetadataKind } from './ops.js';

/** What metadata tasks do when they succeed (the entity may have gone meanwhile: then nothing). */
export function registerMetadataActions(sim: World): void {
  const update = (kind: MetadataKind, id: string, change: (current: MetadataEntry[] | undefined) => MetadataEntry[]) => {
    const e = sim.store.get(kind, id) as WithMetadata | undefined;
    if (!e) return;
    const next = change(e.metadata);
    sim.store.update(kind, id, { metadata: next.length ? next : undefined } as never);
  };
  sim.tasks.register('metadataSet', {
    apply(params) {
      const p = params as { kind: MetadataKind; id: string; entries: MetadataEntry[] };
      update(p.kind, p.id, (cur) => merged(cur, p.entries));
    },
  });
  sim.tasks.register('metadataDelete', {
    apply(params) {
      const p = params as { kind: MetadataKind; id: string; domain: MetadataDomain; key: string };
      update(p.kind, p.id, (cur) => without(cur, p.domain, p.key));
    },
  });
}
