/** Pure derivations over independent disks and their attachments (no tasks, no HTTP). */
import type { Store } from '../../store/store.js';
import type { IndependentDisk } from '../../store/types.js';

/** Bus types VCD offers for independent disks, with their default and allowed controller sub-types. */
export const BUS_TYPES: Record<number, { name: string; subTypes: string[] }> = {
  5: { name: 'IDE', subTypes: ['ide'] },
  6: { name: 'SCSI', subTypes: ['lsilogicsas', 'lsilogic', 'buslogic', 'VirtualSCSI'] },
  20: { name: 'SATA', subTypes: ['vmware.sata.ahci'] },
  21: { name: 'NVME', subTypes: ['vmware.nvme.controller'] },
};

/** The independent disks attached to a VM (they are in the VM's VDC), in the order of their slots. */
export function disksAttachedTo(store: Store, vm: { id: string; vdcId: string }): { disk: IndependentDisk; bus: number; unit: number; instanceId: number }[] {
  const out: { disk: IndependentDisk; bus: number; unit: number; instanceId: number }[] = [];
  for (const disk of store.where('disk', 'vdcId', vm.vdcId)) {
    for (const a of disk.attachments) if (a.vmId === vm.id) out.push({ disk, bus: a.bus, unit: a.unit, instanceId: a.instanceId });
  }
  return out.sort((a, b) => a.instanceId - b.instanceId);
}

/** Detaches every independent disk from a VM that goes away (VCD detaches them when it deletes the VM). */
export function detachAll(store: Store, vm: { id: string; vdcId: string }): void {
  for (const disk of store.where('disk', 'vdcId', vm.vdcId)) {
    if (disk.attachments.some((a) => a.vmId === vm.id)) {
      store.update('disk', disk.id, { attachments: disk.attachments.filter((a) => a.vmId !== vm.id) });
    }
  }
}
