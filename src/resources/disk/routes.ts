/**
 * Independent disks: create in a VDC, GET/PUT/DELETE, the VMs they are attached to, their owner, and
 * attach/detach on VMs.
 */
import type { Request, Router } from 'express';
import type { World } from '../../world.js';
import { param, requireRight, visible } from '../access.js';
import { RIGHTS } from '../../store/roles.js';
import { readBody } from '../../wire/body.js';
import { child } from '../../wire/xml.js';
import { sendDoc } from '../../wire/render.js';
import { sendAccepted } from '../task/view.js';
import { attachParams, diskInput } from './params.js';
import { changeOwner, createDisk, startAttach, startDeleteDisk, startDetach, startUpdateDisk } from './ops.js';
import { attachedVmsView, diskOwnerView, diskView } from './view.js';

export function diskRoutes(router: Router, sim: World): void {
  const diskOf = (req: Request) => {
    requireRight(req, RIGHTS.diskView);
    return visible(sim, req, 'disk', param(req, 'id'));
  };
  const vmTarget = (req: Request) => {
    const vm = visible(sim, req, 'vm', param(req, 'id'));
    return { vm, vapp: sim.store.get('vApp', vm.vappId)! };
  };

  // 201 with the new Disk, its creation task inside (go-vcloud-director waits on Tasks/Task[0]).
  router.post('/api/vdc/:id/disk', (req, res) => {
    const vdc = visible(sim, req, 'vdc', param(req, 'id'));
    const { disk } = createDisk(sim, req.ctx, vdc, diskInput(child(readBody(req, 'DiskCreateParams').doc, 'Disk')));
    const doc = diskView(sim, req.ctx.base, disk, req.ctx.version);
    res.setHeader('Location', String(doc.body['@_href']));
    sendDoc(req, res, doc, 201);
  });
  router.get('/api/disk/:id', (req, res) => sendDoc(req, res, diskView(sim, req.ctx.base, diskOf(req), req.ctx.version)));
  router.put('/api/disk/:id', (req, res) => {
    const disk = diskOf(req);
    sendAccepted(sim, req, res, startUpdateDisk(sim, req.ctx, disk, diskInput(readBody(req, 'Disk').doc)));
  });
  router.delete('/api/disk/:id', (req, res) => sendAccepted(sim, req, res, startDeleteDisk(sim, req.ctx, diskOf(req))));
  router.get('/api/disk/:id/attachedVms', (req, res) => sendDoc(req, res, attachedVmsView(sim, req.ctx.base, diskOf(req))));
  router.get('/api/disk/:id/owner', (req, res) => sendDoc(req, res, diskOwnerView(sim, req.ctx.base, diskOf(req))));
  router.put('/api/disk/:id/owner', (req, res) => {
    const disk = diskOf(req);
    changeOwner(sim, req.ctx, disk, child(readBody(req, 'Owner').doc, 'User'));
    res.status(204).end();
  });

  router.post('/api/vApp/vm-:id/disk/action/attach', (req, res) => {
    const target = vmTarget(req);
    sendAccepted(sim, req, res, startAttach(sim, req.ctx, target, attachParams(readBody(req, 'DiskAttachOrDetachParams').doc)));
  });
  router.post('/api/vApp/vm-:id/disk/action/detach', (req, res) => {
    const target = vmTarget(req);
    sendAccepted(sim, req, res, startDetach(sim, req.ctx, target, attachParams(readBody(req, 'DiskAttachOrDetachParams').doc)));
  });
}
