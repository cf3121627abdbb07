/**
 * What the dashboard shows, as one JSON document: the inventory tree (orgs → VDCs → vApps → VMs with
 * power state), capacity per VDC and the latest tasks. Large inventories are cut to a bounded size, so
 * a refresh stays cheap whatever the fixture.
 */
import type { World } from '../world.js';
import { Status, type Network, type Task, type VApp, type Vdc, type VdcGroup, type Vm } from '../store/types.js';
import { vdcUsage, type CapacityOverride } from '../engine/capacity.js';
import { vappState } from '../resources/vapp/model.js';
import { vmsOf } from '../resources/vm/ops.js';
import { VERSION } from '../observe/version.js';
import { queryRows } from '../resources/query/rows.js';
import { gatewayServicesView, type GatewayServicesView } from './gateways.js';
import { poolSize } from '../lib/ippool.js';
import { networksOf, subnetIpCount, usedIpsOf } from '../resources/edgegateway/model.js';
import { groupNetworks } from '../resources/vdcgroup/model.js';

/** Most vApps listed per VDC, and in all; the rest are counted. */
const VAPPS_PER_VDC = 100;
const VAPPS_TOTAL = 500;

export type Power = 'on' | 'off' | 'suspended' | 'creating' | 'failed' | 'mixed' | 'unknown';

/** A limit of 0 means unlimited. `forced` marks a limit a fault has lowered. */
export interface Bar {
  used: number;
  limit: number;
  unit: string;
  forced?: boolean;
}

export interface VmNode {
  id: string;
  name: string;
  power: Power;
  busy: boolean;
  cpus: number;
  memoryMB: number;
  ip?: string;
  /** Size of the VM's snapshot, in MB, when it has one. */
  snapshotMB?: number;
}

export interface VAppNode {
  id: string;
  name: string;
  power: Power;
  busy: boolean;
  vms: VmNode[];
  /** Its vApp networks: name and fence mode (isolated, bridged, natRouted). */
  networks?: { name: string; fenceMode: string }[];
}

export interface VdcNode {
  id: string;
  name: string;
  allocationModel: string;
  /** What the VDC takes from its provider VDC (MHz, MB), whether it is enabled, and its compute policies. */
  allocation: { providerVdc?: string; cpuAllocatedMhz: number; cpuReservedMhz: number; memoryAllocatedMB: number; memoryReservedMB: number; enabled: boolean; computePolicies: string[] };
  capacity: { cpu: Bar; memory: Bar; storage: Bar; vms: Bar };
  vapps: VAppNode[];
  moreVapps: number;
  /** Org VDC networks with their static pool's use, and the edge gateways with the external addresses they hold. */
  networks: NetworkNode[];
  edgeGateways: GatewayNode[];
}

export interface NetworkNode {
  name: string;
  fenceMode: string;
  subnet: string;
  /** The edge gateway a routed network connects to. */
  edgeGateway?: string;
  ips: Bar;
}

export interface GatewayNode {
  name: string;
  busy: boolean;
  uplinks: string[];
  ips: Bar;
  networks: number;
}

export interface OrgNode {
  id: string;
  name: string;
  fullName: string;
  vdcs: VdcNode[];
  /** Its groups: where each comes from, the role its members hold, how many they are. */
  groups: { name: string; providerType: string; role: string; members: number }[];
  /** Its VDCs whose access control shares them with some of the org only. */
  restrictedVdcs: string[];
  /** Its NSX-T VDC groups, each with its VDCs and the networks it owns. */
  vdcGroups: VdcGroupNode[];
}

export interface VdcGroupNode {
  name: string;
  vdcs: string[];
  dfwEnabled: boolean;
  /** Rules of its distributed firewall's default policy. */
  dfwRules: number;
  /** Firewall groups it owns (IP sets, static and dynamic security groups), for its DFW rules. */
  firewallGroups: number;
  networks: NetworkNode[];
  edgeGateways: string[];
}

export interface TaskView {
  id: string;
  operationName: string;
  operation: string;
  status: string;
  progress: number;
  owner: string;
  ownerKind: string;
  org: string;
  startTime: string;
  endTime?: string;
  error?: string;
}

/** A provider VDC: what its org VDCs have allocated (CPU, memory) and use (storage) of its total. */
export interface ProviderVdcNode {
  id: string;
  name: string;
  vdcs: number;
  capacity: { cpu: Bar; memory: Bar; storage: Bar };
}

/** The provider side the tenants' VDCs come from (the fixture's `provider:` section). */
export interface ProviderView {
  providerVdcs: ProviderVdcNode[];
  vCenters: string[];
  nsxtManagers: string[];
  networkPools: string[];
  externalNetworks: string[];
  /** Named VM groups (VM placement) and logical VM groups. */
  vmGroups: string[];
}

export interface DashboardState {
  version: string;
  time: string;
  speed: number;
  counts: { orgs: number; vdcs: number; vApps: number; vms: number; poweredOn: number; activeTasks: number; disks: number; edgeGateways: number; catalogs: number; templates: number; vdcGroups: number };
  orgs: OrgNode[];
  provider: ProviderView;
  tasks: TaskView[];
  /** Edge gateways with their NAT and firewall rule counts. */
  gateways: GatewayServicesView[];
}

const POWER: Record<number, Power> = {
  [Status.FAILED_CREATION]: 'failed',
  [Status.UNRESOLVED]: 'creating',
  [Status.RESOLVED]: 'off',
  [Status.DEPLOYED]: 'on',
  [Status.SUSPENDED]: 'suspended',
  [Status.POWERED_ON]: 'on',
  [Status.POWERED_OFF]: 'off',
  [Status.MIXED]: 'mixed',
};
const power = (status: number): Power => POWER[status] ?? 'unknown';
const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'en', { numeric: true });

export function dashboardState(sim: World, recentTasks: Iterable<Task>): DashboardState {
  const { store } = sim;
  const busy = busyIds(sim);
  let budget = VAPPS_TOTAL;
  let poweredOn = 0;
  for (const vm of store.all('vm')) if (vm.status === Status.POWERED_ON) poweredOn++;
  const orgs = [...store.all('org')].sort(byName).map((org): OrgNode => ({
    id: org.id,
    name: org.name,
    fullName: org.fullName,
    vdcs: store.where('vdc', 'orgId', org.id).sort(byName).map((vdc) => {
      const all = store.where('vApp', 'vdcId', vdc.id).sort(byName);
      const shown = all.slice(0, Math.max(0, Math.min(VAPPS_PER_VDC, budget)));
      budget -= shown.length;
      return {
        id: vdc.id,
        name: vdc.name,
        allocationModel: vdc.allocationModel,
        allocation: allocation(sim, vdc),
        capacity: capacity(sim, vdc),
        vapps: shown.map((a) => vappNode(sim, a, busy)),
        moreVapps: all.length - shown.length,
        ...networkNodes(sim, vdc.id, busy),
      };
    }),
    groups: store.where('group', 'orgId', org.id).sort(byName).map((g) => ({
      name: g.name, providerType: g.providerType, role: store.get('role', g.roleId)?.name ?? '', members: g.memberIds.length,
    })),
    restrictedVdcs: store.where('vdc', 'orgId', org.id).filter((v) => v.acl && v.acl.everyone === undefined).map((v) => v.name).sort(),
    vdcGroups: store.where('vdcGroup', 'orgId', org.id).sort(byName).map((g) => vdcGroupNode(sim, g)),
  }));
  const tasks = [...recentTasks].reverse().map((t) => taskView(sim, t));
  return {
    version: VERSION,
    time: sim.clock.iso(),
    speed: sim.clock.speed,
    counts: {
      orgs: store.count('org'),
      vdcs: store.count('vdc'),
      vApps: store.count('vApp'),
      vms: store.count('vm'),
      poweredOn,
      activeTasks: sim.tasks.activeCount(),
      disks: store.count('disk'),
      edgeGateways: store.count('edgeGateway'),
      catalogs: store.count('catalog'),
      templates: store.count('vAppTemplate'),
      vdcGroups: store.count('vdcGroup'),
    },
    orgs,
    provider: providerView(sim),
    tasks,
    gateways: gatewayServicesView(sim),
  };
}

const names = (entities: Iterable<{ name: string }>) => [...entities].sort(byName).map((e) => e.name);

/** Provider VDC totals come from their query rows, which the query service keeps current. */
function providerView(sim: World): ProviderView {
  const { store } = sim;
  const rows = queryRows(store).rows('providerVdc');
  const n = (v: unknown) => (typeof v === 'number' ? v : 0);
  return {
    providerVdcs: [...store.all('providerVdc')].sort(byName).map((p) => {
      const v = rows.get(p.id)?.v ?? {};
      return {
        id: p.id,
        name: p.name,
        vdcs: n(v.numberOfVdcs),
        capacity: {
          cpu: { used: n(v.cpuAllocationMhz), limit: n(v.cpuLimitMhz), unit: 'MHz' },
          memory: { used: n(v.memoryAllocationMB), limit: n(v.memoryLimitMB), unit: 'MB' },
          storage: { used: n(v.storageUsedMB), limit: n(v.storageLimitMB), unit: 'MB' },
        },
      };
    }),
    vCenters: names(store.all('vCenter')),
    nsxtManagers: names(store.all('nsxtManager')),
    networkPools: names(store.all('networkPool')),
    externalNetworks: names(store.all('externalNetwork')),
    vmGroups: [...names(store.all('vmGroup')), ...names(store.all('logicalVmGroup'))],
  };
}

/** A VDC's networks (IP use of their static pools) and edge gateways (external addresses held and used). */
function networkNodes(sim: World, vdcId: string, busy: Set<string>): Pick<VdcNode, 'networks' | 'edgeGateways'> {
  const { store } = sim;
  // A VDC group's networks show under the group.
  const nets = store.where('network', 'vdcId', vdcId).filter((n) => !n.vdcGroupId).sort(byName);
  const gws = store.where('edgeGateway', 'vdcId', vdcId).sort(byName);
  return {
    networks: nets.map((n) => networkNode(sim, n)),
    edgeGateways: gws.map((g) => {
      const subnets = g.uplinks.flatMap((u) => u.subnets);
      return {
        name: g.name, busy: busy.has(g.id),
        uplinks: g.uplinks.map((u) => store.get('externalNetwork', u.externalNetworkId)?.name ?? u.externalNetworkId),
        ips: { used: subnets.reduce((k, s) => k + usedIpsOf(s).length, 0), limit: subnets.reduce((k, s) => k + subnetIpCount(s), 0), unit: 'IPs' },
        networks: networksOf(store, g).length,
      };
    }),
  };
}

function networkNode(sim: World, n: Network): NetworkNode {
  const gw = n.edgeGatewayId ? sim.store.get('edgeGateway', n.edgeGatewayId) : undefined;
  return {
    name: n.name, fenceMode: n.segmentId ? 'imported' : n.fenceMode, subnet: `${n.gateway}/${n.prefixLength}`,
    edgeGateway: gw?.name, ips: { used: n.allocatedIps.length, limit: poolSize(n), unit: 'IPs' },
  };
}

/** A VDC group: its VDCs, its DFW, the networks it owns and the edge gateways moved into it. */
function vdcGroupNode(sim: World, g: VdcGroup): VdcGroupNode {
  const { store } = sim;
  return {
    name: g.name,
    vdcs: g.vdcIds.map((id) => store.get('vdc', id)?.name ?? id),
    dfwEnabled: g.dfwEnabled,
    dfwRules: store.where('dfwRule', 'vdcGroupId', g.id).length,
    firewallGroups: store.where('firewallGroup', 'vdcGroupId', g.id).length,
    networks: groupNetworks(store, g).sort(byName).map((n) => networkNode(sim, n)),
    edgeGateways: store.where('edgeGateway', 'orgId', g.orgId).filter((gw) => gw.vdcGroupId === g.id).map((gw) => gw.name).sort(),
  };
}

/** Ids of the entities active tasks keep busy (owners, and the vApps of VM tasks), in one pass. */
function busyIds(sim: World): Set<string> {
  const ids = new Set<string>();
  if (!sim.tasks.activeCount()) return ids;
  for (const t of sim.store.all('task')) {
    if (!sim.tasks.isActive(t)) continue;
    ids.add(t.ownerId);
    if (t.parentId) ids.add(t.parentId);
  }
  return ids;
}

function vappNode(sim: World, vapp: VApp, busy: Set<string>): VAppNode {
  return {
    id: vapp.id,
    name: vapp.name,
    power: power(vappState(sim.store, vapp).status),
    busy: busy.has(vapp.id),
    vms: vmsOf(sim, vapp.id).map((vm) => vmNode(vm, busy)),
    networks: vapp.networks.map((n) => ({ name: n.name, fenceMode: n.fenceMode })),
  };
}

function vmNode(vm: Vm, busy: Set<string>): VmNode {
  return {
    id: vm.id,
    name: vm.name,
    power: power(vm.status),
    busy: busy.has(vm.id),
    cpus: vm.cpus,
    memoryMB: vm.memoryMB,
    ip: vm.nics.find((n) => n.primary)?.ip ?? vm.nics[0]?.ip,
    snapshotMB: vm.snapshot?.sizeMB,
  };
}

function allocation(sim: World, vdc: Vdc): VdcNode['allocation'] {
  return {
    providerVdc: vdc.providerVdcId ? sim.store.get('providerVdc', vdc.providerVdcId)?.name : undefined,
    cpuAllocatedMhz: vdc.cpu.allocated, cpuReservedMhz: vdc.cpu.reserved, memoryAllocatedMB: vdc.memory.allocated, memoryReservedMB: vdc.memory.reserved,
    enabled: vdc.isEnabled,
    computePolicies: (vdc.computePolicyIds ?? []).map((id) => sim.store.get('computePolicy', id)?.name ?? id).sort(),
  };
}

function capacity(sim: World, vdc: Vdc): VdcNode['capacity'] {
  const usage = vdcUsage(sim.store, vdc);
  const profiles = sim.store.where('storageProfile', 'vdcId', vdc.id);
  const storageLimit = profiles.length && profiles.every((p) => p.limitMB > 0) ? profiles.reduce((s, p) => s + p.limitMB, 0) : 0;
  const forced = [sim.capacity.capacityOverrides.get('*'), sim.capacity.capacityOverrides.get(vdc.id)].filter((o): o is CapacityOverride => Boolean(o));
  const bar = (used: number, limit: number, unit: string, key: keyof CapacityOverride): Bar => {
    const caps = forced.map((o) => o[key]).filter((x): x is number => x !== undefined);
    if (!caps.length) return { used, limit, unit };
    const cap = Math.min(...caps);
    return { used, limit: limit > 0 ? Math.min(limit, cap) : cap, unit, forced: true };
  };
  return {
    cpu: bar(usage.cpuUsedMhz, vdc.cpu.limit, 'MHz', 'cpuMhz'),
    memory: bar(usage.memoryUsedMB, vdc.memory.limit, 'MB', 'memoryMB'),
    storage: bar(usage.storageUsedMB, storageLimit, 'MB', 'storageMB'),
    vms: bar(usage.vmCount, vdc.vmQuota, 'VMs', 'vms'),
  };
}

function taskView(sim: World, t: Task): TaskView {
  return {
    id: t.id,
    operationName: t.operationName,
    operation: t.operation,
    status: t.status,
    progress: sim.tasks.progressOf(t),
    owner: t.ownerName,
    ownerKind: t.ownerKind,
    org: sim.store.get('org', t.orgId)?.name ?? '',
    startTime: t.startTime,
    endTime: t.endTime,
    error: t.error?.message,
  };
}
