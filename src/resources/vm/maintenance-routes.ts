/** Snapshot routes on vApps and VMs, the snapshot sections, and the VM actions of maintenance.ts. */
import type { Request, Router } from 'express';
import type { World } from '../../world.js';
import type { VApp, Vm } from '../../store/types.js';
import { param, requireRight, visible } from '../access.js';
import { RIGHTS } from '../../store/roles.js';
import { MT } from '../../wire/media.js';
import { readOptionalBody } from '../../wire/body.js';
import { attr, parseBool } from '../../wire/xml.js';
import { hrefOf } from '../links.js';
import { sendDoc } from '../../wire/render.js';
import { sendAccepted } from '../task/view.js';
import { vmsOf } from './ops.js';
import {
  customizeAtNextPowerOn, snapshotSection, startCreateSnapshot, startRemoveSnapshots, startRevertSnapshot, startVmAction, type VmAction,
} from './maintenance.js';

const VM_ACTIONS: VmAction[] = ['consolidate', 'upgradeHardwareVersion', 'installVMwareTools', 'enableNestedHypervisor', 'disableNestedHypervisor'];

export function maintenanceRoutes(router: Router, sim: World): void {
  const vmTarget = (req: Request): { vapp: VApp; vm?: Vm } => {
    const vm = visible(sim, req, 'vm', param(req, 'id'));
    return { vm, vapp: sim.store.get('vApp', vm.vappId)! };
  };
  const vappTarget = (req: Request): { vapp: VApp; vm?: Vm } => ({ vapp: visible(sim, req, 'vApp', param(req, 'id')) });

  for (const [prefix, target] of [['vm-', vmTarget], ['vapp-', vappTarget]] as const) {
    router.post(`/api/vApp/${prefix}:id/action/createSnapshot`, (req, res) => {
      const t = target(req);
      requireRight(req, RIGHTS.vappSnapshot);
      const doc = readOptionalBody(req, 'CreateSnapshotParams')?.doc;
      const options = { memory: parseBool(attr(doc, 'memory'), true), quiesce: parseBool(attr(doc, 'quiesce'), true) };
      sendAccepted(sim, req, res, startCreateSnapshot(sim, req.ctx, t, options));
    });
    router.post(`/api/vApp/${prefix}:id/action/revertToCurrentSnapshot`, (req, res) => {
      const t = target(req);
      requireRight(req, RIGHTS.vappSnapshot);
      sendAccepted(sim, req, res, startRevertSnapshot(sim, req.ctx, t));
    });
    router.post(`/api/vApp/${prefix}:id/action/removeAllSnapshots`, (req, res) => {
      const t = target(req);
      requireRight(req, RIGHTS.vappSnapshot);
      sendAccepted(sim, req, res, startRemoveSnapshots(sim, req.ctx, t));
    });
    router.get(`/api/vApp/${prefix}:id/snapshotSection`, (req, res) => {
      const { vapp, vm } = target(req);
      const href = vm ? hrefOf(req.ctx.base, 'vm', vm.id) : hrefOf(req.ctx.base, 'vApp', vapp.id);
      const vms = vm ? [vm] : vmsOf(sim, vapp.id);
      sendDoc(req, res, { root: 'SnapshotSection', type: MT.snapshotSection, body: snapshotSection(href, vms.flatMap((v) => (v.snapshot ? [v.snapshot] : []))) });
    });
  }

  for (const action of VM_ACTIONS) {
    router.post(`/api/vApp/vm-:id/action/${action}`, (req, res) => {
      const { vapp, vm } = vmTarget(req);
      requireRight(req, RIGHTS.vmEditProperties);
      sendAccepted(sim, req, res, startVmAction(sim, req.ctx, vapp, vm!, action));
    });
  }
  router.post('/api/vApp/vm-:id/action/customizeAtNextPowerOn', (req, res) => {
    const { vapp, vm } = vmTarget(req);
    requireRight(req, RIGHTS.vmEditProperties);
    customizeAtNextPowerOn(sim, vapp, vm!);
    res.status(204).end();
  });
}
