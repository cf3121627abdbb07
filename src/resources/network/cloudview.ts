/** The CloudAPI VdcNetwork model of an org VDC network, with VCD's property names. */
import type { World } from '../../world.js';
import type { Network } from '../../store/types.js';
import { urn } from '../links.js';
import { poolSize } from '../../lib/ippool.js';
import { entityRef } from '../cloudapi/context.js';
import type { Model } from '../cloudapi/paging.js';

const NETWORK_TYPE = { natRouted: 'NAT_ROUTED', isolated: 'ISOLATED', bridged: 'DIRECT' } as const;

export function networkModel(sim: World, n: Network): Model {
  const vdc = sim.store.get('vdc', n.vdcId);
  const org = sim.store.get('org', n.orgId);
  const group = n.vdcGroupId ? sim.store.get('vdcGroup', n.vdcGroupId) : undefined;
  const total = poolSize(n);
  return {
    id: urn('network', n.id),
    name: n.name,
    description: n.description,
    // A VDC group's network is the group's: it has no VDC of its own.
    orgVdc: group ? null : entityRef(vdc?.name, urn('vdc', n.vdcId)),
    ownerRef: group ? entityRef(group.name, urn('vdcGroup', group.id)) : entityRef(vdc?.name, urn('vdc', n.vdcId)),
    orgRef: entityRef(org?.name, urn('org', n.orgId)),
    networkType: n.segmentId ? 'OPAQUE' : NETWORK_TYPE[n.fenceMode],
    backingNetworkId: n.segmentId ?? n.id,
    backingNetworkType: n.segmentId ? 'IMPORTED_T_LOGICAL_SWITCH' : 'NSXT_FLEXIBLE_SEGMENT',
    subnets: {
      values: [{
        gateway: n.gateway,
        prefixLength: n.prefixLength,
        dnsServer1: n.dns1,
        dnsServer2: n.dns2,
        dnsSuffix: n.dnsSuffix,
        ipRanges: { values: n.ipRanges.map((r) => ({ startAddress: r.start, endAddress: r.end })) },
        enabled: true,
        totalIpCount: total,
        usedIpCount: n.allocatedIps.length,
      }],
    },
    connection: connectionOf(sim, n),
    shared: n.isShared,
    isDefaultNetwork: false,
    status: sim.tasks.activeFor(n.id).some((t) => t.operationName === 'createOrgVdcNetwork') ? 'PENDING' : 'REALIZED',
    orgVdcIsNsxTBacked: !group && Boolean(vdc?.networkPoolId),
    totalIpCount: total,
    usedIpCount: n.allocatedIps.length,
    guestVlanTaggingAllowed: false,
    retainNicResources: false,
    crossVdcNetworkId: null,
    crossVdcNetworkLocationId: null,
  };
}

/** A routed network's connection to its edge gateway (null for the others). */
function connectionOf(sim: World, n: Network): Model | null {
  const gw = n.edgeGatewayId ? sim.store.get('edgeGateway', n.edgeGatewayId) : undefined;
  if (!gw) return null;
  return { routerRef: entityRef(gw.name, urn('edgeGateway', gw.id)), connectionType: 'INTERNAL', connected: true };
}

export const NETWORK_FIELDS = {
  id: 'ref', name: 'string', description: 'string', 'orgVdc.name': 'string', 'orgVdc.id': 'ref', 'ownerRef.name': 'string',
  'ownerRef.id': 'ref', 'orgRef.name': 'string', 'orgRef.id': 'ref', networkType: 'string', shared: 'boolean', backingNetworkId: 'string',
  status: 'string', totalIpCount: 'number', usedIpCount: 'number', 'connection.routerRef.id': 'ref', 'connection.routerRef.name': 'string',
} as const;

