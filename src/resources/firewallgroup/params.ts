/**
 * A FirewallGroup document → a checked group input: its edge gateway, type (IP set or static security group),
 * name and content.
 */
import type { Actor, World } from '../../world.js';
import type { EdgeGateway, FirewallGroup } from '../../store/types.js';
import { RIGHTS } from '../../store/roles.js';
import { badRequest } from '../../errors.js';
import { uuidOf } from '../../wire/links.js';
import { requireRight } from '../access.js';
import { type Json, list, refId, str } from '../cloudapi/json.js';
import { addressSpan, gatewayOf } from '../edgegateway/services.js';

export interface GroupInput {
  gw: EdgeGateway;
  name: string;
  description: string;
  type: FirewallGroup['type'];
  ipAddresses: string[];
  memberIds: string[];
}

/** Reads a FirewallGroup document: its gateway (ownerRef, or edgeGatewayRef before API 35), type, name and content. */
export function groupInput(sim: World, actor: Actor, b: Json, current?: FirewallGroup): GroupInput {
  requireRight(actor, RIGHTS.gwFirewallConfigure);
  const ownerId = refId(b.ownerRef, 'ownerRef') ?? refId(b.edgeGatewayRef, 'edgeGatewayRef');
  if (ownerId && /^urn:vcloud:vdcGroup:/.test(ownerId)) throw badRequest('Firewall groups of VDC groups are not supported: name an edge gateway in ownerRef.');
  const gw = ownerId ? gatewayOf(sim, actor, ownerId) : current && sim.store.get('edgeGateway', current.edgeGatewayId);
  if (!gw) throw badRequest('A firewall group needs its edge gateway in ownerRef.');
  if (current && gw.id !== current.edgeGatewayId) throw badRequest('A firewall group cannot move to another edge gateway.');
  const type = str(b.typeValue, 'typeValue') ?? str(b.type, 'type') ?? current?.type ?? 'IP_SET';
  if (type === 'VM_CRITERIA') throw badRequest('Dynamic (VM_CRITERIA) firewall groups belong to VDC groups, not to edge gateways.');
  if (type !== 'IP_SET' && type !== 'SECURITY_GROUP') throw badRequest('typeValue must be IP_SET or SECURITY_GROUP.');
  if (current && type !== current.type) throw badRequest('The type of a firewall group cannot change.');
  const name = (str(b.name, 'name') ?? '').trim();
  if (!name) throw badRequest('A firewall group needs a name.');
  const ipAddresses = type === 'IP_SET'
    ? list(b.ipAddresses, 'ipAddresses').map((a, i) => {
      const s = str(a, `ipAddresses[${i}]`) ?? '';
      addressSpan(s, 'The IP set address');
      return s.trim();
    })
    : [];
  const memberIds = type === 'SECURITY_GROUP'
    ? list(b.members, 'members').map((m, i) => {
      const id = uuidOf(refId(m, `members[${i}]`) ?? '') ?? '';
      const net = sim.store.get('network', id);
      if (!net || net.edgeGatewayId !== gw.id) throw badRequest(`members[${i}] is not an org VDC network routed through edge gateway "${gw.name}".`);
      return id;
    })
    : [];
  return { gw, name, description: str(b.description, 'description') ?? '', type, ipAddresses, memberIds };
}
