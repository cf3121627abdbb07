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
  AllocationModel, Catalog, CatalogItem, FenceMode, LatencyModel, Network, Org, Role, Snapshot, StorageProfile, TemplateVm, User,
  VApp, VAppTemplate, Vdc, Vm,
} from './types.js';
import { Status } from './types.js';
import { metadataFromFixture, type FixtureMetadata } from './metadata.js';

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
  metadata?: FixtureMetadata;
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
  metadata?: FixtureMetadata;
  vms: (FixtureVm & { network?: string; power?: FixturePower })[];
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
    metadata?: FixtureMetadata;
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
      metadata?: FixtureMetadata;
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
        metadata?: FixtureMetadata;
      }[];
      vapps?: FixtureVApp[];
    }[];
    catalogs?: {
      name: string;
      description?: string;
      vdc: string;
      owner?: string;
      published?: boolean;
      metadata?: FixtureMetadata;
      templates?: { name: string; description?: string; network?: string; metadata?: FixtureMetadata; vms: FixtureVm[] }[];
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
  const md = (map: FixtureMetadata | undefined, where: string) =>
    metadataFromFixture(map, (key, what) => fail(`${where}.metadata${key ? `.${key}` : ''}`, what));
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
      created: now, metadata: md(o.metadata, at),
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
        metadata: md(v.metadata, vat),
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
          isShared: n.shared ?? false, allocatedIps: [], created: now, metadata: md(n.metadata, `${vat}.networks[${ni}]`),
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
        isPublished: c.published ?? false, created: now, metadata: md(c.metadata, cat_),
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
          storageProfileId: defaultProfile?.id, created: now, metadata: md(t.metadata, tat),
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
        buildVApp(snap, pools, a, vdc, owner!, random, now, (what) => fail(aat, what), md);
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
  const nics = Array.from({ length: vm.nics ?? 1 }, (_, i) => ({
    index: i, network, connected: true, mode: 'POOL' as const, mac: random.mac(), adapter: 'VMXNET3', primary: i === 0,
  }));
  return {
    id: random.uuid(), localId: `vm-${index + 1}`, name: vm.name, description: vm.description ?? '',
    osType: vm.os ?? 'other4xLinux64Guest', cpus: vm.cpus ?? 1, coresPerSocket: vm.coresPerSocket ?? 1,
    memoryMB: vm.memoryMB ?? 1024, hardwareVersion: vm.hardwareVersion ?? hw, disks, nics,
    computerName: vm.name.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 15), cpuHotAdd: false, memoryHotAdd: false,
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

  allocate(net: Network): string | undefined {
    let free = this.next.get(net.id);
    if (!free) this.next.set(net.id, (free = freeIps(net, new Set(net.allocatedIps))));
    const ip = free.next().value;
    if (ip) net.allocatedIps.push(ip);
    return ip;
  }
}

function buildVApp(
  snap: Snapshot, pools: NetworkPools, a: FixtureVApp, vdc: Vdc, owner: User, random: Random, now: string,
  fail: (what: string) => never,
  md: (map: FixtureMetadata | undefined, where: string) => Vm['metadata'],
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
  const vapp: VApp = {
    id: random.uuid(), vdcId: vdc.id, orgId: vdc.orgId, name: a.name, description: a.description ?? '', ownerId: owner.id,
    status: Status.RESOLVED, deployed: false, networks: [], deploymentLeaseSeconds: 0, storageLeaseSeconds: 0,
    autoNature: false, created: now, metadata: md(a.metadata, a.name),
  };
  const vms = a.vms.map((f, i): Vm => {
    const power = POWER[f.power ?? a.power ?? 'off'];
    if (!power) fail(`power must be one of ${Object.keys(POWER).join(', ')}`);
    const net = networkFor(f.network ?? a.network);
    if (net && !vapp.networks.some((n) => n.networkId === net.id)) vapp.networks.push({ name: net.name, networkId: net.id, fenceMode: 'bridged' });
    const shape = templateVm(f, i, net?.name ?? 'none', random, vdc.hardwareVersion);
    for (const nic of shape.nics) {
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
      storageProfileId: profile?.id, needsCustomization: false, guestCustomization: { ...GUEST_CUSTOMIZATION }, created: now,
      ...(f.metadata ? { metadata: md(f.metadata, `${a.name}.vms[${i}]`) } : {}),
    };
  });
  // A vApp's own status stands for its VMs as a whole: theirs when they agree, MIXED otherwise.
  vapp.status = vms.every((vm) => vm.status === vms[0].status) ? vms[0].status : Status.MIXED;
  vapp.deployed = vms.some((vm) => vm.deployed);
  snap.vApp.push(vapp);
  for (const vm of vms) snap.vm.push(vm);
}
