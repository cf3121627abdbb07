/** CloudAPI routes of an edge gateway's static routes. */
import type { Router } from 'express';
import type { World } from '../../world.js';
import { RIGHTS } from '../../store/roles.js';
import { notFound } from '../../errors.js';
import { sendJson } from '../../wire/render.js';
import { sendPage } from '../cloudapi/paging.js';
import { CLOUDAPI, sendTaskAccepted } from '../cloudapi/context.js';
import { jsonBody as body } from '../cloudapi/json.js';
import { param, requireRight } from '../access.js';
import { gatewayOf } from '../edgegateway/services.js';
import { staticRoutesOf } from './model.js';
import { staticRouteInput } from './params.js';
import { STATIC_ROUTE_FIELDS, staticRouteModel } from './view.js';
import { createStaticRoute, deleteStaticRoute, updateStaticRoute } from './ops.js';

export function staticRouteRoutes(router: Router, sim: World): void {
  const { store } = sim;
  const GW = `${CLOUDAPI}/edgeGateways/:urn`;
  router.get(`${GW}/routing/staticRoutes`, (req, res) => {
    const gw = gatewayOf(sim, req.ctx, param(req, 'urn'));
    requireRight(req, RIGHTS.gwRoutingView);
    sendPage(req, res, staticRoutesOf(sim, gw).map(staticRouteModel), { model: 'EdgeStaticRoutes', fields: STATIC_ROUTE_FIELDS });
  });
  router.post(`${GW}/routing/staticRoutes`, (req, res) => {
    const gw = gatewayOf(sim, req.ctx, param(req, 'urn'));
    requireRight(req, RIGHTS.gwRoutingConfigure);
    const input = staticRouteInput(body(req));
    sendTaskAccepted(req, res, createStaticRoute(sim, req.ctx, gw, input));
  });
  const routeOf = (req: Parameters<typeof param>[0]) => {
    const gw = gatewayOf(sim, req.ctx, param(req, 'urn'));
    const route = store.get('staticRoute', param(req, 'routeId'));
    return { gw, route: route?.edgeGatewayId === gw.id ? route : undefined };
  };
  router.get(`${GW}/routing/staticRoutes/:routeId`, (req, res) => {
    const { route } = routeOf(req);
    requireRight(req, RIGHTS.gwRoutingView);
    if (!route) throw notFound(`The static route ${param(req, 'routeId')} does not exist.`);
    sendJson(req, res, staticRouteModel(route));
  });
  router.put(`${GW}/routing/staticRoutes/:routeId`, (req, res) => {
    const { gw, route } = routeOf(req);
    requireRight(req, RIGHTS.gwRoutingConfigure);
    if (!route) throw notFound(`The static route ${param(req, 'routeId')} does not exist.`);
    const input = staticRouteInput(body(req));
    sendTaskAccepted(req, res, updateStaticRoute(sim, req.ctx, gw, route, input));
  });
  router.delete(`${GW}/routing/staticRoutes/:routeId`, (req, res) => {
    const { gw, route } = routeOf(req);
    requireRight(req, RIGHTS.gwRoutingConfigure);
    if (!route) throw notFound(`The static route ${param(req, 'routeId')} does not exist.`);
    sendTaskAccepted(req, res, deleteStaticRoute(sim, req.ctx, gw, route));
  });
}
