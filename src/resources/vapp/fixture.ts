/**
 * The fixture's `vapps:` of an org VDC (after the org's catalogs, so adding vApps never renumbers the rest):
 * running vApps whose VMs take pool addresses of the VDC's networks; the `sizing` pass gives VMs their
 * sizing policy once the provider's compute policies exist.
 */
import type { Network, Nic, Snapshot, User, VApp, Vdc, Vm } from '../../store/types.js';
import { Status } from '../../store/types.js';
import { freeIps } from '../../lib/ippool.js';
import { accessFromFixture, type FixtureAccess, type FixtureBuild, type FixtureMetadata, type FixtureSection } from '../fixture-section.js';
import type { VdcScope } from '../vdc/fixture.js';
import { snapshotFromFixture, templateVm, type FixtureNic, type FixturePower, type FixtureSnapshot, type FixtureVm } from '../vm/fixture.js';

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
  /** Lease settings in seconds (default 0: never). */
  deploymentLeaseSeconds?: number;
  storageLeaseSeconds?: number;
  /** Who else may use it (absent: its owner and the org's administrators only). */
  access?: FixtureAccess;
  /** A snapshot each of its VMs holds (a VM's own `snapshot` wins). */
  snapshot?: FixtureSnapshot;
}

/** What the `sizing` pass gets back: the vApp's VMs and their VDC. */
export interface VAppScope {
  vms: Vm[];
  vdc: Vdc;
}

/** Each build's address pools (one per snapshot being built). */
const POOLS = new WeakMap<Snapshot, NetworkPools>();

export const vAppFixture: FixtureSection<VdcScope, FixtureVApp, VAppScope> = {
  key: 'vapps',
  parent: 'vdc',
  build(b, a, aat, { vdc, org }, names) {
    const { snap, fail } = b;
    if (!a.name || !a.vms?.length) fail(aat, 'a vApp needs a name and at least one VM');
    if (names.has(a.name.toLowerCase())) fail(aat, `duplicate vApp name ${a.name} in VDC ${vdc.name}`);
    names.add(a.name.toLowerCase());
    const owner = a.owner ? org.users.get(a.owner) : org.users.values().next().value;
    if (!owner) fail(aat, a.owner ? `owner "${a.owner}" is not a user of org ${org.org.name}` : 'a vApp needs an owner (the org has no users)');
    let pools = POOLS.get(snap);
    if (!pools) POOLS.set(snap, (pools = new NetworkPools()));
    const before = snap.vm.length;
    buildVApp(b, pools, a, vdc, owner!, (what) => fail(aat, what));
    const vms = snap.vm.slice(before);
    if (a.access) snap.vApp[snap.vApp.length - 1].acl = accessFromFixture(b, a.access, org.users, `${aat}.access`, false, org.groups);
    vms.forEach((vm, i) => {
      const own = a.vms[i].snapshot !== undefined;
      const declared = own ? a.vms[i].snapshot : a.snapshot;
      if (declared !== undefined) vm.snapshot = snapshotFromFixture(declared, vm, b.now, (what) => fail(own ? `${aat}.vms[${i}].snapshot` : `${aat}.snapshot`, what));
    });
    return { vms, vdc };
  },
  passes: {
    /** VMs sized by a compute policy: one of their VDC's. */
    sizing(b, a, aat, { vms, vdc }) {
      a.vms.forEach((spec, i) => {
        if (spec.sizingPolicy === undefined) return;
        const p = b.snap.computePolicy.find((c) => c.name === spec.sizingPolicy);
        if (!p || !(vdc.computePolicyIds ?? []).includes(p.id)) b.fail(`${aat}.vms[${i}].sizingPolicy`, `sizingPolicy "${spec.sizingPolicy}" is not one of VDC ${vdc.name}'s computePolicies`);
        vms[i].sizingPolicyId = p!.id;
      });
    },
  },
};

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

/** A vApp and its VMs (ids in this order: the vApp, then each VM's MACs and id); `fail` names the vApp. */
function buildVApp(b: FixtureBuild, pools: NetworkPools, a: FixtureVApp, vdc: Vdc, owner: User, fail: (what: string) => never): void {
  const { snap, random, now } = b;
  const md = b.md;
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
    autoNature: false, created: now, metadata: md(a.metadata, a.name),
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
      ...(f.metadata ? { metadata: md(f.metadata, `${a.name}.vms[${i}]`) } : {}),
    };
  });
  // A vApp's own status stands for its VMs as a whole: theirs when they agree, MIXED otherwise.
  vapp.status = vms.every((vm) => vm.status === vms[0].status) ? vms[0].status : Status.MIXED;
  vapp.deployed = vms.some((vm) => vm.deployed);
  snap.vApp.push(vapp);
  for (const vm of vms) snap.vm.push(vm);
}

