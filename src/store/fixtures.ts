/**
 * Inventories are data: a fixture file (YAML or JSON) describes orgs, users, VDCs, networks, catalogs and
 * running vApps; this module turns it into a state snapshot. Ids come from the store's seeded generator in
 * file order (an org's vApps after its catalogs, so adding vApps never renumbers the rest).
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { Random } from '../lib/random.js';
import { freeIps } from '../lib/ippool.js';
import { PREDEFINED_ROLES } from './roles.js';
import type {
  AllocationModel, Catalog, CatalogItem, FenceMode, LatencyModel, Network, Nic, Org, Role, Snapshot, StorageProfile, TemplateVm, User,
  VApp, VAppTemplate, Vdc, Vm,
} from './types.js';
import { Status } from './types.js';

export interface FixtureVm {
  name: string;
  description?: string;
  os?: string;
  cpus?: number;
  coresPerSocket?: number;
  memoryMB?: number;
  disksMB?: number[];
  nics?: number;
  hardwareVersion?: string;
  /** Guest computer name (default: the name, cut to 15 characters). */
  computerName?: string;
  /** VM storage profile of the VDC, by name (default: the VDC's default profile). vApp VMs only. */
  storageProfile?: string;
  /** NICs one by one, instead of `nics`: network (vApp VMs: an org VDC network of the VDC), exact IP and MAC. */
  nicList?: FixtureNic[];
}

/** One NIC as a captured inventory knows it. */
export interface FixtureNic {
  network?: string;
  ip?: string;
  mac?: string;
  mode?: Nic['mode'];
  connected?: boolean;
  adapter?: string;
  primary?: boolean;
  /** The vApp network's name when it differs from the org VDC network it is bridged to (vApp VMs). */
  vappNetwork?: string;
}

/** How a fixture VM is running: on (deployed), off (undeployed) or suspended (deployed). */
export type FixturePower = 'on' | 'off' | 'suspended';

/** A running vApp in a VDC. VM NICs join `network` (an org VDC network of the VDC) with pool addresses. */
export interface FixtureVApp {
  name: string;
  description?: string;
  /** A user of the org; the org's first user when absent. */
  owner?: string;
  /** Org VDC network for the VMs' NICs; the VDC's first network when absent, `none` for no network. */
  network?: string;
  /** Default power state of the VMs (off when absent). */
  power?: FixturePower;
  vms: (FixtureVm & { network?: string; power?: FixturePower })[];
  /** Lease settings in seconds (default 0: never). */
  deploymentLeaseSeconds?: number;
  storageLeaseSeconds?: number;
}

export interface FixtureFile {
  site?: { name?: string };
  /** Per-operation task durations (simulated ms), overriding engine/latency.ts defaults. */
  latency?: Record<string, Partial<LatencyModel>>;
  orgs: {
    name: string;
    fullName?: string;
    description?: string;
    isEnabled?: boolean;
    deployedVmQuota?: number;
    storedVmQuota?: number;
    users?: { name: string; password: string; role: string; fullName?: string; email?: string }[];
    vdcs?: {
      name: string;
      description?: string;
      allocationModel?: AllocationModel;
      cpu?: { allocatedMhz?: number; limitMhz?: number; reservedMhz?: number };
      memory?: { allocatedMB?: number; limitMB?: number; reservedMB?: number };
      vCpuInMhz?: number;
      vmQuota?: number;
      nicQuota?: number;
      networkQuota?: number;
      hardwareVersion?: string;
      storageProfiles?: { name: string; limitMB?: number; default?: boolean }[];
      networks?: {
        name: string;
        description?: string;
        fenceMode?: FenceMode;
        gateway: string;
        prefixLength?: number;
        dns1?: string;
        dns2?: string;
        dnsSuffix?: string;
        ipRanges?: { start: string; end: string }[];
        shared?: boolean;
      }[];
      vapps?: FixtureVApp[];
    }[];
    catalogs?: {
      name: string;
      description?: string;
      vdc: string;
      owner?: string;
      published?: boolean;
      templates?: { name: string; description?: string; network?: string; vms: FixtureVm[] }[];
    }[];
  }[];
}

export class FixtureError extends Error {}

export function readFixtureFile(path: string): FixtureFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new FixtureError(`Cannot read fixture ${path}: ${(e as Error).message}`);
  }
  try {
    const data = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    if (!data || !Array.isArray(data.orgs)) throw new Error('the top level must have an `orgs` list');
    return data as FixtureFile;
  } catch (e) {
    throw new FixtureError(`Fixture ${path} is not valid: ${(e as Error).message}`);
  }
}

const VALID_ALLOCATION: AllocationModel[] = ['AllocationVApp', 'AllocationPool', 'ReservationPool', 'Flex'];

/** Builds the snapshot a fixture describes. `now` stamps creation dates. */
export function buildFromFixture(fx: FixtureFile, random: Random, now: string): Snapshot {
  const snap: Snapshot = {
    version: 1, org: [], role: [], user: [], vdc: [], storageProfile: [], catalog: [], catalogItem: [],
    vAppTemplate: [], network: [], vApp: [], vm: [], task: [], session: [],
  };
  const fail = (where: string, what: string) => {
    throw new FixtureError(`Fixture error at ${where}: ${what}`);
  };
  const roles = new Map<string, Role>();
  for (const r of PREDEFINED_ROLES) {
    const role: Role = { id: random.uuid(), name: r.name, description: r.description, rights: [...r.rights] };
    roles.set(r.name, role);
    snap.role.push(role);
  }
  const pools = new NetworkPools();
  const orgNames = new Set<string>();
  fx.orgs.forEach((o, oi) => {
    const at = `orgs[${oi}]`;
    if (!o.name) fail(at, 'an org needs a name');
    if (orgNames.has(o.name.toLowerCase())) fail(at, `duplicate org name ${o.name}`);
    orgNames.add(o.name.toLowerCase());
    const org: Org = {
      id: random.uuid(), name: o.name, fullName: o.fullName ?? o.name, description: o.description ?? '',
      isEnabled: o.isEnabled ?? true, deployedVmQuota: o.deployedVmQuota ?? 0, storedVmQuota: o.storedVmQuota ?? 0,
      created: now,
    };
    snap.org.push(org);
    const users = new Map<string, User>();
    (o.users ?? []).forEach((u, ui) => {
      const role = roles.get(u.role);
      if (!role) fail(`${at}.users[${ui}]`, `unknown role "${u.role}" (one of: ${[...roles.keys()].join(', ')})`);
      if (!u.name || u.password === undefined) fail(`${at}.users[${ui}]`, 'a user needs name and password');
      const user: User = {
        id: random.uuid(), orgId: org.id, name: u.name, fullName: u.fullName ?? u.name,
        email: u.email ?? `${u.name}@${o.name.toLowerCase()}.example`, password: String(u.password), roleId: role!.id,
        isEnabled: true,
      };
      users.set(u.name, user);
      snap.user.push(user);
    });
    const vdcs = new Map<string, Vdc>();
    (o.vdcs ?? []).forEach((v, vi) => {
      const vat = `${at}.vdcs[${vi}]`;
      const model = v.allocationModel ?? 'AllocationVApp';
      if (!VALID_ALLOCATION.includes(model)) fail(vat, `allocationModel must be one of ${VALID_ALLOCATION.join(', ')}`);
      const vdc: Vdc = {
        id: random.uuid(), orgId: org.id, name: v.name, description: v.description ?? '', allocationModel: model,
        cpu: { allocated: v.cpu?.allocatedMhz ?? 0, limit: v.cpu?.limitMhz ?? 0, reserved: v.cpu?.reservedMhz ?? 0 },
        memory: { allocated: v.memory?.allocatedMB ?? 0, limit: v.memory?.limitMB ?? 0, reserved: v.memory?.reservedMB ?? 0 },
        vCpuInMhz: v.vCpuInMhz ?? 2000, vmQuota: v.vmQuota ?? 0, nicQuota: v.nicQuota ?? 0,
        networkQuota: v.networkQuota ?? 20, isEnabled: true, hardwareVersion: v.hardwareVersion ?? 'vmx-19', created: now,
      };
      vdcs.set(v.name, vdc);
      snap.vdc.push(vdc);
      const profiles = v.storageProfiles?.length ? v.storageProfiles : [{ name: '*', limitMB: 0, default: true }];
      profiles.forEach((p, pi) => {
        const sp: StorageProfile = {
          id: random.uuid(), vdcId: vdc.id, name: p.name, limitMB: p.limitMB ?? 0, isDefault: p.default ?? pi === 0,
          isEnabled: true,
        };
        snap.storageProfile.push(sp);
      });
      (v.networks ?? []).forEach((n, ni) => {
        if (!n.name || !n.gateway) fail(`${vat}.networks[${ni}]`, 'a network needs name and gateway');
        const net: Network = {
          id: random.uuid(), orgId: org.id, vdcId: vdc.id, name: n.name, description: n.description ?? '',
          fenceMode: n.fenceMode ?? 'natRouted', gateway: n.gateway, prefixLength: n.prefixLength ?? 24,
          dns1: n.dns1 ?? '', dns2: n.dns2 ?? '', dnsSuffix: n.dnsSuffix ?? '', ipRanges: n.ipRanges ?? [],
          isShared: n.shared ?? false, allocatedIps: [], created: now,
        };
        snap.network.push(net);
      });
    });
    (o.catalogs ?? []).forEach((c, ci) => {
      const cat_ = `${at}.catalogs[${ci}]`;
      const vdc = vdcs.get(c.vdc);
      if (!vdc) fail(cat_, `vdc "${c.vdc}" is not a VDC of org ${o.name}`);
      const owner = (c.owner && users.get(c.owner)) || users.values().next().value;
      if (!owner) fail(cat_, 'a catalog needs an owner (the org has no users)');
      const catalog: Catalog = {
        id: random.uuid(), orgId: org.id, name: c.name, description: c.description ?? '', ownerId: owner!.id,
        isPublished: c.published ?? false, created: now,
      };
      snap.catalog.push(catalog);
      const defaultProfile = snap.storageProfile.find((p) => p.vdcId === vdc!.id && p.isDefault);
      (c.templates ?? []).forEach((t, ti) => {
        const tat = `${cat_}.templates[${ti}]`;
        if (!t.vms?.length) fail(tat, 'a template needs at least one VM');
        const network = t.network ?? 'vm-network';
        const template: VAppTemplate = {
          id: random.uuid(), orgId: org.id, vdcId: vdc!.id, catalogId: catalog.id, name: t.name,
          description: t.description ?? '', ownerId: owner!.id, status: Status.POWERED_OFF, networks: [network],
          storageProfileId: defaultProfile?.id, created: now,
          vms: t.vms.map((vm, i) => templateVm(vm, i, network, random, vdc!.hardwareVersion)),
        };
        snap.vAppTemplate.push(template);
        const item: CatalogItem = {
          id: random.uuid(), catalogId: catalog.id, name: t.name, description: t.description ?? '',
          templateId: template.id, created: now,
        };
        snap.catalogItem.push(item);
      });
    });
    (o.vdcs ?? []).forEach((v, vi) => {
      const vdc = vdcs.get(v.name)!;
      const names = new Set<string>();
      (v.vapps ?? []).forEach((a, ai) => {
        const aat = `${at}.vdcs[${vi}].vapps[${ai}]`;
        if (!a.name || !a.vms?.length) fail(aat, 'a vApp needs a name and at least one VM');
        if (names.has(a.name.toLowerCase())) fail(aat, `duplicate vApp name ${a.name} in VDC ${v.name}`);
        names.add(a.name.toLowerCase());
        const owner = a.owner ? users.get(a.owner) : users.values().next().value;
        if (!owner) fail(aat, a.owner ? `owner "${a.owner}" is not a user of org ${o.name}` : 'a vApp needs an owner (the org has no users)');
        buildVApp(snap, pools, a, vdc, owner!, random, now, (what) => fail(aat, what));
      });
    });
  });
  if (!snap.org.some((o) => o.name.toLowerCase() === 'system')) fail('orgs', 'the System org is required');
  // Ids created later continue the same seeded sequence.
  snap.seedState = random.state();
  return snap;
}

function templateVm(vm: FixtureVm, index: number, network: string, random: Random, hw: string): TemplateVm {
  const disks = (vm.disksMB ?? [16384]).map((sizeMB, unit) => ({
    instanceId: 2000 + unit, sizeMB, busType: 6, busSubType: 'VirtualSCSI', unit, bus: 0,
  }));
  const nics: Nic[] = vm.nicList
    ? vm.nicList.map((n, i) => ({
      index: i, network: n.network ?? network, connected: n.connected ?? true, mode: n.mode ?? 'POOL', mac: n.mac ?? random.mac(),
      adapter: n.adapter ?? 'VMXNET3', primary: n.primary ?? i === 0,
    }))
    : Array.from({ length: vm.nics ?? 1 }, (_, i) => ({
      index: i, network, connected: true, mode: 'POOL' as const, mac: random.mac(), adapter: 'VMXNET3', primary: i === 0,
    }));
  return {
    id: random.uuid(), localId: `vm-${index + 1}`, name: vm.name, description: vm.description ?? '',
    osType: vm.os ?? 'other4xLinux64Guest', cpus: vm.cpus ?? 1, coresPerSocket: vm.coresPerSocket ?? 1,
    memoryMB: vm.memoryMB ?? 1024, hardwareVersion: vm.hardwareVersion ?? hw, disks, nics,
    computerName: vm.computerName ?? vm.name.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 15), cpuHotAdd: false, memoryHotAdd: false,
  };
}

const GUEST_CUSTOMIZATION: Vm['guestCustomization'] = {
  enabled: false, adminPasswordEnabled: true, adminPasswordAuto: true, adminPassword: '', resetPasswordRequired: false,
  customizationScript: '',
};

const POWER: Record<FixturePower, { status: number; deployed: boolean }> = {
  on: { status: Status.POWERED_ON, deployed: true },
  off: { status: Status.POWERED_OFF, deployed: false },
  suspended: { status: Status.SUSPENDED, deployed: true },
};

/** Hands out pool addresses per network, lowest first, recording them in the network's allocatedIps. */
class NetworkPools {
  private readonly next = new Map<string, Generator<string, undefined>>();
  /** Addresses a fixture names exactly (captured inventories), which the pool then skips. */
  private readonly taken = new Map<string, Set<string>>();

  allocate(net: Network): string | undefined {
    let free = this.next.get(net.id);
    if (!free) this.next.set(net.id, (free = freeIps(net, new Set(net.allocatedIps))));
    const taken = this.taken.get(net.id);
    let ip = free.next().value;
    while (ip && taken?.has(ip)) ip = free.next().value;
    if (ip) net.allocatedIps.push(ip);
    return ip;
  }

  /** Records an exact address; false when it is already in use on the network. */
  reserve(net: Network, ip: string): boolean {
    let taken = this.taken.get(net.id);
    if (!taken) this.taken.set(net.id, (taken = new Set(net.allocatedIps)));
    if (taken.has(ip) || net.allocatedIps.includes(ip)) return false;
    taken.add(ip);
    net.allocatedIps.push(ip);
    return true;
  }
}

function buildVApp(
  snap: Snapshot, pools: NetworkPools, a: FixtureVApp, vdc: Vdc, owner: User, random: Random, now: string,
  fail: (what: string) => never,
): void {
  const networks = snap.network.filter((n) => n.vdcId === vdc.id);
  const networkFor = (name: string | undefined): Network | undefined => {
    if (name === 'none') return undefined;
    if (name === undefined) return networks[0];
    const net = networks.find((n) => n.name === name);
    if (!net) fail(`network "${name}" is not a network of VDC ${vdc.name}`);
    return net;
  };
  const profile = snap.storageProfile.find((p) => p.vdcId === vdc.id && p.isDefault);
  const vmProfile = (name: string | undefined) => {
    if (name === undefined) return profile;
    const found = snap.storageProfile.find((p) => p.vdcId === vdc.id && p.name === name);
    if (!found) fail(`storage profile "${name}" is not a profile of VDC ${vdc.name}`);
    return found;
  };
  const vapp: VApp = {
    id: random.uuid(), vdcId: vdc.id, orgId: vdc.orgId, name: a.name, description: a.description ?? '', ownerId: owner.id,
    status: Status.RESOLVED, deployed: false, networks: [], deploymentLeaseSeconds: a.deploymentLeaseSeconds ?? 0,
    storageLeaseSeconds: a.storageLeaseSeconds ?? 0,
    autoNature: false, created: now,
  };
  const vms = a.vms.map((f, i): Vm => {
    const power = POWER[f.power ?? a.power ?? 'off'];
    if (!power) fail(`power must be one of ${Object.keys(POWER).join(', ')}`);
    const net = networkFor(f.network ?? a.network);
    const join = (n: Network, name = n.name) => {
      if (!vapp.networks.some((x) => x.name === name)) vapp.networks.push({ name, networkId: n.id, fenceMode: 'bridged' });
    };
    if (net && !f.nicList) join(net);
    const shape = templateVm(f, i, net?.name ?? 'none', random, vdc.hardwareVersion);
    if (f.nicList) exactNics(shape.nics, f.nicList, (name) => networkFor(name ?? f.network ?? a.network), join, pools, fail);
    for (const nic of f.nicList ? [] : shape.nics) {
      if (!net) {
        Object.assign(nic, { connected: false, mode: 'NONE' });
        continue;
      }
      nic.ip = pools.allocate(net);
      if (!nic.ip) fail(`the IP pool of network ${net.name} is exhausted`);
    }
    // Spelled out rather than spread from the shape: spread-built objects take far more memory, and a
    // fixture may hold 100,000 VMs.
    return {
      id: shape.id, name: shape.name, description: shape.description, osType: shape.osType, cpus: shape.cpus,
      coresPerSocket: shape.coresPerSocket, memoryMB: shape.memoryMB, hardwareVersion: shape.hardwareVersion,
      disks: shape.disks, nics: shape.nics, computerName: shape.computerName, cpuHotAdd: false, memoryHotAdd: false,
      vappId: vapp.id, vdcId: vdc.id, orgId: vdc.orgId, status: power.status, deployed: power.deployed, localId: shape.localId,
      storageProfileId: vmProfile(f.storageProfile)?.id, needsCustomization: false, guestCustomization: { ...GUEST_CUSTOMIZATION }, created: now,
    };
  });
  // A vApp's own status stands for its VMs as a whole: theirs when they agree, MIXED otherwise.
  vapp.status = vms.every((vm) => vm.status === vms[0].status) ? vms[0].status : Status.MIXED;
  vapp.deployed = vms.some((vm) => vm.deployed);
  snap.vApp.push(vapp);
  for (const vm of vms) snap.vm.push(vm);
}

/** NICs a fixture lists one by one: each on its own network, with its exact address when it names one. */
function exactNics(
  nics: Nic[], specs: FixtureNic[], networkFor: (name: string | undefined) => Network | undefined, join: (n: Network, name?: string) => void,
  pools: NetworkPools, fail: (what: string) => never,
): void {
  specs.forEach((spec, i) => {
    const nic = nics[i];
    const net = networkFor(spec.network);
    nic.network = net ? spec.vappNetwork ?? net.name : 'none';
    if (!net) {
      Object.assign(nic, { connected: false, mode: 'NONE' });
      return;
    }
    join(net, nic.network);
    if (nic.mode === 'NONE' || nic.mode === 'DHCP') return;
    if (spec.ip) {
      if (!pools.reserve(net, spec.ip)) fail(`IP ${spec.ip} is used twice on network ${net.name}`);
      nic.ip = spec.ip;
    } else {
      nic.ip = pools.allocate(net);
      if (!nic.ip) fail(`the IP pool of network ${net.name} is exhausted`);
    }
  });
}
