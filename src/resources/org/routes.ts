/** Orgs: the OrgList clients find orgs by name in, the Org, and (for admins) the AdminOrg. */
import type { Request, Response, Router } from 'express';
import type { World } from '../../world.js';
import { adminOrgView, orgListView, orgView } from './view.js';
import { canSeeOrg, requireAdminView, visible } from '../access.js';
import { sendDoc } from '../../wire/render.js';

export function orgRoutes(router: Router, sim: World): void {
  const list = (req: Request, res: Response) => {
    const orgs = [...sim.store.all('org')].filter((o) => canSeeOrg(req, o.id));
    sendDoc(req, res, orgListView(req.ctx.base, orgs));
  };
  router.get('/api/org', list);
  router.get('/api/org/', list);
  router.get('/api/org/:id', (req, res) => sendDoc(req, res, orgView(sim, req.ctx.base, visible(sim, req, 'org', req.params.id))));
  router.get('/api/admin/org/:id', (req, res) => {
    requireAdminView(req);
    sendDoc(req, res, adminOrgView(sim, req.ctx.base, visible(sim, req, 'org', req.params.id)));
  });
}
