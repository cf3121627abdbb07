/** The CloudAPI edge gateway model, as go-vcloud-director's types.OpenAPIEdgeGateway reads it. */
import type { World } from '../../world.js';
import type { EdgeGateway } from '../../store/types.js';
import type { FieldType } from '../../lib/fiql.js';
import { urn } from '../links.js';
import { networksOf, subnetIpCount, usedIpsOf } from './model.js';

const ref = (name: string | undefined, id: string) => ({ name: name ?? null, id });

/** Filterable and sortable properties of the list. */
export const EDGE_GATEWAY_FIELDS: Record<string, FieldType> = {
  id: 'ref', name: 'string', description: 'string', 'ownerRef.id': 'ref', 'ownerRef.name': 'string', 'orgVdc.id': 'ref',
  'orgVdc.name': 'string', 'orgRef.id': 'ref', 'orgRef.name': 'string', orgVdcNetworkCount: 'number',
  'gatewayBacking.gatewayType': 'string', status: 'string',
};

export function edgeGatewayModel(sim: World, gw: EdgeGateway): Record<string, unknown> {
  const { store } = sim;
  const vdc = store.get('vdc', gw.vdcId);
  const org = store.get('org', gw.orgId);
  const vdcRef = ref(vdc?.name, urn('vdc', gw.vdcId));
  const first = gw.uplinks[0] && store.get('externalNetwork', gw.uplinks[0].externalNetworkId);
  const mgr = first ? store.get('nsxtManager', first.nsxtManagerId) : undefined;
  const cluster = mgr?.edgeClusters.find((e) => e.id === gw.edgeClusterId);
  return {
    status: 'REALIZED',
    id: urn('edgeGateway', gw.id),
    name: gw.name,
    description: gw.description,
    edgeGatewayUplinks: gw.uplinks.map((u) => {
      const ext = store.get('externalNetwork', u.externalNetworkId);
      return {
        uplinkId: urn('externalNetwork', u.externalNetworkId),
        uplinkName: ext?.name ?? '',
        subnets: {
          values: u.subnets.map((s) => {
            const extSubnet = ext?.subnets.find((x) => x.gateway === s.gateway && x.prefixLength === s.prefixLength);
            return {
              gateway: s.gateway,
              prefixLength: s.prefixLength,
              dnsSuffix: extSubnet?.dnsSuffix ?? '',
              dnsServer1: extSubnet?.dns1 ?? '',
              dnsServer2: extSubnet?.dns2 ?? '',
              ipRanges: { values: s.ipRanges.map((r) => ({ startAddress: r.start, endAddress: r.end })) },
              enabled: s.enabled,
              totalIpCount: subnetIpCount(s),
              usedIpCount: usedIpsOf(s).length,
              primaryIp: s.primaryIp,
              autoAllocateIpRanges: false,
            };
          }),
        },
        connected: true,
        quickAddAllocatedIpCount: null,
        dedicated: u.dedicated,
        vrfLiteBacked: false,
        backingType: 'NSXT_TIER0',
        usingIpSpace: false,
      };
    }),
    distributedRoutingEnabled: gw.distributedRoutingEnabled,
    orgVdcNetworkCount: networksOf(store, gw).length,
    gatewayBacking: {
      backingId: gw.id,
      gatewayType: 'NSXT_BACKED',
      networkProvider: ref(mgr?.name, urn('nsxtManager', mgr?.id ?? '')),
    },
    orgVdc: vdcRef,
    ownerRef: vdcRef,
    orgRef: ref(org?.name, urn('org', gw.orgId)),
    serviceNetworkDefinition: gw.serviceNetworkDefinition,
    edgeClusterConfig: {
      primaryEdgeCluster: { edgeClusterRef: ref(cluster?.name, `urn:vcloud:edgeCluster:${gw.edgeClusterId}`), backingId: gw.edgeClusterId },
      secondaryEdgeCluster: null,
    },
    usingIpSpace: false,
    nonDistributedRoutingEnabled: false,
  };
}
