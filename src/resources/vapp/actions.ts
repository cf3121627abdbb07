/** What vApp tasks do when they succeed (and undo when they do not): registered from the registry. */
import type { World } from '../../world.js';
import type { VApp } from '../../store/types.js';
import { Status } from '../../store/types.js';
import { removeVm, vmsOf } from '../vm/ops.js';

function removeVApp(sim: World, vappId: string): void {
  for (const vm of vmsOf(sim, vappId)) removeVm(sim, vm);
  sim.store.remove('vApp', vappId);
}

/** New VMs leave status 0: powered off, or on and deployed when the request asked for it. */
function settle(sim: World, vmIds: string[], powerOn: boolean): void {
  for (const id of vmIds) {
    if (sim.store.get('vm', id)) {
      sim.store.update('vm', id, powerOn ? { status: Status.POWERED_ON, deployed: true } : { status: Status.POWERED_OFF, deployed: false });
    }
  }
}

function removeVms(sim: World, ids: string[]): void {
  for (const id of ids) {
    const vm = sim.store.get('vm', id);
    if (vm) removeVm(sim, vm);
  }
}

export function registerVAppActions(sim: World): void {
  sim.tasks.register('createVApp', {
    apply(params) {
      const { vappId, powerOn, moveVAppId } = params as { vappId: string; powerOn: boolean; moveVAppId?: string };
      const vms = vmsOf(sim, vappId);
      settle(sim, vms.map((v) => v.id), powerOn);
      if (sim.store.get('vApp', vappId)) {
        sim.store.update('vApp', vappId, { status: vms.length ? Status.POWERED_OFF : Status.RESOLVED, deployed: powerOn && vms.length > 0 });
      }
      if (moveVAppId && sim.store.get('vApp', moveVAppId)) removeVApp(sim, moveVAppId);
    },
    // A creation that does not succeed leaves nothing behind.
    rollback: (params) => removeVApp(sim, params.vappId as string),
  });
  sim.tasks.register('recompose', {
    apply(params) {
      const p = params as { vappId: string; addedVmIds: string[]; deleteVmIds: string[]; powerOn: boolean; name?: string; description?: string };
      settle(sim, p.addedVmIds, p.powerOn);
      removeVms(sim, p.deleteVmIds);
      if (!sim.store.get('vApp', p.vappId)) return;
      const patch: Partial<VApp> = {};
      if (p.name) patch.name = p.name;
      if (p.description !== undefined) patch.description = p.description;
      if (!vmsOf(sim, p.vappId).length) patch.status = Status.RESOLVED;
      sim.store.update('vApp', p.vappId, patch);
    },
    rollback: (params) => removeVms(sim, params.addedVmIds as string[]),
  });
  sim.tasks.register('deleteVApp', { apply: (params) => removeVApp(sim, params.vappId as string) });
  sim.tasks.register('updateVApp', {
    apply(params) {
      const { vappId, patch } = params as { vappId: string; patch: Partial<VApp> };
      if (sim.store.get('vApp', vappId)) sim.store.update('vApp', vappId, patch);
    },
  });
}
