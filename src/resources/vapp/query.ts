/** vApps and their networks in queries. */
import type { Store } from '../../store/store.js';
import type { VApp } from '../../store/types.js';
import { MT } from '../../wire/media.js';
import { vmCpuMhz, vmStorageMB } from '../../engine/capacity.js';
import { netmaskOf } from '../../lib/ippool.js';
import { ownSubnet, vappNetworkId } from './networks.js';
import { DEFAULT_ISOLATED_SUBNET } from './ops.js';
import { statusName } from '../query/status.js';
import { vappState } from './model.js';
import { entitySource, fields, listSource, ms, row, tenantHref, type Ctx, type QueryModule, type Row } from '../query/source.js';

/** Highest virtual hardware version the simulated provider VDC supports (vmx-19). */
const PVDC_HIGHEST_HW = 19;
export const hwNumber = (hw: string) => Number(/\d+/.exec(hw)?.[0] ?? 0);

function vappRow(c: Ctx, a: VApp) {
  const { store } = c;
  const vdc = store.get('vdc', a.vdcId);
  const vms = store.where('vm', 'vappId', a.id);
  const state = vappState(store, a, vms);
  const cpuMhz = vdc ? vms.reduce((s, vm) => s + vmCpuMhz(vdc, vm), 0) : 0;
  return row(a.id, a.orgId, a.name, {
    name: a.name, description: a.description, vdc: a.vdcId, vdcName: vdc?.name, isVdcEnabled: vdc?.isEnabled, org: a.orgId,
    owner: a.ownerId, ownerName: c.userName(a.ownerId), status: statusName(state.status), isDeployed: state.deployed,
    isEnabled: true, isBusy: c.busy(a.id) || vms.some((vm) => c.busy(vm.id)), isPublic: false, isExpired: false, isInMaintenanceMode: false,
    isAutoNature: a.autoNature, creationDate: ms(a.created), numberOfVMs: vms.length,
    numberOfCpus: vms.reduce((s, vm) => s + vm.cpus, 0), cpuAllocationMhz: cpuMhz, cpuAllocationInMhz: cpuMhz,
    memoryAllocationMB: vms.reduce((s, vm) => s + vm.memoryMB, 0), storageKB: vms.reduce((s, vm) => s + vmStorageMB(vm), 0) * 1024,
    honorBootOrder: false, lowestHardwareVersionInVApp: vms.length ? Math.min(...vms.map((vm) => hwNumber(vm.hardwareVersion))) : undefined,
    pvdcHighestSupportedHardwareVersion: PVDC_HIGHEST_HW, isAutoDeleteNotified: false, isAutoUndeployNotified: false,
  });
}

/** One row per network of each vApp (vApp networks are not entities of their own). */
function vappNetworkRows(store: Store): Row[] {
  const rows: Row[] = [];
  for (const vapp of store.all('vApp')) {
    for (const n of vapp.networks) {
      const id = vappNetworkId(vapp.id, n);
      const own = ownSubnet(n) ?? (n.fenceMode === 'isolated' ? DEFAULT_ISOLATED_SUBNET : undefined);
      const subnet = own ?? (n.networkId ? store.get('network', n.networkId) : undefined);
      rows.push(row(id, vapp.orgId, n.name, {
        name: n.name, ipScopeId: undefined, isIpScopeInherited: !own, gateway: subnet?.gateway,
        netmask: subnet ? netmaskOf(subnet.prefixLength) : undefined, dns1: subnet?.dns1 || undefined, dns2: subnet?.dns2 || undefined,
        dnsSuffix: subnet?.dnsSuffix || undefined, vApp: vapp.id, vAppName: vapp.name, isBusy: false,
      }));
    }
  }
  return rows;
}

const VAPP_FIELDS = `name vdc vdcName isPublic isEnabled isBusy creationDate status ownerName isDeployed isInMaintenanceMode
  isAutoNature isExpired numberOfVMs numberOfCpus cpuAllocationMhz cpuAllocationInMhz memoryAllocationMB storageKB
  isVdcEnabled honorBootOrder lowestHardwareVersionInVApp pvdcHighestSupportedHardwareVersion isAutoDeleteNotified
  isAutoUndeployNotified description`;

export const vAppQueries: QueryModule = {
  sources: () => [entitySource('vApp', vappRow), listSource('vAppNetwork', vappNetworkRows)],
  types: [
    {
      name: 'vApp', source: 'vApp', kind: 'vApp', record: 'VAppRecord', xsdType: 'QueryResultVAppRecordType',
      references: 'VAppReferences', admin: false, mediaType: MT.vApp, href: tenantHref('vApp'), fields: fields(`${VAPP_FIELDS} owner`),
    },
    {
      name: 'adminVApp', source: 'vApp', kind: 'vApp', record: 'AdminVAppRecord', xsdType: 'QueryResultAdminVAppRecordType',
      references: 'VAppReferences', admin: true, mediaType: MT.vApp, href: tenantHref('vApp'), fields: fields(`org ${VAPP_FIELDS} owner`),
    },
    {
      name: 'vAppNetwork', source: 'vAppNetwork', kind: 'network', record: 'VAppNetworkRecord', xsdType: 'QueryResultVAppNetworkRecordType',
      references: 'VAppNetworkReferences', admin: false, mediaType: 'application/vnd.vmware.vcloud.vAppNetwork+xml',
      href: tenantHref('network'),
      fields: fields('name ipScopeId isIpScopeInherited gateway netmask dns1 dns2 dnsSuffix vApp vAppName isBusy'),
    },
  ],
  onChange: {
    // vApp network rows are read again after any change to a vApp or an org VDC network (they copy its subnet).
    network: (t) => t.invalidate('vAppNetwork'),
    vApp(t, id, a) {
      t.invalidate('vAppNetwork');
      const before = t.old('vApp', id);
      t.mark('vApp', id);
      t.mark('vdc', a?.vdcId ?? (before?.v.vdc as string | undefined));
      t.mark('org', a?.orgId ?? before?.orgId);
      t.mark('user', a?.ownerId);
      t.mark('user', before?.v.owner as string | undefined);
      if (t.copiedChanged('vApp', id, a && { name: a.name, owner: a.ownerId, isAutoNature: a.autoNature })) {
        t.each('vm', t.store.where('vm', 'vappId', id));
      }
    },
  },
};
