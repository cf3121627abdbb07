/**
 * Group membership as the rest of the simulator reads it: a user's groups, and the rights a user holds (their
 * own role's, and the roles of the groups they are in, as VCD grants them). Read on every request, so a group
 * imported, changed or deleted takes effect on its members' next request.
 */
import type { Store } from '../../store/store.js';
import type { Group, Role, User } from '../../store/types.js';

export function groupsOfUser(store: Store, user: User): Group[] {
  return store.where('group', 'orgId', user.orgId).filter((g) => g.memberIds.includes(user.id));
}

/** The user's role with the rights of their groups' roles added (the role itself when the groups add none). */
export function effectiveRole(store: Store, user: User, role: Role): Role {
  const groups = groupsOfUser(store, user);
  if (!groups.length) return role;
  const rights = new Set(role.rights);
  const before = rights.size;
  for (const g of groups) for (const r of store.get('role', g.roleId)?.rights ?? []) rights.add(r);
  return rights.size === before ? role : { ...role, rights: [...rights] };
}
