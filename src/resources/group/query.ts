/** Groups in queries: `group` (the org's) and `adminGroup` (with its org). */
import type { Group } from '../../store/types.js';
import { MT } from '../../wire/media.js';
import { entitySource, fields, row, tenantHref, type Ctx, type QueryModule } from '../query/source.js';

function groupRow(c: Ctx, g: Group) {
  const role = c.store.get('role', g.roleId);
  return row(g.id, g.orgId, g.name, {
    name: g.name, org: g.orgId, roleName: role?.name, isReadOnly: false, identityProviderType: g.providerType,
  });
}

const GROUP_FIELDS = 'name roleName isReadOnly identityProviderType';

export const groupQueries: QueryModule = {
  sources: () => [entitySource('group', groupRow)],
  types: [
    {
      name: 'group', source: 'group', kind: 'group', record: 'GroupRecord', xsdType: 'QueryResultGroupRecordType',
      references: 'GroupReferences', admin: false, mediaType: MT.group, href: tenantHref('group'), fields: fields(GROUP_FIELDS),
    },
    {
      name: 'adminGroup', source: 'group', kind: 'group', record: 'AdminGroupRecord', xsdType: 'QueryResultAdminGroupRecordType',
      references: 'GroupReferences', admin: true, mediaType: MT.group, href: tenantHref('group'), fields: fields('name org roleName isReadOnly identityProviderType'),
    },
  ],
  onChange: {
    group(t, id, g) {
      t.mark('group', id);
      t.mark('org', g?.orgId ?? t.old('group', id)?.orgId);
    },
    // A renamed role is copied into its groups' rows.
    role(t, id) {
      for (const g of t.store.all('group')) if (g.roleId === id) t.mark('group', g.id);
    },
  },
};
