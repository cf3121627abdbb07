/**
 * The legacy API's org VDC network writes: `POST /api/admin/vdc/{id}/networks` (an OrgVdcNetwork: routed
 * to the EdgeGateway it names, or isolated; 201 with the network and its task), `PUT` and `DELETE
 * /api/admin/network/{id}` (202 with the task). They go through the same operations as the CloudAPI.
 */
import type { Router } from 'express';
import type { World } from '../../world.js';
import { badRequest } from '../../errors.js';
import { ipToInt } from '../../lib/ippool.js';
import { isIpv4 } from '../../lib/iprange.js';
import { readBody } from '../../wire/body.js';
import { uuidOf } from '../../wire/links.js';
import { child, children, text, type Doc } from '../../wire/xml.js';
import { sendDoc } from '../../wire/render.js';
import { param, visible } from '../access.js';
import { sendAccepted } from '../task/view.js';
import { createOrgNetwork, startDeleteOrgNetwork, startUpdateOrgNetwork, type OrgNetworkInput } from './cloudops.js';
import { networkView } from './view.js';

const TYPES: Record<string, string> = { natRouted: 'NAT_ROUTED', isolated: 'ISOLATED', bridged: 'DIRECT' };

/** A netmask's prefix length (255.255.255.0 → 24); a mask that is not contiguous is a 400. */
function prefixOf(mask: string): number {
  if (!isIpv4(mask)) throw badRequest(`The netmask "${mask}" is not valid.`);
  const n = ipToInt(mask);
  const bits = n.toString(2).padStart(32, '0');
  if (!/^1*0*$/.test(bits)) throw badRequest(`The netmask "${mask}" is not valid.`);
  return bits.indexOf('0') === -1 ? 32 : bits.indexOf('0');
}

function legacyInput(doc: Doc): OrgNetworkInput {
  const cfg = child(doc, 'Configuration');
  const scope = child(child(cfg, 'IpScopes'), 'IpScope');
  const fence = text(cfg, 'FenceMode');
  let subnet: OrgNetworkInput['subnet'];
  if (scope) {
    const gateway = text(scope, 'Gateway') ?? '';
    if (!isIpv4(gateway)) throw badRequest('IpScope/Gateway must be an IPv4 address.');
    const prefix = text(scope, 'SubnetPrefixLength');
    const mask = text(scope, 'Netmask');
    if (prefix === undefined && mask === undefined) throw badRequest('IpScope needs a Netmask or a SubnetPrefixLength.');
    const prefixLength = prefix !== undefined ? Number(prefix) : prefixOf(mask!);
    if (!Number.isInteger(prefixLength) || prefixLength < 1 || prefixLength > 30) throw badRequest('The subnet prefix length must be from 1 to 30.');
    subnet = {
      gateway, prefixLength, dns1: text(scope, 'Dns1') ?? '', dns2: text(scope, 'Dns2') ?? '', dnsSuffix: text(scope, 'DnsSuffix') ?? '',
      ipRanges: children(child(scope, 'IpRanges'), 'IpRange').map((r) => ({ start: text(r, 'StartAddress') ?? '', end: text(r, 'EndAddress') ?? text(r, 'StartAddress') ?? '' })),
    };
  }
  const gw = child(doc, 'EdgeGateway');
  const shared = text(doc, 'IsShared');
  return {
    name: (doc['@_name'] as string | undefined) ?? text(doc, 'Name'),
    description: text(doc, 'Description'),
    networkType: fence === undefined ? undefined : TYPES[fence] ?? fence,
    edgeGatewayId: gw ? uuidOf(String(gw['@_href'] ?? gw['@_id'] ?? '')) : undefined,
    subnet,
    shared: shared === undefined ? undefined : shared === 'true',
  };
}

export function orgNetworkLegacyRoutes(router: Router, sim: World): void {
  router.post('/api/admin/vdc/:id/networks', (req, res) => {
    const vdc = visible(sim, req, 'vdc', param(req, 'id'));
    const input = legacyInput(readBody(req, 'OrgVdcNetwork').doc);
    if (input.networkType === 'DIRECT') throw badRequest('A direct (bridged) org VDC network needs an external network; create routed or isolated networks here.');
    const task = createOrgNetwork(sim, req.ctx, vdc, input);
    const doc = networkView(sim, req.ctx.base, sim.store.get('network', task.ownerId)!, true);
    res.setHeader('Location', String(doc.body['@_href']));
    sendDoc(req, res, doc, 201);
  });
  router.put('/api/admin/network/:id', (req, res) => {
    const n = visible(sim, req, 'network', param(req, 'id'));
    const input = legacyInput(readBody(req, 'OrgVdcNetwork').doc);
    sendAccepted(sim, req, res, startUpdateOrgNetwork(sim, req.ctx, n, { ...input, networkType: input.networkType ?? TYPES[n.fenceMode] }));
  });
  router.delete('/api/admin/network/:id', (req, res) => {
    const n = visible(sim, req, 'network', param(req, 'id'));
    sendAccepted(sim, req, res, startDeleteOrgNetwork(sim, req.ctx, n));
  });
}
