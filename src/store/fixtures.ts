/**
 * Inventories are data: a fixture file (YAML or JSON) describes orgs, users, VDCs, networks, catalogs and
 * running vApps; this module turns it into a state snapshot. Ids come from the store's seeded generator in
 * file order (an org's vApps after its catalogs, so adding vApps never renumbers the rest).
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parse as parseYaml, parseDocument } from 'yaml';
import type { Random } from '../lib/random.js';
import { freeIps, intToIp, ipToInt } from '../lib/ippool.js';
import { inRanges, inSubnet, isIpv4, rangeProblem } from '../lib/iprange.js';
import { PREDEFINED_ROLES } from './roles.js';
import type {
  AccessControl, AccessLevel,
  AllocationModel, Catalog, CatalogItem, FenceMode, LatencyModel, Network, Nic, Org, Role, Snapshot, StorageProfile, TemplateVm, User,
  VApp, VAppTemplate, Vdc, Vm, Media, VCenter, NsxtManager, NetworkPool, ExternalNetwork, ProviderVdc, PvdcStorageProfile,
  EdgeGateway, Group, GroupProviderType,
  ComputePolicy, VmGroup,
} from './types.js';
import { Status } from './types.js';
import { metadataFromFixture, type FixtureMetadata } from './metadata.js';
import { buildGatewayServices, type FixtureGatewayServices } from './fixture-services.js';
import { snapshotFromFixture, type FixtureSnapshot } from './fixture-snapshots.js';
import { buildGatewayMoreServices, buildNetworkDhcp, type FixtureGatewayMoreServices, type FixtureNetworkDhcp } from './fixture-gwsvc.js';
import { buildSegments, buildVdcGroups, type FixtureVdcGroup } from './fixture-vdcgroups.js';

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
  /** Guest computer name (default: the name, cut to 15 characters). */
  computerName?: string;
  /** VM storage profile of the VDC, by name (default: the VDC's default profile). vApp VMs only. */
  storageProfile?: string;
  /** A VDC compute policy of the `provider:` section, assigned to the VDC, sizing the VM (vApps only). */
  sizingPolicy?: string;
  /** NICs one by one, instead of `nics`: network (vApp VMs: an org VDC network of the VDC), exact IP and MAC. */
  nicList?: FixtureNic[];
  /** The snapshot the VM holds (vApp VMs only). */
  snapshot?: FixtureSnapshot;
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

/**
 * Sharing (ControlAccessParams): `everyone` in the org at a level (`none`: nobody), users of the org by name
 * with their level, and (catalogs only) other orgs by name, read-only.
 */
export interface FixtureAccess {
  everyone?: AccessLevel | 'none';
  users?: Record<string, AccessLevel>;
  orgs?: string[];
  /** Groups of the org (its `groups:`) by name, with their level. */
  groups?: Record<string, AccessLevel>;
}

/**
 * A group imported into an org: from its LDAP directory (INTEGRATED, the default: the group must be in the
 * org's `directory:`, whose members it takes), or from SAML or OAuth by name with the members given here.
 */
export interface FixtureGroup {
  name: string;
  role: string;
  providerType?: GroupProviderType;
  description?: string;
  /** Users of the org (SAML and OAuth groups). */
  members?: string[];
}

/** A group of the org's LDAP directory: importable by name (AdminOrg's groups POST), with its members. */
export interface FixtureDirectoryGroup {
  name: string;
  members?: string[];
}

/** An independent disk in a VDC. */
export interface FixtureDisk {
  name: string;
  sizeMB: number;
  description?: string;
  /** A storage profile of the VDC; its default when absent. */
  storageProfile?: string;
  /** 6 SCSI (default), 5 IDE, 20 SATA, 21 NVMe. */
  busType?: number;
  busSubType?: string;
  sharingType?: 'None' | 'DiskSharing' | 'ControllerSharing';
  /** A user of the org; the org's first user when absent. */
  owner?: string;
}

const DISK_BUS_SUBTYPES: Record<number, string[]> = {
  5: ['ide'], 6: ['lsilogicsas', 'lsilogic', 'buslogic', 'VirtualSCSI'], 20: ['vmware.sata.ahci'], 21: ['vmware.nvme.controller'],
};

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
    users?: { name: string; password: string; role: string; fullName?: string; email?: string; description?: string; enabled?: boolean; locked?: boolean }[];
    /** The org's LDAP directory (absent: no LDAP configured, so no INTEGRATED group can be imported). */
    directory?: FixtureDirectoryGroup[];
    groups?: FixtureGroup[];
    /** NSX-T VDC groups of the org's VDCs (store/fixture-vdcgroups.ts). */
    vdcGroups?: FixtureVdcGroup[];
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
      /** false: a disabled VDC (nothing new is created in it). */
      enabled?: boolean;
      /** A provider VDC of the `provider:` section (the first one when absent), and a network pool (the provider VDC's). */
      providerVdc?: string;
      networkPool?: string;
      /** Compute policies of the `provider:` section assigned to the VDC, and its default one (one of them). */
      computePolicies?: string[];
      defaultComputePolicy?: string;
      metadata?: FixtureMetadata;
      storageProfiles?: { name: string; limitMB?: number; default?: boolean }[];
      /** Who in the org may use the VDC besides its administrators, ReadOnly only (absent: everyone). */
      access?: FixtureAccess;
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
        /** A natRouted network's edge gateway (an `edgeGateways` name of the VDC; the VDC's first when absent). */
        edgeGateway?: string;
        /** DHCP on the network and its bindings (store/fixture-gwsvc.ts). */
        dhcp?: FixtureNetworkDhcp;
      }[];
      /** NSX-T edge gateways, each with an uplink to an external network of the `provider:` section. */
      edgeGateways?: FixtureEdgeGateway[];
      vapps?: FixtureVApp[];
      /** Independent disks, ready (detached) from the start. */
      disks?: FixtureDisk[];
    }[];
    catalogs?: {
      name: string;
      description?: string;
      vdc: string;
      owner?: string;
      published?: boolean;
      /** Absent: shared with everyone in the org at Change, as catalogs always were here (`access: { everyone: none }` keeps it private). */
      access?: FixtureAccess;
      metadata?: FixtureMetadata;
      templates?: { name: string; description?: string; network?: string; metadata?: FixtureMetadata; vms: FixtureVm[] }[];
      /** ISO or floppy images, ready to insert (their bytes are not part of the inventory). */
      media?: { name: string; description?: string; imageType?: 'iso' | 'floppy'; sizeMB: number }[];
    }[];
  }[];
  /** The provider side (System administrators only). */
  provider?: FixtureProvider;
}

/** An NSX-T edge gateway of an org VDC: its uplink to an external network, primary IP and sub-allocated ranges. */
export interface FixtureEdgeGateway {
  name: string;
  description?: string;
  /** An external network of the `provider:` section. */
  externalNetwork: string;
  /** The gateway's address on the uplink (the first address of `ipRanges`, or the first free one, when absent). */
  primaryIp?: string;
  /** Addresses of the external network's pool sub-allocated to the gateway (the primary IP alone when absent). */
  ipRanges?: { start: string; end: string }[];
  /** An edge cluster of the external network's NSX-T manager (its first when absent). */
  edgeCluster?: string;
  dedicated?: boolean;
  /** Its IP sets, firewall rules and NAT rules (store/fixture-services.ts), IPsec VPN tunnels and DNS forwarder (store/fixture-gwsvc.ts). */
  services?: FixtureGatewayServices & FixtureGatewayMoreServices;
}

interface FixtureSubnet {
  gateway: string;
  prefixLength?: number;
  dns1?: string;
  dns2?: string;
  dnsSuffix?: string;
  ipRanges?: { start: string; end: string }[];
}

export interface FixtureProvider {
  vCenters?: {
    name: string; description?: string; url?: string; username?: string; version?: string; enabled?: boolean;
    resourcePools?: { name: string; moref?: string; cluster?: string }[];
  }[];
  nsxtManagers?: {
    name: string; description?: string; url?: string; username?: string; version?: string;
    tier0Routers?: { name: string; description?: string }[];
    edgeClusters?: { name: string; description?: string }[];
    /** Segments made in NSX-T that org VDC networks may import (OPAQUE). */
    segments?: { name: string; description?: string }[];
  }[];
  networkPools?: { name: string; description?: string; nsxtManager: string; transportZone?: string }[];
  externalNetworks?: { name: string; description?: string; nsxtManager: string; tier0Router: string; subnets?: FixtureSubnet[] }[];
  providerVdcs?: {
    name: string; description?: string; vCenter: string; resourcePools?: string[]; networkPool: string;
    externalNetworks?: string[]; cpuMhz?: number; memoryMB?: number; highestHardwareVersion?: string; enabled?: boolean;
    storageProfiles?: { name: string; totalMB?: number; enabled?: boolean }[];
  }[];
  /** VDC compute policies (VM sizing: vCPUs, cores per socket, memory), assigned to VDCs by name. */
  computePolicies?: {
    name: string; description?: string; cpuCount?: number; coresPerSocket?: number; memoryMB?: number; cpuSpeedMhz?: number;
    cpuReservationGuarantee?: number; memoryReservationGuarantee?: number;
    /** A VM placement policy: the VM groups (by name) its VMs run in. */
    vmGroups?: string[];
  }[];
  /** DRS VM groups of a vCenter's cluster: the cluster of a resource pool (default: its first). */
  vmGroups?: { name: string; vCenter?: string; resourcePool?: string }[];
}

export class FixtureError extends Error {}

/** The text each fixture was read from, so that an error can name its line (parsed again only then). */
const SOURCES = new WeakMap<object, string>();

/** The 1-based line of the node at `path` ("orgs[1].vdcs[0]") in the fixture's text, when known. */
function lineOf(fx: FixtureFile, path: string): number | undefined {
  const text = SOURCES.get(fx);
  if (text === undefined) return undefined;
  const keys = [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]));
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  // The nearest node that exists: a reference may name a field by its singular (`externalNetwork` in a list).
  for (let n = keys.length; n > 0; n--) {
    const node = doc.getIn(keys.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

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
    SOURCES.set(data, text);
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
    vAppTemplate: [], network: [], vApp: [], vm: [], task: [], session: [], media: [], disk: [],
    vCenter: [], nsxtManager: [], networkPool: [], externalNetwork: [], providerVdc: [], pvdcStorageProfile: [], computePolicy: [],
    edgeGateway: [],
    vdcGroup: [],
    appPortProfile: [], firewallGroup: [], edgeFirewall: [], natRule: [], staticRoute: [],
    networkDhcp: [], dhcpBinding: [], gatewayDns: [], ipsecTunnel: [],
    group: [],
    vmGroup: [], logicalVmGroup: [],
    dfwRule: [],
  };
  const fail = (where: string, what: string): never => {
    const line = lineOf(fx, where);
    throw new FixtureError(`Fixture error at ${where}${line ? ` (line ${line})` : ''}: ${what}`);
  };
  /** VMs whose sizing policy is resolved once the provider side (its compute policies) exists. */
  const sizingLinks: { vm: Vm; vdc: Vdc; name: string; at: string }[] = [];
  /** VDCs whose provider VDC and network pool are resolved once the provider side exists (its ids come last). */
  const providerLinks: {
    vdc: Vdc; at: string; providerVdc?: string; networkPool?: string; profiles: { at: string; sp: StorageProfile }[];
    computePolicies?: string[]; defaultComputePolicy?: string;
  }[] = [];
  /** VDCs' edge gateways (and the routed networks that name them), built once the external networks exist. */
  const gatewayLinks: { vdc: Vdc; at: string; gateways: FixtureEdgeGateway[]; routed: { at: string; net: Network; gateway?: string }[] }[] = [];
  /** Networks' DHCP, built once routed networks know their gateways. */
  const dhcpLinks: { at: string; net: Network; dhcp: FixtureNetworkDhcp }[] = [];
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
  /** Catalogs shared with other orgs, resolved once every org exists. */
  const sharedWithOrgs: { catalog: Catalog; name: string; at: string }[] = [];
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
      for (const k of ['enabled', 'locked'] as const) if (u[k] !== undefined && typeof u[k] !== 'boolean') fail(`${at}.users[${ui}].${k}`, `${k} must be true or false`);
      if (u.enabled === false) user.isEnabled = false;
      if (u.locked) user.isLocked = true;
      if (u.description) user.description = String(u.description);
      users.set(u.name, user);
      snap.user.push(user);
    });
    const groups = buildGroups(snap, o, org, at, users, roles, random, fail);
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
        networkQuota: v.networkQuota ?? 20, isEnabled: v.enabled !== false, hardwareVersion: v.hardwareVersion ?? 'vmx-19', created: now,
        metadata: md(v.metadata, vat),
      };
      vdcs.set(v.name, vdc);
      snap.vdc.push(vdc);
      if (v.access) vdc.acl = accessFromFixture(v.access, users, `${vat}.access`, fail, false, groups, true);
      const link: (typeof providerLinks)[number] = {
        vdc, at: vat, providerVdc: v.providerVdc, networkPool: v.networkPool, profiles: [],
        computePolicies: v.computePolicies, defaultComputePolicy: v.defaultComputePolicy,
      };
      providerLinks.push(link);
      const profiles = v.storageProfiles?.length ? v.storageProfiles : [{ name: '*', limitMB: 0, default: true }];
      profiles.forEach((p, pi) => {
        const sp: StorageProfile = {
          id: random.uuid(), vdcId: vdc.id, name: p.name, limitMB: p.limitMB ?? 0, isDefault: p.default ?? pi === 0,
          isEnabled: true,
        };
        snap.storageProfile.push(sp);
        if (v.storageProfiles?.length) link.profiles.push({ at: `${vat}.storageProfiles[${pi}]`, sp });
      });
      const routed: (typeof gatewayLinks)[number]['routed'] = [];
      (v.networks ?? []).forEach((n, ni) => {
        if (!n.name || !n.gateway) fail(`${vat}.networks[${ni}]`, 'a network needs name and gateway');
        const net: Network = {
          id: random.uuid(), orgId: org.id, vdcId: vdc.id, name: n.name, description: n.description ?? '',
          fenceMode: n.fenceMode ?? 'natRouted', gateway: n.gateway, prefixLength: n.prefixLength ?? 24,
          dns1: n.dns1 ?? '', dns2: n.dns2 ?? '', dnsSuffix: n.dnsSuffix ?? '', ipRanges: n.ipRanges ?? [],
          isShared: n.shared ?? false, allocatedIps: [], created: now, metadata: md(n.metadata, `${vat}.networks[${ni}]`),
        };
        snap.network.push(net);
        if (n.edgeGateway !== undefined && net.fenceMode !== 'natRouted') fail(`${vat}.networks[${ni}].edgeGateway`, 'only a natRouted network connects to an edge gateway');
        if (net.fenceMode === 'natRouted') routed.push({ at: `${vat}.networks[${ni}]`, net, gateway: n.edgeGateway });
        if (n.dhcp) dhcpLinks.push({ at: `${vat}.networks[${ni}]`, net, dhcp: n.dhcp });
      });
      gatewayLinks.push({ vdc, at: vat, gateways: v.edgeGateways ?? [], routed });
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
        acl: accessFromFixture(c.access ?? { everyone: 'Change' }, users, `${cat_}.access`, fail, true, groups),
      };
      for (const [i, name] of (c.access?.orgs ?? []).entries()) sharedWithOrgs.push({ catalog, name, at: `${cat_}.access.orgs[${i}]` });
      snap.catalog.push(catalog);
      const defaultProfile = snap.storageProfile.find((p) => p.vdcId === vdc!.id && p.isDefault);
      (c.templates ?? []).forEach((t, ti) => {
        const tat = `${cat_}.templates[${ti}]`;
        if (!t.vms?.length) fail(tat, 'a template needs at least one VM');
        t.vms.forEach((vm, i) => vm.snapshot !== undefined && fail(`${tat}.vms[${i}].snapshot`, 'a template VM holds no snapshot (vApp VMs only)'));
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
      const itemNames = new Set((c.templates ?? []).map((t) => t.name));
      (c.media ?? []).forEach((m, mi) => {
        const mat = `${cat_}.media[${mi}]`;
        if (!m?.name) fail(mat, 'a media needs a name');
        if (itemNames.has(m.name)) fail(mat, `the catalog already has an item named "${m.name}"`);
        itemNames.add(m.name);
        const imageType = m.imageType ?? 'iso';
        if (imageType !== 'iso' && imageType !== 'floppy') fail(mat, `imageType must be iso or floppy, not "${String(imageType)}"`);
        if (typeof m.sizeMB !== 'number' || !(m.sizeMB > 0)) fail(mat, 'sizeMB must be a positive number');
        const media: Media = {
          id: random.uuid(), orgId: org.id, vdcId: vdc!.id, catalogId: catalog.id, name: m.name, description: m.description ?? '',
          ownerId: owner!.id, imageType, size: Math.round(m.sizeMB * 1048576), status: Status.RESOLVED,
          storageProfileId: defaultProfile?.id, created: now,
        };
        snap.media.push(media);
        snap.catalogItem.push({ id: random.uuid(), catalogId: catalog.id, name: m.name, description: media.description, templateId: '', mediaId: media.id, created: now });
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
        const before = snap.vm.length;
        buildVApp(snap, pools, a, vdc, owner!, random, now, (what) => fail(aat, what), md);
        a.vms.forEach((spec, i) => {
          if (spec.sizingPolicy !== undefined) sizingLinks.push({ vm: snap.vm[before + i], vdc, name: spec.sizingPolicy, at: `${aat}.vms[${i}].sizingPolicy` });
        });
        if (a.access) snap.vApp[snap.vApp.length - 1].acl = accessFromFixture(a.access, users, `${aat}.access`, fail, false, groups);
        snap.vm.slice(snap.vm.length - a.vms.length).forEach((vm, i) => {
          const own = a.vms[i].snapshot !== undefined;
          const declared = own ? a.vms[i].snapshot : a.snapshot;
          if (declared !== undefined) vm.snapshot = snapshotFromFixture(declared, vm, now, (what) => fail(own ? `${aat}.vms[${i}].snapshot` : `${aat}.snapshot`, what));
        });
      });
      (v.disks ?? []).forEach((d, di) => {
        const dat = `${at}.vdcs[${vi}].disks[${di}]`;
        if (!d.name) fail(dat, 'a disk needs a name');
        if (!Number.isInteger(d.sizeMB) || d.sizeMB < 1) fail(dat, `sizeMB must be a positive whole number of MB, got ${d.sizeMB}`);
        const profiles = snap.storageProfile.filter((p) => p.vdcId === vdc.id);
        const profile = d.storageProfile ? profiles.find((p) => p.name === d.storageProfile) : profiles.find((p) => p.isDefault);
        if (!profile) fail(dat, `storage profile "${d.storageProfile}" is not a storage profile of VDC ${v.name}`);
        const busType = d.busType ?? 6;
        const subTypes = DISK_BUS_SUBTYPES[busType];
        if (!subTypes) fail(dat, `busType must be one of ${Object.keys(DISK_BUS_SUBTYPES).join(', ')}`);
        const busSubType = d.busSubType ?? subTypes[0];
        if (!subTypes.includes(busSubType)) fail(dat, `busSubType for busType ${busType} must be one of ${subTypes.join(', ')}`);
        const sharingType = d.sharingType ?? 'None';
        if (!['None', 'DiskSharing', 'ControllerSharing'].includes(sharingType)) fail(dat, 'sharingType must be None, DiskSharing or ControllerSharing');
        const owner = d.owner ? users.get(d.owner) : users.values().next().value;
        if (!owner) fail(dat, d.owner ? `owner "${d.owner}" is not a user of org ${o.name}` : 'a disk needs an owner (the org has no users)');
        snap.disk.push({
          id: random.uuid(), orgId: org.id, vdcId: vdc.id, name: d.name, description: d.description ?? '', sizeMB: d.sizeMB,
          busType, busSubType, storageProfileId: profile!.id, ownerId: owner!.id, status: Status.RESOLVED, sharingType, iops: 0,
          uuid: random.uuid(), attachments: [], created: now,
        });
      });
    });
  });
  if (!snap.org.some((o) => o.name.toLowerCase() === 'system')) fail('orgs', 'the System org is required');
  for (const { catalog, name, at } of sharedWithOrgs) {
    const org = snap.org.find((o) => o.name === name);
    if (!org) fail(at, `org "${name}" does not exist`);
    if (org!.id === catalog.orgId) fail(at, 'a catalog is shared with its own org through `everyone`');
    catalog.acl!.subjects.push({ kind: 'org', id: org!.id, level: 'ReadOnly' });
  }
  // The provider side draws its ids after every tenant entity, so declaring it never renumbers the tenants.
  /** Ids drawn after every other (System Default, VM groups), so that declaring them renumbers nothing. */
  const late: (() => void)[] = [];
  buildProvider(snap, fx.provider ?? {}, random, fail, late);
  // VCD's own "System Default" policy: the default of every VDC that names no policies of its own.
  let systemDefault = snap.computePolicy.find((c) => c.isSystemDefault);
  if (!systemDefault) {
    const sd: ComputePolicy = { id: '', name: 'System Default', description: 'Default Org VDC compute policy', isSystemDefault: true };
    snap.computePolicy.push((systemDefault = sd));
    late.push(() => {
      sd.id = random.uuid();
      for (const v of snap.vdc) {
        if (v.defaultComputePolicyId === '') v.defaultComputePolicyId = sd.id;
        if (v.computePolicyIds) v.computePolicyIds = v.computePolicyIds.map((id) => id || sd.id);
      }
    });
  }
  for (const l of providerLinks) {
    if (!l.computePolicies && !l.defaultComputePolicy) {
      l.vdc.computePolicyIds = [systemDefault.id];
      l.vdc.defaultComputePolicyId = systemDefault.id;
    }
    if (l.computePolicies || l.defaultComputePolicy) {
      const ids = (l.computePolicies ?? []).map((name, i) => {
        const p = snap.computePolicy.find((c) => c.name === name);
        if (!p) fail(`${l.at}.computePolicies[${i}]`, `compute policy "${name}" does not exist (${snap.computePolicy.length ? `one of: ${snap.computePolicy.map((c) => c.name).join(', ')}` : 'the fixture declares no compute policies'})`);
        return p!.id;
      });
      if (l.defaultComputePolicy !== undefined) {
        const d = snap.computePolicy.find((c) => c.name === l.defaultComputePolicy);
        if (!d || !ids.includes(d.id)) fail(`${l.at}.defaultComputePolicy`, `defaultComputePolicy "${l.defaultComputePolicy}" is not one of the VDC's computePolicies`);
        l.vdc.defaultComputePolicyId = d!.id;
      } else if (ids.includes(systemDefault.id)) {
        l.vdc.defaultComputePolicyId = systemDefault.id;
      }
      l.vdc.computePolicyIds = ids;
    }
    if (!snap.providerVdc.length) {
      if (l.providerVdc) fail(`${l.at}.providerVdc`, `providerVdc "${l.providerVdc}" does not exist (the fixture declares no provider VDCs)`);
      if (l.networkPool) fail(`${l.at}.networkPool`, `networkPool "${l.networkPool}" does not exist (the fixture declares no network pools)`);
      continue;
    }
    const pvdc = l.providerVdc === undefined ? snap.providerVdc[0] : snap.providerVdc.find((p) => p.name === l.providerVdc);
    if (!pvdc) fail(`${l.at}.providerVdc`, `providerVdc "${l.providerVdc}" does not exist (one of: ${snap.providerVdc.map((p) => p.name).join(', ')})`);
    const pool = l.networkPool === undefined ? snap.networkPool.find((n) => n.id === pvdc!.networkPoolId) : snap.networkPool.find((n) => n.name === l.networkPool);
    if (!pool) fail(`${l.at}.networkPool`, `networkPool "${l.networkPool}" does not exist (one of: ${snap.networkPool.map((n) => n.name).join(', ')})`);
    l.vdc.providerVdcId = pvdc!.id;
    l.vdc.networkPoolId = pool!.id;
    const offered = snap.pvdcStorageProfile.filter((p) => p.providerVdcId === pvdc!.id);
    for (const { at, sp } of l.profiles) {
      const match = offered.find((p) => p.name === sp.name);
      if (!match) fail(`${at}.name`, `storage profile "${sp.name}" is not a storage profile of provider VDC ${pvdc!.name} (one of: ${offered.map((p) => p.name).join(', ')})`);
      sp.pvdcStorageProfileId = match!.id;
    }
  }
  // VMs sized by a compute policy: one of their VDC's.
  for (const l of sizingLinks) {
    const p = snap.computePolicy.find((c) => c.name === l.name);
    if (!p || !(l.vdc.computePolicyIds ?? []).includes(p.id)) fail(l.at, `sizingPolicy "${l.name}" is not one of VDC ${l.vdc.name}'s computePolicies`);
    l.vm.sizingPolicyId = p!.id;
  }
  // Edge gateways draw their ids after the provider side, so declaring them renumbers nothing else.
  for (const l of gatewayLinks) buildEdgeGateways(snap, l, random, now, fail);
  for (const d of dhcpLinks) buildNetworkDhcp(snap, d.net, d.dhcp, d.at, random, fail);
  // NSX-T segments and VDC groups draw their ids last, so declaring them renumbers nothing else.
  buildSegments(snap, fx.provider, random, fail);
  fx.orgs.forEach((o, oi) => buildVdcGroups(snap, snap.org.find((x) => x.name === o.name)!, o.vdcGroups, `orgs[${oi}]`, random, now, fail));
  for (const f of late) f();
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

type ProviderEntry<K extends keyof FixtureProvider> = NonNullable<FixtureProvider[K]>[number];

/** Builds the provider side; references between its entities are by name, checked here. */
function buildProvider(snap: Snapshot, p: FixtureProvider, random: Random, fail: (where: string, what: string) => never, late: (() => void)[]): void {
  const unique = (at: string, seen: Set<string>, name: string | undefined, what: string) => {
    if (!name) fail(at, `a ${what} needs a name`);
    if (seen.has(name!.toLowerCase())) fail(at, `duplicate ${what} name ${name}`);
    seen.add(name!.toLowerCase());
  };
  const find = <T extends { name: string }>(at: string, list: T[], name: string | undefined, field: string, what: string): T => {
    const found = list.find((e) => e.name === name);
    if (!found) fail(`${at}.${field}`, `${field} "${name ?? ''}" does not exist (${list.length ? `one of: ${list.map((e) => e.name).join(', ')}` : `the fixture declares no ${what}`})`);
    return found!;
  };
  /** Each entry of a `provider:` list, named uniquely within it. */
  const each = <K extends keyof FixtureProvider>(section: K, what: string, build: (entry: ProviderEntry<K>, at: string) => void) => {
    const seen = new Set<string>();
    ((p[section] ?? []) as ProviderEntry<K>[]).forEach((entry, i) => {
      const at = `provider.${section}[${i}]`;
      unique(at, seen, entry.name, what);
      build(entry, at);
    });
  };
  let moref = 1000;
  each('vCenters', 'vCenter', (v, at) => {
    const vc: VCenter = {
      id: random.uuid(), name: v.name, description: v.description ?? '', url: v.url ?? `https://${v.name}.vcdsim.local`,
      username: v.username ?? 'administrator@vsphere.local', version: v.version ?? '8.0.2', instanceUuid: random.uuid(),
      isEnabled: v.enabled ?? true,
      resourcePools: (v.resourcePools ?? []).map((r, ri) => {
        if (!r.name) fail(`${at}.resourcePools[${ri}]`, 'a resource pool needs a name');
        const n = ++moref;
        return { name: r.name, moref: r.moref ?? `resgroup-${n}`, clusterMoref: r.cluster ?? `domain-c${n}` };
      }),
    };
    snap.vCenter.push(vc);
  });
  each('nsxtManagers', 'NSX-T manager', (m, at) => {
    const objects = (list: { name: string; description?: string }[] | undefined, what: string) =>
      (list ?? []).map((o, oi) => {
        if (!o.name) fail(`${at}.${what}[${oi}]`, 'a name is required');
        return { id: random.uuid(), name: o.name, description: o.description ?? '' };
      });
    const mgr: NsxtManager = {
      id: random.uuid(), name: m.name, description: m.description ?? '', url: m.url ?? `https://${m.name}.vcdsim.local`,
      username: m.username ?? 'admin', version: m.version ?? '4.1.2.0.0', tier0Routers: objects(m.tier0Routers, 'tier0Routers'),
      edgeClusters: objects(m.edgeClusters, 'edgeClusters'),
    };
    snap.nsxtManager.push(mgr);
  });
  each('networkPools', 'network pool', (n, at) => {
    const mgr = find(at, snap.nsxtManager, n.nsxtManager, 'nsxtManager', 'NSX-T managers');
    const pool: NetworkPool = {
      id: random.uuid(), name: n.name, description: n.description ?? '', nsxtManagerId: mgr.id,
      transportZone: n.transportZone ?? 'nsx-overlay-transportzone',
    };
    snap.networkPool.push(pool);
  });
  each('externalNetworks', 'external network', (n, at) => {
    const mgr = find(at, snap.nsxtManager, n.nsxtManager, 'nsxtManager', 'NSX-T managers');
    const t0 = find(at, mgr.tier0Routers, n.tier0Router, 'tier0Router', `tier-0 routers in NSX-T manager ${mgr.name}`);
    (n.subnets ?? []).forEach((s, si) => {
      if (!s.gateway) fail(`${at}.subnets[${si}]`, 'a subnet needs a gateway');
    });
    const ext: ExternalNetwork = {
      id: random.uuid(), name: n.name, description: n.description ?? '', nsxtManagerId: mgr.id, tier0RouterId: t0.id,
      subnets: (n.subnets ?? []).map((s) => ({
        gateway: s.gateway, prefixLength: s.prefixLength ?? 24, dns1: s.dns1 ?? '', dns2: s.dns2 ?? '', dnsSuffix: s.dnsSuffix ?? '',
        ipRanges: s.ipRanges ?? [],
      })),
    };
    snap.externalNetwork.push(ext);
  });
  each('providerVdcs', 'provider VDC', (v, at) => {
    const vc = find(at, snap.vCenter, v.vCenter, 'vCenter', 'vCenters');
    const pools = (v.resourcePools ?? vc.resourcePools.slice(0, 1).map((r) => r.name)).map((name) =>
      find(at, vc.resourcePools, name, 'resourcePool', `resource pools in vCenter ${vc.name}`).moref);
    if (!pools.length) fail(at, `a provider VDC needs a resource pool (vCenter ${vc.name} has none)`);
    const netPool = find(at, snap.networkPool, v.networkPool, 'networkPool', 'network pools');
    const exts = (v.externalNetworks ?? []).map((name) => find(at, snap.externalNetwork, name, 'externalNetwork', 'external networks').id);
    const hw = v.highestHardwareVersion ?? 'vmx-19';
    if (!/^vmx-\d+$/.test(hw)) fail(at, `highestHardwareVersion must look like vmx-19, not "${hw}"`);
    const pvdc: ProviderVdc = {
      id: random.uuid(), name: v.name, description: v.description ?? '', vCenterId: vc.id, resourcePools: pools,
      nsxtManagerId: netPool.nsxtManagerId, networkPoolId: netPool.id, externalNetworkIds: exts,
      cpuTotalMhz: v.cpuMhz ?? 0, memoryTotalMB: v.memoryMB ?? 0, highestHardwareVersion: hw, isEnabled: v.enabled ?? true,
    };
    snap.providerVdc.push(pvdc);
    const names = new Set<string>();
    (v.storageProfiles ?? []).forEach((sp, si) => {
      unique(`${at}.storageProfiles[${si}]`, names, sp.name, 'storage profile');
      const profile: PvdcStorageProfile = {
        id: random.uuid(), providerVdcId: pvdc.id, name: sp.name, totalMB: sp.totalMB ?? 0, isEnabled: sp.enabled ?? true,
      };
      snap.pvdcStorageProfile.push(profile);
    });
  });
  // VM groups are unique per cluster, not per list.
  const groups: VmGroup[] = [];
  const clusterGroups = new Set<string>();
  (p.vmGroups ?? []).forEach((g, i) => {
    const at = `provider.vmGroups[${i}]`;
    if (!g.name) fail(at, 'a VM group needs a name');
    const vc = g.vCenter === undefined ? snap.vCenter[0] : find(at, snap.vCenter, g.vCenter, 'vCenter', 'vCenters');
    if (!vc) fail(at, 'a VM group needs a vCenter (the fixture declares none)');
    const rp = g.resourcePool === undefined ? vc!.resourcePools[0] : find(at, vc!.resourcePools, g.resourcePool, 'resourcePool', `resource pools in vCenter ${vc!.name}`);
    if (!rp) fail(at, `vCenter ${vc!.name} has no resource pool`);
    const key = `${vc!.id}/${rp!.clusterMoref}/${g.name.toLowerCase()}`;
    if (clusterGroups.has(key)) fail(at, `duplicate VM group ${g.name} in cluster ${rp!.clusterMoref}`);
    clusterGroups.add(key);
    // Ids are drawn last (late), so declaring VM groups renumbers nothing else.
    const group: VmGroup = { id: '', vmGroupId: '', name: g.name, vCenterId: vc!.id, clusterMoref: rp!.clusterMoref, clusterName: rp!.name };
    groups.push(group);
    late.push(() => Object.assign(group, { id: random.uuid(), vmGroupId: random.uuid() }));
    snap.vmGroup.push(group);
  });
  each('computePolicies', 'compute policy', (c, at) => {
    const count = (v: number | undefined, field: string, min: number) => {
      if (v !== undefined && (!Number.isInteger(v) || v < min)) fail(`${at}.${field}`, `${field} must be an integer of at least ${min}, not ${v}`);
      return v;
    };
    const cpuCount = count(c.cpuCount, 'cpuCount', 1);
    const coresPerSocket = count(c.coresPerSocket, 'coresPerSocket', 1);
    if (cpuCount !== undefined && coresPerSocket !== undefined && cpuCount % coresPerSocket !== 0) fail(`${at}.coresPerSocket`, `cpuCount ${cpuCount} is not a multiple of coresPerSocket ${coresPerSocket}`);
    const policy: ComputePolicy = {
      id: random.uuid(), name: c.name, description: c.description ?? '', cpuCount, coresPerSocket, memoryMB: count(c.memoryMB, 'memoryMB', 4),
      cpuSpeedMhz: count(c.cpuSpeedMhz, 'cpuSpeedMhz', 0), cpuReservationGuarantee: c.cpuReservationGuarantee, memoryReservationGuarantee: c.memoryReservationGuarantee,
    };
    if (c.name === 'System Default') policy.isSystemDefault = true;
    if (c.vmGroups?.length) {
      // A placement policy: each VM group in every provider VDC whose resource pools are in its cluster.
      const maps = new Map<string, VmGroup[]>();
      c.vmGroups.forEach((name, gi) => {
        const g = groups.find((x) => x.name === name);
        if (!g) fail(`${at}.vmGroups[${gi}]`, `VM group "${name}" does not exist (${groups.length ? `one of: ${groups.map((x) => x.name).join(', ')}` : 'the fixture declares no vmGroups'})`);
        const pvdcs = snap.providerVdc.filter((pv) => pv.vCenterId === g!.vCenterId && snap.vCenter.find((v) => v.id === pv.vCenterId)!.resourcePools
          .some((rp) => pv.resourcePools.includes(rp.moref) && rp.clusterMoref === g!.clusterMoref));
        if (!pvdcs.length) fail(`${at}.vmGroups[${gi}]`, `VM group "${name}" is in no provider VDC's cluster`);
        for (const pv of pvdcs) maps.set(pv.id, [...(maps.get(pv.id) ?? []), g!]);
      });
      const placement = [...maps].map(([providerVdcId]) => ({ providerVdcId, vmGroupIds: [] as string[], logicalVmGroupIds: [] as string[] }));
      policy.placement = placement;
      late.push(() => placement.forEach((m) => { m.vmGroupIds = maps.get(m.providerVdcId)!.map((g) => g.id); }));
    }
    snap.computePolicy.push(policy);
  });
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

/** A VDC's edge gateways, checked against their external networks, and the routed networks connected to them. */
function buildEdgeGateways(
  snap: Snapshot, l: { vdc: Vdc; at: string; gateways: FixtureEdgeGateway[]; routed: { at: string; net: Network; gateway?: string }[] },
  random: Random, now: string, fail: (where: string, what: string) => never,
): void {
  const names = new Set<string>();
  const built: EdgeGateway[] = [];
  l.gateways.forEach((g, gi) => {
    const at = `${l.at}.edgeGateways[${gi}]`;
    if (!g?.name) fail(at, 'an edge gateway needs a name');
    if (names.has(g.name.toLowerCase())) fail(at, `duplicate edge gateway name ${g.name} in VDC ${l.vdc.name}`);
    names.add(g.name.toLowerCase());
    const ext = snap.externalNetwork.find((e) => e.name === g.externalNetwork);
    if (!ext) {
      fail(`${at}.externalNetwork`, `externalNetwork "${g.externalNetwork ?? ''}" does not exist (${snap.externalNetwork.length
        ? `one of: ${snap.externalNetwork.map((e) => e.name).join(', ')}` : 'the fixture declares no external networks'})`);
    }
    const mgr = snap.nsxtManager.find((m) => m.id === ext!.nsxtManagerId)!;
    const cluster = g.edgeCluster === undefined ? mgr.edgeClusters[0] : mgr.edgeClusters.find((c) => c.name === g.edgeCluster);
    if (!cluster) fail(`${at}.edgeCluster`, `edgeCluster "${g.edgeCluster ?? ''}" is not an edge cluster of NSX-T manager ${mgr.name}`);
    const taken = snap.edgeGateway.flatMap((o) => o.uplinks.filter((u) => u.externalNetworkId === ext!.id).flatMap((u) => u.subnets.flatMap((s) => s.ipRanges)));
    let primary = g.primaryIp ?? g.ipRanges?.[0]?.start;
    if (primary === undefined) {
      const free = ext!.subnets.flatMap((s) => s.ipRanges).flatMap((r) => {
        for (let ip = ipToInt(r.start); ip <= ipToInt(r.end); ip++) if (!inRanges(intToIp(ip), taken)) return [intToIp(ip)];
        return [];
      });
      if (!free.length) fail(`${at}.externalNetwork`, `external network ${ext!.name} has no free address left`);
      primary = free[0];
    }
    if (!isIpv4(primary)) fail(`${at}.primaryIp`, `primaryIp must be an IPv4 address, not "${String(primary)}"`);
    const subnet = ext!.subnets.find((s) => inSubnet(primary!, s.gateway, s.prefixLength));
    if (!subnet) fail(`${at}.primaryIp`, `${primary} is not in a subnet of external network ${ext!.name}`);
    const ipRanges = g.ipRanges ?? [{ start: primary!, end: primary! }];
    const problem = rangeProblem(ipRanges, subnet!, subnet!.ipRanges, taken);
    if (problem) fail(`${at}.ipRanges`, problem);
    if (!inRanges(primary!, ipRanges)) fail(`${at}.primaryIp`, `${primary} is not in the gateway's ipRanges`);
    const gw: EdgeGateway = {
      id: random.uuid(), orgId: l.vdc.orgId, vdcId: l.vdc.id, name: g.name, description: g.description ?? '',
      uplinks: [{
        externalNetworkId: ext!.id, dedicated: g.dedicated ?? false,
        subnets: [{ gateway: subnet!.gateway, prefixLength: subnet!.prefixLength, primaryIp: primary!, ipRanges, enabled: true }],
      }],
      edgeClusterId: cluster!.id, distributedRoutingEnabled: false, serviceNetworkDefinition: '192.168.255.225/27', created: now,
    };
    built.push(gw);
    snap.edgeGateway.push(gw);
    buildGatewayServices(snap, gw, g.services, at, random, fail);
    buildGatewayMoreServices(snap, gw, g.services, at, random, fail);
  });
  for (const r of l.routed) {
    const gw = r.gateway === undefined ? built[0] : built.find((g) => g.name === r.gateway);
    if (!gw && r.gateway !== undefined) fail(`${r.at}.edgeGateway`, `edgeGateway "${r.gateway}" is not an edge gateway of VDC ${l.vdc.name}`);
    if (gw) r.net.edgeGatewayId = gw.id;
  }
}

const FIXTURE_LEVELS = ['ReadOnly', 'Change', 'FullControl'];

function accessFromFixture(
  spec: FixtureAccess, users: Map<string, User>, at: string, fail: (where: string, what: string) => never, orgs: boolean,
  groups: Map<string, Group> = new Map(), readOnly = false,
): AccessControl {
  const levels = readOnly ? ['ReadOnly'] : FIXTURE_LEVELS;
  if (typeof spec !== 'object' || spec === null) fail(at, 'access must be a map with everyone, users or orgs');
  const acl: AccessControl = { subjects: [] };
  if (spec.everyone !== undefined && spec.everyone !== 'none') {
    if (!levels.includes(spec.everyone)) fail(`${at}.everyone`, `everyone must be one of ${levels.join(', ')} or none`);
    acl.everyone = spec.everyone;
  }
  for (const [name, level] of Object.entries(spec.users ?? {})) {
    const user = users.get(name);
    if (!user) fail(`${at}.users.${name}`, `"${name}" is not a user of this org`);
    if (!levels.includes(level)) fail(`${at}.users.${name}`, `the level must be one of ${levels.join(', ')}`);
    acl.subjects.push({ kind: 'user', id: user!.id, level });
  }
  for (const [name, level] of Object.entries(spec.groups ?? {})) {
    const group = groups.get(name);
    if (!group) fail(`${at}.groups.${name}`, `"${name}" is not a group of this org`);
    if (!levels.includes(level)) fail(`${at}.groups.${name}`, `the level must be one of ${levels.join(', ')}`);
    acl.subjects.push({ kind: 'group', id: group!.id, level });
  }
  if (spec.orgs !== undefined && (!orgs || !Array.isArray(spec.orgs))) fail(`${at}.orgs`, orgs ? 'orgs must be a list of org names' : 'only catalogs are shared with other orgs');
  return acl;
}

const GROUP_PROVIDERS: GroupProviderType[] = ['INTEGRATED', 'SAML', 'OAUTH'];

/** An org's LDAP directory and its imported groups (members by user name). */
function buildGroups(
  snap: Snapshot, o: FixtureFile['orgs'][number], org: Org, at: string, users: Map<string, User>, roles: Map<string, Role>,
  random: Random, fail: (where: string, what: string) => never,
): Map<string, Group> {
  const memberIds = (names: unknown, where: string) => {
    if (names === undefined) return [];
    if (!Array.isArray(names)) fail(where, 'members must be a list of user names');
    return (names as unknown[]).map((n, i) => {
      const user = users.get(String(n));
      if (!user) fail(`${where}[${i}]`, `"${String(n)}" is not a user of org ${org.name}`);
      return user!.id;
    });
  };
  if (o.directory !== undefined) {
    if (!Array.isArray(o.directory)) fail(`${at}.directory`, 'directory must be a list of groups (name, members)');
    const seen = new Set<string>();
    org.directory = o.directory.map((d, di) => {
      const dat = `${at}.directory[${di}]`;
      if (!d?.name) fail(dat, 'a directory group needs a name');
      if (seen.has(d.name.toLowerCase())) fail(dat, `duplicate directory group ${d.name}`);
      seen.add(d.name.toLowerCase());
      return { name: d.name, memberIds: memberIds(d.members, `${dat}.members`) };
    });
  }
  const groups = new Map<string, Group>();
  (o.groups ?? []).forEach((g, gi) => {
    const gat = `${at}.groups[${gi}]`;
    if (!g?.name) fail(gat, 'a group needs a name and a role');
    if ([...groups.keys()].some((n) => n.toLowerCase() === g.name.toLowerCase())) fail(gat, `duplicate group name ${g.name}`);
    const role = roles.get(g.role);
    if (!role) fail(gat, `unknown role "${g.role}" (one of: ${[...roles.keys()].join(', ')})`);
    const providerType = g.providerType ?? 'INTEGRATED';
    if (!GROUP_PROVIDERS.includes(providerType)) fail(`${gat}.providerType`, `providerType must be one of ${GROUP_PROVIDERS.join(', ')}`);
    let members: string[];
    if (providerType === 'INTEGRATED') {
      const entry = org.directory?.find((d) => d.name.toLowerCase() === g.name.toLowerCase());
      if (!entry) fail(gat, `the LDAP group "${g.name}" is not in the org's directory`);
      if (g.members !== undefined) fail(`${gat}.members`, 'an LDAP group takes its members from the directory');
      members = [...entry!.memberIds];
    } else {
      members = memberIds(g.members, `${gat}.members`);
    }
    const group: Group = {
      id: random.uuid(), orgId: org.id, name: g.name, description: g.description ?? '', providerType, roleId: role!.id, memberIds: members,
    };
    groups.set(g.name, group);
    snap.group.push(group);
  });
  return groups;
}
