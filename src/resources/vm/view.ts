/** The Vm document (alone, or embedded in its vApp's Children), with state-dependent action links. */
import type { World } from '../../world.js';
import type { VApp, Vm } from '../../store/types.js';
import { Status } from '../../store/types.js';
import { MT } from '../../wire/media.js';
import { link, ref } from '../../wire/links.js';
import { hrefOf, urn } from '../links.js';
import type { Rendered } from '../../wire/render.js';
import type { Doc } from '../../wire/xml.js';
import { tasksInProgress } from '../task/view.js';
import { attachedDiskItems } from '../disk/view.js';
import { maintenanceLinks, snapshotSection } from './maintenance.js';
import { complianceLink, storageLinks } from './storage.js';
import { guestCustomizationSection, networkConnectionSection, operatingSystemSection, virtualHardwareSection, vmSpecSection } from './sections.js';

/** Power and lifecycle links valid in the VM's (or vApp's) current state: clients act only on what is offered. */
export function stateLinks(href: string, status: number, deployed: boolean, busy: boolean): Doc[] {
  if (busy || status === Status.UNRESOLVED) return [];
  const links: Doc[] = [];
  const power = (action: string) => link(`power:${action}`, `${href}/power/action/${action}`);
  if (status === Status.POWERED_OFF || status === Status.SUSPENDED || status === Status.MIXED) links.push(power('powerOn'));
  if (status === Status.POWERED_ON || status === Status.MIXED) {
    links.push(power('powerOff'), power('reboot'), power('reset'), power('shutdown'), power('suspend'));
  }
  if (status === Status.SUSPENDED) links.push(link('discardState', `${href}/action/discardSuspendedState`));
  if (!deployed || status !== Status.POWERED_ON) links.push(link('deploy', `${href}/action/deploy`, MT.deployVAppParams));
  if (deployed) links.push(link('undeploy', `${href}/action/undeploy`, MT.undeployVAppParams));
  else links.push(link('remove', href));
  return links;
}

export function vmBody(sim: World, base: string, vapp: VApp, vm: Vm): Doc {
  const href = hrefOf(base, 'vm', vm.id);
  const tasks = tasksInProgress(sim, base, vm.id);
  const busy = sim.tasks.activeFor(vm.id).length > 0 || sim.tasks.activeFor(vapp.id).some((t) => t.ownerId === vapp.id);
  const editable = !busy && vm.status !== Status.UNRESOLVED;
  const profile = vm.storageProfileId ? sim.store.get('storageProfile', vm.storageProfileId) : undefined;
  const profileRef = profile ? ref(hrefOf(base, 'storageProfile', profile.id), MT.vdcStorageProfile, profile.name, urn('storageProfile', profile.id)) : undefined;
  const vdc = sim.store.get('vdc', vm.vdcId);
  const attached = attachedDiskItems(sim, base, vm);
  const profileRefOf = diskProfileRefs(sim, base);
  return {
    '@_needsCustomization': vm.needsCustomization,
    '@_nestedHypervisorEnabled': vm.nestedHypervisor ?? false,
    '@_deployed': vm.deployed,
    '@_status': vm.status,
    '@_name': vm.name,
    '@_id': urn('vm', vm.id),
    '@_href': href,
    '@_type': MT.vm,
    Link: [
      ...stateLinks(href, vm.status, vm.deployed, busy),
      ...(editable
        ? [
            link('edit', href, MT.vm),
            link('reconfigureVm', `${href}/action/reconfigureVm`, MT.vm, vm.name),
            link('media:insertMedia', `${href}/media/action/insertMedia`, MT.mediaInsertOrEjectParams),
            link('media:ejectMedia', `${href}/media/action/ejectMedia`, MT.mediaInsertOrEjectParams),
            link('disk:attach', `${href}/disk/action/attach`, MT.diskAttachOrDetachParams),
            link('disk:detach', `${href}/disk/action/detach`, MT.diskAttachOrDetachParams),
            ...maintenanceLinks(sim, href, vm),
            ...storageLinks(href),
          ]
        : []),
      link('up', hrefOf(base, 'vApp', vapp.id), MT.vApp),
      link('down', `${href}/metadata`, MT.metadata),
      link('down', `${href}/virtualHardwareSection/`, MT.virtualHardwareSection),
      link('down', `${href}/networkConnectionSection/`, MT.networkConnectionSection),
      link('down', `${href}/guestCustomizationSection/`, MT.guestCustomizationSection),
      link('down', `${href}/operatingSystemSection/`, MT.operatingSystemSection),
      link('down', `${href}/productSections`, MT.productSections),
      complianceLink(href),
    ],
    Description: vm.description,
    Tasks: tasks,
    VAppParent: ref(hrefOf(base, 'vApp', vapp.id), MT.vApp, vapp.name),
    'ovf:VirtualHardwareSection': virtualHardwareSection(href, vm, {
      editable,
      storageProfileHref: profile ? hrefOf(base, 'storageProfile', profile.id) : undefined,
      media: vm.mediaId ? sim.store.get('media', vm.mediaId) : undefined,
      attached,
      profileRefOf,
    }),
    'ovf:OperatingSystemSection': operatingSystemSection(href, vm),
    NetworkConnectionSection: networkConnectionSection(`${href}/networkConnectionSection/`, vm, editable),
    GuestCustomizationSection: guestCustomizationSection(`${href}/guestCustomizationSection/`, vm.id, vm, vm.guestCustomization, editable),
    SnapshotSection: snapshotSection(href, vm.snapshot ? [vm.snapshot] : []),
    VmSpecSection: vmSpecSection(vm, vdc?.vCpuInMhz ?? 1000, profileRef, attached, profileRefOf),
    DateCreated: vm.created,
    VAppScopedLocalId: vm.localId,
    VmCapabilities: {
      '@_href': `${href}/vmCapabilities/`,
      '@_type': MT.vmCapabilitiesSection,
      MemoryHotAddEnabled: vm.memoryHotAdd,
      CpuHotAddEnabled: vm.cpuHotAdd,
    },
    StorageProfile: profileRef,
    ComputePolicy: computePolicyOf(sim, base, vm),
    BootOptions: { BootDelay: 0, EnterBIOSSetup: false },
  };
}

/** References to the storage profiles a VM's disks sit on when they override the VM's own. */
export function diskProfileRefs(sim: World, base: string): (id: string) => Doc | undefined {
  return (id) => {
    const p = sim.store.get('storageProfile', id);
    return p ? ref(hrefOf(base, 'storageProfile', p.id), MT.vdcStorageProfile, p.name, urn('storageProfile', p.id)) : undefined;
  };
}

export function vmView(sim: World, base: string, vapp: VApp, vm: Vm): Rendered {
  return { root: 'Vm', type: MT.vm, body: vmBody(sim, base, vapp, vm) };
}

/** The VM's sizing policy (API 33.0+), shown when it has one (the API 30.0 schemas do not know the element). */
function computePolicyOf(sim: World, base: string, vm: Vm): Doc | undefined {
  const p = vm.sizingPolicyId ? sim.store.get('computePolicy', vm.sizingPolicyId) : undefined;
  const placement = vm.placementPolicyId ? sim.store.get('computePolicy', vm.placementPolicyId) : undefined;
  if (!p && !placement) return undefined;
  return {
    ...(placement ? { VmPlacementPolicy: ref(hrefOf(base, 'computePolicy', placement.id), 'application/json', placement.name, urn('computePolicy', placement.id)), VmPlacementPolicyFinal: false } : {}),
    ...(p ? { VmSizingPolicy: ref(hrefOf(base, 'computePolicy', p.id), 'application/json', p.name, urn('computePolicy', p.id)), VmSizingPolicyFinal: false } : {}),
  };
}
