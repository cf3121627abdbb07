/**
 * A vApp network by its own id: GET /api/network/{id} (a VAppNetwork document), DELETE /api/network/{id} removes it from its vApp (go-vcloud-director's
 * RemoveNetwork; refused while a VM uses it), POST /api/admin/network/{id}/action/reset redeploys it (its
 * `repair` link). Ids of org VDC networks, other tenants' and unknown ids get VCD's 403.
 */
import type { Request, Router } from 'express';
import type { World } from '../../world.js';
import { canSeeOrg, param, requireRight } from '../access.js';
import { RIGHTS } from '../../store/roles.js';
import { noAccess } from '../../errors.js';
import { uuidOf } from '../../wire/links.js';
import { sendAccepted } from '../task/view.js';
import { sendDoc } from '../../wire/render.js';
import { vappNetworkView } from './view.js';
import { findVAppNetwork } from './networks.js';
import { assertNetworksRemovable, startUpdateVApp } from './ops.js';

export function vappNetworkRoutes(router: Router, sim: World): void {
  const find = (req: Request) => {
    const id = uuidOf(param(req, 'id')) ?? param(req, 'id');
    const found = findVAppNetwork(sim, id, (vapp) => canSeeOrg(req, vapp.orgId));
    if (!found) throw noAccess('network', id);
    return found;
  };
  // Ids of org VDC networks go on to their own route (network/routes.ts, registered after this one).
  router.get('/api/network/:id', (req, res, next) => {
    const id = uuidOf(param(req, 'id')) ?? param(req, 'id');
    const found = findVAppNetwork(sim, id, (vapp) => canSeeOrg(req, vapp.orgId));
    if (!found) return next();
    sendDoc(req, res, vappNetworkView(sim, req.ctx.base, found.vapp, found.net));
  });
  router.delete('/api/network/:id', (req, res) => {
    const { vapp, net } = find(req);
    requireRight(req, RIGHTS.vappEdit);
    const networks = vapp.networks.filter((n) => n !== net);
    assertNetworksRemovable(sim, vapp, networks);
    sendAccepted(sim, req, res, startUpdateVApp(sim, req.ctx, vapp, { networks }));
  });
  router.post('/api/admin/network/:id/action/reset', (req, res) => {
    const { vapp } = find(req);
    requireRight(req, RIGHTS.vappEdit);
    sendAccepted(sim, req, res, startUpdateVApp(sim, req.ctx, vapp, {}));
  });
}
