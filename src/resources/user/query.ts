/** Users, roles and rights in queries. */
import type { Role, User } from '../../store/types.js';
import { MT } from '../../wire/media.js';
import { SYSTEM_ADMINISTRATOR } from '../../store/roles.js';
import { ALL_RIGHTS } from './rights.js';
import { EVERY_ORG } from '../query/rowindex.js';
import { entitySource, fields, row, tenantHref, type Ctx, type QueryModule, type QuerySource } from '../query/source.js';

function userRow(c: Ctx, u: User) {
  const { store } = c;
  let deployed = 0;
  let stored = 0;
  for (const a of store.where('vApp', 'orgId', u.orgId)) {
    if (a.ownerId !== u.id) continue;
    for (const vm of store.where('vm', 'vappId', a.id)) {
      stored++;
      if (vm.deployed) deployed++;
    }
  }
  return row(u.id, u.orgId, u.name, {
    name: u.name, fullName: u.fullName, isEnabled: u.isEnabled, org: u.orgId, numberOfDeployedVMs: deployed, deployedVMQuota: 0,
    numberOfStoredVMs: stored, storedVMQuota: 0, isLdapUser: false, identityProviderType: 'INTEGRATED',
  });
}

/** A tenant role belongs to its org; global roles to every org, except the System Administrator role (System's). */
function roleRow(c: Ctx, r: Role) {
  const system = [...c.store.all('org')].find((o) => o.name.toLowerCase() === 'system');
  const orgId = r.orgId ?? (r.name === SYSTEM_ADMINISTRATOR ? system?.id ?? EVERY_ORG : EVERY_ORG);
  const org = r.orgId ? c.store.get('org', r.orgId) : undefined;
  return row(r.id, orgId, r.name, {
    name: r.name, isReadOnly: r.orgId === undefined && r.name === SYSTEM_ADMINISTRATOR, org: r.orgId, orgName: org?.name,
  });
}

const rightRow = (r: (typeof ALL_RIGHTS)[number]) => row(r.id, EVERY_ORG, r.name, { name: r.name, category: r.category });

/** Rights are not entities: the fixed list every tenant sees. */
const rightSource: QuerySource = {
  name: 'right',
  all: () => ALL_RIGHTS.map(rightRow),
  one(_c, id) {
    const r = ALL_RIGHTS.find((x) => x.id === id);
    return r && rightRow(r);
  },
};

const USER_FIELDS = 'name fullName isEnabled numberOfDeployedVMs deployedVMQuota numberOfStoredVMs storedVMQuota isLdapUser identityProviderType';

export const userQueries: QueryModule = {
  sources: () => [entitySource('user', userRow), entitySource('role', roleRow), rightSource],
  types: [
    {
      name: 'user', source: 'user', kind: 'user', record: 'UserRecord', xsdType: 'QueryResultUserRecordType',
      references: 'UserReferences', admin: false, mediaType: MT.user, href: tenantHref('user'), fields: fields(USER_FIELDS),
    },
    {
      name: 'adminUser', source: 'user', kind: 'user', record: 'AdminUserRecord', xsdType: 'QueryResultAdminUserRecordType',
      references: 'UserReferences', admin: true, mediaType: MT.user, href: tenantHref('user'), fields: fields(`${USER_FIELDS} org`),
    },
    {
      // Global roles show in every org's role query; the System Administrator role in the System org's only.
      name: 'role', source: 'role', kind: 'role', record: 'RoleRecord', xsdType: 'QueryResultRoleRecordType',
      references: 'RoleReferences', admin: false, mediaType: MT.role, href: tenantHref('role'), fields: fields('name isReadOnly'),
    },
    {
      name: 'adminRole', source: 'role', kind: 'role', record: 'AdminRoleRecord', xsdType: 'QueryResultAdminRoleRecordType',
      references: 'RoleReferences', admin: true, mediaType: MT.role, href: tenantHref('role'), fields: fields('name isReadOnly org orgName'),
    },
    {
      name: 'right', source: 'right', kind: 'role', record: 'RightRecord', xsdType: 'QueryResultRightRecordType',
      references: 'RightReferences', admin: false, mediaType: MT.right, href: (base, r) => `${base}/api/admin/right/${r.id}`,
      urn: (id) => `urn:vcloud:right:${id}`, fields: fields('name category'),
    },
  ],
  onChange: {
    role: (t, id) => t.mark('role', id),
    user(t, id, u) {
      const { store } = t;
      t.mark('user', id);
      if (t.copiedChanged('user', id, u && { name: u.name }) && u) {
        // Owner names are copied into the rows of what the user owns.
        for (const a of store.where('vApp', 'orgId', u.orgId)) {
          if (a.ownerId !== id) continue;
          t.mark('vApp', a.id);
          t.each('vm', store.where('vm', 'vappId', a.id));
        }
        for (const cat of store.where('catalog', 'orgId', u.orgId)) if (cat.ownerId === id) t.mark('catalog', cat.id);
        for (const d of store.where('disk', 'orgId', u.orgId)) if (d.ownerId === id) t.mark('disk', d.id);
        t.each('task', store.where('task', 'orgId', u.orgId));
        for (const tpl of store.all('vAppTemplate')) if (tpl.ownerId === id) t.cascade('vAppTemplate', tpl.id, tpl);
      }
    },
  },
};
