/** VDCs and their storage profiles. (Creation actions on a VDC live with the vApp resource.) */
import type { Router } from 'express';
import type { World } from '../../world.js';
import { adminVdcView, storageProfileView, vdcView } from './view.js';
import { hasRight, requireAdminView, visible } from '../access.js';
import { RIGHTS } from '../../store/roles.js';
import { sendDoc } from '../../wire/render.js';
import { badRequest } from '../../errors.js';
import { hardwareVersionView } from './hwv.js';

export function vdcRoutes(router: Router, sim: World): void {
  router.get('/api/vdc/:id', (req, res) => sendDoc(req, res, vdcView(sim, req.ctx.base, visible(sim, req, 'vdc', req.params.id), hasRight(req, RIGHTS.adminView))));
  // A hardware version the VDC supports (tenant access as for the VDC); another is refused as VCD does.
  router.get('/api/vdc/:id/hwv/:name', (req, res) => {
    const vdc = visible(sim, req, 'vdc', req.params.id);
    const doc = hardwareVersionView(req.ctx.base, vdc, req.params.name);
    if (!doc) throw badRequest(`The virtual hardware version "${req.params.name}" is not supported by this VDC.`);
    sendDoc(req, res, doc);
  });
  router.get('/api/admin/vdc/:id', (req, res) => {
    requireAdminView(req);
    sendDoc(req, res, adminVdcView(sim, req.ctx.base, visible(sim, req, 'vdc', req.params.id)));
  });
  router.get('/api/vdcStorageProfile/:id', (req, res) =>
    sendDoc(req, res, storageProfileView(sim, req.ctx.base, visible(sim, req, 'storageProfile', req.params.id))));
}
