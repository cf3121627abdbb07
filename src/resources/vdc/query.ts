/** Org VDCs and their storage profiles in queries. */
import type { StorageProfile, Vdc } from '../../store/types.js';
import { MT } from '../../wire/media.js';
import { vappState } from '../vapp/model.js';
import { adminHref, entitySource, fields, row, tenantHref, type Ctx, type QueryModule } from '../query/source.js';

function vdcRow(c: Ctx, vdc: Vdc) {
  const { store } = c;
  const org = store.get('org', vdc.orgId);
  const usage = c.vdcUsage(vdc);
  const profiles = store.where('storageProfile', 'vdcId', vdc.id);
  const vapps = store.where('vApp', 'vdcId', vdc.id);
  return row(vdc.id, vdc.orgId, vdc.name, {
    name: vdc.name, description: vdc.description, isEnabled: vdc.isEnabled, isSystemVdc: false, isBusy: false, status: 'READY',
    orgName: org?.name, org: vdc.orgId, allocationModel: vdc.allocationModel,
    cpuAllocationMhz: vdc.cpu.allocated, cpuLimitMhz: vdc.cpu.limit, cpuReservedMhz: vdc.cpu.reserved, cpuUsedMhz: usage.cpuUsedMhz,
    cpuOverheadMhz: 0, memoryAllocationMB: vdc.memory.allocated, memoryLimitMB: vdc.memory.limit,
    memoryReservedMB: vdc.memory.reserved, memoryUsedMB: usage.memoryUsedMB, memoryOverheadMB: 0,
    // A profile without a limit makes the VDC's storage unlimited (0).
    storageLimitMB: profiles.some((p) => p.limitMB === 0) ? 0 : profiles.reduce((s, p) => s + p.limitMB, 0),
    storageUsedMB: usage.storageUsedMB, storageOverheadMB: 0,
    numberOfVApps: vapps.length, numberOfDeployedVApps: vapps.filter((a) => vappState(store, a).deployed).length,
    numberOfVAppTemplates: store.where('vAppTemplate', 'vdcId', vdc.id).length, numberOfMedia: store.where('media', 'vdcId', vdc.id).length, numberOfDisks: store.where('disk', 'vdcId', vdc.id).length,
    numberOfStorageProfiles: profiles.length, numberOfVMs: usage.vmCount, numberOfRunningVMs: usage.runningVmCount,
    numberOfResourcePools: 1, isVCEnabled: true, isThinProvisioned: true, isFastProvisioned: false,
  });
}

function storageProfileRow(c: Ctx, p: StorageProfile) {
  const vdc = c.store.get('vdc', p.vdcId);
  if (!vdc) return undefined;
  return row(p.id, vdc.orgId, p.name, {
    name: p.name, isEnabled: p.isEnabled, isDefaultStorageProfile: p.isDefault,
    storageUsedMB: c.vdcUsage(vdc).storageByProfile.get(p.id) ?? 0, storageLimitMB: p.limitMB, iopsAllocated: 0, iopsLimit: 0,
    numberOfConditions: 0, vdc: vdc.id, vdcName: vdc.name, isVdcBusy: false,
  });
}

const VDC_FIELDS = `name description isEnabled cpuAllocationMhz cpuLimitMhz cpuUsedMhz cpuReservedMhz memoryAllocationMB
  memoryLimitMB memoryUsedMB memoryReservedMB storageLimitMB storageUsedMB orgName org numberOfVApps numberOfMedia
  numberOfDisks numberOfVAppTemplates isSystemVdc isBusy status numberOfStorageProfiles numberOfVMs numberOfRunningVMs
  numberOfDeployedVApps isThinProvisioned isFastProvisioned`;

export const vdcQueries: QueryModule = {
  sources: () => [entitySource('vdc', vdcRow), entitySource('storageProfile', storageProfileRow)],
  types: [
    {
      name: 'orgVdc', source: 'vdc', kind: 'vdc', record: 'OrgVdcRecord', xsdType: 'QueryResultOrgVdcRecordType',
      references: 'OrgVdcReferences', admin: false, mediaType: MT.vdc, href: tenantHref('vdc'),
      fields: fields(`${VDC_FIELDS} allocationModel`),
    },
    {
      // The schema types AdminVdcRecord's allocationModel as an int whose codes are not documented: left out.
      name: 'adminOrgVdc', source: 'vdc', kind: 'vdc', record: 'AdminVdcRecord', xsdType: 'QueryResultAdminVdcRecordType',
      references: 'AdminVdcReferences', admin: true, mediaType: MT.adminVdc, href: adminHref('vdc'),
      fields: fields(`${VDC_FIELDS} cpuOverheadMhz memoryOverheadMB storageOverheadMB isVCEnabled numberOfResourcePools`),
    },
    {
      name: 'orgVdcStorageProfile', source: 'storageProfile', kind: 'storageProfile', record: 'OrgVdcStorageProfileRecord',
      xsdType: 'QueryResultOrgVdcStorageProfileRecordType', references: 'OrgVdcStorageProfileReferences', admin: false,
      mediaType: MT.vdcStorageProfile, href: tenantHref('storageProfile'),
      fields: fields(`name isEnabled isDefaultStorageProfile storageUsedMB storageLimitMB iopsAllocated iopsLimit numberOfConditions
        vdc vdcName isVdcBusy`),
    },
  ],
  onChange: {
    vdc(t, id, vdc) {
      const { store } = t;
      t.mark('vdc', id);
      t.mark('org', vdc?.orgId ?? t.old('vdc', id)?.orgId);
      // A provider VDC counts its org VDCs' allocations.
      t.mark('providerVdc', vdc?.providerVdcId);
      if (t.copiedChanged('vdc', id, vdc && { name: vdc.name, isEnabled: vdc.isEnabled })) {
        t.each('storageProfile', store.where('storageProfile', 'vdcId', id));
        t.each('network', store.where('network', 'vdcId', id));
        t.each('vApp', store.where('vApp', 'vdcId', id));
        t.each('vm', store.where('vm', 'vdcId', id));
        t.each('disk', store.where('disk', 'vdcId', id));
        for (const tpl of store.where('vAppTemplate', 'vdcId', id)) t.cascade('vAppTemplate', tpl.id, tpl);
      }
    },
    storageProfile(t, id, p) {
      const { store } = t;
      const vdcId = p?.vdcId ?? (t.old('storageProfile', id)?.v.vdc as string | undefined);
      t.mark('storageProfile', id);
      t.mark('vdc', vdcId);
      if (vdcId && t.copiedChanged('storageProfile', id, p && { name: p.name })) {
        t.each('vm', store.where('vm', 'vdcId', vdcId));
        t.each('disk', store.where('disk', 'vdcId', vdcId));
        for (const tpl of store.where('vAppTemplate', 'vdcId', vdcId)) t.cascade('vAppTemplate', tpl.id, tpl);
      }
    },
  },
};
