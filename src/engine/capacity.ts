/**
 * Capacity accounting for a VDC: what its VMs use. CPU and memory count for deployed (running or
 * suspended) VMs, storage for every VM disk, template disk and independent disk stored in the VDC.
 */
import type { Store } from '../store/store.js';
import type { Org, Reservation, StorageProfile, Vdc, Vm } from '../store/types.js';
import { limitsExceeded, type VcdError } from '../errors.js';

/** Limits a fault imposes on a VDC (or on every VDC, key '*'): lower than the VDC's own, until healed. */
export interface CapacityOverride {
  cpuMhz?: number;
  memoryMB?: number;
  storageMB?: number;
  vms?: number;
  /** An org VDC network's static IP pool reports no free address (keys `ipPool:<network id>`, `ipPool:*`). */
  poolExhausted?: boolean;
}

export interface VdcUsage {
  cpuUsedMhz: number;
  memoryUsedMB: number;
  storageUsedMB: number;
  /** Storage used per storage profile id. */
  storageByProfile: Map<string, number>;
  vmCount: number;
  runningVmCount: number;
}

export function vmCpuMhz(vdc: Vdc, vm: { cpus: number }): number {
  return vm.cpus * vdc.vCpuInMhz;
}

export function vmStorageMB(vm: { disks: { sizeMB: number }[] }): number {
  return vm.disks.reduce((sum, d) => sum + d.sizeMB, 0);
}

/**
 * Usage per VDC, counted once and then kept up to date from the store's changes: a power-on or a new VM
 * adjusts the figures instead of counting every VM of the VDC again (50,000 of them in a large inventory).
 * A change to the VDC, its templates or its storage profiles, or a new state, has it counted again.
 * Callers only read the figures.
 */
class UsageIndex {
  private readonly byVdc = new Map<string, { vdc: Vdc; usage: VdcUsage; defaultProfile: string }>();

  constructor(private readonly store: Store) {
    store.onChange((kind, id, entity, previous) => {
      if (id === '*') this.byVdc.clear();
      else if (kind === 'vm') {
        if (previous) this.count(previous as Vm, -1);
        if (entity) this.count(entity as Vm, 1);
      } else if (kind === 'vdc') this.byVdc.delete(id);
      else if (kind === 'vAppTemplate' || kind === 'storageProfile' || kind === 'media' || kind === 'disk') {
        for (const e of [entity, previous] as ({ vdcId?: string } | undefined)[]) if (e?.vdcId) this.byVdc.delete(e.vdcId);
      }
    });
  }

  usage(vdc: Vdc): VdcUsage {
    const kept = this.byVdc.get(vdc.id);
    if (kept && kept.vdc === vdc) return kept.usage;
    const defaultProfile = this.store.where('storageProfile', 'vdcId', vdc.id).find((p) => p.isDefault)?.id ?? '';
    const usage = countUsage(this.store, vdc, defaultProfile);
    this.byVdc.set(vdc.id, { vdc, usage, defaultProfile });
    return usage;
  }

  private count(vm: Vm, sign: 1 | -1): void {
    const kept = this.byVdc.get(vm.vdcId);
    if (!kept) return;
    addVm(kept.usage, kept.vdc, kept.defaultProfile, vm, sign);
  }
}

const indexes = new WeakMap<Store, UsageIndex>();

/**
 * Keeps VDC usage for this store from now on. The simulator calls it first thing, so the figures are up
 * to date for every other listener of a change.
 */
export function trackUsage(store: Store): void {
  usageIndex(store);
}

function usageIndex(store: Store): UsageIndex {
  let index = indexes.get(store);
  if (!index) indexes.set(store, (index = new UsageIndex(store)));
  return index;
}

export function vdcUsage(store: Store, vdc: Vdc): VdcUsage {
  return usageIndex(store).usage(vdc);
}

function addVm(usage: VdcUsage, vdc: Vdc, defaultProfile: string, vm: Vm, sign: 1 | -1): void {
  usage.vmCount += sign;
  if (vm.deployed) {
    usage.runningVmCount += sign;
    usage.cpuUsedMhz += sign * vmCpuMhz(vdc, vm);
    usage.memoryUsedMB += sign * vm.memoryMB;
  }
  // A disk may sit on a storage profile of its own (overrideVmDefault); the rest and the snapshot on the VM's.
  const own = vm.storageProfileId ?? defaultProfile;
  for (const d of vm.disks) addStorage(usage, d.storageProfileId ?? own, sign * d.sizeMB);
  if (vm.snapshot) addStorage(usage, own, sign * vm.snapshot.sizeMB);
}

function addStorage(usage: VdcUsage, profileId: string, mb: number): void {
  usage.storageByProfile.set(profileId, (usage.storageByProfile.get(profileId) ?? 0) + mb);
  usage.storageUsedMB += mb;
}

function countUsage(store: Store, vdc: Vdc, defaultProfile: string): VdcUsage {
  const usage: VdcUsage = { cpuUsedMhz: 0, memoryUsedMB: 0, storageUsedMB: 0, storageByProfile: new Map(), vmCount: 0, runningVmCount: 0 };
  for (const vm of store.where('vm', 'vdcId', vdc.id) as Vm[]) addVm(usage, vdc, defaultProfile, vm, 1);
  for (const t of store.where('vAppTemplate', 'vdcId', vdc.id)) {
    for (const vm of t.vms) addStorage(usage, t.storageProfileId ?? defaultProfile, vmStorageMB(vm));
  }
  for (const m of store.where('media', 'vdcId', vdc.id)) addStorage(usage, m.storageProfileId ?? defaultProfile, mediaStorageMB(m.size));
  for (const d of store.where('disk', 'vdcId', vdc.id)) addStorage(usage, d.storageProfileId || defaultProfile, d.sizeMB);
  return usage;
}

/** Storage a media image takes, in whole MB. */
export function mediaStorageMB(bytes: number): number {
  return Math.ceil(bytes / 1048576);
}

/** What capacity checks need from the simulator (kept narrow so this module stays testable). */
export interface CapacityContext {
  store: Store;
  tasks: { reserved(vdcId: string): Omit<Reservation, 'vdcId'> };
  capacityOverrides: Map<string, CapacityOverride>;
}

function override(ctx: CapacityContext, vdcId: string): CapacityOverride {
  const all = ctx.capacityOverrides.get('*') ?? {};
  const one = ctx.capacityOverrides.get(vdcId) ?? {};
  const pick = (k: keyof CapacityOverride) => {
    const vals = [all[k], one[k]].filter((x): x is number => x !== undefined);
    return vals.length ? Math.min(...vals) : undefined;
  };
  return { cpuMhz: pick('cpuMhz'), memoryMB: pick('memoryMB'), storageMB: pick('storageMB'), vms: pick('vms') };
}

/** A fault override of 0 means "nothing left"; a VDC limit of 0 means "unlimited". */
function limitOf(vdcLimit: number, forced: number | undefined): number {
  if (forced !== undefined) return vdcLimit > 0 ? Math.min(vdcLimit, forced) : forced;
  return vdcLimit > 0 ? vdcLimit : Infinity;
}

/**
 * Checks that `vms` new VMs with their disks fit the VDC's VM quota, the org's stored-VM quota and
 * the storage limits; throws VCD's 400 OPERATION_LIMITS_EXCEEDED upfront, as VCD rejects such requests.
 */
export function checkNewVms(ctx: CapacityContext, vdc: Vdc, org: Org, vms: { disks: { sizeMB: number }[] }[], profile: StorageProfile | undefined): void {
  const usage = vdcUsage(ctx.store, vdc);
  const forced = override(ctx, vdc.id);
  const vmLimit = limitOf(vdc.vmQuota, forced.vms);
  if (usage.vmCount + vms.length > vmLimit) {
    throw limitsExceeded(`The operation failed because the organization VDC "${vdc.name}" VM quota (${vmLimit}) would be exceeded: ${usage.vmCount} VMs exist, ${vms.length} requested.`);
  }
  if (org.storedVmQuota > 0) {
    let stored = 0;
    for (const v of ctx.store.where('vdc', 'orgId', org.id)) stored += ctx.store.where('vm', 'vdcId', v.id).length;
    if (stored + vms.length > org.storedVmQuota) {
      throw limitsExceeded(`The operation failed because the organization "${org.name}" stored VM quota (${org.storedVmQuota}) would be exceeded.`);
    }
  }
  checkNewStorage(ctx, vdc, profile, vms.reduce((s, vm) => s + vmStorageMB(vm), 0));
}

/**
 * Checks that `newMB` more storage fits the storage profile's limit and the storage a fault leaves; throws
 * VCD's 400 OPERATION_LIMITS_EXCEEDED upfront.
 */
export function checkNewStorage(ctx: CapacityContext, vdc: Vdc, profile: StorageProfile | undefined, newMB: number): void {
  const usage = vdcUsage(ctx.store, vdc);
  const forced = override(ctx, vdc.id);
  if (profile && profile.limitMB > 0 && (usage.storageByProfile.get(profile.id) ?? 0) + newMB > profile.limitMB) {
    throw limitsExceeded(`The requested operation will exceed the VDC's storage quota: storage policy "${profile.name}" has ${profile.limitMB - (usage.storageByProfile.get(profile.id) ?? 0)} MB free, ${newMB} MB requested.`);
  }
  if (forced.storageMB !== undefined && usage.storageUsedMB + newMB > forced.storageMB) {
    throw limitsExceeded(`The requested operation will exceed the VDC's storage capacity: ${Math.max(0, forced.storageMB - usage.storageUsedMB)} MB free, ${newMB} MB requested.`);
  }
}

/**
 * Reserves CPU and memory for VMs about to be deployed (powered on). Reservations of running tasks
 * count as used, so concurrent requests can never overshoot a limit. Returns the reservation, or the
 * error the task must fail with (VCD fails the power-on task, not the request).
 */
export function reserveDeploy(ctx: CapacityContext, vdc: Vdc, org: Org, vms: { cpus: number; memoryMB: number }[]): Reservation | VcdError {
  const reservation: Reservation = {
    vdcId: vdc.id,
    cpuMhz: vms.reduce((s, vm) => s + vmCpuMhz(vdc, vm), 0),
    memoryMB: vms.reduce((s, vm) => s + vm.memoryMB, 0),
    deployedVms: vms.length,
  };
  if (!vms.length) return reservation;
  const usage = vdcUsage(ctx.store, vdc);
  const reserved = ctx.tasks.reserved(vdc.id);
  const cpu = usage.cpuUsedMhz + reserved.cpuMhz;
  const mem = usage.memoryUsedMB + reserved.memoryMB;
  const forced = override(ctx, vdc.id);
  const cpuLimit = limitOf(vdc.cpu.limit, forced.cpuMhz);
  const memLimit = limitOf(vdc.memory.limit, forced.memoryMB);
  if (cpu + reservation.cpuMhz > cpuLimit) {
    return limitsExceeded(`The operation failed because the VDC "${vdc.name}" does not have enough CPU: ${Math.max(0, cpuLimit - cpu)} MHz available, ${reservation.cpuMhz} MHz required.`);
  }
  if (mem + reservation.memoryMB > memLimit) {
    return limitsExceeded(`The operation failed because the VDC "${vdc.name}" does not have enough memory: ${Math.max(0, memLimit - mem)} MB available, ${reservation.memoryMB} MB required.`);
  }
  if (org.deployedVmQuota > 0) {
    let deployed = 0;
    for (const v of ctx.store.where('vdc', 'orgId', org.id)) {
      deployed += vdcUsage(ctx.store, v).runningVmCount + ctx.tasks.reserved(v.id).deployedVms;
    }
    if (deployed + vms.length > org.deployedVmQuota) {
      return limitsExceeded(`The operation failed because the organization "${org.name}" running VM quota (${org.deployedVmQuota}) would be exceeded.`);
    }
  }
  return reservation;
}
