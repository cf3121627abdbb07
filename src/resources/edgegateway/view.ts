/** The CloudAPI edge gateway model, as go-vcloud-director's types.OpenAPIEdgeGateway reads it. */
import type { World } from '../../world.js';
import type { EdgeGateway } from '../../store/types.js';
import type { FieldType } from '../../lib/fiql.js';
import { hrefOf, urn } from '../links.js';
import { netmaskOf } from '../../lib/ippool.js';
import { MT } from '../../wire/media.js';
import { link, ref as xmlRef } from '../../wire/links.js';
import type { Rendered } from '../../wire/render.js';
import { PMT } from '../provider/kind.js';
import { networksOf, subnetIpCount, usedIpsOf } from './model.js';
import { EGW_MT } from './kind.js';

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
  const group = gw.vdcGroupId ? store.get('vdcGroup', gw.vdcGroupId) : undefined;
  const first = gw.uplinks[0] && store.get('externalNetwork', gw.uplinks[0].externalNetworkId);
  const mgr = first ? store.get('nsxtManager', first.nsxtManagerId) : undefined;
  const cluster = mgr?.edgeClusters.find((e) => e.id === gw.edgeClusterId);
  const running = sim.tasks.activeFor(gw.id)[0];
  return {
    status: !running ? 'REALIZED' : running.operationName === 'edgeGatewayCreate' ? 'PENDING' : 'CONFIGURING',
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
    ownerRef: group ? ref(group.name, urn('vdcGroup', group.id)) : vdcRef,
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

/** The legacy EdgeGateway document (`/api/admin/edgeGateway/{id}`): NSX-T backing, uplink interfaces with their sub-allocations. */
export function edgeGatewayView(sim: World, base: string, gw: EdgeGateway): Rendered {
  const { store } = sim;
  const href = hrefOf(base, 'edgeGateway', gw.id);
  const running = sim.tasks.activeFor(gw.id).length > 0;
  const interfaces = [
    ...gw.uplinks.map((u) => {
      const ext = store.get('externalNetwork', u.externalNetworkId);
      return {
        Name: ext?.name ?? u.externalNetworkId,
        DisplayName: ext?.name ?? u.externalNetworkId,
        Network: xmlRef(hrefOf(base, 'externalNetwork', u.externalNetworkId), PMT.externalNetwork, ext?.name ?? '', urn('externalNetwork', u.externalNetworkId)),
        InterfaceType: 'uplink',
        SubnetParticipation: u.subnets.map((s) => ({
          Gateway: s.gateway,
          Netmask: netmaskOf(s.prefixLength),
          IpAddress: s.primaryIp || undefined,
          IpRanges: s.ipRanges.length ? { IpRange: s.ipRanges.map((r) => ({ StartAddress: r.start, EndAddress: r.end })) } : undefined,
        })),
        UseForDefaultRoute: true,
      };
    }),
    ...networksOf(store, gw).map((n) => ({
      Name: n.name,
      DisplayName: n.name,
      Network: xmlRef(hrefOf(base, 'network', n.id), MT.orgVdcNetwork, n.name, urn('network', n.id)),
      InterfaceType: 'internal',
      SubnetParticipation: [{ Gateway: n.gateway, Netmask: netmaskOf(n.prefixLength), IpAddress: n.gateway }],
      UseForDefaultRoute: false,
    })),
  ];
  return {
    root: 'EdgeGateway',
    type: EGW_MT,
    body: {
      '@_href': href,
      '@_type': EGW_MT,
      '@_id': urn('edgeGateway', gw.id),
      '@_name': gw.name,
      '@_status': running ? 0 : 1,
      Link: [link('up', `${base}/api/admin/vdc/${gw.vdcId}`, MT.adminVdc)],
      Description: gw.description,
      Configuration: {
        GatewayBackingConfig: 'compact',
        GatewayInterfaces: { GatewayInterface: interfaces },
        HaEnabled: false,
        UseDefaultRouteForDnsRelay: false,
        AdvancedNetworkingEnabled: true,
        DistributedRoutingEnabled: gw.distributedRoutingEnabled,
      },
    },
  };
}
