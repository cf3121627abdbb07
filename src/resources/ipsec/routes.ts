/** CloudAPI routes of an edge gateway's IPsec VPN tunnels (and their status). */
import type { Request, Router } from 'express';
import type { World } from '../../world.js';
import type { IpsecTunnel } from '../../store/types.js';
import { badRequest, notFound } from '../../errors.js';
import { RIGHTS } from '../../store/roles.js';
import { sendJson } from '../../wire/render.js';
import { sendPage } from '../cloudapi/paging.js';
import { jsonBody as body, obj } from '../cloudapi/json.js';
import { param, requireRight } from '../access.js';
import { CLOUDAPI, sendTaskAccepted } from '../cloudapi/context.js';
import { gatewayOf, startGatewayTask } from '../edgegateway/services.js';
import { profileInput, profileModel } from './profile.js';
import { TUNNEL_FIELDS, assertTunnelNameFree, tunnelInput, tunnelModel, tunnelStatusModel, tunnelsOf } from './tunnels.js';

export function ipsecRoutes(router: Router, sim: World): void {
  const { store } = sim;
  const TUNNELS = `${CLOUDAPI}/edgeGateways/:urn/ipsec/tunnels`;
  router.get(TUNNELS, (req, res) => {
    const gw = gatewayOf(sim, req.ctx, param(req, 'urn'));
    requireRight(req, RIGHTS.gwIpsecView);
    sendPage(req, res, tunnelsOf(sim, gw).map((t) => tunnelModel(t, false)), { model: 'NsxtIpSecVpnTunnels', fields: TUNNEL_FIELDS });
  });
  router.post(TUNNELS, (req, res) => {
    const gw = gatewayOf(sim, req.ctx, param(req, 'urn'));
    requireRight(req, RIGHTS.gwIpsecConfigure);
    const input = tunnelInput(gw, body(req));
    assertTunnelNameFree(sim, gw.id, input.name);
    const tunnel: IpsecTunnel = { ...input, id: store.newId(), orgId: gw.orgId, edgeGatewayId: gw.id, version: 0 };
    const task = startGatewayTask(sim, req.ctx, gw, 'edgeIpSecVpnTunnelCreate', `Creating IPsec VPN tunnel ${tunnel.name} on edge gateway ${gw.name}`,
      { type: 'createIpsecTunnel', params: { tunnel } });
    store.update('task', task.id, { details: tunnel.id });
    sendTaskAccepted(req, res, task);
  });
  const tunnelOf = (req: Request) => {
    const gw = gatewayOf(sim, req.ctx, param(req, 'urn'));
    const t = store.get('ipsecTunnel', param(req, 'tunnelId'));
    return { gw, tunnel: t?.edgeGatewayId === gw.id ? t : undefined };
  };
  router.get(`${TUNNELS}/:tunnelId`, (req, res) => {
    const { tunnel } = tunnelOf(req);
    requireRight(req, RIGHTS.gwIpsecView);
    if (!tunnel) throw notFound(`The IPsec VPN tunnel ${param(req, 'tunnelId')} does not exist.`);
    sendJson(req, res, tunnelModel(tunnel));
  });
  router.get(`${TUNNELS}/:tunnelId/status`, (req, res) => {
    const { tunnel } = tunnelOf(req);
    requireRight(req, RIGHTS.gwIpsecView);
    if (!tunnel) throw notFound(`The IPsec VPN tunnel ${param(req, 'tunnelId')} does not exist.`);
    sendJson(req, res, tunnelStatusModel(tunnel));
  });
  router.get(`${TUNNELS}/:tunnelId/connectionProperties`, (req, res) => {
    const { tunnel } = tunnelOf(req);
    requireRight(req, RIGHTS.gwIpsecView);
    if (!tunnel) throw notFound(`The IPsec VPN tunnel ${param(req, 'tunnelId')} does not exist.`);
    sendJson(req, res, profileModel(tunnel));
  });
  router.put(`${TUNNELS}/:tunnelId/connectionProperties`, (req, res) => {
    const { gw, tunnel } = tunnelOf(req);
    requireRight(req, RIGHTS.gwIpsecConfigure);
    if (!tunnel) throw notFound(`The IPsec VPN tunnel ${param(req, 'tunnelId')} does not exist.`);
    const profile = profileInput(body(req), tunnel.securityProfile);
    sendTaskAccepted(req, res, startGatewayTask(sim, req.ctx, gw, 'edgeIpSecVpnTunnelProfileUpdate', `Updating connection properties of IPsec VPN tunnel ${tunnel.name}`,
      { type: 'updateIpsecTunnel', params: { id: tunnel.id, patch: { securityType: 'CUSTOM', securityProfile: profile } } }));
  });
  router.put(`${TUNNELS}/:tunnelId`, (req, res) => {
    const { gw, tunnel } = tunnelOf(req);
    requireRight(req, RIGHTS.gwIpsecConfigure);
    if (!tunnel) throw notFound(`The IPsec VPN tunnel ${param(req, 'tunnelId')} does not exist.`);
    const b = body(req);
    const version = obj(b.version)?.version;
    if (typeof version === 'number' && version !== tunnel.version) {
      throw badRequest(`The IPsec VPN tunnel "${tunnel.name}" was changed by someone else (version ${tunnel.version}, the request has ${version}): read it again.`);
    }
    const input = tunnelInput(gw, b, tunnel);
    assertTunnelNameFree(sim, gw.id, input.name, tunnel.id);
    sendTaskAccepted(req, res, startGatewayTask(sim, req.ctx, gw, 'edgeIpSecVpnTunnelUpdate', `Updating IPsec VPN tunnel ${tunnel.name} on edge gateway ${gw.name}`,
      { type: 'updateIpsecTunnel', params: { id: tunnel.id, patch: input } }));
  });
  router.delete(`${TUNNELS}/:tunnelId`, (req, res) => {
    const { gw, tunnel } = tunnelOf(req);
    requireRight(req, RIGHTS.gwIpsecConfigure);
    if (!tunnel) throw notFound(`The IPsec VPN tunnel ${param(req, 'tunnelId')} does not exist.`);
    sendTaskAccepted(req, res, startGatewayTask(sim, req.ctx, gw, 'edgeIpSecVpnTunnelDelete', `Deleting IPsec VPN tunnel ${tunnel.name} on edge gateway ${gw.name}`,
      { type: 'deleteIpsecTunnel', params: { id: tunnel.id } }));
  });
}
