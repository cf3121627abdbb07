/** Catalogs and catalog items. */
import type { Router } from 'express';
import type { World } from '../../world.js';
import { adminCatalogView, catalogItemView, catalogView } from './view.js';
import { hasRight, requireAdminView, requireRight, visible } from '../access.js';
import { RIGHTS } from '../../store/roles.js';
import { sendDoc } from '../../wire/render.js';

export function catalogRoutes(router: Router, sim: World): void {
  router.get('/api/catalog/:id', (req, res) => {
    requireRight(req, RIGHTS.catalogView);
    sendDoc(req, res, catalogView(sim, req.ctx.base, visible(sim, req, 'catalog', req.params.id), hasRight(req, RIGHTS.adminView)));
  });
  router.get('/api/admin/catalog/:id', (req, res) => {
    requireAdminView(req);
    sendDoc(req, res, adminCatalogView(sim, req.ctx.base, visible(sim, req, 'catalog', req.params.id)));
  });
  router.get('/api/catalogItem/:id', (req, res) => {
    requireRight(req, RIGHTS.catalogView);
    sendDoc(req, res, catalogItemView(sim, req.ctx.base, visible(sim, req, 'catalogItem', req.params.id)));
  });
}
