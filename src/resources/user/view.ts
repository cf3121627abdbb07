/** User and Role documents (admin types). */
import type { World } from '../../world.js';
import type { Role, User } from '../../store/types.js';
import { MT } from '../../wire/media.js';
import { link, ref } from '../../wire/links.js';
import { hrefOf, urn } from '../links.js';
import type { Rendered } from '../../wire/render.js';

/** `adminLinks`: whether the caller may follow the `up` link to the AdminOrg. */
export function userView(sim: World, base: string, u: User, adminLinks: boolean): Rendered {
  const role = sim.store.get('role', u.roleId)!;
  const org = sim.store.get('org', u.orgId)!;
  return {
    root: 'User',
    type: MT.user,
    body: {
      '@_href': hrefOf(base, 'user', u.id),
      '@_type': MT.user,
      '@_id': urn('user', u.id),
      '@_name': u.name,
      Link: adminLinks ? [link('up', `${base}/api/admin/org/${org.id}`, MT.adminOrg)] : undefined,
      FullName: u.fullName,
      EmailAddress: u.email,
      IsEnabled: u.isEnabled,
      IsLocked: false,
      NameInSource: u.name,
      IsExternal: false,
      ProviderType: 'INTEGRATED',
      IsGroupRole: false,
      StoredVmQuota: 0,
      DeployedVmQuota: 0,
      Role: ref(hrefOf(base, 'role', role.id), MT.role, role.name, urn('role', role.id)),
    },
  };
}

export function roleView(base: string, r: Role): Rendered {
  return {
    root: 'Role',
    type: MT.role,
    body: {
      '@_href': hrefOf(base, 'role', r.id),
      '@_type': MT.role,
      '@_id': urn('role', r.id),
      '@_name': r.name,
      Description: r.description,
      RightReferences: {
        RightReference: r.rights.map((name) => ({ '@_href': `${base}/api/admin/right/${encodeURIComponent(name)}`, '@_name': name })),
      },
    },
  };
}
