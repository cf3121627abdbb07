/**
 * Independent disk operations: create, update, delete, change owner, attach and detach. Requests are
 * validated and storage checked upfront; a new disk is stored at once (status 0, counted against the
 * quota) and settles when its task succeeds; other changes land when their task succeeds.
 */
import type { Actor, World } from '../../world.js';
import type { IndependentDisk, StorageProfile, Task, VApp, Vdc, Vm } from '../../store/types.js';
import { Status } from '../../store/types.js';
import { badRequest, busyEntity } from '../../errors.js';
import { checkNewStorage } from '../../engine/capacity.js';
import { uuidOf } from '../../wire/links.js';
import type { Doc } from '../../wire/xml.js';
import { RIGHTS } from '../../store/roles.js';
import { requireRight, visible } from '../access.js';
import { startEntityTask, startTaskOn } from '../task/ops.js';
import { assertNotBusy } from '../vm/ops.js';
import { disksAttachedTo } from './model.js';
import type { DiskInput } from './params.js';

/** Simulated duration of disk tasks grows with the disk's size (latency model `perGbMs`). */
const gb = (mb: number) => mb / 1024;

function validName(name: string | undefined): string {
  const n = name?.trim();
  if (!n) throw badRequest('The disk name is required.');
  if (n.length > 128) throw badRequest('The disk name must be at most 128 characters.');
  return n;
}

/** A storage profile of the VDC by href or name, or the VDC's default; disabled ones are refused. */
function profileFor(sim: World, vdc: Vdc, ref: Doc | undefined, fallback?: string): StorageProfile {
  const profiles = sim.store.where('storageProfile', 'vdcId', vdc.id);
  const id = uuidOf(ref?.['@_href'] as string | undefined);
  const name = ref?.['@_name'] as string | undefined;
  let p: StorageProfile | undefined;
  if (id || name) {
    p = profiles.find((x) => (id ? x.id === id : x.name === name));
    if (!p) throw badRequest(`The storage profile ${id ?? name} is not available in VDC "${vdc.name}".`);
  } else {
    p = profiles.find((x) => x.id === fallback) ?? profiles.find((x) => x.isDefault) ?? profiles[0];
    if (!p) throw badRequest(`VDC "${vdc.name}" has no storage profile.`);
  }
  if (!p.isEnabled) throw badRequest(`The storage profile "${p.name}" is disabled.`);
  return p;
}

/** VCD's "busy entity" for a disk with a task running on it. */
function assertDiskIdle(sim: World, disk: IndependentDisk): void {
  const running = sim.tasks.activeFor(disk.id);
  if (running.length || disk.status !== Status.RESOLVED) {
    throw busyEntity(`The entity disk "${disk.name}" is busy completing an operation ${running[0]?.operationName ?? 'vdcCreateDisk'}.`);
  }
}

function startDiskTask(sim: World, actor: Actor, disk: IndependentDisk, t: { operationName: string; verb: string; sizeMB: number; action: Task['action'] }): Task {
  return startEntityTask(sim, actor, { kind: 'disk', noun: 'Disk' }, disk, { operationName: t.operationName, verb: t.verb, diskGb: gb(t.sizeMB), action: t.action });
}

/** POST …/vdc/{id}/disk: the disk exists at once (status 0) and becomes ready when its task succeeds. */
export function createDisk(sim: World, actor: Actor, vdc: Vdc, input: DiskInput): { disk: IndependentDisk; task: Task } {
  requireRight(actor, RIGHTS.diskCreate);
  const name = validName(input.name);
  if (input.sizeMB === undefined) throw badRequest('The disk size is required (sizeMb in MB, or size in bytes).');
  if (!vdc.isEnabled) throw badRequest(`VDC "${vdc.name}" is disabled.`);
  const profile = profileFor(sim, vdc, input.storageProfile);
  checkNewStorage(sim.capacity, vdc, profile, input.sizeMB);
  const disk: IndependentDisk = {
    id: sim.store.newId(), orgId: vdc.orgId, vdcId: vdc.id, name, description: input.description ?? '',
    sizeMB: input.sizeMB, busType: input.busType ?? 6, busSubType: input.busSubType ?? 'lsilogicsas',
    storageProfileId: profile.id, ownerId: actor.user!.id, status: Status.UNRESOLVED,
    sharingType: input.sharingType ?? 'None', iops: input.iops ?? 0, uuid: sim.store.random.uuid(), attachments: [],
    created: sim.clock.iso(),
  };
  sim.store.insert('disk', disk);
  const task = startDiskTask(sim, actor, disk, {
    operationName: 'vdcCreateDisk', verb: 'Creating', sizeMB: disk.sizeMB, action: { type: 'createDisk', params: { diskId: disk.id } },
  });
  return { disk: sim.store.get('disk', disk.id)!, task };
}

export type DiskPatch = Partial<Pick<IndependentDisk, 'name' | 'description' | 'sizeMB' | 'storageProfileId' | 'iops'>>;

/** PUT /api/disk/{id}: rename, describe, grow, move to another storage profile of its VDC. */
export function startUpdateDisk(sim: World, actor: Actor, disk: IndependentDisk, input: DiskInput): Task {
  requireRight(actor, RIGHTS.diskEdit);
  assertDiskIdle(sim, disk);
  const vdc = sim.store.get('vdc', disk.vdcId)!;
  const patch: DiskPatch = { name: validName(input.name ?? disk.name) };
  if (input.description !== undefined) patch.description = input.description;
  if (input.iops !== undefined) patch.iops = input.iops;
  if (input.busType !== undefined && (input.busType !== disk.busType || input.busSubType !== disk.busSubType)) {
    throw badRequest(`The bus type of disk "${disk.name}" cannot be changed.`);
  }
  const sizeMB = input.sizeMB ?? disk.sizeMB;
  if (sizeMB < disk.sizeMB) throw badRequest(`Disk "${disk.name}" cannot shrink from ${disk.sizeMB} MB to ${sizeMB} MB.`);
  const profile = input.storageProfile ? profileFor(sim, vdc, input.storageProfile) : sim.store.get('storageProfile', disk.storageProfileId);
  // A move counts the whole disk against the new profile; a resize in place counts the growth.
  if (profile && profile.id !== disk.storageProfileId) checkNewStorage(sim.capacity, vdc, profile, sizeMB);
  else if (sizeMB > disk.sizeMB) checkNewStorage(sim.capacity, vdc, profile, sizeMB - disk.sizeMB);
  patch.sizeMB = sizeMB;
  if (profile) patch.storageProfileId = profile.id;
  return startDiskTask(sim, actor, disk, {
    operationName: 'vdcUpdateDisk', verb: 'Updating', sizeMB: Math.max(0, sizeMB - disk.sizeMB),
    action: { type: 'updateDisk', params: { diskId: disk.id, patch } },
  });
}

/** DELETE /api/disk/{id}: refused while the disk is attached to a VM. */
export function startDeleteDisk(sim: World, actor: Actor, disk: IndependentDisk): Task {
  requireRight(actor, RIGHTS.diskDelete);
  assertDiskIdle(sim, disk);
  if (disk.attachments.length) {
    const vm = sim.store.get('vm', disk.attachments[0].vmId);
    throw badRequest(`The disk "${disk.name}" is attached to VM "${vm?.name ?? disk.attachments[0].vmId}" and cannot be deleted. Detach it first.`);
  }
  return startDiskTask(sim, actor, disk, {
    operationName: 'vdcDeleteDisk', verb: 'Deleting', sizeMB: 0, action: { type: 'deleteDisk', params: { diskId: disk.id } },
  });
}

/** PUT /api/disk/{id}/owner: a user of the disk's org. */
export function changeOwner(sim: World, actor: Actor, disk: IndependentDisk, userRef: Doc | undefined): void {
  requireRight(actor, RIGHTS.diskChangeOwner);
  const id = uuidOf(userRef?.['@_href'] as string | undefined);
  if (!id) throw badRequest('The Owner needs User@href.');
  const user = sim.store.get('user', id);
  if (!user || user.orgId !== disk.orgId) throw badRequest(`The user ${userRef?.['@_href']} is not a user of the disk's organization.`);
  sim.store.update('disk', disk.id, { ownerId: user.id });
}

/** Controllers of each bus type take this many units (SCSI unit 7 is the controller itself). */
const UNITS: Record<number, number> = { 5: 2, 6: 16, 20: 30, 21: 15 };

/** The slot an attachment takes: the one asked for, or the first free unit on bus 0 of the disk's bus type. */
function slotFor(sim: World, vm: Vm, disk: IndependentDisk, asked: { bus?: number; unit?: number }): { bus: number; unit: number; instanceId: number } {
  const attached = disksAttachedTo(sim.store, vm);
  const used = (bus: number, unit: number) =>
    (disk.busType === 6 && unit === 7) ||
    vm.disks.some((d) => d.busType === disk.busType && d.bus === bus && d.unit === unit) ||
    attached.some((a) => a.disk.busType === disk.busType && a.bus === bus && a.unit === unit);
  const bus = asked.bus ?? 0;
  const units = UNITS[disk.busType] ?? 16;
  let unit = asked.unit;
  if (unit !== undefined) {
    if (unit >= units || used(bus, unit)) throw badRequest(`Unit ${unit} on bus ${bus} of VM "${vm.name}" is not free for disk "${disk.name}".`);
  } else {
    unit = [...Array(units).keys()].find((u) => !used(bus, u));
    if (unit === undefined) throw badRequest(`VM "${vm.name}" has no free unit on bus ${bus} for disk "${disk.name}".`);
  }
  const taken = [...vm.disks.map((d) => d.instanceId), ...attached.map((a) => a.instanceId)];
  const instanceId = Math.max(1999, ...taken) + 1;
  return { bus, unit, instanceId };
}

/** POST …/vm-{id}/disk/action/attach: the disk must be ready, in the VM's VDC, and free unless shared. */
export function startAttach(sim: World, actor: Actor, target: { vapp: VApp; vm: Vm }, p: { href: string; bus?: number; unit?: number }): Task {
  requireRight(actor, RIGHTS.vmEditDisk);
  const { vapp, vm } = target;
  const disk = visible(sim, actor, 'disk', p.href);
  assertNotBusy(sim, 'VM', vm, vapp.id);
  assertDiskIdle(sim, disk);
  if (disk.vdcId !== vm.vdcId) {
    throw badRequest(`The disk "${disk.name}" and VM "${vm.name}" are in different VDCs: a disk can only be attached to a VM of its own VDC.`);
  }
  if (vm.status === Status.UNRESOLVED) throw badRequest(`VM "${vm.name}" is not ready yet.`);
  if (disk.attachments.some((a) => a.vmId === vm.id)) throw badRequest(`The disk "${disk.name}" is already attached to VM "${vm.name}".`);
  if (disk.attachments.length && disk.sharingType === 'None') {
    const other = sim.store.get('vm', disk.attachments[0].vmId);
    throw badRequest(`The disk "${disk.name}" is already attached to VM "${other?.name ?? disk.attachments[0].vmId}"; only a shared disk can be attached to more than one VM.`);
  }
  const slot = slotFor(sim, vm, disk, p);
  return startTaskOn(sim, actor, target, {
    operationName: 'vappAttachDisk',
    verb: 'Attaching Disk to',
    action: { type: 'attachDisk', params: { diskId: disk.id, vmId: vm.id, ...slot } },
  });
}

/** POST …/vm-{id}/disk/action/detach: refused when the disk is not attached to this VM. */
export function startDetach(sim: World, actor: Actor, target: { vapp: VApp; vm: Vm }, p: { href: string }): Task {
  requireRight(actor, RIGHTS.vmEditDisk);
  const { vapp, vm } = target;
  const disk = visible(sim, actor, 'disk', p.href);
  assertNotBusy(sim, 'VM', vm, vapp.id);
  if (!disk.attachments.some((a) => a.vmId === vm.id)) throw badRequest(`The disk "${disk.name}" is not attached to VM "${vm.name}".`);
  return startTaskOn(sim, actor, target, {
    operationName: 'vappDetachDisk',
    verb: 'Detaching Disk from',
    action: { type: 'detachDisk', params: { diskId: disk.id, vmId: vm.id } },
  });
}
