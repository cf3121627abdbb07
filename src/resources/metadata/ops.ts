/**
 * Metadata changes: POST merges a Metadata document, PUT sets one key, DELETE removes one. Each is checked
 * upfront (rights, domain and visibility rules, typed values) and carried out by a task (202), as VCD does.
 */
import type { Actor, World } from '../../world.js';
import type { EntityKind, MetadataDomain, MetadataEntry, Task, WithMetadata } from '../../store/types.js';
import { forbidden } from '../../errors.js';
import { orgIdOf, requireRight } from '../access.js';
import { RIGHTS, type Right } from '../../store/roles.js';
import { canSee, canWrite, findEntry, type Viewer } from './model.js';

/** The kinds that carry metadata. */
export type MetadataKind = 'org' | 'vdc' | 'catalog' | 'catalogItem' | 'vAppTemplate' | 'network' | 'vApp' | 'vm';

/** The right a tenant needs to change an entity's metadata (VCD's "edit" right of the kind). */
export const EDIT_RIGHT: Record<MetadataKind, Right> = {
  org: RIGHTS.orgEdit,
  vdc: RIGHTS.vdcEdit,
  catalog: RIGHTS.catalogProperties,
  catalogItem: RIGHTS.templateEdit,
  vAppTemplate: RIGHTS.templateEdit,
  network: RIGHTS.networkEdit,
  vApp: RIGHTS.vappEdit,
  vm: RIGHTS.vmEditProperties,
};

const KIND_TEXT: Record<MetadataKind, string> = {
  org: 'Organization', vdc: 'Virtual Datacenter', catalog: 'Catalog', catalogItem: 'Catalog Item',
  vAppTemplate: 'Virtual Application Template', network: 'Network', vApp: 'Virtual Application', vm: 'Virtual Machine',
};

export interface Holder {
  kind: MetadataKind;
  entity: WithMetadata & { id: string; name: string };
}

export const viewer = (actor: Actor): Viewer => ({ sysAdmin: actor.isSysAdmin });

/** A missing key, or one the caller may not see: VCD answers 403 (pyvcloud documents AccessForbiddenException). */
export function missingKey(domain: MetadataDomain, key: string): never {
  throw forbidden(`The metadata key "${key}" does not exist in the ${domain} domain of this entity, or you cannot access it.`);
}

/** The entry a caller reads through `…/metadata/{domain?}/{key}`. */
export function readEntry(actor: Actor, h: Holder, domain: MetadataDomain, key: string): MetadataEntry {
  const e = findEntry(h.entity.metadata, domain, key);
  if (!e || !canSee(viewer(actor), e)) missingKey(domain, key);
  return e;
}

function requireWrite(actor: Actor, h: Holder, entries: Pick<MetadataEntry, 'domain' | 'visibility' | 'key'>[]): void {
  requireRight(actor, EDIT_RIGHT[h.kind]);
  const v = viewer(actor);
  for (const e of entries) {
    const existing = findEntry(h.entity.metadata, e.domain, e.key);
    if (e.domain === 'SYSTEM' && !v.sysAdmin) {
      throw forbidden(`This operation is denied. Only system administrators may change SYSTEM domain metadata (key "${e.key}").`);
    }
    if (!canWrite(v, e) || (existing && !canWrite(v, existing))) {
      throw forbidden(`This operation is denied. The metadata key "${e.key}" is ${existing?.visibility ?? e.visibility} to you.`);
    }
  }
}

function start(sim: World, actor: Actor, h: Holder, operationName: string, verb: string, action: Task['action']): Task {
  const org = orgIdOf(sim, h.kind as EntityKind, h.entity as never) ?? actor.org?.id ?? '';
  return sim.tasks.start({
    operationName,
    operation: `${verb} metadata of ${KIND_TEXT[h.kind]} ${h.entity.name}(${h.entity.id})`,
    orgId: org,
    userId: actor.user!.id,
    owner: { kind: h.kind, id: h.entity.id, name: h.entity.name },
    action,
  });
}

/** POST …/metadata: sets every entry of the document (others stay). */
export function startMerge(sim: World, actor: Actor, h: Holder, entries: MetadataEntry[]): Task {
  requireWrite(actor, h, entries);
  return start(sim, actor, h, 'metadataUpdate', 'Updating', { type: 'metadataSet', params: { kind: h.kind, id: h.entity.id, entries } });
}

/** PUT …/metadata/{domain?}/{key}: sets one entry. */
export function startSet(sim: World, actor: Actor, h: Holder, entry: MetadataEntry): Task {
  return startMerge(sim, actor, h, [entry]);
}

/** DELETE …/metadata/{domain?}/{key}. */
export function startDelete(sim: World, actor: Actor, h: Holder, domain: MetadataDomain, key: string): Task {
  const e = readEntry(actor, h, domain, key);
  requireWrite(actor, h, [e]);
  return start(sim, actor, h, 'metadataDelete', 'Deleting', { type: 'metadataDelete', params: { kind: h.kind, id: h.entity.id, domain, key } });
}
