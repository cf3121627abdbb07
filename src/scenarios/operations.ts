/**
 * Planned changes in a scenario: the `do` list of a step instantiates, powers, reconfigures and deletes
 * vApps on behalf of a tenant's user, through the same operations the API calls (quotas, busy checks,
 * rights, tasks and their rollback), without HTTP. Each attempt either starts a task or is refused as VCD
 * would refuse the request; the run keeps both for its report (`vcdsim whatif` sums them up).
 */
import type { ScenarioHost } from './host.js';
import type { Actor } from '../world.js';
import type { Org, Role, User, VApp, Vm } from '../store/types.js';
import { noAccess, VcdError } from '../errors.js';
import { isRecord, num, record, str, bool, duration, Issues, type Path } from '../lib/validate.js';
import { globToRegExp } from '../faults/match.js';
import { isSysAdmin } from '../resources/session/ops.js';
import { requireRight } from '../resources/access.js';
import { RIGHTS } from '../store/roles.js';
import { instantiate, startDeleteVApp } from '../resources/vapp/ops.js';
import { startPowerAction, startReconfigure, vmsOf, type PowerAction, type VmPatch } from '../resources/vm/ops.js';
import { findOrgId } from './checks.js';

export const OPERATIONS = ['instantiate', 'powerOn', 'powerOff', 'shutdown', 'undeploy', 'reconfigure', 'delete'] as const;
export type OperationName = (typeof OPERATIONS)[number];

export interface Operation {
  op: OperationName;
  org: string;
  /** The user acting (default: the org's first user allowed to create vApps). */
  user?: string;
  /** instantiate: the VDC, the template, the org VDC network, how many vApps and their names (`{i}` counts from 1). */
  vdc?: string;
  template?: string;
  network?: string;
  name?: string;
  count: number;
  powerOn?: boolean;
  /** Other operations: the vApps they act on, by name (a glob: `shop-*`). */
  vapp?: string;
  /** reconfigure: the VMs of those vApps (a glob, default every VM) and the new hardware. */
  vm?: string;
  cpus?: number;
  memoryMB?: number;
  /** reconfigure: grow the VM's first disk by this much. */
  growDiskMB?: number;
  /** delete: delete running vApps too (VCD's force). */
  force?: boolean;
  /** Spread the attempts evenly over this long (0: all at once). */
  spreadMs: number;
}

/** One attempt: a task started, or a request refused before any task. */
export interface Attempt {
  op: OperationName;
  target: string;
  /** When it was made (simulated ms; the run's report counts from its start). */
  at: number;
  taskId?: string;
  refused?: { status: number; minorCode: string; message: string };
}

const COMMON = ['org', 'user', 'spread'];
const KEYS: Record<OperationName, string[]> = {
  instantiate: [...COMMON, 'vdc', 'template', 'network', 'name', 'count', 'powerOn'],
  powerOn: [...COMMON, 'vapp'],
  powerOff: [...COMMON, 'vapp'],
  shutdown: [...COMMON, 'vapp'],
  undeploy: [...COMMON, 'vapp'],
  reconfigure: [...COMMON, 'vapp', 'vm', 'cpus', 'memoryMB', 'growDiskMB'],
  delete: [...COMMON, 'vapp', 'force'],
};

export function parseOperation(v: unknown, path: Path, issues: Issues): Operation | undefined {
  if (!isRecord(v) || Object.keys(v).length !== 1) {
    return issues.add(path, `each do item is a mapping with one operation: ${OPERATIONS.join(', ')}`);
  }
  const [name, arg] = Object.entries(v)[0];
  const at = [...path, name];
  if (!(OPERATIONS as readonly string[]).includes(name)) return issues.add(at, `unknown operation "${name}" (one of: ${OPERATIONS.join(', ')})`);
  const op = name as OperationName;
  const a = record(arg, at, issues, KEYS[op]);
  if (!a) return undefined;
  const s = (k: string, required = false) => (a[k] === undefined ? (required ? str(undefined, [...at, k], issues) : undefined) : str(a[k], [...at, k], issues));
  const n = (k: string, min: number) => (a[k] === undefined ? undefined : num(a[k], [...at, k], issues, { min, integer: true }));
  const out: Operation = {
    op, org: s('org', true) ?? '', user: s('user'), count: 1,
    spreadMs: a.spread === undefined ? 0 : duration(a.spread, [...at, 'spread'], issues) ?? 0,
  };
  if (op === 'instantiate') {
    Object.assign(out, { vdc: s('vdc', true), template: s('template', true), network: s('network'), name: s('name', true) });
    out.count = n('count', 1) ?? 1;
    if (out.count > 10_000) issues.add([...at, 'count'], 'must be at most 10000');
    if (a.powerOn !== undefined) out.powerOn = bool(a.powerOn, [...at, 'powerOn'], issues);
    if (out.count > 1 && out.name && !out.name.includes('{i}')) issues.add([...at, 'name'], 'several vApps need distinct names: put {i} in the name (shop-{i})');
  } else {
    out.vapp = s('vapp', true);
    if (op === 'reconfigure') {
      Object.assign(out, { vm: s('vm'), cpus: n('cpus', 1), memoryMB: n('memoryMB', 4), growDiskMB: n('growDiskMB', 1) });
      if (out.cpus === undefined && out.memoryMB === undefined && out.growDiskMB === undefined) issues.add(at, 'reconfigure needs cpus, memoryMB or growDiskMB');
    }
    if (op === 'delete' && a.force !== undefined) out.force = bool(a.force, [...at, 'force'], issues);
  }
  return out.org ? out : undefined;
}

/** The acting user, as the session stage would make it for their requests. */
function actorOf(sim: ScenarioHost, spec: Operation): Actor {
  const { store } = sim;
  const orgId = findOrgId(sim, spec.org);
  const org = store.get('org', orgId) as Org;
  const users = store.where('user', 'orgId', orgId);
  const roleOf = (u: User) => store.get('role', u.roleId) as Role | undefined;
  const user = spec.user
    ? users.find((u) => u.name.toLowerCase() === spec.user!.toLowerCase())
    : users.find((u) => roleOf(u)?.rights.includes(RIGHTS.vappCreate));
  if (!user) throw new Error(spec.user ? `org ${spec.org} has no user "${spec.user}"` : `org ${spec.org} has no user who may create vApps`);
  const role = roleOf(user);
  if (!role) throw new Error(`user ${user.name} of org ${spec.org} has no role`);
  return { user, org, role, isSysAdmin: isSysAdmin({ org, role }) };
}

function byName<T extends { name: string }>(items: T[], name: string): T | undefined {
  const want = name.toLowerCase();
  return items.find((x) => x.name.toLowerCase() === want);
}

/** Checks what the operation names exists (org, user, VDC, template, network) before the run starts. */
export function preflightOperation(sim: ScenarioHost, spec: Operation): void {
  const actor = actorOf(sim, spec);
  if (spec.op === 'instantiate') resolveInstantiate(sim, actor, spec);
}

function resolveInstantiate(sim: ScenarioHost, actor: Actor, spec: Operation) {
  const { store } = sim;
  const orgId = actor.org!.id;
  const vdc = byName(store.where('vdc', 'orgId', orgId), spec.vdc!);
  if (!vdc) throw new Error(`org ${spec.org} has no VDC named "${spec.vdc}"`);
  const template = byName([...store.all('vAppTemplate')].filter((t) => t.orgId === orgId || store.get('catalog', t.catalogId)?.isPublished), spec.template!);
  if (!template) throw new Error(`org ${spec.org} sees no vApp template named "${spec.template}"`);
  const networks = store.where('network', 'vdcId', vdc.id).concat([...store.all('network')].filter((n) => n.orgId === orgId && n.isShared && n.vdcId !== vdc.id));
  const network = spec.network === undefined ? undefined : byName(networks, spec.network);
  if (spec.network !== undefined && !network) throw new Error(`VDC ${spec.vdc} has no network named "${spec.network}"`);
  return { vdc, template, network };
}

/** Starts the operation's attempts (now, or spread over its window); returns a line of progress. */
export function runOperation(sim: ScenarioHost, spec: Operation, record: (a: Attempt) => void, schedule: (at: number, fn: () => void) => void): string {
  const actor = actorOf(sim, spec);
  const start = sim.clock.now();
  const attempt = (target: string, fn: () => { id: string }) => {
    const a: Attempt = { op: spec.op, target, at: sim.clock.now() };
    try {
      a.taskId = fn().id;
    } catch (e) {
      if (!(e instanceof VcdError)) throw e;
      a.refused = { status: e.status, minorCode: e.minorCode, message: e.message };
    }
    record(a);
  };
  const spreadOver = <T>(items: T[], each: (x: T, i: number) => void) => {
    items.forEach((x, i) => {
      if (spec.spreadMs > 0 && i > 0) schedule(start + (i * spec.spreadMs) / items.length, () => each(x, i));
      else each(x, i);
    });
  };
  const over = spec.spreadMs ? ` over ${Math.round(spec.spreadMs / 1000)}s` : '';
  if (spec.op === 'instantiate') {
    const { vdc, template, network } = resolveInstantiate(sim, actor, spec);
    const names = Array.from({ length: spec.count }, (_, i) => spec.name!.replaceAll('{i}', String(i + 1)));
    spreadOver(names, (name) => attempt(name, () => {
      const networks = network
        ? template.networks.map((n) => ({ name: n, fenceMode: 'bridged' as const, parent: { id: network.id } }))
        : undefined;
      return instantiate(sim, actor, vdc, {
        name, deploy: true, powerOn: spec.powerOn ?? false, template: { href: `urn:vcloud:vapptemplate:${template.id}` }, items: [], networks,
      }).task;
    }));
    return `instantiate ${spec.count} × ${spec.template} in ${spec.org}/${spec.vdc}${over}`;
  }
  // The vApps are chosen when the operation runs: those that exist by then.
  const pattern = globToRegExp(spec.vapp!);
  const orgId = actor.org!.id;
  const vapps = sim.store.where('vApp', 'orgId', orgId).filter((v) => pattern.test(v.name)).sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  const label = `${spec.op} ${vapps.length} vApps matching ${spec.vapp} in ${spec.org}${over}`;
  if (spec.op === 'reconfigure') {
    const vmPattern = spec.vm ? globToRegExp(spec.vm) : undefined;
    const targets: { vapp: VApp; vm: Vm }[] = [];
    for (const vapp of vapps) for (const vm of vmsOf(sim, vapp.id)) if (!vmPattern || vmPattern.test(vm.name)) targets.push({ vapp, vm });
    spreadOver(targets, (t) => attempt(`${t.vapp.name}/${t.vm.name}`, () => {
      const vapp = current(sim, 'vApp', t.vapp.id);
      const vm = current(sim, 'vm', t.vm.id);
      const patch: VmPatch = {};
      if (spec.cpus !== undefined) {
        requireRight(actor, RIGHTS.vmEditCpu);
        patch.cpus = spec.cpus;
        if (spec.cpus % vm.coresPerSocket !== 0) patch.coresPerSocket = 1;
      }
      if (spec.memoryMB !== undefined) {
        requireRight(actor, RIGHTS.vmEditMemory);
        patch.memoryMB = spec.memoryMB;
      }
      if (spec.growDiskMB !== undefined && vm.disks.length) {
        requireRight(actor, RIGHTS.vmEditDisk);
        patch.disks = vm.disks.map((d, i) => (i === 0 ? { ...d, sizeMB: d.sizeMB + spec.growDiskMB! } : d));
      }
      return startReconfigure(sim, actor, vapp, vm, patch);
    }));
    return label.replace(`${vapps.length} vApps`, `${targets.length} VMs of ${vapps.length} vApps`);
  }
  spreadOver(vapps, (v) => attempt(v.name, () => {
    const vapp = current(sim, 'vApp', v.id);
    if (spec.op === 'delete') return startDeleteVApp(sim, actor, vapp, spec.force ?? false);
    requireRight(actor, RIGHTS.vappPower);
    const action = spec.op as PowerAction;
    return startPowerAction(sim, actor, { vapp }, action, action === 'undeploy' ? { undeployAction: 'powerOff' } : {});
  }));
  return label;
}

/** An entity as it is now (it may have changed, or gone, since the operation chose it). */
function current<K extends 'vApp' | 'vm'>(sim: ScenarioHost, kind: K, id: string): K extends 'vApp' ? VApp : Vm {
  const e = sim.store.get(kind, id);
  if (!e) throw noAccess(kind === 'vApp' ? 'vApp' : 'vm', id);
  return e as K extends 'vApp' ? VApp : Vm;
}
