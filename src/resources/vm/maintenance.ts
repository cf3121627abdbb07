/**
 * Snapshots and the VM actions around them: createSnapshot, revertToCurrentSnapshot, removeAllSnapshots
 * (on a VM, or on every VM of a vApp), consolidate, upgradeHardwareVersion, installVMwareTools,
 * enable/disableNestedHypervisor and customizeAtNextPowerOn. Each is refused (400) in the states VCD
 * refuses it, and the links a document offers (maintenanceLinks) follow the same rules.
 */
import type { Actor, World } from '../../world.js';
import type { Task, VApp, Vm, VmSnapshot } from '../../store/types.js';
import { Status } from '../../store/types.js';
import { badRequest } from '../../errors.js';
import { checkNewStorage, reserveDeploy } from '../../engine/capacity.js';
import { startTaskOn } from '../task/ops.js';
import { assertNotBusy, vmsOf } from './ops.js';
import { MT } from '../../wire/media.js';
import { link } from '../../wire/links.js';
import type { Doc } from '../../wire/xml.js';

export interface SnapshotOptions {
  memory: boolean;
  quiesce: boolean;
}

const poweredOff = (vm: Vm) => vm.status === Status.POWERED_OFF || vm.status === Status.RESOLVED;
const hwNumber = (name: string) => Number(/^vmx-(\d+)$/.exec(name)?.[1] ?? NaN);

/** The hardware version the VM's VDC supports at most (upgradeHardwareVersion goes there). */
function highestHardware(sim: World, vm: Vm): string {
  return sim.store.get('vdc', vm.vdcId)?.hardwareVersion ?? vm.hardwareVersion;
}

export function canUpgrade(sim: World, vm: Vm): boolean {
  return poweredOff(vm) && hwNumber(vm.hardwareVersion) < hwNumber(highestHardware(sim, vm));
}

/**
 * What a snapshot takes: a delta of 1% of each disk (at least 1 MB) and, when taken with memory of a
 * running VM, its memory.
 */
export function snapshotSizeMB(vm: Vm, o: SnapshotOptions): number {
  const delta = vm.disks.reduce((s, d) => s + Math.max(1, Math.ceil(d.sizeMB / 100)), 0);
  return delta + (o.memory && vm.status === Status.POWERED_ON ? vm.memoryMB : 0);
}

function takeSnapshot(sim: World, vm: Vm, o: SnapshotOptions): VmSnapshot {
  const on = vm.status === Status.POWERED_ON;
  return {
    created: sim.clock.iso(),
    poweredOn: on,
    memory: o.memory && on,
    quiesce: o.quiesce,
    sizeMB: snapshotSizeMB(vm, o),
    state: structuredClone({
      status: vm.status, deployed: vm.deployed, cpus: vm.cpus, coresPerSocket: vm.coresPerSocket,
      memoryMB: vm.memoryMB, disks: vm.disks, hardwareVersion: vm.hardwareVersion,
    }),
  };
}

function assertTarget(sim: World, target: { vapp: VApp; vm?: Vm }): Vm[] {
  if (target.vm) assertNotBusy(sim, 'VM', target.vm, target.vapp.id);
  else assertNotBusy(sim, 'vApp', target.vapp);
  const vms = target.vm ? [target.vm] : vmsOf(sim, target.vapp.id);
  if (vms.some((v) => v.status === Status.UNRESOLVED)) throw badRequest(`The requested operation could not be executed since ${describe(target)} is being created.`);
  return vms;
}

const describe = (t: { vapp: VApp; vm?: Vm }) => (t.vm ? `VM "${t.vm.name}"` : `vApp "${t.vapp.name}"`);

/** createSnapshot: replaces any snapshot the VMs have; the storage it takes must fit the storage profile. */
export function startCreateSnapshot(sim: World, actor: Actor, target: { vapp: VApp; vm?: Vm }, o: SnapshotOptions): Task {
  const vms = assertTarget(sim, target);
  if (!vms.length) throw badRequest(`The requested operation could not be executed on vApp "${target.vapp.name}": it has no VMs.`);
  const attached = vms.find((v) => sim.store.where('disk', 'vdcId', v.vdcId).some((d) => d.attachments.some((a) => a.vmId === v.id)));
  if (attached) throw badRequest(`Snapshot operations are not supported for VM "${attached.name}": it has independent disks attached.`);
  const vdc = sim.store.get('vdc', target.vapp.vdcId)!;
  const snapshots = vms.map((vm) => ({ vmId: vm.id, snapshot: takeSnapshot(sim, vm, o) }));
  // A new snapshot replaces the old one: only the growth needs room.
  const byProfile = new Map<string | undefined, number>();
  for (const [i, vm] of vms.entries()) byProfile.set(vm.storageProfileId, (byProfile.get(vm.storageProfileId) ?? 0) + snapshots[i].snapshot.sizeMB - (vm.snapshot?.sizeMB ?? 0));
  for (const [profileId, mb] of byProfile) {
    if (mb > 0) checkNewStorage(sim.capacity, vdc, profileId ? sim.store.get('storageProfile', profileId) : undefined, mb);
  }
  return startTaskOn(sim, actor, target, {
    operationName: 'vappCreateSnapshot',
    verb: 'Creating Snapshot of',
    vms: vms.length,
    action: { type: 'createSnapshot', params: { snapshots } },
  });
}

/** revertToCurrentSnapshot: the hardware and power state each VM's snapshot captured come back. */
export function startRevertSnapshot(sim: World, actor: Actor, target: { vapp: VApp; vm?: Vm }): Task {
  const vms = assertTarget(sim, target).filter((v) => v.snapshot);
  if (!vms.length) throw badRequest(`The requested operation could not be executed since ${describe(target)} has no snapshot.`);
  const vdc = sim.store.get('vdc', target.vapp.vdcId)!;
  // VMs a memory snapshot brings back running hold the CPU and memory they will use.
  const starting = vms.filter((v) => revertedPower(v.snapshot!).deployed && !v.deployed).map((v) => v.snapshot!.state);
  const reservation = reserveDeploy(sim.capacity, vdc, sim.store.get('org', target.vapp.orgId)!, starting);
  return startTaskOn(sim, actor, target, {
    operationName: 'vappRevertToCurrentSnapshot',
    verb: 'Reverting to Snapshot',
    vms: vms.length,
    action: { type: 'revertSnapshot', params: { vmIds: vms.map((v) => v.id) } },
    reservation,
  });
}

/** A snapshot with memory of a running VM brings it back running; any other leaves it powered off. */
function revertedPower(s: VmSnapshot): Pick<Vm, 'status' | 'deployed'> {
  if (s.poweredOn && s.memory) return { status: Status.POWERED_ON, deployed: true };
  return { status: Status.POWERED_OFF, deployed: s.poweredOn ? false : s.state.deployed };
}

export function startRemoveSnapshots(sim: World, actor: Actor, target: { vapp: VApp; vm?: Vm }): Task {
  const vms = assertTarget(sim, target).filter((v) => v.snapshot);
  if (!vms.length) throw badRequest(`The requested operation could not be executed since ${describe(target)} has no snapshot.`);
  return startTaskOn(sim, actor, target, {
    operationName: 'vappRemoveAllSnapshots',
    verb: 'Removing Snapshots of',
    vms: vms.length,
    action: { type: 'removeSnapshots', params: { vmIds: vms.map((v) => v.id) } },
  });
}

export type VmAction = 'consolidate' | 'upgradeHardwareVersion' | 'installVMwareTools' | 'enableNestedHypervisor' | 'disableNestedHypervisor';

interface ActionRule {
  operationName: string;
  verb: string;
  /** Why the VM cannot take the action now, if it cannot. */
  refusal: (sim: World, vm: Vm) => string | undefined;
}

const mustBeOff = (vm: Vm) => (poweredOff(vm) ? undefined : 'is powered on; power it off and try again');

export const VM_ACTIONS: Record<VmAction, ActionRule> = {
  consolidate: { operationName: 'vappConsolidateVm', verb: 'Consolidating', refusal: (_s, vm) => mustBeOff(vm) },
  upgradeHardwareVersion: {
    operationName: 'vappUpgradeHwVersion',
    verb: 'Upgrading',
    refusal: (sim, vm) => mustBeOff(vm) ?? (canUpgrade(sim, vm) ? undefined : `already has the highest virtual hardware version its VDC supports (${highestHardware(sim, vm)})`),
  },
  installVMwareTools: {
    operationName: 'vappInstallTools',
    verb: 'Installing VMware Tools on',
    refusal: (_s, vm) => (vm.status === Status.POWERED_ON ? undefined : 'is not powered on'),
  },
  enableNestedHypervisor: { operationName: 'vappUpdateVm', verb: 'Updating', refusal: (_s, vm) => mustBeOff(vm) },
  disableNestedHypervisor: { operationName: 'vappUpdateVm', verb: 'Updating', refusal: (_s, vm) => mustBeOff(vm) },
};

export function startVmAction(sim: World, actor: Actor, vapp: VApp, vm: Vm, action: VmAction): Task {
  assertTarget(sim, { vapp, vm });
  const rule = VM_ACTIONS[action];
  const why = rule.refusal(sim, vm);
  if (why) throw badRequest(`The requested operation could not be executed since VM "${vm.name}" ${why}.`);
  return startTaskOn(sim, actor, { vapp, vm }, {
    operationName: rule.operationName,
    verb: rule.verb,
    action: { type: 'vmAction', params: { vmId: vm.id, action, hardwareVersion: highestHardware(sim, vm) } },
  });
}

/** customizeAtNextPowerOn: no task (VCD answers 204); the VM is customized when it next powers on. */
export function customizeAtNextPowerOn(sim: World, vapp: VApp, vm: Vm): void {
  assertTarget(sim, { vapp, vm });
  sim.store.update('vm', vm.id, { needsCustomization: true });
}

/** Registers the task effects of snapshots and VM actions. */
export function registerMaintenanceActions(sim: World): void {
  sim.tasks.register('createSnapshot', {
    apply(params) {
      for (const { vmId, snapshot } of params.snapshots as { vmId: string; snapshot: VmSnapshot }[]) {
        if (sim.store.get('vm', vmId)) sim.store.update('vm', vmId, { snapshot });
      }
    },
  });
  sim.tasks.register('revertSnapshot', {
    apply(params) {
      for (const id of params.vmIds as string[]) {
        const vm = sim.store.get('vm', id);
        if (!vm?.snapshot) continue;
        const s = vm.snapshot;
        sim.store.update('vm', id, { ...structuredClone(s.state), ...revertedPower(s) });
      }
    },
  });
  sim.tasks.register('removeSnapshots', {
    apply(params) {
      for (const id of params.vmIds as string[]) if (sim.store.get('vm', id)) sim.store.update('vm', id, { snapshot: undefined });
    },
  });
  sim.tasks.register('vmAction', {
    apply(params) {
      const { vmId, action, hardwareVersion } = params as { vmId: string; action: VmAction; hardwareVersion: string };
      const vm = sim.store.get('vm', vmId);
      if (!vm) return;
      if (action === 'upgradeHardwareVersion') sim.store.update('vm', vmId, { hardwareVersion });
      else if (action === 'enableNestedHypervisor') sim.store.update('vm', vmId, { nestedHypervisor: true });
      else if (action === 'disableNestedHypervisor') sim.store.update('vm', vmId, { nestedHypervisor: false });
    },
  });
}

/** The snapshot and VM-action links valid in the VM's state (the caller omits them while it is busy). */
export function maintenanceLinks(sim: World, href: string, vm: Vm): Doc[] {
  const action = (rel: string, name: string, type?: string) => link(rel, `${href}/action/${name}`, type);
  const links = [action('snapshot:create', 'createSnapshot', MT.createSnapshotParams)];
  if (vm.snapshot) links.push(action('snapshot:revertToCurrent', 'revertToCurrentSnapshot'), action('snapshot:removeAll', 'removeAllSnapshots'));
  for (const [name, rel] of [['consolidate', 'consolidate'], ['upgradeHardwareVersion', 'upgrade'], ['installVMwareTools', 'installVmwareTools']] as const) {
    if (!VM_ACTIONS[name].refusal(sim, vm)) links.push(action(rel, name));
  }
  if (poweredOff(vm)) links.push(vm.nestedHypervisor ? action('disable', 'disableNestedHypervisor') : action('enable', 'enableNestedHypervisor'));
  links.push(action('customizeAtNextPowerOn', 'customizeAtNextPowerOn'));
  return links;
}

/** The vApp's snapshot links: create always, revert and remove when a VM has a snapshot. */
export function vappSnapshotLinks(href: string, vms: Vm[]): Doc[] {
  const action = (rel: string, name: string, type?: string) => link(rel, `${href}/action/${name}`, type);
  const links = [action('snapshot:create', 'createSnapshot', MT.createSnapshotParams)];
  if (vms.some((v) => v.snapshot)) links.push(action('snapshot:revertToCurrent', 'revertToCurrentSnapshot'), action('snapshot:removeAll', 'removeAllSnapshots'));
  return links;
}

/**
 * SnapshotSection: the VM's snapshot (size in bytes), or for a vApp the latest of its VMs' snapshots with
 * their sizes added up.
 */
export function snapshotSection(href: string, snapshots: VmSnapshot[]): Doc {
  const latest = [...snapshots].sort((a, b) => b.created.localeCompare(a.created))[0];
  return {
    '@_href': `${href}/snapshotSection`,
    '@_type': MT.snapshotSection,
    '@_ovf:required': false,
    'ovf:Info': 'Snapshot information section',
    Snapshot: latest
      ? { '@_poweredOn': snapshots.some((s) => s.poweredOn), '@_created': latest.created, '@_size': snapshots.reduce((s, x) => s + x.sizeMB, 0) * 1024 * 1024 }
      : undefined,
  };
}
