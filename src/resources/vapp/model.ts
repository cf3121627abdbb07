/** Pure derivations over stored vApps. */
import type { Store } from '../../store/store.js';
import type { VApp, Vm } from '../../store/types.js';
import { Status } from '../../store/types.js';

/**
 * vApp status as VCD derives it: its own while it is being created or has no VMs; otherwise its VMs'
 * common status, UNRESOLVED while a VM is being created, MIXED when they differ; deployed when any VM is.
 */
export function vappState(store: Store, vapp: VApp, vms: Vm[] = store.where('vm', 'vappId', vapp.id)): { status: number; deployed: boolean } {
  if (!vms.length || vapp.status === Status.UNRESOLVED) return { status: vapp.status, deployed: vapp.deployed };
  const statuses = new Set(vms.map((v) => v.status));
  const status = statuses.size === 1 ? vms[0].status : statuses.has(Status.UNRESOLVED) ? Status.UNRESOLVED : Status.MIXED;
  return { status, deployed: vms.some((v) => v.deployed) };
}
