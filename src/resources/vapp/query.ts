/** vApps in queries. */
import type { VApp } from '../../store/types.js';
import { MT } from '../../wire/media.js';
import { vmCpuMhz, vmStorageMB } from '../../engine/capacity.js';
import { statusName } from '../query/status.js';
import { vappState } from './model.js';
import { entitySource, fields, ms, row, tenantHref, type Ctx, type QueryModule } from '../query/source.js';

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

const VAPP_FIELDS = `name vdc vdcName isPublic isEnabled isBusy creationDate status ownerName isDeployed isInMaintenanceMode
  isAutoNature isExpired numberOfVMs numberOfCpus cpuAllocationMhz cpuAllocationInMhz memoryAllocationMB storageKB
  isVdcEnabled honorBootOrder lowestHardwareVersionInVApp pvdcHighestSupportedHardwareVersion isAutoDeleteNotified
  isAutoUndeployNotified description`;

export const vAppQueries: QueryModule = {
  sources: () => [entitySource('vApp', vappRow)],
  types: [
    {
      name: 'vApp', source: 'vApp', kind: 'vApp', record: 'VAppRecord', xsdType: 'QueryResultVAppRecordType',
      references: 'VAppReferences', admin: false, mediaType: MT.vApp, href: tenantHref('vApp'), fields: fields(`${VAPP_FIELDS} owner`),
    },
    {
      name: 'adminVApp', source: 'vApp', kind: 'vApp', record: 'AdminVAppRecord', xsdType: 'QueryResultAdminVAppRecordType',
      references: 'VAppReferences', admin: true, mediaType: MT.vApp, href: tenantHref('vApp'), fields: fields(`org ${VAPP_FIELDS} owner`),
    },
  ],
  onChange: {
    vApp(t, id, a) {
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
