/** Media in queries. */
import type { Media } from '../../store/types.js';
import { MT } from '../../wire/media.js';
import { statusName } from '../query/status.js';
import { entitySource, fields, ms, row, tenantHref, type Ctx, type QueryModule } from '../query/source.js';

function mediaRow(c: Ctx, m: Media) {
  const { store } = c;
  const cat = m.catalogId ? store.get('catalog', m.catalogId) : undefined;
  const vdc = store.get('vdc', m.vdcId);
  const item = store.where('catalogItem', 'mediaId', m.id)[0];
  return row(m.id, m.orgId, m.name, {
    name: m.name, owner: m.ownerId, ownerName: c.userName(m.ownerId), catalog: cat?.id, catalogName: cat?.name,
    catalogItem: item?.id, isPublished: cat?.isPublished ?? false, vdc: m.vdcId, vdcName: vdc?.name, isVdcEnabled: vdc?.isEnabled,
    org: m.orgId, creationDate: ms(m.created), isBusy: c.busy(m.id) || store.where('vm', 'mediaId', m.id).length > 0,
    storageB: m.size, status: statusName(m.status),
    storageProfileName: m.storageProfileId ? store.get('storageProfile', m.storageProfileId)?.name : undefined,
  });
}

const MEDIA_FIELDS = `ownerName catalogName isPublished name vdc vdcName org creationDate isBusy storageB owner catalog catalogItem
  status storageProfileName`;

export const mediaQueries: QueryModule = {
  sources: () => [entitySource('media', mediaRow)],
  types: [
    {
      name: 'media', source: 'media', kind: 'media', record: 'MediaRecord', xsdType: 'QueryResultMediaRecordType', references: 'MediaReferences',
      admin: false, mediaType: MT.media, href: tenantHref('media'), fields: fields(MEDIA_FIELDS),
    },
    {
      name: 'adminMedia', source: 'media', kind: 'media', record: 'AdminMediaRecord', xsdType: 'QueryResultAdminMediaRecordType',
      references: 'MediaReferences', admin: true, mediaType: MT.media, href: tenantHref('media'), fields: fields(`${MEDIA_FIELDS} isVdcEnabled`),
    },
  ],
  onChange: {
    media(t, id, m) {
      const before = t.old('media', id);
      t.mark('media', id);
      t.mark('catalog', m?.catalogId || (before?.v.catalog as string | undefined));
      t.mark('vdc', m?.vdcId ?? (before?.v.vdc as string | undefined));
      t.mark('catalogItem', (m ? t.store.where('catalogItem', 'mediaId', m.id)[0]?.id : undefined) ?? (before?.v.catalogItem as string | undefined));
      if (m?.vdcId) t.each('storageProfile', t.store.where('storageProfile', 'vdcId', m.vdcId));
    },
  },
};
