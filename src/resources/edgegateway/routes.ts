/**
 * CloudAPI edge gateways: `GET /cloudapi/1.0.0/edgeGateways` (paged, FIQL filter and sort as the other
 * CloudAPI lists) and `GET …/edgeGateways/{urn}`. Tenants see their org's; other tenants' ids answer 403.
 */
import type { Router } from 'express';
import type { World } from '../../world.js';
import { RIGHTS } from '../../store/roles.js';
import { sendJson } from '../../wire/render.js';
import { canSeeOrg, param, requireRight, visible } from '../access.js';
import { sendPage } from '../cloudapi/paging.js';
import { EDGE_GATEWAY_FIELDS, edgeGatewayModel } from './view.js';

const API = '/cloudapi/1.0.0';

export function edgeGatewayRoutes(router: Router, sim: World): void {
  const { store } = sim;

  router.get(`${API}/edgeGateways`, (req, res) => {
    requireRight(req, RIGHTS.gatewayView);
    const gws = [...store.all('edgeGateway')].filter((g) => canSeeOrg(req, g.orgId));
    sendPage(req, res, gws.map((g) => edgeGatewayModel(sim, g)), { model: 'EdgeGateways', fields: EDGE_GATEWAY_FIELDS });
  });
  router.get(`${API}/edgeGateways/:urn`, (req, res) => {
    const gw = visible(sim, req, 'edgeGateway', param(req, 'urn'));
    requireRight(req, RIGHTS.gatewayView);
    sendJson(req, res, edgeGatewayModel(sim, gw));
  });
}
