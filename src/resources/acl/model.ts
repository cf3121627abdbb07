/**
 * Access control on vApps, catalogs and VDCs, as VCD decides it: System administrators and the org's
 * administrators (General: Administrator Control) have full control, so has the owner; anyone else gets
 * what the entity's ControlAccessParams grant (everyone in the org, or a user; for catalogs also another
 * org), and a published catalog is readable by other orgs' users who may view published catalogs. Rights
 * still decide what an access level lets a user do: a level only opens the entity to them.
 */
import type { Actor, World } from '../../world.js';
import type { AccessControl, AccessLevel, Catalog, EntityKind, EntityOf, VApp, Vdc } from '../../store/types.js';
import { RIGHTS, type Right } from '../../store/roles.js';

export const ACCESS_LEVELS: readonly AccessLevel[] = ['ReadOnly', 'Change', 'FullControl'];

const rank = (l: AccessLevel | null | undefined) => (l ? ACCESS_LEVELS.indexOf(l) + 1 : 0);
export const atLeast = (have: AccessLevel | null | undefined, need: AccessLevel) => rank(have) >= rank(need);
const best = (a: AccessLevel | null, b: AccessLevel | null | undefined): AccessLevel | null => (rank(b) > rank(a) ? b! : a);

const holds = (actor: Actor, right: Right) => actor.isSysAdmin || (actor.role?.rights.includes(right) ?? false);

/** Whether the caller administers the org (sees and controls every vApp and catalog in it). */
export function administers(actor: Actor, orgId: string): boolean {
  return actor.isSysAdmin || (actor.org?.id === orgId && holds(actor, RIGHTS.vdcEdit));
}

/** What an ACL grants the caller: its user entry, its org's entry, and (inside the owner's org) everyone's. */
function granted(actor: Actor, acl: AccessControl | undefined, sameOrg: boolean): AccessLevel | null {
  if (!acl) return null;
  let level: AccessLevel | null = sameOrg ? acl.everyone ?? null : null;
  for (const s of acl.subjects) {
    if ((s.kind === 'user' && s.id === actor.user?.id) || (s.kind === 'org' && s.id === actor.org?.id)
      || (s.kind === 'group' && sameOrg && actor.groupIds?.includes(s.id))) level = best(level, s.level);
  }
  return level;
}

/** The caller's level on a vApp; null: it may not see it (answered as an unknown id). */
export function vappLevel(actor: Actor, vapp: VApp): AccessLevel | null {
  if (administers(actor, vapp.orgId)) return 'FullControl';
  if (actor.org?.id !== vapp.orgId) return null;
  if (vapp.ownerId === actor.user?.id) return 'FullControl';
  return granted(actor, vapp.acl, true);
}

/** The caller's level on a catalog (and so on its items, templates and media). */
export function catalogLevel(actor: Actor, cat: Catalog): AccessLevel | null {
  if (administers(actor, cat.orgId)) return 'FullControl';
  const sameOrg = actor.org?.id === cat.orgId;
  if (sameOrg && cat.ownerId === actor.user?.id) return 'FullControl';
  let level = granted(actor, cat.acl, sameOrg);
  if (!sameOrg && cat.isPublished && holds(actor, RIGHTS.catalogViewPublished)) level = best(level, 'ReadOnly');
  return level;
}

/**
 * The caller's level on a VDC: its org's administrators use it fully; in its org, whoever its ACL names
 * (everyone read-only when it has none, VCD's default). VCD grants VDC access read-only only.
 */
export function vdcLevel(actor: Actor, vdc: Vdc): AccessLevel | null {
  if (administers(actor, vdc.orgId)) return 'FullControl';
  if (actor.org?.id !== vdc.orgId) return null;
  return vdc.acl ? granted(actor, vdc.acl, true) : 'ReadOnly';
}

/**
 * The caller's level on an entity whose kind has access control (directly or through its vApp or catalog);
 * undefined for other kinds (tenancy alone decides) and for entities outside a catalog.
 */
export function levelOf<K extends EntityKind>(sim: World, actor: Actor, kind: K, e: EntityOf[K]): AccessLevel | null | undefined {
  const { store } = sim;
  switch (kind) {
    case 'vApp': return vappLevel(actor, e as VApp);
    case 'vm': {
      const vapp = store.get('vApp', (e as EntityOf['vm']).vappId);
      return vapp ? vappLevel(actor, vapp) : undefined;
    }
    case 'catalog': return catalogLevel(actor, e as Catalog);
    case 'vdc': return vdcLevel(actor, e as Vdc);
    case 'catalogItem':
    case 'vAppTemplate':
    case 'media': {
      const catalogId = (e as EntityOf['catalogItem'] | EntityOf['vAppTemplate'] | EntityOf['media']).catalogId;
      const cat = catalogId ? store.get('catalog', catalogId) : undefined;
      return cat ? catalogLevel(actor, cat) : undefined;
    }
    default: return undefined;
  }
}
