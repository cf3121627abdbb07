/**
 * Capacity accounting for a VDC: what its VMs use. CPU and memory count for deployed (running or
 * suspended) VMs, storage for every VM disk and template disk stored in the VDC.
 */
import type { Store } from '../store/store.js';
import type { Vdc, Vm } from '../store/types.js';

/** Limits a fault imposes on a VDC (or on every VDC, key '*'): lower than the VDC's own, until healed. */
export interface CapacityOverride {
  cpuMhz?: number;
  memoryMB?: number;
  storageMB?: number;
  vms?: number;
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

export function vdcUsage(store: Store, vdc: Vdc): VdcUsage {
  const usage: VdcUsage = { cpuUsedMhz: 0, memoryUsedMB: 0, storageUsedMB: 0, storageByProfile: new Map(), vmCount: 0, runningVmCount: 0 };
  const defaultProfile = store.where('storageProfile', 'vdcId', vdc.id).find((p) => p.isDefault)?.id ?? '';
  const addStorage = (profileId: string | undefined, mb: number) => {
    const key = profileId ?? defaultProfile;
    usage.storageByProfile.set(key, (usage.storageByProfile.get(key) ?? 0) + mb);
    usage.storageUsedMB += mb;
  };
  for (const vm of store.where('vm', 'vdcId', vdc.id) as Vm[]) {
    usage.vmCount++;
    if (vm.deployed) {
      usage.runningVmCount++;
      usage.cpuUsedMhz += vmCpuMhz(vdc, vm);
      usage.memoryUsedMB += vm.memoryMB;
    }
    addStorage(vm.storageProfileId, vmStorageMB(vm));
  }
  for (const t of store.where('vAppTemplate', 'vdcId', vdc.id)) {
    for (const vm of t.vms) addStorage(t.storageProfileId, vmStorageMB(vm));
  }
  return usage;
}
