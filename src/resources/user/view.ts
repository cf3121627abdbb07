/** User and Role documents (admin types). */
import type { World } from '../../world.js';
import type { Role, User } from '../../store/types.js';
import { MT } from '../../wire/media.js';
import { link, ref } from '../../wire/links.js';
import { hrefOf, urn } from '../links.js';
import type { Rendered } from '../../wire/render.js';
import { rightByName, rightHref } from './rights.js';
import { groupsOfUser } from '../group/model.js';
import { groupRef } from '../group/view.js';

/** `adminLinks`: whether the caller may follow the `up` link to the AdminOrg; `manage`: whether it may change the user. */
export function userView(sim: World, base: string, u: User, adminLinks: boolean, manage = false): Rendered {
  const role = sim.store.get('role', u.roleId)!;
  const org = sim.store.get('org', u.orgId)!;
  const groups = groupsOfUser(sim.store, u);
  return {
    root: 'User',
    type: MT.user,
    body: {
      '@_href': hrefOf(base, 'user', u.id),
      '@_type': MT.user,
      '@_id': urn('user', u.id),
      '@_name': u.name,
      Link: adminLinks ? [
        link('up', `${base}/api/admin/org/${org.id}`, MT.adminOrg),
        ...(manage ? [
          link('edit', hrefOf(base, 'user', u.id), MT.user),
          link('remove', hrefOf(base, 'user', u.id)),
          ...(u.isLocked ? [link('unlock', `${hrefOf(base, 'user', u.id)}/action/unlock`)] : []),
        ] : []),
      ] : undefined,
      Description: u.description || undefined,
      FullName: u.fullName,
      EmailAddress: u.email,
      IsEnabled: u.isEnabled,
      IsLocked: u.isLocked ?? false,
      NameInSource: u.name,
      IsExternal: false,
      ProviderType: 'INTEGRATED',
      IsGroupRole: false,
      StoredVmQuota: 0,
      DeployedVmQuota: 0,
      Role: ref(hrefOf(base, 'role', role.id), MT.role, role.name, urn('role', role.id)),
      GroupReferences: groups.length ? { GroupReference: groups.map((g) => groupRef(base, g)) } : undefined,
    },
  };
}

/** `manage`: whether the caller may change the role (edit and remove links). */
export function roleView(base: string, r: Role, manage = false): Rendered {
  return {
    root: 'Role',
    type: MT.role,
    body: {
      '@_href': hrefOf(base, 'role', r.id),
      '@_type': MT.role,
      '@_id': urn('role', r.id),
      '@_name': r.name,
      Link: manage ? [link('edit', hrefOf(base, 'role', r.id), MT.role), link('remove', hrefOf(base, 'role', r.id))] : undefined,
      Description: r.description,
      RightReferences: {
        RightReference: r.rights.map((name) => {
          const right = rightByName(name);
          return right
            ? ref(rightHref(base, right), MT.right, name)
            : { '@_href': `${base}/api/admin/right/${encodeURIComponent(name)}`, '@_name': name };
        }),
      },
    },
  };
}
