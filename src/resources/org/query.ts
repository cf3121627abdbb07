/** Organizations in queries. */
import type { Org } from '../../store/types.js';
import { MT } from '../../wire/media.js';
import { fields, row, tenantHref, type Ctx, type QueryModule, entitySource } from '../query/source.js';

function orgRow(c: Ctx, o: Org) {
  const { store } = c;
  return row(o.id, o.id, o.name, {
    name: o.name, displayName: o.fullName, isEnabled: o.isEnabled, isReadOnly: false, deployedVMQuota: o.deployedVmQuota,
    storedVMQuota: o.storedVmQuota, canPublishCatalogs: true, numberOfCatalogs: store.where('catalog', 'orgId', o.id).length,
    numberOfVdcs: store.where('vdc', 'orgId', o.id).length, numberOfVApps: store.where('vApp', 'orgId', o.id).length,
    numberOfGroups: store.where('group', 'orgId', o.id).length, numberOfDisks: store.where('disk', 'orgId', o.id).length,
  });
}

export const orgQueries: QueryModule = {
  sources: () => [entitySource('org', orgRow)],
  types: [
    {
      name: 'organization', source: 'org', kind: 'org', record: 'OrgRecord', xsdType: 'QueryResultOrgRecordType',
      references: 'OrgReferences', admin: false, mediaType: MT.org, href: tenantHref('org'),
      fields: fields(`name displayName isEnabled isReadOnly deployedVMQuota storedVMQuota canPublishCatalogs numberOfCatalogs
        numberOfVdcs numberOfVApps numberOfGroups numberOfDisks`),
    },
  ],
  onChange: {
    org(t, id, org) {
      t.mark('org', id);
      if (t.copiedChanged('org', id, org && { name: org.name })) {
        t.each('role', t.store.where('role', 'orgId', id));
        t.each('vdc', t.store.where('vdc', 'orgId', id));
        t.each('catalog', t.store.where('catalog', 'orgId', id));
        t.each('task', t.store.where('task', 'orgId', id));
      }
    },
  },
};
