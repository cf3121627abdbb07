/**
 * VM state and its changes: the power state machine (shared by vApp-level actions), deletion and
 * reconfiguration. Requests validate and reserve upfront; effects land when their task succeeds.
 */
import type { Actor, World } from '../../world.js';
import type { Nic, Reservation, Task, VApp, Vdc, Vm } from '../../store/types.js';
import { startTaskOn } from '../task/ops.js';
import { Status } from '../../store/types.js';
import { badRequest, busyEntity, VcdError } from '../../errors.js';
import { reserveDeploy, vmStorageMB, checkNewStorage } from '../../engine/capacity.js';
import { allocateIp, releaseIp, reserveIp } from '../network/ops.js';
import { detachAll, disksAttachedTo } from '../disk/model.js';
import { storageByProfile, storageGrowth, validateDisks } from './disks.js';
import { allocateOwnIp, orgPoolOf, ownSubnet, usedIps } from '../vapp/networks.js';

export type PowerAction =
  | 'powerOn' | 'powerOff' | 'reset' | 'suspend' | 'shutdown' | 'reboot' | 'deploy' | 'undeploy' | 'discardSuspendedState';

export interface PowerOptions {
  /** deploy: power on as well (default true). */
  powerOn?: boolean;
  /** undeploy: powerOff | suspend | shutdown | force | default. */
  undeployAction?: string;
}

interface Transition {
  from: (vm: Vm, o: PowerOptions) => boolean;
  to: (vm: Vm, o: PowerOptions) => Pick<Vm, 'status' | 'deployed'>;
  operationName: (o: PowerOptions) => string;
  /** Verb for the task's operation text ("Starting", "Powering Off"…). */
  verb: string;
  /** Why the action cannot run, for the Error message. */
  refusal: string;
}

const on = (vm: Vm) => vm.status === Status.POWERED_ON;

export const TRANSITIONS: Record<PowerAction, Transition> = {
  powerOn: {
    from: (vm) => vm.status === Status.POWERED_OFF || vm.status === Status.SUSPENDED,
    to: () => ({ status: Status.POWERED_ON, deployed: true }),
    operationName: () => 'vappDeploy',
    verb: 'Starting',
    refusal: 'is already powered on',
  },
  powerOff: {
    from: (vm) => on(vm) || vm.status === Status.SUSPENDED,
    to: () => ({ status: Status.POWERED_OFF, deployed: true }),
    operationName: () => 'vappPowerOff',
    verb: 'Powering Off',
    refusal: 'is not powered on',
  },
  reset: { from: on, to: () => ({ status: Status.POWERED_ON, deployed: true }), operationName: () => 'vappReset', verb: 'Resetting', refusal: 'is not powered on' },
  reboot: { from: on, to: () => ({ status: Status.POWERED_ON, deployed: true }), operationName: () => 'vappRebootGuest', verb: 'Rebooting', refusal: 'is not powered on' },
  shutdown: { from: on, to: () => ({ status: Status.POWERED_OFF, deployed: true }), operationName: () => 'vappShutdownGuest', verb: 'Shutting Down', refusal: 'is not powered on' },
  suspend: { from: on, to: () => ({ status: Status.SUSPENDED, deployed: true }), operationName: () => 'vappSuspend', verb: 'Suspending', refusal: 'is not powered on' },
  discardSuspendedState: {
    from: (vm) => vm.status === Status.SUSPENDED,
    to: (vm) => ({ status: Status.POWERED_OFF, deployed: vm.deployed }),
    operationName: () => 'vappDiscardSuspendedState',
    verb: 'Discarding Suspended State of',
    refusal: 'is not suspended',
  },
  deploy: {
    from: (vm, o) => (!vm.deployed || (o.powerOn !== false && !on(vm))) && vm.status !== Status.UNRESOLVED,
    to: (vm, o) => ({ status: o.powerOn === false ? (vm.status === Status.SUSPENDED ? Status.SUSPENDED : Status.POWERED_OFF) : Status.POWERED_ON, deployed: true }),
    operationName: () => 'vappDeploy',
    verb: 'Starting',
    refusal: 'is already deployed',
  },
  undeploy: {
    from: (vm) => vm.deployed,
    to: (vm, o) => ({ status: o.undeployAction === 'suspend' ? Status.SUSPENDED : Status.POWERED_OFF, deployed: false }),
    operationName: (o) => (o.undeployAction === 'suspend' ? 'vappUndeploySuspend' : 'vappUndeployPowerOff'),
    verb: 'Stopping',
    refusal: 'is not deployed',
  },
};

/** Whether the action leaves the VM deployed where it was not (CPU and memory must be reserved). */
function deploys(action: PowerAction, o: PowerOptions, vm: Vm): boolean {
  return !vm.deployed && (action === 'powerOn' || (action === 'deploy' && o.powerOn !== false));
}

/** VCD's "busy entity": another task is running on this VM or vApp. */
export function assertNotBusy(sim: World, kind: 'vApp' | 'VM', entity: { id: string; name: string }, alsoOwner?: string): void {
  const running = sim.tasks.activeFor(entity.id).concat(alsoOwner ? sim.tasks.activeFor(alsoOwner).filter((t) => t.ownerId === alsoOwner) : []);
  if (running.length) {
    throw busyEntity(`The entity ${kind} "${entity.name}" is busy completing an operation ${running[0].operationName}.`);
  }
}

export function vmsOf(sim: World, vappId: string): Vm[] {
  return sim.store.where('vm', 'vappId', vappId).sort((a, b) => a.localId.localeCompare(b.localId, 'en', { numeric: true }));
}

/**
 * Starts a power action on one VM or on every VM of a vApp that can take it. Refuses (400) when none can,
 * and fails the task (as VCD does) when the VDC cannot supply the CPU/memory for VMs it powers on.
 */
export function startPowerAction(
  sim: World, actor: Actor, target: { vapp: VApp; vm?: Vm }, action: PowerAction, o: PowerOptions = {},
): Task {
  const t = TRANSITIONS[action];
  const { vapp, vm } = target;
  const vms = vm ? [vm] : vmsOf(sim, vapp.id);
  const what = vm ? `VM "${vm.name}"` : `vApp "${vapp.name}"`;
  if (vm) assertNotBusy(sim, 'VM', vm, vapp.id);
  else assertNotBusy(sim, 'vApp', vapp);
  if (!vms.length) throw badRequest(`The requested operation could not be executed on vApp "${vapp.name}": it has no VMs.`);
  const eligible = vms.filter((v) => t.from(v, o));
  if (!eligible.length) throw badRequest(`The requested operation could not be executed since ${what} ${t.refusal}.`);
  const vdc = sim.store.get('vdc', vapp.vdcId)!;
  const org = sim.store.get('org', vapp.orgId)!;
  const reservation = reserveDeploy(sim.capacity, vdc, org, eligible.filter((v) => deploys(action, o, v)));
  return startTaskOn(sim, actor, target, {
    operationName: t.operationName(o),
    verb: t.verb,
    vms: eligible.length,
    action: { type: 'power', params: { vmIds: eligible.map((v) => v.id), action, options: o } },
    reservation,
  });
}

/** Deleting a VM: it must be undeployed first, as VCD requires. */
export function startDeleteVm(sim: World, actor: Actor, vapp: VApp, vm: Vm): Task {
  assertNotBusy(sim, 'VM', vm, vapp.id);
  if (vm.deployed) throw badRequest(`The requested operation could not be executed on VM "${vm.name}". Stop the VM and try again.`);
  return startTaskOn(sim, actor, { vapp, vm }, {
    operationName: 'vappDeleteVm',
    verb: 'Deleting',
    action: { type: 'deleteVms', params: { vmIds: [vm.id] } },
  });
}

export function removeVm(sim: World, vm: Vm): void {
  const vapp = sim.store.get('vApp', vm.vappId);
  for (const nic of vm.nics) releaseIp(sim, orgPoolOf(vapp, nic.network), nic.ip);
  detachAll(sim.store, vm);
  sim.store.remove('vm', vm.id);
}

/** The hardware/guest changes a reconfiguration asks for, validated against the VM's state. */
export type VmPatch = Partial<Pick<Vm, 'name' | 'description' | 'cpus' | 'coresPerSocket' | 'memoryMB' | 'disks' | 'nics' | 'computerName' | 'guestCustomization' | 'cpuHotAdd' | 'memoryHotAdd' | 'storageProfileId' | 'sizingPolicyId' | 'productProperties' | 'placementPolicyId'>>;

export const LIMITS = { maxCpus: 128, maxMemoryMB: 6 * 1024 * 1024, maxDiskMB: 62 * 1024 * 1024 };

export function validatePatch(sim: World, vdc: Vdc, vm: Vm, patch: VmPatch): void {
  const running = vm.status === Status.POWERED_ON || vm.status === Status.SUSPENDED;
  if (patch.cpus !== undefined) {
    if (!Number.isInteger(patch.cpus) || patch.cpus < 1 || patch.cpus > LIMITS.maxCpus) throw badRequest(`The number of virtual CPUs must be between 1 and ${LIMITS.maxCpus}, got ${patch.cpus}.`);
    const cores = patch.coresPerSocket ?? vm.coresPerSocket;
    if (patch.cpus % cores !== 0) throw badRequest(`The number of virtual CPUs (${patch.cpus}) must be a multiple of the cores per socket (${cores}).`);
    if (running && patch.cpus !== vm.cpus && (!vm.cpuHotAdd || patch.cpus < vm.cpus)) {
      throw badRequest(`The requested operation could not be executed on VM "${vm.name}": CPU hot add is not enabled; power off the VM to change its CPUs.`);
    }
  }
  if (patch.coresPerSocket !== undefined && (!Number.isInteger(patch.coresPerSocket) || patch.coresPerSocket < 1)) {
    throw badRequest(`Cores per socket must be a positive integer, got ${patch.coresPerSocket}.`);
  }
  if (patch.memoryMB !== undefined) {
    if (!Number.isInteger(patch.memoryMB) || patch.memoryMB < 4 || patch.memoryMB > LIMITS.maxMemoryMB || patch.memoryMB % 4 !== 0) {
      throw badRequest(`Memory must be a multiple of 4 MB between 4 MB and ${LIMITS.maxMemoryMB} MB, got ${patch.memoryMB}.`);
    }
    if (running && patch.memoryMB !== vm.memoryMB && (!vm.memoryHotAdd || patch.memoryMB < vm.memoryMB)) {
      throw badRequest(`The requested operation could not be executed on VM "${vm.name}": memory hot add is not enabled; power off the VM to change its memory.`);
    }
  }
  if (patch.disks) {
    for (const d of patch.disks) {
      if (!Number.isInteger(d.sizeMB) || d.sizeMB < 1 || d.sizeMB > LIMITS.maxDiskMB) throw badRequest(`A disk size must be between 1 MB and ${LIMITS.maxDiskMB} MB, got ${d.sizeMB}.`);
      const profile = d.storageProfileId ? sim.store.get('storageProfile', d.storageProfileId) : undefined;
      if (profile && !profile.isEnabled) throw badRequest(`The storage policy "${profile.name}" is disabled: disk ${d.instanceId} cannot be placed on it.`);
    }
    const attached = disksAttachedTo(sim.store, vm).map(({ disk, bus, unit }) => ({ busType: disk.busType, busSubType: disk.busSubType, bus, unit, name: disk.name }));
    validateDisks(vm, patch.disks, attached, running);
  }
  if (patch.disks || (patch.storageProfileId !== undefined && patch.storageProfileId !== vm.storageProfileId)) {
    // What each storage profile must take on: grown or added disks, and everything that follows the VM to a new profile.
    const defaultProfile = sim.store.where('storageProfile', 'vdcId', vdc.id).find((p) => p.isDefault)?.id ?? '';
    const after = { disks: patch.disks ?? vm.disks, storageProfileId: patch.storageProfileId ?? vm.storageProfileId, snapshot: vm.snapshot };
    for (const [id, mb] of storageGrowth(storageByProfile(vm, defaultProfile), storageByProfile(after, defaultProfile))) {
      checkNewStorage(sim.capacity, vdc, sim.store.get('storageProfile', id), mb);
    }
  }
  if (patch.name !== undefined) {
    if (!patch.name.trim() || patch.name.length > 128) throw badRequest('A VM name must be 1 to 128 characters.');
    const clash = sim.store.where('vm', 'vappId', vm.vappId).find((o) => o.id !== vm.id && o.name === patch.name);
    if (clash) throw badRequest(`A VM named "${patch.name}" already exists in this vApp.`);
  }
}

/** Starts a reconfiguration task (reconfigureVm, section PUTs, rename). */
export function startReconfigure(sim: World, actor: Actor, vapp: VApp, vm: Vm, patch: VmPatch): Task {
  assertNotBusy(sim, 'VM', vm, vapp.id);
  const vdc = sim.store.get('vdc', vm.vdcId)!;
  validatePatch(sim, vdc, vm, patch);
  // NICs new to POOL addressing take their addresses upfront (given back by rollback if the task fails).
  if (patch.nics) patch = { ...patch, nics: withPoolIps(sim, vapp, patch.nics, vm.nics) };
  // A running VM that grows holds the extra CPU/memory while the task runs.
  let reservation: Reservation | VcdError | undefined;
  if (vm.deployed && ((patch.cpus ?? vm.cpus) > vm.cpus || (patch.memoryMB ?? vm.memoryMB) > vm.memoryMB)) {
    const extra = { cpus: Math.max(0, (patch.cpus ?? vm.cpus) - vm.cpus), memoryMB: Math.max(0, (patch.memoryMB ?? vm.memoryMB) - vm.memoryMB) };
    const r = reserveDeploy(sim.capacity, vdc, sim.store.get('org', vm.orgId)!, [extra]);
    reservation = r instanceof VcdError ? r : { ...r, deployedVms: 0 };
  }
  return startTaskOn(sim, actor, { vapp, vm }, {
    operationName: 'vappUpdateVm',
    verb: 'Updating',
    diskGb: Math.max(0, vmStorageMB({ disks: patch.disks ?? vm.disks }) - vmStorageMB(vm)) / 1024,
    action: { type: 'updateVm', params: { vmId: vm.id, patch } },
    reservation,
  });
}

/**
 * Pool addresses for POOL NICs that have none, and MANUAL addresses the VM does not hold yet (checked against
 * the subnet and reserved), on vApp networks backed by an org VDC network; all or none.
 */
function withPoolIps(sim: World, vapp: VApp, nics: Nic[], current: Nic[] = []): Nic[] {
  const taken: { networkId: string; ip: string }[] = [];
  try {
    const used = new Map<string, Set<string>>();
    return nics.map((n) => {
      // Isolated and routed vApp networks: an address of their own subnet no NIC of the vApp holds.
      const net = vapp.networks.find((x) => x.name === n.network);
      const own = ownSubnet(net);
      if (own) {
        if (n.mode !== 'POOL' || n.ip) return n;
        if (!used.has(net!.name)) used.set(net!.name, new Set([...usedIps(sim, vapp.id, net!.name), ...nics.filter((x) => x.network === net!.name && x.ip).map((x) => x.ip!)]));
        return { ...n, ip: allocateOwnIp(net!, own, used.get(net!.name)!) };
      }
      const networkId = orgPoolOf(vapp, n.network);
      if (n.mode === 'MANUAL' && networkId && !current.some((c) => c.network === n.network && c.ip === n.ip)) {
        taken.push({ networkId, ip: reserveIp(sim, networkId, n.ip) });
        return n;
      }
      if (n.mode !== 'POOL' || n.ip || !networkId) return n;
      const ip = allocateIp(sim, networkId);
      taken.push({ networkId, ip });
      return { ...n, ip };
    });
  } catch (e) {
    for (const t of taken) releaseIp(sim, t.networkId, t.ip);
    throw e;
  }
}
