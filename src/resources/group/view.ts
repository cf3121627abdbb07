/** The Group document (admin type), and the GroupReferences other documents carry. */
import type { World } from '../../world.js';
import type { Group } from '../../store/types.js';
import { MT } from '../../wire/media.js';
import { link, ref } from '../../wire/links.js';
import { hrefOf, urn } from '../links.js';
import type { Rendered } from '../../wire/render.js';
import type { Doc } from '../../wire/xml.js';

export const groupRef = (base: string, g: Group): Doc => ref(hrefOf(base, 'group', g.id), MT.group, g.name, urn('group', g.id));

/** `manage`: whether the caller may change the group (edit and remove links). */
export function groupView(sim: World, base: string, g: Group, manage = false): Rendered {
  const { store } = sim;
  const role = store.get('role', g.roleId);
  const href = hrefOf(base, 'group', g.id);
  const members = g.memberIds.flatMap((id) => {
    const u = store.get('user', id);
    return u ? [ref(hrefOf(base, 'user', u.id), MT.user, u.name, urn('user', u.id))] : [];
  });
  return {
    root: 'Group',
    type: MT.group,
    body: {
      '@_href': href,
      '@_type': MT.group,
      '@_id': urn('group', g.id),
      '@_name': g.name,
      Link: [
        link('up', `${base}/api/admin/org/${g.orgId}`, MT.adminOrg),
        ...(manage ? [link('edit', href, MT.group), link('remove', href)] : []),
      ],
      Description: g.description || undefined,
      NameInSource: g.name,
      UsersList: members.length ? { UserReference: members } : undefined,
      ProviderType: g.providerType,
      Role: role ? ref(hrefOf(base, 'role', role.id), MT.role, role.name, urn('role', role.id)) : undefined,
    },
  };
}
