/** CloudAPI JSON models: Org, Vdc, VdcNetwork, User, Role and Right, with VCD's property names. */
import { createHash } from 'node:crypto';
import type { World } from '../../world.js';
import type { Network, Org, Role, User, Vdc } from '../../store/types.js';
import { SYSTEM_ADMINISTRATOR } from '../../store/roles.js';
import { urn } from '../links.js';
import { poolSize } from '../../lib/ippool.js';
import { queryRows } from '../query/rows.js';
import type { Model } from './paging.js';

const entityRef = (name: string | undefined, id: string) => ({ name: name ?? null, id });

/** The System org manages every other org. */
const systemOrg = (sim: World) => [...sim.store.all('org')].find((o) => o.name.toLowerCase() === 'system');

export function orgModel(sim: World, org: Org): Model {
  const { store } = sim;
  const rows = queryRows(sim.store);
  const counts = rows.rows('org').get(org.id)?.v ?? {};
  const runningVMCount = store.where('vdc', 'orgId', org.id)
    .reduce((n, vdc) => n + Number(rows.rows('vdc').get(vdc.id)?.v.numberOfRunningVMs ?? 0), 0);
  const system = systemOrg(sim);
  const isSystem = system?.id === org.id;
  return {
    id: urn('org', org.id),
    name: org.name,
    displayName: org.fullName,
    description: org.description,
    isEnabled: org.isEnabled,
    orgVdcCount: counts.numberOfVdcs ?? 0,
    catalogCount: counts.numberOfCatalogs ?? 0,
    vappCount: counts.numberOfVApps ?? 0,
    runningVMCount,
    userCount: store.where('user', 'orgId', org.id).length,
    diskCount: counts.numberOfDisks ?? 0,
    canManageOrgs: isSystem,
    canPublish: true,
    maskedEventTaskUsername: null,
    directlyManagedOrgCount: isSystem ? store.count('org') - 1 : 0,
    managedBy: system && !isSystem ? entityRef(system.name, urn('org', system.id)) : null,
  };
}

export const ORG_FIELDS = {
  id: 'ref', name: 'string', displayName: 'string', description: 'string', isEnabled: 'boolean', orgVdcCount: 'number',
  catalogCount: 'number', vappCount: 'number', runningVMCount: 'number', userCount: 'number', diskCount: 'number',
  canManageOrgs: 'boolean', canPublish: 'boolean', directlyManagedOrgCount: 'number', 'managedBy.name': 'string',
  'managedBy.id': 'ref',
} as const;

export function vdcModel(sim: World, vdc: Vdc): Model {
  const org = sim.store.get('org', vdc.orgId);
  return {
    id: urn('vdc', vdc.id),
    name: vdc.name,
    description: vdc.description,
    allocationType: vdc.allocationModel,
    org: entityRef(org?.name, urn('org', vdc.orgId)),
    isEnabled: vdc.isEnabled,
  };
}

export const VDC_FIELDS = {
  id: 'ref', name: 'string', description: 'string', allocationType: 'string', 'org.name': 'string', 'org.id': 'ref',
  isEnabled: 'boolean',
} as const;

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

export function userModel(sim: World, u: User): Model {
  const org = sim.store.get('org', u.orgId);
  const role = sim.store.get('role', u.roleId);
  const counts = queryRows(sim.store).rows('user').get(u.id)?.v ?? {};
  return {
    username: u.name,
    fullName: u.fullName,
    description: '',
    id: urn('user', u.id),
    roleEntityRefs: role ? [entityRef(role.name, urn('role', role.id))] : [],
    orgEntityRef: entityRef(org?.name, urn('org', u.orgId)),
    password: null,
    email: u.email,
    nameInSource: u.name,
    enabled: u.isEnabled,
    isGroupRole: false,
    providerType: 'LOCAL',
    locked: false,
    stranded: false,
    deployedVmCount: counts.numberOfDeployedVMs ?? 0,
    storedVmCount: counts.numberOfStoredVMs ?? 0,
    deployedVmQuota: 0,
    storedVmQuota: 0,
  };
}

export const USER_FIELDS = {
  id: 'ref', username: 'string', fullName: 'string', description: 'string', email: 'string', nameInSource: 'string',
  enabled: 'boolean', isGroupRole: 'boolean', providerType: 'string', locked: 'boolean', stranded: 'boolean',
  'orgEntityRef.name': 'string', 'orgEntityRef.id': 'ref', deployedVmCount: 'number', storedVmCount: 'number',
} as const;

export function roleModel(r: Role): Model {
  return {
    name: r.name,
    id: urn('role', r.id),
    description: r.description,
    bundleKey: 'com.vmware.vcloud.undefined.key',
    readOnly: r.name === SYSTEM_ADMINISTRATOR,
  };
}

export const ROLE_FIELDS = { id: 'ref', name: 'string', description: 'string', bundleKey: 'string', readOnly: 'boolean' } as const;

/**
 * Rights have no ids in the state: each gets a name-based UUID (RFC 4122 version 5 style, SHA-1), so the
 * same right keeps the same URN across runs and simulators.
 */
export function nameUuid(namespace: string, name: string): string {
  const h = createHash('sha1').update(`${namespace}:${name}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export function rightModel(name: string): Model {
  const category = name.split(':')[0].trim();
  return {
    name,
    id: `urn:vcloud:right:${nameUuid('right', name)}`,
    description: name,
    bundleKey: `RIGHT_${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`,
    category: `urn:vcloud:rightsCategory:${nameUuid('rightsCategory', category)}`,
    serviceNamespace: 'com.vmware.vcloud',
    rightType: /\bview\b/i.test(name) ? 'VIEW' : 'MODIFY',
  };
}

export const RIGHT_FIELDS = {
  id: 'ref', name: 'string', description: 'string', bundleKey: 'string', category: 'string', serviceNamespace: 'string',
  rightType: 'string',
} as const;
