/** A firewall group as CloudAPI's FirewallGroup JSON. */
import type { World } from '../../world.js';
import type { FirewallGroup } from '../../store/types.js';
import { urn } from '../links.js';
import type { Model } from '../cloudapi/paging.js';
import { ref } from '../cloudapi/json.js';
import { gatewayUrn } from '../edgegateway/services.js';
import { groupUrn } from './model.js';

export function groupModel(sim: World, g: FirewallGroup): Model {
  const gw = sim.store.get('edgeGateway', g.edgeGatewayId);
  const owner = ref(gw?.name, gatewayUrn(g.edgeGatewayId));
  return {
    id: groupUrn(g.id),
    name: g.name,
    description: g.description,
    ipAddresses: g.type === 'IP_SET' ? g.ipAddresses : null,
    members: g.type === 'SECURITY_GROUP' ? g.memberIds.map((id) => ref(sim.store.get('network', id)?.name, urn('network', id))) : null,
    vmCriteria: null,
    ownerRef: owner,
    edgeGatewayRef: owner,
    typeValue: g.type,
    type: g.type,
  };
}

export const GROUP_FIELDS = {
  id: 'ref', name: 'string', description: 'string', typeValue: 'string', type: 'string', 'ownerRef.id': 'ref',
  'ownerRef.name': 'string', 'edgeGatewayRef.id': 'ref', 'edgeGatewayRef.name': 'string',
} as const;
