/** CloudAPI external network writes (System administrators): POST, PUT, DELETE, each a task in `Location`. The reads are provider/routes.ts's. */
import type { Router } from 'express';
import type { World } from '../../world.js';
import { param, visible } from '../access.js';
import { acceptedTask } from '../edgegateway/routes.js';
import { createExternalNetwork, externalNetworkParams, startDeleteExternalNetwork, startUpdateExternalNetwork } from './ops.js';

const API = '/cloudapi/1.0.0';

export function externalNetworkRoutes(router: Router, sim: World): void {
  router.post(`${API}/externalNetworks`, (req, res) => acceptedTask(req, res, createExternalNetwork(sim, req.ctx, externalNetworkParams(req))));
  router.put(`${API}/externalNetworks/:urn`, (req, res) => {
    const n = visible(sim, req, 'externalNetwork', param(req, 'urn'));
    acceptedTask(req, res, startUpdateExternalNetwork(sim, req.ctx, n, externalNetworkParams(req)));
  });
  router.delete(`${API}/externalNetworks/:urn`, (req, res) => {
    const n = visible(sim, req, 'externalNetwork', param(req, 'urn'));
    acceptedTask(req, res, startDeleteExternalNetwork(sim, req.ctx, n));
  });
}
