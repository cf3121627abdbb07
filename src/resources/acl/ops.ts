/** Sharing and ownership of vApps, catalogs and VDCs: the ACL a FullControl holder sets, the owner an administrator changes. */
import type { Actor, World } from '../../world.js';
import type { AccessLevel, Catalog, VApp, Vdc } from '../../store/types.js';
import { badRequest, forbidden } from '../../errors.js';
import { uuidOf } from '../../wire/links.js';
import type { Doc } from '../../wire/xml.js';
import { accessControlInput } from './params.js';
import { atLeast, catalogLevel, vappLevel, vdcLevel } from './model.js';

export type Shared = { kind: 'vApp'; e: VApp } | { kind: 'catalog'; e: Catalog } | { kind: 'vdc'; e: Vdc };

const what = (s: Shared) => `${s.kind === 'vdc' ? 'VDC' : s.kind} "${s.e.name}"`;

/** Refuses a caller whose access level on the entity is below `need` (rights are checked by the caller). */
export function requireLevel(actor: Actor, s: Shared, need: AccessLevel): void {
  const level = s.kind === 'vApp' ? vappLevel(actor, s.e) : s.kind === 'catalog' ? catalogLevel(actor, s.e) : vdcLevel(actor, s.e);
  if (!atLeast(level, need)) {
    throw forbidden(`This operation is denied: it needs ${need} access to ${what(s)}, and you have ${level ?? 'none'}.`);
  }
}

/** POST …/action/controlAccess: the ACL is replaced by the one sent. */
export function setAccessControl(sim: World, actor: Actor, s: Shared, doc: Doc): void {
  requireLevel(actor, s, 'FullControl');
  const acl = accessControlInput(sim, doc, s.e.orgId, s.kind);
  if (s.kind === 'vApp') sim.store.update('vApp', s.e.id, { acl });
  else if (s.kind === 'catalog') sim.store.update('catalog', s.e.id, { acl });
  else sim.store.update('vdc', s.e.id, { acl });
}

/** PUT …/owner: a user of the entity's org. */
export function changeOwner(sim: World, actor: Actor, s: Exclude<Shared, { kind: 'vdc' }>, userRef: Doc | undefined): void {
  requireLevel(actor, s, 'FullControl');
  const href = userRef?.['@_href'] as string | undefined;
  const id = uuidOf(href);
  if (!id) throw badRequest('The Owner needs User@href.');
  const user = sim.store.get('user', id);
  if (!user || user.orgId !== s.e.orgId) throw badRequest(`The user ${href} is not a user of the organization that owns ${what(s)}.`);
  if (s.kind === 'vApp') sim.store.update('vApp', s.e.id, { ownerId: user.id });
  else sim.store.update('catalog', s.e.id, { ownerId: user.id });
}
