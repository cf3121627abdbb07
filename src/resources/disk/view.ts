/** The Disk document, the VMs it is attached to (Vms), its Owner, and what VMs show of their attached disks. */
import type { World } from '../../world.js';
import type { IndependentDisk } from '../../store/types.js';
import { Status } from '../../store/types.js';
import { MT } from '../../wire/media.js';
import { link, ref } from '../../wire/links.js';
import { hrefOf, urn } from '../links.js';
import type { Rendered } from '../../wire/render.js';
import type { Doc } from '../../wire/xml.js';
import { tasksInProgress } from '../task/view.js';
import { ownerDoc } from '../catalog/view.js';
import { disksAttachedTo } from './model.js';

const MB = 1024 * 1024;

/**
 * API 33.0 replaced `size` (bytes) with `sizeMb` and added the sharing and encryption attributes; a client
 * asking for an older version gets the Disk as the API 30.0 schema has it.
 */
const sizeInMb = (version: string) => Number.parseFloat(version) >= 33;

export function diskBody(sim: World, base: string, disk: IndependentDisk, version: string): Doc {
  const modern = sizeInMb(version);
  const href = hrefOf(base, 'disk', disk.id);
  const busy = sim.tasks.activeFor(disk.id).length > 0 || disk.status !== Status.RESOLVED;
  const profile = sim.store.get('storageProfile', disk.storageProfileId);
  return {
    '@_href': href,
    '@_type': MT.disk,
    '@_id': urn('disk', disk.id),
    '@_name': disk.name,
    '@_status': disk.status,
    '@_size': modern ? undefined : disk.sizeMB * MB,
    '@_sizeMb': modern ? disk.sizeMB : undefined,
    '@_iops': disk.iops,
    '@_busType': String(disk.busType),
    '@_busSubType': disk.busSubType,
    '@_encrypted': modern ? false : undefined,
    '@_shareable': modern ? disk.sharingType !== 'None' : undefined,
    '@_sharingType': modern ? disk.sharingType : undefined,
    '@_uuid': modern ? disk.uuid : undefined,
    Link: [
      link('up', hrefOf(base, 'vdc', disk.vdcId), MT.vdc),
      ...(busy ? [] : [link('edit', href, MT.disk), link('remove', href)]),
      link('down', `${href}/owner`, MT.owner),
      link('down', `${href}/attachedVms`, MT.vms),
    ],
    Description: disk.description || undefined,
    Tasks: tasksInProgress(sim, base, disk.id),
    StorageProfile: profile ? ref(hrefOf(base, 'storageProfile', profile.id), MT.vdcStorageProfile, profile.name, urn('storageProfile', profile.id)) : undefined,
    Owner: ownerDoc(sim, base, disk.ownerId),
  };
}

export function diskView(sim: World, base: string, disk: IndependentDisk, version: string): Rendered {
  return { root: 'Disk', type: MT.disk, body: diskBody(sim, base, disk, version) };
}

export function diskOwnerView(sim: World, base: string, disk: IndependentDisk): Rendered {
  return { root: 'Owner', type: MT.owner, body: { '@_href': `${hrefOf(base, 'disk', disk.id)}/owner`, ...ownerDoc(sim, base, disk.ownerId) } };
}

/** GET …/disk/{id}/attachedVms: references to the VMs the disk is attached to. */
export function attachedVmsView(sim: World, base: string, disk: IndependentDisk): Rendered {
  const vms = disk.attachments.map((a) => sim.store.get('vm', a.vmId)).filter((vm) => vm !== undefined);
  return {
    root: 'Vms',
    type: MT.vms,
    body: {
      '@_href': `${hrefOf(base, 'disk', disk.id)}/attachedVms`,
      '@_type': MT.vms,
      VmReference: vms.map((vm) => ref(hrefOf(base, 'vm', vm.id), MT.vm, vm.name, urn('vm', vm.id))),
    },
  };
}

/** An attached disk as a VM's hardware shows it: its slot, size, bus, storage profile and href. */
export interface AttachedDiskItem {
  href: string;
  sizeMB: number;
  busType: number;
  busSubType: string;
  bus: number;
  unit: number;
  instanceId: number;
  storageProfileHref?: string;
  storageProfile?: Doc;
}

export function attachedDiskItems(sim: World, base: string, vm: { id: string; vdcId: string }): AttachedDiskItem[] {
  return disksAttachedTo(sim.store, vm).map(({ disk, bus, unit, instanceId }) => {
    const profile = sim.store.get('storageProfile', disk.storageProfileId);
    const profileHref = profile ? hrefOf(base, 'storageProfile', profile.id) : undefined;
    return {
      href: hrefOf(base, 'disk', disk.id), sizeMB: disk.sizeMB, busType: disk.busType, busSubType: disk.busSubType, bus, unit,
      instanceId, storageProfileHref: profileHref,
      storageProfile: profile ? ref(profileHref!, MT.vdcStorageProfile, profile.name, urn('storageProfile', profile.id)) : undefined,
    };
  });
}
