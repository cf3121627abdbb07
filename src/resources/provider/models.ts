/** CloudAPI models of the provider side, as go-vcloud-director's types/v56/openapi.go reads them. */
import type { World } from '../../world.js';
import type { ExternalNetwork, NetworkPool, NsxtObject, VCenter } from '../../store/types.js';
import type { FieldType } from '../../lib/fiql.js';
import { urn } from '../links.js';
import { poolSize } from '../../lib/ippool.js';
import { externalUsedIpCount } from '../edgegateway/model.js';

export const VCENTER_FIELDS: Record<string, FieldType> = { name: 'string', vcId: 'string', isEnabled: 'boolean', url: 'string' };
export const EXTERNAL_NETWORK_FIELDS: Record<string, FieldType> = { name: 'string', id: 'string', description: 'string' };
export const NETWORK_POOL_FIELDS: Record<string, FieldType> = { name: 'string', id: 'string', poolType: 'string' };
export const TIER0_FIELDS: Record<string, FieldType> = { id: 'string', displayName: 'string' };
export const EDGE_CLUSTER_FIELDS: Record<string, FieldType> = { id: 'string', name: 'string' };

export function vCenterModel(v: VCenter) {
  return {
    vcId: urn('vCenter', v.id), name: v.name, description: v.description, username: v.username, password: '******', url: v.url,
    isEnabled: v.isEnabled, vsphereWebClientServerUrl: `${v.url}/ui`, hasProxy: false, rootFolder: null, vcNoneNetwork: null,
    tenantVisibleName: v.name, isConnected: true, mode: 'CLOUD_DIRECTOR', listenerState: 'CONNECTED', clusterHealthStatus: 'GREEN',
    vcVersion: v.version, buildNumber: null, uuid: v.instanceUuid, nsxVManager: null, proxyConfigurationUrn: null,
  };
}

const ref = (name: string, id: string) => ({ name, id });

export function externalNetworkModel(sim: World, n: ExternalNetwork) {
  const mgr = sim.store.get('nsxtManager', n.nsxtManagerId)!;
  const t0 = mgr.tier0Routers.find((t) => t.id === n.tier0RouterId);
  return {
    id: urn('externalNetwork', n.id), name: n.name, description: n.description,
    subnets: {
      values: n.subnets.map((s) => ({
        gateway: s.gateway, prefixLength: s.prefixLength, dnsSuffix: s.dnsSuffix, dnsServer1: s.dns1, dnsServer2: s.dns2, enabled: true,
        usedIpCount: externalUsedIpCount(sim.store, n.id, s), totalIpCount: s.ipRanges.reduce((sum, r) => sum + poolSize({ ...s, ipRanges: [r], allocatedIps: [] }), 0),
        ipRanges: { values: s.ipRanges.map((r) => ({ startAddress: r.start, endAddress: r.end })) },
      })),
    },
    networkBackings: {
      values: [{
        backingId: n.tier0RouterId, name: t0?.name ?? '', backingType: 'NSXT_TIER0', backingTypeValue: 'NSXT_TIER0',
        networkProvider: ref(mgr.name, urn('nsxtManager', mgr.id)),
      }],
    },
    totalIpCount: n.subnets.reduce((sum, s) => sum + poolSize({ ...s, allocatedIps: [] }), 0), usedIpCount: externalUsedIpCount(sim.store, n.id), dedicatedEdgeGateway: null, dedicatedOrg: null,
  };
}

export function networkPoolModel(sim: World, n: NetworkPool, summary: boolean) {
  const mgr = sim.store.get('nsxtManager', n.nsxtManagerId)!;
  const model = {
    status: 'REALIZED', id: urn('networkPool', n.id), name: n.name, description: n.description, poolType: 'GENEVE',
    promiscuousMode: false, totalBackingsCount: 0, usedBackingsCount: 0, managingOwnerRef: ref(mgr.name, urn('nsxtManager', mgr.id)),
  };
  if (summary) return model;
  return {
    ...model,
    backing: {
      vlanIdRanges: { values: [] }, vdsRefs: [], portGroupRefs: [],
      transportZoneRef: ref(n.transportZone, `tz-${n.id.slice(0, 8)}`), providerRef: ref(mgr.name, urn('nsxtManager', mgr.id)),
    },
  };
}

export const tier0Model = (t: NsxtObject) => ({ id: t.id, description: t.description, displayName: t.name });

export const edgeClusterModel = (e: NsxtObject) => ({
  id: e.id, name: e.name, description: e.description, nodeCount: 2, nodeType: 'EDGE_NODE', deploymentType: 'ACTIVE_STANDBY',
});
