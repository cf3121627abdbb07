/**
 * CloudAPI edge gateways: `GET /cloudapi/1.0.0/edgeGateways` (paged, FIQL filter and sort as the other
 * CloudAPI lists) and `GET …/edgeGateways/{urn}`; `POST`, `PUT` and `DELETE` as tasks (202, the task in
 * `Location`). The legacy `GET /api/admin/edgeGateway/{id}`. Tenants see their org's; other tenants' ids answer 403.
 */
import type { Request, Response, Router } from 'express';
import type { World } from '../../world.js';
import { RIGHTS } from '../../store/roles.js';
import type { Task } from '../../store/types.js';
import { sendDoc, sendJson } from '../../wire/render.js';
import { canSeeOrg, param, requireAdminView, requireRight, visible } from '../access.js';
import { sendPage } from '../cloudapi/paging.js';
import { EDGE_GATEWAY_FIELDS, edgeGatewayModel, edgeGatewayView } from './view.js';
import { edgeGatewayParams } from './params.js';
import { createEdgeGateway, startDeleteEdgeGateway, startUpdateEdgeGateway } from './ops.js';

/** VCD's answer to a CloudAPI change that runs as a task: 202, the task in `Location`, no body. */
export function acceptedTask(req: Request, res: Response, task: Task): void {
  res.setHeader('Location', `${req.ctx.base}/api/task/${task.id}`);
  res.status(202).end();
}

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
  router.post(`${API}/edgeGateways`, (req, res) => acceptedTask(req, res, createEdgeGateway(sim, req.ctx, edgeGatewayParams(req))));
  router.put(`${API}/edgeGateways/:urn`, (req, res) => {
    const gw = visible(sim, req, 'edgeGateway', param(req, 'urn'));
    acceptedTask(req, res, startUpdateEdgeGateway(sim, req.ctx, gw, edgeGatewayParams(req)));
  });
  router.delete(`${API}/edgeGateways/:urn`, (req, res) => {
    const gw = visible(sim, req, 'edgeGateway', param(req, 'urn'));
    acceptedTask(req, res, startDeleteEdgeGateway(sim, req.ctx, gw));
  });
  router.get('/api/admin/edgeGateway/:id', (req, res) => {
    const gw = visible(sim, req, 'edgeGateway', param(req, 'id'));
    requireAdminView(req);
    requireRight(req, RIGHTS.gatewayView);
    sendDoc(req, res, edgeGatewayView(sim, req.ctx.base, gw));
  });
}
