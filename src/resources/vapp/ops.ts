/**
 * vApp operations: instantiate, compose, clone and recompose (entities appear at once in status 0 and
 * settle when their task succeeds), delete and update. Quotas are checked and reserved upfront.
 */
import { networksIn, vdcsOfNetwork } from '../vdcgroup/model.js';
import { newVmSizing } from '../computepolicy/model.js';
import type { Actor, World } from '../../world.js';
import type { IpSubnet, Nic, Task, VApp, Vdc, Vm, VmShape } from '../../store/types.js';
import { Status } from '../../store/types.js';
import { vappState } from './model.js';
import type { Doc } from '../../wire/xml.js';
import { badRequest, duplicateName } from '../../errors.js';
import { startTaskOn } from '../task/ops.js';
import { uuidOf } from '../../wire/links.js';
import { checkNewVms, reserveDeploy, vmStorageMB } from '../../engine/capacity.js';
import { canRead, canSeeOrg, requireRight, visible } from '../access.js';
import { RIGHTS } from '../../store/roles.js';
import { allocateIp, releaseIp, reserveIp } from '../network/ops.js';
import { DEFAULT_GUEST_CUSTOMIZATION } from '../vm/sections.js';
import { assertNotBusy, validatePatch, vmsOf, type VmPatch } from '../vm/ops.js';
import { guestFromSection, hardwareFromSection, hardwareFromSpec, nicsFromSection } from '../vm/params.js';
import { allocateOwnIp, ownSubnet, usedIps, vappNetworkId } from './networks.js';
import {
  validName, type CloneParams, type ComposeParams, type InstantiateParams, type NetworkConfigParam, type NewVmParam,
  type RecomposeParams, type Ref, type SourcedVmParam, type StandaloneVmParams, type VmSections,
} from './params.js';

type VAppNetwork = VApp['networks'][number];


function assertUniqueName(sim: World, vdc: Vdc, name: string, except?: string): void {
  if (sim.store.where('vApp', 'vdcId', vdc.id).some((a) => a.name === name && a.id !== except)) {
    throw duplicateName(`The VCD entity ${name} already exists.`);
  }
}

/**
 * vApp networks for the configs a request gives: isolated ones get VCD's default subnet when they bring
 * none; a parent network is an org VDC network (by href, id or name) the caller may use. A network
 * already in `old` (by name) keeps its id.
 */
function networksFrom(sim: World, actor: Actor, vdc: Vdc, configs: NetworkConfigParam[], old: { vappId: string; networks: VAppNetwork[] } = { vappId: '', networks: [] }): VAppNetwork[] {
  return configs.map((c) => {
    const before = old.networks.find((n) => n.name === c.name);
    const id = before ? vappNetworkId(old.vappId, before) : sim.store.newId();
    const common = { name: c.name, id, description: c.description, features: c.features };
    if (c.fenceMode === 'isolated') return { ...common, fenceMode: c.fenceMode, subnet: c.subnet ?? structuredClone(DEFAULT_ISOLATED_SUBNET) };
    if (!c.parent) throw badRequest(`The ${c.fenceMode} vApp network "${c.name}" needs a ParentNetwork.`);
    const parentId = uuidOf(c.parent.href) ?? uuidOf(c.parent.id);
    const net = parentId
      ? sim.store.get('network', parentId)
      : networksIn(sim.store, vdc.id).find((n) => n.name === c.parent!.name);
    if (!net || !canSeeOrg(actor, net.orgId) || (!vdcsOfNetwork(sim.store, net).includes(vdc.id) && !net.isShared)) {
      throw badRequest(`The parent network of vApp network "${c.name}" is not available in VDC "${vdc.name}".`);
    }
    if (c.fenceMode === 'bridged') return { name: c.name, id, description: c.description, networkId: net.id, fenceMode: c.fenceMode };
    return { ...common, networkId: net.id, fenceMode: c.fenceMode, subnet: c.subnet };
  });
}

/** The subnet VCD gives an isolated vApp network created without one. */
export const DEFAULT_ISOLATED_SUBNET: IpSubnet = {
  gateway: '192.168.254.1', prefixLength: 24, dns1: '', dns2: '', dnsSuffix: '',
  ipRanges: [{ start: '192.168.254.100', end: '192.168.254.199' }],
};

/**
 * Connects NICs to vApp networks and takes pool addresses. A NIC naming a network the vApp lacks gets it: a
 * bridged one for an org VDC network of that name, else an isolated one (a template's own vApp network).
 */
function connectNics(sim: World, vdc: Vdc, networks: VAppNetwork[], nics: Nic[], taken: { networkId: string; ip: string }[], used: (network: string) => Set<string>): Nic[] {
  return nics.map((nic) => {
    if (nic.network === 'none' || nic.mode === 'NONE') return { ...nic, ip: undefined, mode: 'NONE' };
    let net = networks.find((n) => n.name === nic.network);
    if (!net) {
      const org = networksIn(sim.store, vdc.id).find((n) => n.name === nic.network);
      net = org
        ? { name: org.name, id: sim.store.newId(), networkId: org.id, fenceMode: 'bridged' }
        : { name: nic.network, id: sim.store.newId(), fenceMode: 'isolated', subnet: structuredClone(DEFAULT_ISOLATED_SUBNET) };
      networks.push(net);
    }
    // Isolated and routed vApp networks hand out addresses of their own subnet.
    const own = ownSubnet(net);
    if (own && nic.mode !== 'DHCP') {
      const inUse = used(net.name);
      if (nic.mode === 'MANUAL') {
        if (nic.ip && inUse.has(nic.ip)) throw badRequest(`The IP address ${nic.ip} is already in use on vApp network "${net.name}".`);
        if (nic.ip) inUse.add(nic.ip);
        return nic;
      }
      if (nic.ip && !inUse.has(nic.ip)) {
        inUse.add(nic.ip);
        return nic;
      }
      return { ...nic, ip: allocateOwnIp(net, own, inUse) };
    }
    if (!net.networkId || nic.mode === 'DHCP') return { ...nic, ip: nic.mode === 'MANUAL' ? nic.ip : undefined };
    if (nic.mode === 'MANUAL') {
      reserveIp(sim, net.networkId, nic.ip);
      taken.push({ networkId: net.networkId, ip: nic.ip! });
      return nic;
    }
    if (nic.ip) return nic;
    const ip = allocateIp(sim, net.networkId);
    taken.push({ networkId: net.networkId, ip });
    return { ...nic, ip };
  });
}

/** A VM to create: where its shape comes from, and what the request overrides. */
interface NewVm {
  shape: VmShape;
  name: string;
  description?: string;
  patch: VmPatch;
  nicsSection?: Doc;
  storageProfileId?: string;
  needsCustomization: boolean;
}

function overridesFrom(sections: VmSections, shape: VmShape): { patch: VmPatch; nicsSection?: Doc } {
  const fromHw = hardwareFromSection(sections.hardware, shape);
  // Here a VirtualHardwareSection overrides the disks it lists and leaves the others (pyvcloud's disk_size
  // resizes a template VM's first disk this way); a VmSpecSection's DiskSection is the whole list.
  if (fromHw.disks) {
    const listed = new Set(fromHw.disks.map((d) => d.instanceId));
    fromHw.disks = [...shape.disks.filter((d) => !listed.has(d.instanceId)), ...fromHw.disks].sort((a, b) => a.instanceId - b.instanceId);
  }
  const patch: VmPatch = { ...fromHw, ...hardwareFromSpec(sections.spec, shape) };
  if (sections.guest) Object.assign(patch, guestFromSection(sections.guest, DEFAULT_GUEST_CUSTOMIZATION, shape.computerName));
  return { patch, nicsSection: sections.nics };
}

/** Resolves a SourcedItem's Source: a template VM, or a VM of a vApp the caller can see. */
function sourceShape(sim: World, actor: Actor, source: Ref): { shape: VmShape; storageProfileId?: string } {
  const href = source.href ?? '';
  const id = uuidOf(href);
  if (!id) throw badRequest('A SourcedItem needs Source@href.');
  if (!/\/vApp\/vm-/i.test(href)) {
    requireRight(actor, RIGHTS.templateInstantiate);
    for (const t of sim.store.all('vAppTemplate')) {
      const vm = t.vms.find((v) => v.id === id);
      if (vm && canRead(sim, actor, 'vAppTemplate', t)) return { shape: vm, storageProfileId: t.storageProfileId };
    }
    throw badRequest(`The source ${href} is not a template VM you can use.`);
  }
  const vm = visible(sim, actor, 'vm', id);
  return { shape: vm, storageProfileId: vm.storageProfileId };
}

function storageProfileFor(sim: World, vdc: Vdc, ref: Ref | undefined, fallback?: string): string | undefined {
  const profiles = sim.store.where('storageProfile', 'vdcId', vdc.id);
  const id = uuidOf(ref?.href);
  if (id || ref?.name) {
    const p = profiles.find((x) => (id ? x.id === id : x.name === ref!.name));
    if (!p) throw badRequest(`The storage profile ${ref!.href ?? ref!.name} is not available in VDC "${vdc.name}".`);
    return p.id;
  }
  return profiles.find((p) => p.id === fallback)?.id ?? profiles.find((p) => p.isDefault)?.id;
}

/** A VM copied from a source (instantiate, compose, recompose, standalone from a template). */
function fromSourcedItem(sim: World, actor: Actor, vdc: Vdc, item: SourcedVmParam, index: number): NewVm {
  const { shape, storageProfileId } = sourceShape(sim, actor, item.source);
  const { patch, nicsSection } = overridesFrom(item.sections, shape);
  Object.assign(patch, newVmSizing(sim, vdc, item.computePolicy));
  return {
    shape,
    name: item.name || item.source.name || shape.name || `vm-${index + 1}`,
    description: item.description,
    patch,
    nicsSection,
    storageProfileId: storageProfileFor(sim, vdc, item.storageProfile, storageProfileId),
    needsCustomization: item.needsCustomization,
  };
}

/** An empty VM described by its VmSpecSection and friends. */
function fromCreateItem(sim: World, vdc: Vdc, item: NewVmParam): NewVm {
  const { name } = item;
  const blank: VmShape = {
    name, description: '', osType: item.osType ?? 'other4xLinux64Guest', cpus: 1, coresPerSocket: 1,
    memoryMB: 1024, hardwareVersion: item.hardwareVersion ?? vdc.hardwareVersion, disks: [], nics: [],
    computerName: name.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 15), cpuHotAdd: false, memoryHotAdd: false,
  };
  const { patch, nicsSection } = overridesFrom(item.sections, blank);
  Object.assign(patch, newVmSizing(sim, vdc, item.computePolicy));
  return {
    shape: blank, name, description: item.description, patch, nicsSection,
    storageProfileId: storageProfileFor(sim, vdc, item.storageProfile), needsCustomization: true,
  };
}

type Taken = { networkId: string; ip: string }[];

/** Builds the VM entities (not yet stored): shapes, overrides, NICs with addresses. */
function buildVms(sim: World, vapp: VApp, vdc: Vdc, specs: NewVm[], taken: Taken, firstLocal: number): Vm[] {
  const names = new Set(vmsOf(sim, vapp.id).map((v) => v.name));
  // Addresses of own-subnet vApp networks: those the vApp's VMs hold, and those this request hands out.
  const inUse = new Map<string, Set<string>>();
  const used = (network: string) => {
    let set = inUse.get(network);
    if (!set) inUse.set(network, (set = usedIps(sim, vapp.id, network)));
    return set;
  };
  return specs.map((s, i) => {
    const name = validName(s.patch.name ?? s.name, 'VM');
    if (names.has(name)) throw badRequest(`A VM named "${name}" already exists in vApp "${vapp.name}".`);
    names.add(name);
    const vm: Vm = {
      ...structuredClone(s.shape),
      id: sim.store.newId(), vappId: vapp.id, vdcId: vdc.id, orgId: vapp.orgId, name,
      description: s.description ?? s.shape.description, status: Status.UNRESOLVED, deployed: false,
      localId: `vm-${firstLocal + i}`, storageProfileId: s.storageProfileId, needsCustomization: s.needsCustomization,
      guestCustomization: { ...DEFAULT_GUEST_CUSTOMIZATION }, created: sim.clock.iso(),
      nics: s.shape.nics.map((n) => ({ ...n, mac: sim.store.random.mac(), ip: undefined })),
      snapshot: undefined,
    };
    validatePatch(sim, vdc, vm, s.patch);
    Object.assign(vm, s.patch, { name });
    if (s.nicsSection) vm.nics = nicsFromSection(s.nicsSection, vm.nics, () => sim.store.random.mac());
    vm.nics = connectNics(sim, vdc, vapp.networks, vm.nics, taken, used);
    return vm;
  });
}

/** New VMs for a vApp, with every quota checked; addresses taken on the way are given back on refusal. */
function prepareVms(sim: World, vapp: VApp, vdc: Vdc, specs: NewVm[], firstLocal: number): Vm[] {
  const org = sim.store.get('org', vdc.orgId)!;
  const taken: Taken = [];
  try {
    const vms = buildVms(sim, vapp, vdc, specs, taken, firstLocal);
    const byProfile = new Map<string | undefined, Vm[]>();
    for (const vm of vms) byProfile.set(vm.storageProfileId, [...(byProfile.get(vm.storageProfileId) ?? []), vm]);
    for (const [profileId, group] of byProfile) checkNewVms(sim.capacity, vdc, org, group, profileId ? sim.store.get('storageProfile', profileId) : undefined);
    checkNewVms(sim.capacity, vdc, org, vms, undefined);
    return vms;
  } catch (e) {
    for (const t of taken) releaseIp(sim, t.networkId, t.ip);
    throw e;
  }
}

interface Creation {
  name: string;
  description: string;
  deploy: boolean;
  powerOn: boolean;
  networks: VAppNetwork[];
  vms: NewVm[];
  operationName: string;
  verb: string;
  /** Clone with IsSourceDelete: the source is removed when the task succeeds. */
  moveVAppId?: string;
  /** A standalone VM lives in a vApp of its own, marked autoNature. */
  autoNature?: boolean;
}

/** The shared path of instantiate, compose and clone: validate, reserve, create in status 0, start the task. */
function createVApp(sim: World, actor: Actor, vdc: Vdc, c: Creation): { vapp: VApp; vms: Vm[]; task: Task } {
  requireRight(actor, RIGHTS.vappCreate);
  if (!vdc.isEnabled || (vdc.status ?? 1) !== 1) throw badRequest(`VDC "${vdc.name}" is ${vdc.isEnabled ? 'not ready yet' : 'disabled'}: it takes no new vApps or VMs.`);
  assertUniqueName(sim, vdc, c.name);
  const vapp: VApp = {
    id: sim.store.newId(), vdcId: vdc.id, orgId: vdc.orgId, name: c.name, description: c.description,
    ownerId: actor.user!.id, status: Status.UNRESOLVED, deployed: false, networks: c.networks,
    deploymentLeaseSeconds: 0, storageLeaseSeconds: 0, autoNature: c.autoNature ?? false, created: sim.clock.iso(),
  };
  const vms = prepareVms(sim, vapp, vdc, c.vms, 1);
  const powerOn = c.deploy && c.powerOn;
  const reservation = powerOn ? reserveDeploy(sim.capacity, vdc, sim.store.get('org', vdc.orgId)!, vms) : undefined;
  sim.store.insert('vApp', vapp);
  for (const vm of vms) sim.store.insert('vm', vm);
  const task = startTaskOn(sim, actor, { vapp }, {
    operationName: c.operationName,
    verb: c.verb,
    vms: vms.length,
    diskGb: vms.reduce((s, vm) => s + vmStorageMB(vm), 0) / 1024,
    action: { type: 'createVApp', params: { vappId: vapp.id, powerOn, moveVAppId: c.moveVAppId } },
    reservation,
  });
  return { vapp, vms, task };
}

const vmsFrom = (sim: World, actor: Actor, vdc: Vdc, p: { sourced: SourcedVmParam[]; created: NewVmParam[] }): NewVm[] => [
  ...p.sourced.map((it, i) => fromSourcedItem(sim, actor, vdc, it, i)),
  ...p.created.map((it) => fromCreateItem(sim, vdc, it)),
];

export function instantiate(sim: World, actor: Actor, vdc: Vdc, p: InstantiateParams) {
  requireRight(actor, RIGHTS.templateInstantiate);
  const template = sim.store.get('vAppTemplate', uuidOf(p.template.href) ?? '');
  if (!template || !canRead(sim, actor, 'vAppTemplate', template)) {
    throw badRequest(`The vApp template ${p.template.href} does not exist or is not available to you.`);
  }
  const items = p.items.map((it, i) => fromSourcedItem(sim, actor, vdc, it, i));
  const bySource = new Map(items.map((it) => [it.shape, it]));
  const vms: NewVm[] = template.vms.map((tvm) => bySource.get(tvm) ?? {
    shape: tvm, name: tvm.name, patch: newVmSizing(sim, vdc, undefined), needsCustomization: false,
    storageProfileId: storageProfileFor(sim, vdc, undefined, template.storageProfileId),
  });
  return createVApp(sim, actor, vdc, {
    ...p,
    description: p.description ?? template.description,
    networks: networksFrom(sim, actor, vdc, p.networks ?? []),
    vms,
    operationName: 'vdcInstantiateVapp',
    verb: 'Creating',
  });
}

export function compose(sim: World, actor: Actor, vdc: Vdc, p: ComposeParams) {
  return createVApp(sim, actor, vdc, {
    ...p,
    description: p.description ?? '',
    networks: networksFrom(sim, actor, vdc, p.networks ?? []),
    vms: vmsFrom(sim, actor, vdc, p),
    operationName: 'vdcComposeVapp',
    verb: 'Creating',
  });
}

export function cloneVApp(sim: World, actor: Actor, vdc: Vdc, p: CloneParams) {
  const source = visible(sim, actor, 'vApp', uuidOf(p.source.href) ?? '');
  assertNotBusy(sim, 'vApp', source);
  if (p.moveSource && vappState(sim.store, source).deployed) {
    throw badRequest(`The requested operation could not be executed on vApp "${source.name}". Stop the vApp and try again.`);
  }
  return createVApp(sim, actor, vdc, {
    ...p,
    description: p.description ?? source.description,
    networks: p.networks ? networksFrom(sim, actor, vdc, p.networks) : structuredClone(source.networks).map((n) => ({ ...n, id: sim.store.newId() })),
    vms: vmsOf(sim, source.id).map((vm) => ({
      shape: vm, name: vm.name, description: vm.description, patch: {}, storageProfileId: vm.storageProfileId, needsCustomization: false,
    })),
    operationName: 'vdcCopyVapp',
    verb: 'Copying',
    moveVAppId: p.moveSource ? source.id : undefined,
  });
}

/** Standalone VMs (go-vcloud-director's CreateStandaloneVm*): createVm and instantiateVmFromTemplate. */
export function createStandaloneVm(sim: World, actor: Actor, vdc: Vdc, p: StandaloneVmParams) {
  const vm = 'source' in p.vm ? fromSourcedItem(sim, actor, vdc, p.vm, 0) : fromCreateItem(sim, vdc, p.vm);
  vm.name = validName(p.name ?? vm.name, 'VM');
  return createVApp(sim, actor, vdc, {
    name: vm.name,
    description: p.description ?? '',
    deploy: true,
    powerOn: p.powerOn,
    networks: [],
    vms: [vm],
    operationName: 'vdcInstantiateVapp',
    verb: 'Creating',
    autoNature: true,
  });
}

/** recomposeVApp: add (SourcedItem, CreateItem) and remove (DeleteItem) VMs, rename; 202 + Task. */
export function recompose(sim: World, actor: Actor, vapp: VApp, p: RecomposeParams): Task {
  requireRight(actor, RIGHTS.vappCreate);
  assertNotBusy(sim, 'vApp', vapp);
  const vdc = sim.store.get('vdc', vapp.vdcId)!;
  if (p.name !== undefined && p.name !== vapp.name) assertUniqueName(sim, vdc, p.name, vapp.id);
  const deletes = p.deletes.map((href) => {
    const vm = visible(sim, actor, 'vm', href);
    if (vm.vappId !== vapp.id) throw badRequest(`VM "${vm.name}" is not part of vApp "${vapp.name}".`);
    if (vm.deployed) throw badRequest(`The requested operation could not be executed on VM "${vm.name}". Stop the VM and try again.`);
    return vm;
  });
  const networks = [...vapp.networks];
  for (const n of networksFrom(sim, actor, vdc, p.networks)) if (!networks.some((x) => x.name === n.name)) networks.push(n);
  const firstLocal = vmsOf(sim, vapp.id).reduce((m, v) => Math.max(m, Number(v.localId.replace(/\D/g, '')) || 0), 0) + 1;
  const vms = prepareVms(sim, { ...vapp, networks }, vdc, vmsFrom(sim, actor, vdc, p), firstLocal);
  const powerOn = p.powerOn && p.deploy;
  const reservation = powerOn ? reserveDeploy(sim.capacity, vdc, sim.store.get('org', vapp.orgId)!, vms) : undefined;
  sim.store.update('vApp', vapp.id, { networks });
  for (const vm of vms) sim.store.insert('vm', vm);
  return startTaskOn(sim, actor, { vapp }, {
    operationName: 'vdcRecomposeVapp',
    verb: 'Updating',
    vms: vms.length + deletes.length,
    action: {
      type: 'recompose',
      params: { vappId: vapp.id, addedVmIds: vms.map((v) => v.id), deleteVmIds: deletes.map((v) => v.id), powerOn, name: p.name, description: p.description },
    },
    reservation,
  });
}

export function startDeleteVApp(sim: World, actor: Actor, vapp: VApp, force: boolean): Task {
  requireRight(actor, RIGHTS.vappDelete);
  assertNotBusy(sim, 'vApp', vapp);
  if (vappState(sim.store, vapp).deployed && !force) {
    throw badRequest(`The requested operation could not be executed on vApp "${vapp.name}". Stop the vApp and try again.`);
  }
  return startTaskOn(sim, actor, { vapp }, {
    operationName: 'vdcDeleteVapp',
    verb: 'Deleting',
    vms: vmsOf(sim, vapp.id).length,
    action: { type: 'deleteVApp', params: { vappId: vapp.id } },
  });
}

export type VAppPatch = Partial<Pick<VApp, 'name' | 'description' | 'networks' | 'deploymentLeaseSeconds' | 'storageLeaseSeconds' | 'productProperties'>>;

/** Rename / describe a vApp, or change its networks or leases (PUT of the vApp or of a section). */
export function startUpdateVApp(sim: World, actor: Actor, vapp: VApp, patch: VAppPatch): Task {
  requireRight(actor, RIGHTS.vappEdit);
  assertNotBusy(sim, 'vApp', vapp);
  if (patch.name !== undefined) {
    patch.name = validName(patch.name, 'vApp');
    assertUniqueName(sim, sim.store.get('vdc', vapp.vdcId)!, patch.name, vapp.id);
  }
  return startTaskOn(sim, actor, { vapp }, {
    operationName: 'vappUpdateVapp',
    verb: 'Updating',
    action: { type: 'updateVApp', params: { vappId: vapp.id, patch } },
  });
}

/** The vApp networks a PUT of NetworkConfigSection asks for; networks in use by a NIC must stay. */
export function networksFromSection(sim: World, actor: Actor, vapp: VApp, configs: NetworkConfigParam[]): VAppNetwork[] {
  const networks = networksFrom(sim, actor, sim.store.get('vdc', vapp.vdcId)!, configs, { vappId: vapp.id, networks: vapp.networks });
  assertNetworksRemovable(sim, vapp, networks);
  return networks;
}

/** A network a VM uses must stay, with the same fence mode, parent and subnet. */
export function assertNetworksRemovable(sim: World, vapp: VApp, networks: VAppNetwork[]): void {
  const inUse = new Set(vmsOf(sim, vapp.id).flatMap((vm) => vm.nics.map((n) => n.network)));
  for (const old of vapp.networks) {
    if (inUse.has(old.name) && !networks.some((n) => n.name === old.name)) {
      throw badRequest(`The vApp network "${old.name}" is in use by a VM and cannot be removed.`);
    }
    const now = networks.find((n) => n.name === old.name);
    const pool = (n: VAppNetwork) => `${n.fenceMode}/${n.networkId ?? ''}/${ownSubnet(n)?.gateway ?? ''}/${ownSubnet(n)?.prefixLength ?? ''}`;
    if (now && inUse.has(old.name) && pool(now) !== pool(old)) {
      throw badRequest(`The vApp network "${old.name}" is in use by a VM: its fence mode, parent network and subnet cannot change.`);
    }
  }
}
