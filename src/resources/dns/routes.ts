/** CloudAPI routes of an edge gateway's DNS forwarder. */
import type { Router } from 'express';
import type { World } from '../../world.js';
import { RIGHTS } from '../../store/roles.js';
import { sendJson } from '../../wire/render.js';
import { jsonBody as body } from '../cloudapi/json.js';
import { param, requireRight } from '../access.js';
import { CLOUDAPI, sendTaskAccepted } from '../cloudapi/context.js';
import { gatewayOf, startGatewayTask } from '../edgegateway/services.js';
import { dnsInput, dnsModel } from './dns.js';

export function dnsRoutes(router: Router, sim: World): void {
  const { store } = sim;
  const DNS = `${CLOUDAPI}/edgeGateways/:urn/dns`;
  router.get(DNS, (req, res) => {
    const gw = gatewayOf(sim, req.ctx, param(req, 'urn'));
    requireRight(req, RIGHTS.gwDnsView);
    sendJson(req, res, dnsModel(gw, store.get('gatewayDns', gw.id)));
  });
  router.put(DNS, (req, res) => {
    const gw = gatewayOf(sim, req.ctx, param(req, 'urn'));
    requireRight(req, RIGHTS.gwDnsConfigure);
    const input = dnsInput(sim, gw, body(req), store.get('gatewayDns', gw.id));
    sendTaskAccepted(req, res, startGatewayTask(sim, req.ctx, gw, 'edgeGatewayDnsUpdate', `Updating DNS forwarder of edge gateway ${gw.name}`,
      { type: 'setGatewayDns', params: { gatewayId: gw.id, config: input } }));
  });
  router.delete(DNS, (req, res) => {
    const gw = gatewayOf(sim, req.ctx, param(req, 'urn'));
    requireRight(req, RIGHTS.gwDnsConfigure);
    sendTaskAccepted(req, res, startGatewayTask(sim, req.ctx, gw, 'edgeGatewayDnsDelete', `Deleting DNS forwarder of edge gateway ${gw.name}`,
      { type: 'deleteGatewayDns', params: { gatewayId: gw.id } }));
  });
}
