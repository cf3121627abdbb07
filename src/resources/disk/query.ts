/** Independent disks in queries. */
import type { IndependentDisk } from '../../store/types.js';
import { MT } from '../../wire/media.js';
import { statusName } from '../query/status.js';
import { entitySource, fields, row, tenantHref, type Ctx, type QueryModule } from '../query/source.js';

const BUS_NAMES: Record<number, string> = { 5: 'IDE', 6: 'SCSI', 20: 'SATA', 21: 'NVME' };

function diskRow(c: Ctx, d: IndependentDisk) {
  const vdc = c.store.get('vdc', d.vdcId);
  return row(d.id, d.orgId, d.name, {
    name: d.name, description: d.description || undefined, vdc: d.vdcId, vdcName: vdc?.name, org: d.orgId,
    sizeB: d.sizeMB * 1024 * 1024, sizeMb: d.sizeMB, iops: d.iops, encrypted: false, uuid: d.uuid,
    datastoreName: 'datastore-1', ownerName: c.userName(d.ownerId), storageProfile: d.storageProfileId,
    storageProfileName: c.store.get('storageProfile', d.storageProfileId)?.name, status: statusName(d.status),
    busType: String(d.busType), busTypeDesc: BUS_NAMES[d.busType], busSubType: d.busSubType, isAttached: d.attachments.length > 0,
    attachedVmCount: d.attachments.length, sharingType: d.sharingType, isShareable: d.sharingType !== 'None',
  });
}

/** The XSD's attributes first, then those VCD 10.x adds (sizeMb, iops, sharing…) that go-vcloud-director reads. */
const DISK_FIELDS = `name vdc sizeB datastoreName ownerName vdcName storageProfile storageProfileName status busType busTypeDesc
  busSubType isAttached description sizeMb iops encrypted uuid attachedVmCount sharingType isShareable`;

export const diskQueries: QueryModule = {
  sources: () => [entitySource('disk', diskRow)],
  types: [
    {
      name: 'disk', source: 'disk', kind: 'disk', record: 'DiskRecord', xsdType: 'QueryResultDiskRecordType',
      references: 'DiskReferences', admin: false, mediaType: MT.disk, href: tenantHref('disk'), fields: fields(DISK_FIELDS),
    },
    {
      name: 'adminDisk', source: 'disk', kind: 'disk', record: 'AdminDiskRecord', xsdType: 'QueryResultAdminDiskRecordType',
      references: 'DiskReferences', admin: true, mediaType: MT.disk, href: tenantHref('disk'), fields: fields(`${DISK_FIELDS} org`),
    },
  ],
  onChange: {
    disk(t, id, d) {
      const before = t.old('disk', id);
      t.mark('disk', id);
      for (const vdcId of [d?.vdcId, before?.v.vdc as string | undefined]) {
        t.mark('vdc', vdcId);
        if (vdcId) t.each('storageProfile', t.store.where('storageProfile', 'vdcId', vdcId));
      }
      t.mark('org', d?.orgId ?? before?.orgId);
    },
  },
};
