/** `GET /cloudapi/1.0.0/edgeGateways/{id}/usedIpAddresses`. */
import type { Router } from 'express';
import type { World } from '../../world.js';
import { RIGHTS } from '../../store/roles.js';
import { sendPage } from '../cloudapi/paging.js';
import { param, requireRight } from '../access.js';
import { CLOUDAPI } from '../cloudapi/context.js';
import { gatewayOf } from '../edgegateway/services.js';
import { USED_IP_FIELDS, usedIpModel, usedIps } from './usedips.js';

export function usedIpRoutes(router: Router, sim: World): void {
  router.get(`${CLOUDAPI}/edgeGateways/:urn/usedIpAddresses`, (req, res) => {
    const gw = gatewayOf(sim, req.ctx, param(req, 'urn'));
    requireRight(req, RIGHTS.gatewayView);
    sendPage(req, res, usedIps(sim, gw).map((u) => usedIpModel(sim, u)), { model: 'GatewayUsedIpAddresses', fields: USED_IP_FIELDS });
  });
}
