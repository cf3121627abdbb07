/** What disk tasks do when they succeed (and undo when they do not): registered from the registry. */
import type { World } from '../../world.js';
import { Status } from '../../store/types.js';
import { badRequest } from '../../errors.js';
import type { DiskPatch } from './ops.js';

export function registerDiskActions(sim: World): void {
  sim.tasks.register('createDisk', {
    apply(params) {
      const id = params.diskId as string;
      if (sim.store.get('disk', id)) sim.store.update('disk', id, { status: Status.RESOLVED });
    },
    // A creation that does not succeed leaves nothing behind.
    rollback: (params) => void sim.store.remove('disk', params.diskId as string),
  });
  sim.tasks.register('updateDisk', {
    apply(params) {
      const { diskId, patch } = params as { diskId: string; patch: DiskPatch };
      if (sim.store.get('disk', diskId)) sim.store.update('disk', diskId, patch);
    },
  });
  sim.tasks.register('deleteDisk', { apply: (params) => void sim.store.remove('disk', params.diskId as string) });
  sim.tasks.register('attachDisk', {
    apply(params) {
      const { diskId, vmId, bus, unit, instanceId } = params as { diskId: string; vmId: string; bus: number; unit: number; instanceId: number };
      const disk = sim.store.get('disk', diskId);
      const vm = sim.store.get('vm', vmId);
      if (!disk || !vm) throw badRequest('The disk or the VM no longer exists.');
      if (disk.attachments.some((a) => a.vmId === vmId)) return;
      // Another attach may have won the race while this task ran: a disk that is not shared takes one VM.
      if (disk.attachments.length && disk.sharingType === 'None') throw badRequest(`The disk "${disk.name}" is already attached to another VM.`);
      sim.store.update('disk', diskId, { attachments: [...disk.attachments, { vmId, bus, unit, instanceId }] });
    },
  });
  sim.tasks.register('detachDisk', {
    apply(params) {
      const { diskId, vmId } = params as { diskId: string; vmId: string };
      const disk = sim.store.get('disk', diskId);
      if (disk) sim.store.update('disk', diskId, { attachments: disk.attachments.filter((a) => a.vmId !== vmId) });
    },
  });
}
