/**
 * VMs: GET/PUT/DELETE, power and deploy actions, reconfigureVm, and the sections clients read and edit
 * one at a time (virtual hardware, CPU, memory, disks, NICs, network connections, guest customization).
 */
import { sizingPatch, sizingPolicyFor, vmPlacementPatch } from '../computepolicy/model.js';
import type { Request, Router } from 'express';
import type { World } from '../../world.js';
import type { Vm } from '../../store/types.js';
import { Status } from '../../store/types.js';
import { diskProfileRefs, vmBody, vmView } from './view.js';
import { startDeleteVm, startReconfigure, type VmPatch } from './ops.js';
import { guestFromSection, hardwareFromItems, hardwareFromSection, hardwareFromSpec, nicsFromSection } from './params.js';
import { disksChange } from './disks.js';
import { cpuItem, diskItems, memoryItem, nicItems, sectionDoc } from './sections.js';
import { powerRoutes } from '../vapp/routes.js';
import { param, requireRight, visible } from '../access.js';
import { RIGHTS, type Right } from '../../store/roles.js';
import { MT } from '../../wire/media.js';
import { link, uuidOf } from '../../wire/links.js';
import { hrefOf } from '../links.js';
import { badRequest } from '../../errors.js';
import { readBody } from '../../wire/body.js';
import { attr, child, children, parseBool, text, type Doc } from '../../wire/xml.js';
import { sendDoc, type Rendered } from '../../wire/render.js';
import { sendAccepted } from '../task/view.js';
import { attachedDiskItems } from '../disk/view.js';

const GUEST_STATUS_TYPE = 'application/vnd.vmware.vcloud.guestcustomizationstatussection';

/** Root-level RASD items are `Item` in the vCloud namespace; inside a section they are `ovf:Item`. */
function rasdItemsList(href: string, items: Doc[], editable: boolean): Rendered {
  return {
    root: 'RasdItemsList',
    type: MT.rasdItemsList,
    body: { '@_href': href, '@_type': MT.rasdItemsList, Link: editable ? [link('edit', href, MT.rasdItemsList)] : undefined, Item: items },
  };
}

export function vmRoutes(router: Router, sim: World): void {
  const target = (req: Request) => {
    const vm = visible(sim, req, 'vm', param(req, 'id'));
    return { vm, vapp: sim.store.get('vApp', vm.vappId)! };
  };
  const href = (req: Request, vm: Vm) => hrefOf(req.ctx.base, 'vm', vm.id);
  const full = (req: Request) => {
    const { vm, vapp } = target(req);
    return { vm, vapp, body: vmBody(sim, req.ctx.base, vapp, vm) };
  };
  const editable = (vm: Vm) => vm.status !== Status.UNRESOLVED;
  const reconfigure = (req: Request, patch: VmPatch, right: Right = RIGHTS.vmEditProperties) => {
    requireRight(req, right);
    const { vm, vapp } = target(req);
    return startReconfigure(sim, req.ctx, vapp, vm, patch);
  };

  router.get('/api/vApp/vm-:id', (req, res) => {
    const { vm, vapp } = target(req);
    sendDoc(req, res, vmView(sim, req.ctx.base, vapp, vm));
  });
  router.put('/api/vApp/vm-:id', (req, res) => {
    const { vm } = target(req);
    const doc = readBody(req, 'Vm').doc;
    sendAccepted(sim, req, res, reconfigure(req, { name: attr(doc, 'name') ?? vm.name, description: text(doc, 'Description') ?? vm.description }));
  });
  router.delete('/api/vApp/vm-:id', (req, res) => {
    requireRight(req, RIGHTS.vappDelete);
    const { vm, vapp } = target(req);
    sendAccepted(sim, req, res, startDeleteVm(sim, req.ctx, vapp, vm));
  });
  powerRoutes(router, sim, 'vm-', target);

  const storageProfileOf = (vm: Vm, ref: Doc): string => {
    const id = uuidOf(attr(ref, 'href'));
    const name = attr(ref, 'name');
    const profile = sim.store.where('storageProfile', 'vdcId', vm.vdcId).find((p) => (id ? p.id === id : p.name === name));
    if (!profile) throw badRequest(`The storage profile ${attr(ref, 'href') ?? name} is not available in the VDC of VM "${vm.name}".`);
    return profile.id;
  };

  // reconfigureVm: a Vm document carrying whichever sections change.
  router.post('/api/vApp/vm-:id/action/reconfigureVm', (req, res) => {
    const { vm } = target(req);
    const doc = readBody(req, 'Vm').doc;
    const profileOf = (ref: Doc) => storageProfileOf(vm, ref);
    const patch: VmPatch = { ...hardwareFromSection(child(doc, 'VirtualHardwareSection'), vm, profileOf), ...hardwareFromSpec(child(doc, 'VmSpecSection'), vm, profileOf) };
    if (attr(doc, 'name') !== undefined) patch.name = attr(doc, 'name');
    if (text(doc, 'Description') !== undefined) patch.description = text(doc, 'Description');
    const nics = child(doc, 'NetworkConnectionSection');
    if (nics) patch.nics = nicsFromSection(nics, vm.nics, () => sim.store.random.mac());
    const guest = child(doc, 'GuestCustomizationSection');
    if (guest) Object.assign(patch, guestFromSection(guest, vm.guestCustomization, vm.computerName));
    const caps = child(doc, 'VmCapabilities');
    if (caps) Object.assign(patch, capabilities(caps, vm));
    // A StorageProfile reference moves the VM to that profile of its VDC (go-vcloud-director's UpdateStorageProfile).
    const profileRef = child(doc, 'StorageProfile');
    if (profileRef) patch.storageProfileId = storageProfileOf(vm, profileRef);
    // A VM sizing policy of the VDC sets the VM's CPUs and memory (go-vcloud-director's UpdateComputePolicyV2).
    // Disks that change (added, grown, moved, removed) need the hard disk right, as through virtualHardwareSection/disks.
    if (patch.disks && disksChange(vm.disks, patch.disks)) requireRight(req, RIGHTS.vmEditDisk);
    const sizing = child(child(doc, 'ComputePolicy'), 'VmSizingPolicy');
    if (sizing) Object.assign(patch, sizingPatch(sizingPolicyFor(sim, sim.store.get('vdc', vm.vdcId)!, attr(sizing, 'id') ?? attr(sizing, 'href'))));
    // A ComputePolicy sets both: the policy it leaves out is taken off the VM (it needs one of them).
    if (child(doc, 'ComputePolicy')) Object.assign(patch, vmPlacementPatch(sim, vm, child(doc, 'ComputePolicy')!, Boolean(sizing)));
    sendAccepted(sim, req, res, reconfigure(req, patch));
  });

  router.get('/api/vApp/vm-:id/virtualHardwareSection', (req, res) => {
    sendDoc(req, res, sectionDoc({ root: 'Vm', type: MT.vm, body: full(req).body }, 'ovf:VirtualHardwareSection', MT.virtualHardwareSection)!);
  });
  router.put('/api/vApp/vm-:id/virtualHardwareSection', (req, res) => {
    const { vm } = target(req);
    sendAccepted(sim, req, res, reconfigure(req, hardwareFromSection(readBody(req, 'VirtualHardwareSection').doc, vm, (ref) => storageProfileOf(vm, ref)), RIGHTS.vmEditCpu));
  });
  router.get('/api/vApp/vm-:id/virtualHardwareSection/cpu', (req, res) => {
    const { vm } = target(req);
    sendDoc(req, res, { root: 'Item', type: MT.rasdItem, body: cpuItem(href(req, vm), vm, editable(vm)) });
  });
  router.put('/api/vApp/vm-:id/virtualHardwareSection/cpu', (req, res) => {
    const { vm } = target(req);
    const doc = readBody(req, 'Item').doc;
    sendAccepted(sim, req, res, reconfigure(req, hardwareFromItems([{ ...doc, ResourceType: '3' }], vm), RIGHTS.vmEditCpu));
  });
  router.get('/api/vApp/vm-:id/virtualHardwareSection/memory', (req, res) => {
    const { vm } = target(req);
    sendDoc(req, res, { root: 'Item', type: MT.rasdItem, body: memoryItem(href(req, vm), vm, editable(vm)) });
  });
  router.put('/api/vApp/vm-:id/virtualHardwareSection/memory', (req, res) => {
    const { vm } = target(req);
    const doc = readBody(req, 'Item').doc;
    sendAccepted(sim, req, res, reconfigure(req, hardwareFromItems([{ ...doc, ResourceType: '4' }], vm), RIGHTS.vmEditMemory));
  });
  router.get('/api/vApp/vm-:id/virtualHardwareSection/disks', (req, res) => {
    const { vm } = target(req);
    const profile = vm.storageProfileId ? hrefOf(req.ctx.base, 'storageProfile', vm.storageProfileId) : undefined;
    const items = diskItems(vm, profile, attachedDiskItems(sim, req.ctx.base, vm), diskProfileRefs(sim, req.ctx.base));
    sendDoc(req, res, rasdItemsList(`${href(req, vm)}/virtualHardwareSection/disks`, items, editable(vm)));
  });
  router.put('/api/vApp/vm-:id/virtualHardwareSection/disks', (req, res) => {
    const { vm } = target(req);
    // Controllers come back in the list too; only disks (ResourceType 17) change anything.
    const patch = hardwareFromItems(children(readBody(req, 'RasdItemsList').doc, 'Item'), vm, (ref) => storageProfileOf(vm, ref));
    sendAccepted(sim, req, res, reconfigure(req, { disks: patch.disks ?? [] }, RIGHTS.vmEditDisk));
  });
  router.get('/api/vApp/vm-:id/virtualHardwareSection/networkCards', (req, res) => {
    const { vm } = target(req);
    sendDoc(req, res, rasdItemsList(`${href(req, vm)}/virtualHardwareSection/networkCards`, nicItems(vm), editable(vm)));
  });

  router.get('/api/vApp/vm-:id/networkConnectionSection', (req, res) => {
    sendDoc(req, res, sectionDoc({ root: 'Vm', type: MT.vm, body: full(req).body }, 'NetworkConnectionSection', MT.networkConnectionSection)!);
  });
  router.put('/api/vApp/vm-:id/networkConnectionSection', (req, res) => {
    const { vm } = target(req);
    const doc = readBody(req, 'NetworkConnectionSection').doc;
    sendAccepted(sim, req, res, reconfigure(req, { nics: nicsFromSection(doc, vm.nics, () => sim.store.random.mac()) }, RIGHTS.vmEditNetwork));
  });
  router.get('/api/vApp/vm-:id/guestCustomizationSection', (req, res) => {
    sendDoc(req, res, sectionDoc({ root: 'Vm', type: MT.vm, body: full(req).body }, 'GuestCustomizationSection', MT.guestCustomizationSection)!);
  });
  router.put('/api/vApp/vm-:id/guestCustomizationSection', (req, res) => {
    const { vm } = target(req);
    const doc = readBody(req, 'GuestCustomizationSection').doc;
    sendAccepted(sim, req, res, reconfigure(req, guestFromSection(doc, vm.guestCustomization, vm.computerName)));
  });
  router.get('/api/vApp/vm-:id/operatingSystemSection', (req, res) => {
    sendDoc(req, res, sectionDoc({ root: 'Vm', type: MT.vm, body: full(req).body }, 'ovf:OperatingSystemSection', MT.operatingSystemSection)!);
  });
  router.get('/api/vApp/vm-:id/vmCapabilities', (req, res) => {
    const { body } = full(req);
    sendDoc(req, res, { root: 'VmCapabilities', type: MT.vmCapabilitiesSection, body: body.VmCapabilities as Doc });
  });
  router.put('/api/vApp/vm-:id/vmCapabilities', (req, res) => {
    const { vm } = target(req);
    sendAccepted(sim, req, res, reconfigure(req, capabilities(readBody(req, 'VmCapabilities').doc, vm)));
  });
  router.get('/api/vApp/vm-:id/guestcustomizationstatus', (req, res) => {
    const { vm } = target(req);
    // Customization "runs" on first power-on: pending until the VM has been deployed.
    const status = !vm.guestCustomization.enabled ? 'GC_COMPLETE' : vm.deployed ? 'GC_COMPLETE' : 'GC_PENDING';
    sendDoc(req, res, {
      root: 'GuestCustomizationStatusSection',
      type: GUEST_STATUS_TYPE,
      body: { 'ovf:Info': 'Specifies Guest OS Customization Status', GuestCustStatus: status },
    });
  });
}

function capabilities(doc: Doc, vm: Vm): VmPatch {
  return {
    memoryHotAdd: parseBool(text(doc, 'MemoryHotAddEnabled'), vm.memoryHotAdd),
    cpuHotAdd: parseBool(text(doc, 'CpuHotAddEnabled'), vm.cpuHotAdd),
  };
}
