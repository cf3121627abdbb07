/**
 * The provider side in queries (System administrators only; its rows' orgId is empty). Its rows change when the
 * whole state does, when an org VDC drawing on a provider VDC changes (its allocation counts there: vdc/query.ts
 * marks it), and when an external network does.
 */
import type { Store } from '../../store/store.js';
import { vdcUsage } from '../../engine/capacity.js';
import { netmaskOf } from '../../lib/ippool.js';
import { hrefOf } from '../links.js';
import { PMT } from './kind.js';
import { fields, listSource, row as queryRow, tenantHref, type QueryModule, type Row, type Value } from '../query/source.js';

type ProviderSource = 'vCenter' | 'resourcePool' | 'nsxtManager' | 'networkPool' | 'externalNetwork' | 'providerVdc' | 'pvdcStorageProfile';
const PROVIDER_SOURCES: ProviderSource[] = ['vCenter', 'resourcePool', 'nsxtManager', 'networkPool', 'externalNetwork', 'providerVdc', 'pvdcStorageProfile'];

const row = (id: string, name: string, v: Record<string, Value>): Row => queryRow(id, '', name, v);

/** Resource pool rows are keyed `<vCenter id>/<moref>`: pools have no VCD id of their own. */
const resourcePoolRowId = (vcId: string, moref: string) => `${vcId}/${moref}`;

function providerRows(store: Store, source: ProviderSource): Row[] {
  switch (source) {
    case 'vCenter':
      return [...store.all('vCenter')].map((v) => row(v.id, v.name, {
        name: v.name, isBusy: false, isEnabled: v.isEnabled, isSupported: true, listenerState: 'CONNECTED', status: 'READY',
        url: v.url, userName: v.username, vcVersion: v.version, uuid: v.instanceUuid,
      }));
    case 'resourcePool': {
      const rows: Row[] = [];
      const pvdcs = [...store.all('providerVdc')];
      for (const v of store.all('vCenter')) {
        for (const rp of v.resourcePools) {
          const pvdc = pvdcs.find((p) => p.vCenterId === v.id && p.resourcePools.includes(rp.moref));
          rows.push(row(resourcePoolRowId(v.id, rp.moref), rp.name, {
            name: rp.name, moref: rp.moref, isDeleted: false, vc: v.id, vcName: v.name, providerVdc: pvdc?.id, providerName: pvdc?.name,
            isEnabled: true, isPrimary: pvdc ? pvdc.resourcePools[0] === rp.moref : false, clusterMoref: rp.clusterMoref,
          }));
        }
      }
      return rows;
    }
    case 'nsxtManager':
      return [...store.all('nsxtManager')].map((m) => row(m.id, m.name, { name: m.name, url: m.url }));
    case 'networkPool':
      // networkPoolType 3: an NSX-T (Geneve) pool.
      return [...store.all('networkPool')].map((n) => row(n.id, n.name, { name: n.name, isBusy: false, networkPoolType: 3 }));
    case 'externalNetwork':
      return [...store.all('externalNetwork')].map((n) => {
        const s = n.subnets[0];
        return row(n.id, n.name, {
          name: n.name, gateway: s?.gateway, netmask: s ? netmaskOf(s.prefixLength) : undefined, dns1: s?.dns1 || undefined,
          dns2: s?.dns2 || undefined, dnsSuffix: s?.dnsSuffix || undefined, isBusy: false,
        });
      });
    case 'providerVdc':
      return [...store.all('providerVdc')].map((p) => {
        const vdcs = [...store.all('vdc')].filter((v) => v.providerVdcId === p.id);
        const profiles = store.where('pvdcStorageProfile', 'providerVdcId', p.id);
        let cpuAlloc = 0, memAlloc = 0, cpuUsed = 0, memUsed = 0, storageUsed = 0;
        for (const v of vdcs) {
          const u = vdcUsage(store, v);
          cpuAlloc += v.cpu.allocated || v.cpu.limit;
          memAlloc += v.memory.allocated || v.memory.limit;
          cpuUsed += u.cpuUsedMhz;
          memUsed += u.memoryUsedMB;
          storageUsed += u.storageUsedMB;
        }
        const storageTotal = profiles.reduce((s, sp) => s + sp.totalMB, 0);
        return row(p.id, p.name, {
          name: p.name, status: 'READY', isBusy: false, isDeleted: false, isEnabled: p.isEnabled, cpuAllocationMhz: cpuAlloc,
          cpuLimitMhz: p.cpuTotalMhz, cpuUsedMhz: cpuUsed, numberOfDatastores: profiles.length, numberOfStorageProfiles: profiles.length,
          numberOfVdcs: vdcs.length, memoryAllocationMB: memAlloc, memoryLimitMB: p.memoryTotalMB, memoryUsedMB: memUsed,
          storageAllocationMB: storageTotal, storageLimitMB: storageTotal, storageUsedMB: storageUsed, cpuOverheadMhz: 0,
          storageOverheadMB: 0, memoryOverheadMB: 0, vcName: store.get('vCenter', p.vCenterId)?.name,
        });
      });
    case 'pvdcStorageProfile':
      return [...store.all('pvdcStorageProfile')].map((sp) => {
        const p = store.get('providerVdc', sp.providerVdcId);
        let used = 0, requested = 0;
        for (const v of store.all('vdc')) {
          if (v.providerVdcId !== sp.providerVdcId) continue;
          const u = vdcUsage(store, v);
          for (const osp of store.where('storageProfile', 'vdcId', v.id)) {
            if (osp.pvdcStorageProfileId !== sp.id) continue;
            used += u.storageByProfile.get(osp.id) ?? 0;
            requested += osp.limitMB;
          }
        }
        return row(sp.id, sp.name, {
          name: sp.name, providerVdc: sp.providerVdcId, vc: p?.vCenterId, storageProfileMoref: `storage-profile-${sp.id.slice(0, 8)}`,
          isEnabled: sp.isEnabled, storageProvisionedMB: used, storageRequestedMB: requested, storageTotalMB: sp.totalMB,
          storageUsedMB: used, numberOfConditions: 0,
        });
      });
  }
}

export const providerQueries: QueryModule = {
  sources: () => PROVIDER_SOURCES.map((s) => listSource(s, (store) => providerRows(store, s))),
  // External networks are created, changed and deleted through the CloudAPI.
  onChange: { externalNetwork: (t, id) => t.mark('externalNetwork', id) },
  types: [
    {
      name: 'providerVdc', source: 'providerVdc', kind: 'providerVdc', record: 'VMWProviderVdcRecord',
      xsdType: 'QueryResultVMWProviderVdcRecordType', references: 'VMWProviderVdcReferences', admin: true,
      mediaType: PMT.providerVdc, href: tenantHref('providerVdc'),
      fields: fields(`name status isBusy isDeleted isEnabled cpuAllocationMhz cpuLimitMhz cpuUsedMhz numberOfDatastores
        numberOfStorageProfiles numberOfVdcs memoryAllocationMB memoryLimitMB memoryUsedMB storageAllocationMB storageLimitMB
        storageUsedMB cpuOverheadMhz storageOverheadMB memoryOverheadMB vcName`),
    },
    {
      name: 'providerVdcStorageProfile', source: 'pvdcStorageProfile', kind: 'pvdcStorageProfile',
      record: 'ProviderVdcStorageProfileRecord', xsdType: 'QueryResultProviderVdcStorageProfileRecordType',
      references: 'ProviderVdcStorageProfileReferences', admin: true, mediaType: PMT.pvdcStorageProfile,
      href: tenantHref('pvdcStorageProfile'),
      fields: fields(`name providerVdc vc storageProfileMoref isEnabled storageProvisionedMB storageRequestedMB storageTotalMB
        storageUsedMB numberOfConditions`),
    },
    {
      name: 'networkPool', source: 'networkPool', kind: 'networkPool', record: 'NetworkPoolRecord',
      xsdType: 'QueryResultNetworkPoolRecordType', references: 'NetworkPoolReferences', admin: true,
      mediaType: PMT.vmwNetworkPool, href: tenantHref('networkPool'), fields: fields('name isBusy networkPoolType'),
    },
    {
      name: 'externalNetwork', source: 'externalNetwork', kind: 'externalNetwork', record: 'NetworkRecord',
      xsdType: 'QueryResultNetworkRecordType', references: 'NetworkReferences', admin: true,
      mediaType: PMT.externalNetwork, href: tenantHref('externalNetwork'),
      fields: fields('name gateway netmask dns1 dns2 dnsSuffix isBusy'),
    },
    {
      name: 'virtualCenter', source: 'vCenter', kind: 'vCenter', record: 'VirtualCenterRecord',
      xsdType: 'QueryResultVirtualCenterRecordType', references: 'VirtualCenterReferences', admin: true,
      mediaType: PMT.vimServer, href: tenantHref('vCenter'),
      fields: fields('name isBusy isEnabled isSupported listenerState status url userName vcVersion uuid'),
    },
    {
      // Resource pools have no VCD id: their rows are `<vCenter id>/<moref>`, their href the vCenter's.
      name: 'resourcePool', source: 'resourcePool', kind: 'vCenter', record: 'ResourcePoolRecord',
      xsdType: 'QueryResultResourcePoolRecordType', references: 'ResourcePoolReferences', admin: true,
      mediaType: PMT.vimServer, href: (base, row) => hrefOf(base, 'vCenter', row.id.split('/')[0]),
      fields: fields('name moref isDeleted vc vcName providerVdc providerName isEnabled isPrimary clusterMoref'),
    },
    {
      // Newer than the published XSDs (NSX-T came with API 31): go-vcloud-director reads it.
      name: 'nsxTManager', source: 'nsxtManager', kind: 'nsxtManager', record: 'NsxTManagerRecord',
      xsdType: 'QueryResultNsxTManagerRecordType', references: 'NsxTManagerReferences', admin: true,
      mediaType: PMT.nsxtManager, href: tenantHref('nsxtManager'), fields: fields('name url'),
    },
    {
      // NSX-T backed networks use no vSphere port groups: valid, and empty.
      name: 'portgroup', kind: 'vCenter', record: 'PortgroupRecord', xsdType: 'QueryResultPortgroupRecordType',
      references: 'PortgroupReferences', admin: true, mediaType: PMT.vimServer, href: tenantHref('vCenter'),
      fields: fields('name moref portgroupType vc vcName isVCEnabled scopeType'),
    },
  ],
};
