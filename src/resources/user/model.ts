/** Which roles an org offers its users: the global roles (the System Administrator role only in System) and its own. */
import type { Store } from '../../store/store.js';
import type { Org, Role } from '../../store/types.js';
import { SYSTEM_ADMINISTRATOR } from '../../store/roles.js';

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
