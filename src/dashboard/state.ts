/**
 * What the dashboard shows, as one JSON document: the inventory tree (orgs → VDCs → vApps → VMs with
 * power state), capacity per VDC and the latest tasks. Large inventories are cut to a bounded size, so
 * a refresh stays cheap whatever the fixture.
 */
import type { World } from '../world.js';
import { Status, type Task, type VApp, type Vdc, type Vm } from '../store/types.js';
import { vdcUsage, type CapacityOverride } from '../engine/capacity.js';
import { vappState } from '../resources/vapp/model.js';
import { vmsOf } from '../resources/vm/ops.js';
import { VERSION } from '../observe/version.js';

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
}

export interface VAppNode {
  id: string;
  name: string;
  power: Power;
  busy: boolean;
  vms: VmNode[];
}

export interface VdcNode {
  id: string;
  name: string;
  allocationModel: string;
  capacity: { cpu: Bar; memory: Bar; storage: Bar; vms: Bar };
  vapps: VAppNode[];
  moreVapps: number;
}

export interface OrgNode {
  id: string;
  name: string;
  fullName: string;
  vdcs: VdcNode[];
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

export interface DashboardState {
  version: string;
  time: string;
  speed: number;
  counts: { orgs: number; vdcs: number; vApps: number; vms: number; poweredOn: number; activeTasks: number; disks: number; catalogs: number; templates: number };
  orgs: OrgNode[];
  tasks: TaskView[];
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
        capacity: capacity(sim, vdc),
        vapps: shown.map((a) => vappNode(sim, a, busy)),
        moreVapps: all.length - shown.length,
      };
    }),
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
      catalogs: store.count('catalog'),
      templates: store.count('vAppTemplate'),
    },
    orgs,
    tasks,
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
