/** vApp templates in queries (their VMs are rows of the vm source: vm/query.ts). */
import type { VAppTemplate } from '../../store/types.js';
import { MT } from '../../wire/media.js';
import { statusName } from '../query/status.js';
import { entitySource, fields, ms, row, tenantHref, type Ctx, type QueryModule } from '../query/source.js';

function templateRow(c: Ctx, t: VAppTemplate) {
  const { store } = c;
  const cat = store.get('catalog', t.catalogId);
  const vdc = store.get('vdc', t.vdcId);
  const item = store.where('catalogItem', 'templateId', t.id)[0];
  return row(t.id, t.orgId, t.name, {
    name: t.name, description: t.description, owner: t.ownerId, ownerName: c.userName(t.ownerId), catalog: t.catalogId,
    catalogName: cat?.name, catalogItem: item?.id, isPublished: cat?.isPublished ?? false, vdc: t.vdcId, vdcName: vdc?.name,
    isVdcEnabled: vdc?.isEnabled, org: t.orgId, creationDate: ms(t.created), isBusy: c.busy(t.id), isGoldMaster: false,
    isEnabled: true, status: statusName(t.status), isDeployed: false, isExpired: false, isInCatalog: item !== undefined,
    storageProfileName: t.storageProfileId ? store.get('storageProfile', t.storageProfileId)?.name : undefined,
    numberOfVMs: t.vms.length,
  });
}

export const vAppTemplateQueries: QueryModule = {
  sources: () => [entitySource('vAppTemplate', templateRow)],
  types: [
    {
      name: 'vAppTemplate', source: 'vAppTemplate', kind: 'vAppTemplate', record: 'VAppTemplateRecord',
      xsdType: 'QueryResultVAppTemplateRecordType', references: 'VAppTemplateReferences', admin: false,
      mediaType: MT.vAppTemplate, href: tenantHref('vAppTemplate'),
      fields: fields(`ownerName catalogName isPublished name description vdc vdcName org creationDate isBusy isGoldMaster isEnabled
        status isDeployed isExpired storageProfileName catalog catalogItem owner numberOfVMs isInCatalog`),
    },
    {
      name: 'adminVAppTemplate', source: 'vAppTemplate', kind: 'vAppTemplate', record: 'AdminVAppTemplateRecord',
      xsdType: 'QueryResultAdminVAppTemplateRecordType', references: 'VAppTemplateReferences', admin: true,
      mediaType: MT.vAppTemplate, href: tenantHref('vAppTemplate'),
      fields: fields(`org ownerName owner isPublished name vdc vdcName isVdcEnabled catalog catalogName catalogItem creationDate isBusy
        isGoldMaster isEnabled isExpired isDeployed status storageProfileName description numberOfVMs isInCatalog`),
    },
  ],
  onChange: {
    // A template's rows: its own, its catalog's and VDC's counts, its catalog item.
    vAppTemplate(t, id, tpl) {
      const before = t.old('vAppTemplate', id);
      t.mark('vAppTemplate', id);
      t.mark('catalog', tpl?.catalogId ?? (before?.v.catalog as string | undefined));
      t.mark('vdc', tpl?.vdcId ?? (before?.v.vdc as string | undefined));
      t.mark('catalogItem', (tpl ? t.store.where('catalogItem', 'templateId', tpl.id)[0]?.id : undefined) ?? (before?.v.catalogItem as string | undefined));
    },
  },
};
