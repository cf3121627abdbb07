/** What VDC tasks do when they succeed (and undo when they do not): registered from the registry. */
import type { World } from '../../world.js';
import { applyVdcStorageProfiles, removeVdc, type VdcPatch } from './ops.js';
import type { StorageProfile } from '../../store/types.js';

export function registerVdcActions(sim: World): void {
  sim.tasks.register('createVdc', {
    apply(params) {
      const id = params.vdcId as string;
      if (sim.store.get('vdc', id)) sim.store.update('vdc', id, { status: 1 });
    },
    // A creation that does not succeed leaves nothing behind.
    rollback: (params) => removeVdc(sim, params.vdcId as string),
  });
  sim.tasks.register('updateVdc', {
    apply(params) {
      const { vdcId, patch } = params as { vdcId: string; patch: VdcPatch };
      if (sim.store.get('vdc', vdcId)) sim.store.update('vdc', vdcId, patch);
    },
  });
  sim.tasks.register('updateVdcStorageProfiles', {
    apply: (params) => applyVdcStorageProfiles(sim, params as { vdcId: string; add?: StorageProfile; removeId?: string }),
  });
  sim.tasks.register('deleteVdc', { apply: (params) => removeVdc(sim, params.vdcId as string) });
}
