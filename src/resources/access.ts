/** Tenancy and rights: who may see and do what. Every resource looks entities up through here. */
import type { Request } from 'express';
import type { Actor, World } from '../world.js';
import type { EntityKind, EntityOf } from '../store/types.js';
import { forbidden, noAccess } from '../errors.js';
import { uuidOf } from '../wire/links.js';
import { kindOf } from './kinds.js';
import type { Right } from '../store/roles.js';
import { levelOf } from './acl/model.js';

/** The org that owns an entity (tenancy is decided by it), as its kind's descriptor says. */
export function orgIdOf<K extends EntityKind>(sim: World, kind: K, e: EntityOf[K]): string | undefined {
  return kindOf(kind).ownerOrg(sim.store, e);
}

/** Routes pass their request, operations their actor. */
export type Who = Actor | Request;
export const actorOf = (who: Who): Actor => ('ctx' in who ? who.ctx : who);

export function canSeeOrg(who: Who, orgId: string | undefined): boolean {
  const a = actorOf(who);
  return a.isSysAdmin || (orgId !== undefined && a.org?.id === orgId);
}

/**
 * Looks up an entity the caller may see. Unknown ids and other tenants' ids get the same 403, as real
 * VCD answers, so no answer reveals what another org owns.
 */
export function visible<K extends EntityKind>(sim: World, who: Who, kind: K, idOrUrn: string): EntityOf[K] {
  const id = uuidOf(idOrUrn);
  const e = id ? sim.store.get(kind, id) : undefined;
  const d = kindOf(kind);
  if (!e || !canRead(sim, who, kind, e)) throw noAccess(d.entityName, id ?? idOrUrn);
  return e;
}

/**
 * Whether the caller may see an entity: its org's, unless the kind has access control (vApps and their VMs,
 * catalogs and what they hold), which then decides, across orgs too (shared and published catalogs).
 */
export function canRead<K extends EntityKind>(sim: World, who: Who, kind: K, e: EntityOf[K]): boolean {
  const level = levelOf(sim, actorOf(who), kind, e);
  if (level !== undefined) return level !== null;
  const d = kindOf(kind);
  const owner = d.ownerOrg(sim.store, e);
  return (d.shared && owner === undefined) || canSeeOrg(who, owner);
}

export function hasRight(who: Who, right: Right): boolean {
  const a = actorOf(who);
  return a.isSysAdmin || (a.role?.rights.includes(right) ?? false);
}

export function requireRight(who: Who, right: Right): void {
  if (!hasRight(who, right)) throw forbidden(`This operation is denied. The right "${right}" is required.`);
}

/** Views under /api/admin are for system administrators and organization administrators. */
export function requireAdminView(who: Who): void {
  requireRight(who, 'General: Administrator View');
}

/** A route parameter as a string (Express types allow arrays for wildcards). */
export function param(req: Request, name: string): string {
  const v = req.params[name];
  return Array.isArray(v) ? v.join('/') : String(v ?? '');
}
