/** What VM tasks do when they succeed (and undo when they do not): registered from the registry. */
import type { World } from '../../world.js';
import type { Nic } from '../../store/types.js';
import { releaseIp } from '../network/ops.js';
import { orgPoolOf } from '../vapp/networks.js';
import { removeVm, TRANSITIONS, type PowerAction, type PowerOptions, type VmPatch } from './ops.js';

/** Registers the task effects of VM operations. */
export function registerVmActions(sim: World): void {
  sim.tasks.register('power', {
    apply(params) {
      const { vmIds, action, options } = params as { vmIds: string[]; action: PowerAction; options: PowerOptions };
      for (const id of vmIds) {
        const vm = sim.store.get('vm', id);
        if (vm && TRANSITIONS[action].from(vm, options)) sim.store.update('vm', id, TRANSITIONS[action].to(vm, options));
      }
    },
  });
  sim.tasks.register('deleteVms', {
    apply(params) {
      for (const id of params.vmIds as string[]) {
        const vm = sim.store.get('vm', id);
        if (vm) removeVm(sim, vm);
      }
    },
  });
  sim.tasks.register('updateVm', {
    apply(params) {
      const { vmId, patch } = params as { vmId: string; patch: VmPatch };
      const vm = sim.store.get('vm', vmId);
      if (!vm) return;
      // Pool addresses of NICs the change dropped (or moved to another address) go back to their network.
      const vapp = patch.nics && sim.store.get('vApp', vm.vappId);
      const kept = new Set((patch.nics ?? []).map((n) => n.ip));
      if (vapp) for (const n of vm.nics) if ((n.mode === 'POOL' || n.mode === 'MANUAL') && !kept.has(n.ip)) releaseIp(sim, orgPoolOf(vapp, n.network), n.ip);
      sim.store.update('vm', vmId, patch);
    },
    rollback(params) {
      // NICs added by the request took pool addresses upfront: give back those the VM did not keep.
      const { vmId, patch } = params as { vmId: string; patch: VmPatch };
      const vm = sim.store.get('vm', vmId);
      const vapp = vm && sim.store.get('vApp', vm.vappId);
      if (!vm || !vapp || !patch.nics) return;
      const kept = new Set(vm.nics.map((n) => n.ip));
      for (const n of patch.nics as Nic[]) if (!kept.has(n.ip)) releaseIp(sim, orgPoolOf(vapp, n.network), n.ip);
    },
  });
}
