/** Org VDC networks. */
import type { Router } from 'express';
import type { World } from '../../world.js';
import { networkView } from './view.js';
import { requireAdminView, visible } from '../access.js';
import { sendDoc } from '../../wire/render.js';

export function networkRoutes(router: Router, sim: World): void {
  router.get('/api/network/:id', (req, res) => sendDoc(req, res, networkView(sim, req.ctx.base, visible(sim, req, 'network', req.params.id))));
  router.get('/api/admin/network/:id', (req, res) => {
    requireAdminView(req);
    sendDoc(req, res, networkView(sim, req.ctx.base, visible(sim, req, 'network', req.params.id), true));
  });
}
