/** CloudAPI org VDC network writes: POST, PUT, DELETE, each a task in `Location` (the reads are cloudapi/routes.ts's). */
import type { Router } from 'express';
import type { World } from '../../world.js';
import { badRequest } from '../../errors.js';
import { param, visible } from '../access.js';
import { acceptedTask } from '../edgegateway/routes.js';
import { createOrgNetwork, orgNetworkParams, startDeleteOrgNetwork, startUpdateOrgNetwork } from './cloudops.js';

const API = '/cloudapi/1.0.0';

export function orgNetworkCloudRoutes(router: Router, sim: World): void {
  router.post(`${API}/orgVdcNetworks`, (req, res) => {
    const input = orgNetworkParams(req);
    if (!input.vdcId) throw badRequest('The owner VDC is required (ownerRef or orgVdc).');
    const vdc = visible(sim, req, 'vdc', input.vdcId);
    acceptedTask(req, res, createOrgNetwork(sim, req, vdc, input));
  });
  router.put(`${API}/orgVdcNetworks/:urn`, (req, res) => {
    const n = visible(sim, req, 'network', param(req, 'urn'));
    acceptedTask(req, res, startUpdateOrgNetwork(sim, req, n, orgNetworkParams(req)));
  });
  router.delete(`${API}/orgVdcNetworks/:urn`, (req, res) => {
    const n = visible(sim, req, 'network', param(req, 'urn'));
    acceptedTask(req, res, startDeleteOrgNetwork(sim, req, n));
  });
}
