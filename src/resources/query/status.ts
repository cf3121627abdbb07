/** Status names as query records show them, and a vApp's state as its VMs make it. */
import type { Store } from '../../store/store.js';
import type { VApp, Vm } from '../../store/types.js';
import { Status } from '../../store/types.js';

/** VCD's status codes for vApps, VMs, templates and media, by code (query records render the name). */
const STATUS_NAMES: Record<number, string> = {
  [-1]: 'FAILED_CREATION', 0: 'UNRESOLVED', 1: 'RESOLVED', 2: 'DEPLOYED', 3: 'SUSPENDED', 4: 'POWERED_ON',
  5: 'WAITING_FOR_INPUT', 6: 'UNKNOWN', 7: 'UNRECOGNIZED', 8: 'POWERED_OFF', 9: 'INCONSISTENT_STATE', 10: 'MIXED',
  11: 'DESCRIPTOR_PENDING', 12: 'COPYING_CONTENTS', 13: 'DISK_CONTENTS_PENDING', 14: 'QUARANTINED',
  15: 'QUARANTINE_EXPIRED', 16: 'REJECTED', 17: 'TRANSFER_TIMEOUT', 18: 'VAPP_UNDEPLOYED', 19: 'VAPP_PARTIALLY_DEPLOYED',
  20: 'PARTIALLY_POWERED_OFF', 21: 'PARTIALLY_SUSPENDED',
};

export function statusName(code: number): string {
  return STATUS_NAMES[code] ?? 'UNKNOWN';
}

/**
 * A vApp's status and deployed flag: its own while it is being created or has no VMs, otherwise its VMs'
 * common status (MIXED when they differ) and deployed when any VM is.
 */
export function vappState(store: Store, vapp: VApp, vms: Vm[] = store.where('vm', 'vappId', vapp.id)): { status: number; deployed: boolean } {
  if (vapp.status === Status.UNRESOLVED || vms.length === 0) return { status: vapp.status, deployed: vapp.deployed };
  const first = vms[0].status;
  return {
    status: vms.every((vm) => vm.status === first) ? first : Status.MIXED,
    deployed: vms.some((vm) => vm.deployed),
  };
}
