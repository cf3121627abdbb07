/** Catalogs and catalog items in queries. */
import type { Catalog, CatalogItem } from '../../store/types.js';
import { MT } from '../../wire/media.js';
import { statusName } from '../query/status.js';
import { adminHref, entitySource, fields, ms, row, tenantHref, type Ctx, type QueryModule } from '../query/source.js';

function catalogRow(c: Ctx, cat: Catalog) {
  const { store } = c;
  const templates = store.where('vAppTemplate', 'catalogId', cat.id).length;
  return row(cat.id, cat.orgId, cat.name, {
    name: cat.name, description: cat.description, isPublished: cat.isPublished,
    isShared: !!cat.acl && (cat.acl.everyone !== undefined || cat.acl.subjects.length > 0), isLocal: true,
    creationDate: ms(cat.created), org: cat.orgId, orgName: store.get('org', cat.orgId)?.name, owner: cat.ownerId,
    ownerName: c.userName(cat.ownerId), numberOfVAppTemplates: templates, numberOfTemplates: templates, numberOfMedia: store.where('media', 'catalogId', cat.id).length,
    publishSubscriptionType: cat.isPublished ? 'PUBLISHED' : 'UNPUBLISHED',
    version: store.where('catalogItem', 'catalogId', cat.id).length + 1,
  });
}

/** A catalog item is a vApp template's or a media's entry: its row shows that entity. */
function catalogItemRow(c: Ctx, item: CatalogItem) {
  const { store } = c;
  const cat = store.get('catalog', item.catalogId);
  const e = item.mediaId ? store.get('media', item.mediaId) : store.get('vAppTemplate', item.templateId);
  if (!cat || !e) return undefined;
  const vdc = store.get('vdc', e.vdcId);
  return row(item.id, cat.orgId, item.name, {
    name: item.name, entity: e.id, entityName: e.name, entityType: item.mediaId ? 'media' : 'vapptemplate', catalog: cat.id,
    catalogName: cat.name, owner: e.ownerId, ownerName: c.userName(e.ownerId), isPublished: cat.isPublished, vdc: e.vdcId,
    vdcName: vdc?.name, isVdcEnabled: vdc?.isEnabled, org: cat.orgId, creationDate: ms(item.created), isExpired: false,
    status: statusName(e.status),
  });
}

const CATALOG_ITEM_FIELDS = `name entity entityName entityType catalog catalogName ownerName owner isPublished vdc vdcName
  isVdcEnabled creationDate isExpired status`;

export const catalogQueries: QueryModule = {
  sources: () => [entitySource('catalog', catalogRow), entitySource('catalogItem', catalogItemRow)],
  types: [
    {
      name: 'catalog', source: 'catalog', kind: 'catalog', record: 'CatalogRecord', xsdType: 'QueryResultCatalogRecordType',
      references: 'CatalogReferences', admin: false, mediaType: MT.catalog, href: tenantHref('catalog'),
      fields: fields(`name description isPublished isShared creationDate orgName ownerName numberOfVAppTemplates numberOfMedia owner
        publishSubscriptionType version org isLocal`),
    },
    {
      name: 'adminCatalog', source: 'catalog', kind: 'catalog', record: 'AdminCatalogRecord', xsdType: 'QueryResultAdminCatalogRecordType',
      references: 'CatalogReferences', admin: true, mediaType: MT.adminCatalog, href: adminHref('catalog'),
      fields: fields('org name isPublished isShared creationDate orgName ownerName numberOfTemplates numberOfMedia owner description isLocal'),
    },
    {
      name: 'catalogItem', source: 'catalogItem', kind: 'catalogItem', record: 'CatalogItemRecord',
      xsdType: 'QueryResultCatalogItemRecordType', references: 'CatalogItemReferences', admin: false,
      mediaType: MT.catalogItem, href: tenantHref('catalogItem'), fields: fields(CATALOG_ITEM_FIELDS),
    },
    {
      name: 'adminCatalogItem', source: 'catalogItem', kind: 'catalogItem', record: 'AdminCatalogItemRecord',
      xsdType: 'QueryResultAdminCatalogItemRecordType', references: 'CatalogItemReferences', admin: true,
      mediaType: MT.catalogItem, href: tenantHref('catalogItem'), fields: fields(`${CATALOG_ITEM_FIELDS} org`),
    },
  ],
  onChange: {
    catalog(t, id, cat) {
      t.mark('catalog', id);
      t.mark('org', cat?.orgId ?? t.old('catalog', id)?.orgId);
      if (t.copiedChanged('catalog', id, cat && { name: cat.name, isPublished: cat.isPublished })) {
        t.each('catalogItem', t.store.where('catalogItem', 'catalogId', id));
        for (const tpl of t.store.where('vAppTemplate', 'catalogId', id)) t.cascade('vAppTemplate', tpl.id, tpl);
      }
    },
    catalogItem(t, id, item) {
      const before = t.old('catalogItem', id);
      t.mark('catalogItem', id);
      t.mark('catalog', item?.catalogId ?? (before?.v.catalog as string | undefined));
      t.mark('vAppTemplate', item?.templateId ?? (before?.v.entity as string | undefined));
      t.mark('media', item?.mediaId ?? (before?.v.entity as string | undefined));
    },
  },
};
