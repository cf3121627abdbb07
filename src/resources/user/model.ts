/** Which roles an org offers its users: the global roles (the System Administrator role only in System) and its own. */
import type { Store } from '../../store/store.js';
import type { Org, Role } from '../../store/types.js';
import { SYSTEM_ADMINISTRATOR } from '../../store/roles.js';
import { badRequest } from '../../errors.js';
import { uuidOf } from '../../wire/links.js';

export function rolesOfOrg(store: Store, org: Org): Role[] {
  const system = org.name.toLowerCase() === 'system';
  const global = [...store.all('role')].filter((r) => r.orgId === undefined && (system || r.name !== SYSTEM_ADMINISTRATOR));
  return [...global, ...store.where('role', 'orgId', org.id)];
}

/** Whether `org`'s users may hold `role`. */
export function orgOffersRole(org: Org, role: Role): boolean {
  if (role.orgId !== undefined) return role.orgId === org.id;
  return org.name.toLowerCase() === 'system' || role.name !== SYSTEM_ADMINISTRATOR;
}

/** The role `ref` (an href or id) names, one `org` offers; `missing` is the refusal when none is named. */
export function offeredRole(store: Store, org: Org, ref: string | undefined, missing: string): Role {
  if (!ref) throw badRequest(missing);
  const id = uuidOf(ref);
  const role = id ? store.get('role', id) : undefined;
  if (!role || !orgOffersRole(org, role)) throw badRequest(`The role "${ref}" is not one of the roles of the organization "${org.name}".`);
  return role;
}
