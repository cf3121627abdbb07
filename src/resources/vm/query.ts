/** VMs in queries: the VMs of vApps and, as VCD lists them too, the VMs inside vApp templates. */
import type { Catalog, TemplateVm, VAppTemplate, Vm } from '../../store/types.js';
import { MT } from '../../wire/media.js';
import { hrefOf } from '../links.js';
import { vmStorageMB } from '../../engine/capacity.js';
import { guestOs } from '../../store/guestos.js';
import { statusName } from '../query/status.js';
import { hwNumber } from '../vapp/query.js';
import { fields, ms, row, type Ctx, type QueryModule, type QuerySource, type Row } from '../query/source.js';

/** Where a VM sits: a vApp, or a vApp template. */
interface VmPlace {
  orgId: string;
  vdcId: string;
  container: { id: string; name: string; ownerId: string; autoNature: boolean };
  isVAppTemplate: boolean;
  status: number;
  deployed: boolean;
  busy: boolean;
  catalog?: Catalog;
  storageProfileId?: string;
  created: string;
}

/** One object literal, not spreads: a spread-built row takes three times the memory (100,000 VMs add up). */
function vmRowAt(c: Ctx, vm: Vm | TemplateVm, at: VmPlace): Row {
  const { store } = c;
  const vdc = store.get('vdc', at.vdcId);
  const nic = vm.nics.find((n) => n.primary) ?? vm.nics[0];
  return row(vm.id, at.orgId, vm.name, {
    name: vm.name, description: vm.description, container: at.container.id, containerName: at.container.name,
    owner: at.container.ownerId, ownerName: c.userName(at.container.ownerId), vdc: at.vdcId, vdcName: vdc?.name,
    isVdcEnabled: vdc?.isEnabled, org: at.orgId, isVAppTemplate: at.isVAppTemplate, isDeleted: false,
    guestOs: guestOs(vm.osType).description, numberOfCpus: vm.cpus, memoryMB: vm.memoryMB, status: statusName(at.status),
    networkName: nic?.network, network: nic && nic.network !== 'none' ? c.network(at.vdcId, nic.network)?.id : undefined,
    ipAddress: nic?.ip, isBusy: at.busy, isDeployed: at.deployed, isPublished: at.catalog?.isPublished ?? false,
    catalogName: at.catalog?.name, hardwareVersion: hwNumber(vm.hardwareVersion), isInMaintenanceMode: false,
    isAutoNature: at.container.autoNature,
    storageProfileName: at.storageProfileId ? store.get('storageProfile', at.storageProfileId)?.name : undefined,
    isAutoUndeployNotified: false, isAutoDeleteNotified: false, isComputePolicyCompliant: true, dateCreated: ms(at.created),
    totalStorageAllocatedMb: vmStorageMB(vm), isExpired: false,
  });
}

function vmRow(c: Ctx, vm: Vm): Row | undefined {
  const vapp = c.store.get('vApp', vm.vappId);
  if (!vapp) return undefined;
  return vmRowAt(c, vm, {
    orgId: vm.orgId, vdcId: vm.vdcId, container: vapp, isVAppTemplate: false, status: vm.status, deployed: vm.deployed,
    busy: c.busy(vm.id), storageProfileId: vm.storageProfileId, created: vm.created,
  });
}

function templateVmRow(c: Ctx, t: VAppTemplate, vm: TemplateVm): Row {
  return vmRowAt(c, vm, {
    orgId: t.orgId, vdcId: t.vdcId, container: { id: t.id, name: t.name, ownerId: t.ownerId, autoNature: false },
    isVAppTemplate: true, status: t.status, deployed: false, busy: false, catalog: c.store.get('catalog', t.catalogId),
    storageProfileId: t.storageProfileId, created: t.created,
  });
}

/** The vm source remembers which template each template VM row came from (template VMs are not store entities). */
function vmSource(): QuerySource {
  const templateOfVm = new Map<string, string>();
  return {
    name: 'vm',
    *all(c) {
      templateOfVm.clear();
      for (const vm of c.store.all('vm')) yield vmRow(c, vm);
      for (const t of c.store.all('vAppTemplate')) {
        for (const vm of t.vms) {
          templateOfVm.set(vm.id, t.id);
          yield templateVmRow(c, t, vm);
        }
      }
    },
    one(c, id) {
      const vm = c.store.get('vm', id);
      if (vm) return vmRow(c, vm);
      const t = c.store.get('vAppTemplate', templateOfVm.get(id) ?? '');
      const tvm = t?.vms.find((v) => v.id === id);
      return t && tvm ? templateVmRow(c, t, tvm) : undefined;
    },
    // A template's change re-projects the VM rows it had and has.
    changed(t, kind, id, entity) {
      if (kind !== 'vAppTemplate' || !t.built('vm')) return;
      for (const [vmId, templateId] of templateOfVm) {
        if (templateId !== id) continue;
        templateOfVm.delete(vmId);
        t.mark('vm', vmId);
      }
      for (const vm of (entity as VAppTemplate | undefined)?.vms ?? []) {
        templateOfVm.set(vm.id, id);
        t.mark('vm', vm.id);
      }
    },
    reset: () => templateOfVm.clear(),
  };
}

const vmHref = (base: string, r: Row) => (r.v.isVAppTemplate ? `${base}/api/vAppTemplate/vm-${r.id}` : hrefOf(base, 'vm', r.id));

export const vmQueries: QueryModule = {
  sources: () => [vmSource()],
  derived: { vmNameInVc: (r) => `${r.name} (${r.id})` },
  types: [
    {
      name: 'vm', source: 'vm', kind: 'vm', record: 'VMRecord', xsdType: 'QueryResultVMRecordType', references: 'VMReferences',
      admin: false, mediaType: MT.vm, href: vmHref,
      fields: fields(`name containerName container ownerName owner vdc isVAppTemplate isDeleted guestOs numberOfCpus memoryMB status
        networkName network ipAddress isBusy isDeployed isPublished catalogName hardwareVersion isInMaintenanceMode isAutoNature
        storageProfileName isAutoUndeployNotified isAutoDeleteNotified vdcName isVdcEnabled isComputePolicyCompliant
        dateCreated totalStorageAllocatedMb isExpired description`),
    },
    {
      name: 'adminVM', source: 'vm', kind: 'vm', record: 'AdminVMRecord', xsdType: 'QueryResultAdminVMRecordType',
      references: 'VMReferences', admin: true, mediaType: MT.vm, href: vmHref,
      fields: fields(`name containerName container status vdc isVAppTemplate isDeleted guestOs numberOfCpus memoryMB networkName
        isDeployed isPublished catalogName isVdcEnabled hardwareVersion org storageProfileName isAutoNature vdcName ownerName
        owner network ipAddress isBusy isInMaintenanceMode isComputePolicyCompliant dateCreated totalStorageAllocatedMb
        isExpired vmNameInVc description`),
    },
  ],
  onChange: {
    vm(t, id, vm) {
      const { store } = t;
      const before = t.old('vm', id);
      const vappId = vm?.vappId ?? (before?.v.container as string | undefined);
      const vdcId = vm?.vdcId ?? (before?.v.vdc as string | undefined);
      t.mark('vm', id);
      t.mark('vApp', vappId);
      t.mark('vdc', vdcId);
      // An inserted media is busy: a VM's insert or eject changes its media's row (the org's media are few).
      const orgId = vm?.orgId ?? before?.orgId;
      if (orgId) for (const m of store.all('media')) if (m.orgId === orgId) t.mark('media', m.id);
      if (vdcId) t.each('storageProfile', store.where('storageProfile', 'vdcId', vdcId));
      t.mark('user', (vappId && store.get('vApp', vappId)?.ownerId) || (before?.v.owner as string | undefined));
    },
  },
};
