/**
 * Capture: crawl a VCD (a real one or another vcdsim) read-only through its public API and write the
 * fixture vcdsim loads. Orgs from the `organization` query, then documents by href: AdminOrg (users,
 * VDCs, catalogs), AdminVdc and its storage profiles, networks and their IP pools, catalogs and template
 * metadata, vApps (from the typed query, paged) with their VMs' hardware, power state, NICs and IPs.
 * Passwords and tokens never reach the fixture: every user gets a generated password, handed back once.
 * What the VCD refused, or what the fixture cannot hold, is listed rather than guessed.
 */
import { randomBytes } from 'node:crypto';
import type { FixtureFile, FixtureNic, FixturePower, FixtureVApp, FixtureVm } from '../store/fixtures.js';
import type { FixtureMetadata } from '../store/metadata.js';
import type { AllocationModel, FenceMode } from '../store/types.js';
import { PREDEFINED_ROLES } from '../store/roles.js';
import { idOf, VcdClient, type Credentials, type Refusal } from './client.js';

type Org = FixtureFile['orgs'][number];
type Vdc = NonNullable<Org['vdcs']>[number];
type Net = NonNullable<Vdc['networks']>[number];
type Catalog = NonNullable<Org['catalogs']>[number];

export interface CaptureOptions extends Credentials {
  /** Base URL of the VCD, e.g. https://vcd.example.com */
  from: string;
  /** Requests per second at most (default 20; 0: no bound). */
  rps?: number;
  /** One line per step, for people (the CLI writes them to stderr). */
  onProgress?: (line: string) => void;
  /**
   * A file keeping every document read (secrets removed): a capture that stopped half-way and is started
   * again with the same journal reads what it already has from there and asks the VCD only for the rest.
   */
  journal?: string;
}

export interface CaptureResult {
  fixture: FixtureFile;
  /** Generated passwords of the fixture's users (`user@org` → password): show them once, store them nowhere else. */
  passwords: Record<string, string>;
  /** What the VCD refused to show. */
  refused: Refusal[];
  /** What the VCD shows that the fixture cannot hold, one sentence each. */
  notCaptured: string[];
  counts: Record<string, number>;
  requests: number;
  /** Documents taken from the journal instead of asking again. */
  resumed: number;
}

/** What a capture never carries over, whatever the VCD: README "Digital twin" lists the same. */
export const NOT_CAPTURABLE = [
  'passwords and tokens (users get generated passwords; sessions are not copied)',
  'tasks and sessions (history, not inventory)',
  'ids and hrefs (the twin draws its own from its seed)',
  'creation dates',
  'custom roles and rights changes (the twin has the predefined roles; users of other roles are listed)',
  'isolated vApp networks and their subnets; vApp network fence modes other than bridged',
  'VM guest customization settings and hot-add flags',
  'disk-level storage profiles, bus numbers and units (disks take the VM\'s profile, in order)',
  'metadata of template VMs, media and independent disks; media, independent disks, edge gateways, provider VDCs and external networks',
  'users\' enabled/locked state and quotas; catalog sharing and subscriptions; vApp and catalog access lists and owners beyond the creator',
  'compute policies and their assignment to VDCs; edge gateway services (port profiles, firewall groups and rules, NAT rules, static routes)',
  'groups, the orgs\' LDAP directories and VDC access lists',
];

/**
 * What a diff between a source and its twin leaves out, as `diff()` ignore paths: the kinds and fields
 * NOT_CAPTURABLE names (media also stand in their catalog as catalog items; templates are compared as such).
 */
export const UNCAPTURED_PATHS = [
  'disk', 'media', 'catalogItem', 'vCenter', 'nsxtManager', 'networkPool', 'externalNetwork', 'providerVdc', 'pvdcStorageProfile',
  'vdc.providerVdcId', 'vdc.networkPoolId', 'storageProfile.pvdcStorageProfileId',
  'edgeGateway', 'network.edgeGatewayId',
  'computePolicy', 'vdc.computePolicyIds', 'vdc.defaultComputePolicyId', 'vm.sizingPolicyId',
  'appPortProfile', 'firewallGroup', 'edgeFirewall', 'natRule', 'staticRoute', 'catalog.acl', 'vApp.acl',
  'group', 'org.directory', 'vdc.acl',
];

export async function capture(opts: CaptureOptions): Promise<CaptureResult> {
  const vcd = new VcdClient(opts.from, opts.rps ?? 20, opts.journal);
  const say = opts.onProgress ?? (() => undefined);
  const notCaptured: string[] = [];
  const passwords: Record<string, string> = {};
  const counts: Record<string, number> = { orgs: 0, users: 0, vdcs: 0, storageProfiles: 0, networks: 0, catalogs: 0, templates: 0, vApps: 0, vms: 0 };
  const password = (user: string, org: string) => (passwords[`${user}@${org}`] = randomBytes(12).toString('base64url'));
  await vcd.login(opts);
  say(`logged in to ${vcd.base} as ${opts.user}@${opts.org}`);
  if (vcd.journaled) say(`resuming: ${vcd.journaled} documents already read (${opts.journal})`);
  const roles = new Set(PREDEFINED_ROLES.map((r) => r.name));

  const orgRecords = await vcd.query('organization', 'organizations');
  const orgs: Org[] = [];
  const vdcById = new Map<string, { org: Org; vdc: Vdc }>();
  const netById = new Map<string, Net>();
  for (const rec of orgRecords) {
    const id = idOf(rec.href);
    const doc = (await vcd.get(`/api/admin/org/${id}`, `org ${rec.name} (admin view)`)) ?? (await vcd.get(`/api/org/${id}`, `org ${rec.name}`));
    if (!doc) continue;
    const general = doc.settings?.orgGeneralSettings ?? {};
    const org: Org = {
      name: doc.name, fullName: doc.fullName ?? rec.displayName ?? doc.name, description: doc.description ?? '',
      isEnabled: doc.isEnabled ?? rec.isEnabled ?? true,
      deployedVmQuota: general.deployedVMQuota ?? rec.deployedVMQuota ?? 0, storedVmQuota: general.storedVmQuota ?? rec.storedVMQuota ?? 0,
      users: [], vdcs: [], catalogs: [],
    };
    org.metadata = await metadataOf(vcd, doc, `org ${org.name}`);
    orgs.push(org);
    counts.orgs++;
    say(`org ${org.name}`);
    for (const ref of doc.users?.userReference ?? []) {
      const u = await vcd.get(ref.href, `user ${ref.name} of ${org.name}`);
      if (!u) continue;
      const role = u.role?.name;
      if (!roles.has(role)) {
        notCaptured.push(`user ${org.name}/${u.name}: role "${role}" is not one of the twin's predefined roles`);
        continue;
      }
      org.users!.push({ name: u.name, password: password(u.name, org.name), role, fullName: u.fullName ?? u.name, ...(u.emailAddress ? { email: u.emailAddress } : {}) });
      counts.users++;
    }
    const vdcRefs = doc.vdcs?.vdc ?? (doc.link ?? []).filter((l: any) => l.type === 'application/vnd.vmware.vcloud.vdc+xml');
    for (const ref of vdcRefs) {
      const vid = idOf(ref.href);
      const v = (await vcd.get(`/api/admin/vdc/${vid}`, `VDC ${ref.name} (admin view)`)) ?? (await vcd.get(`/api/vdc/${vid}`, `VDC ${ref.name}`));
      if (!v) continue;
      const cc = v.computeCapacity ?? {};
      const hw = v.capabilities?.supportedHardwareVersions?.supportedHardwareVersion ?? [];
      const vdc: Vdc = {
        name: v.name, description: v.description ?? '', allocationModel: v.allocationModel as AllocationModel,
        cpu: { allocatedMhz: cc.cpu?.allocated ?? 0, limitMhz: cc.cpu?.limit ?? 0, reservedMhz: cc.cpu?.reserved ?? 0 },
        memory: { allocatedMB: cc.memory?.allocated ?? 0, limitMB: cc.memory?.limit ?? 0, reservedMB: cc.memory?.reserved ?? 0 },
        vCpuInMhz: v.vCpuInMhz2 ?? v.vCpuInMhz ?? 2000, vmQuota: v.vmQuota ?? 0, nicQuota: v.nicQuota ?? 0, networkQuota: v.networkQuota ?? 0,
        ...(hw.length ? { hardwareVersion: hw[hw.length - 1].name } : {}),
        storageProfiles: [], networks: [], vapps: [],
        metadata: await metadataOf(vcd, v, `VDC ${v.name}`),
      };
      for (const pref of v.vdcStorageProfiles?.vdcStorageProfile ?? []) {
        const p = await vcd.get(pref.href, `storage profile ${pref.name} of VDC ${v.name}`);
        if (!p) continue;
        vdc.storageProfiles!.push({ name: p.name, limitMB: p.limit ?? 0, default: p.default ?? false });
        counts.storageProfiles++;
      }
      org.vdcs!.push(vdc);
      vdcById.set(vid, { org, vdc });
      counts.vdcs++;
      say(`  VDC ${org.name}/${vdc.name}: ${vdc.allocationModel}, ${vdc.storageProfiles!.length} storage profiles`);
    }
  }

  // Networks: the query says which VDC each belongs to; the document has the IP pool.
  for (const rec of await vcd.query('orgVdcNetwork', 'org VDC networks')) {
    const home = vdcById.get(idOf(rec.vdc));
    if (!home) {
      notCaptured.push(`network ${rec.name}: its VDC was not visible`);
      continue;
    }
    const n = await vcd.get(rec.href, `network ${rec.name}`);
    if (!n) continue;
    const scope = n.configuration?.ipScopes?.ipScope?.[0] ?? {};
    const net: Net = {
      name: n.name, description: n.description ?? '', fenceMode: (n.configuration?.fenceMode ?? 'natRouted') as FenceMode,
      gateway: scope.gateway ?? rec.defaultGateway, prefixLength: scope.subnetPrefixLength ?? rec.subnetPrefixLength ?? 24,
      ...(scope.dns1 ? { dns1: scope.dns1 } : {}), ...(scope.dns2 ? { dns2: scope.dns2 } : {}), ...(scope.dnsSuffix ? { dnsSuffix: scope.dnsSuffix } : {}),
      ipRanges: (scope.ipRanges?.ipRange ?? []).map((r: any) => ({ start: r.startAddress, end: r.endAddress })),
      shared: n.isShared ?? false,
      metadata: await metadataOf(vcd, n, `network ${n.name}`),
    };
    home.vdc.networks!.push(net);
    netById.set(idOf(rec.href), net);
    counts.networks++;
    say(`  network ${home.org.name}/${home.vdc.name}/${net.name} ${net.gateway}/${net.prefixLength}`);
  }

  // Catalogs and templates (metadata only: no disk contents).
  const templateVdc = new Map<string, string>();
  const admin = opts.org.toLowerCase() === 'system';
  for (const rec of await vcd.query(admin ? 'adminVAppTemplate' : 'vAppTemplate', 'vApp templates')) templateVdc.set(idOf(rec.href), rec.vdcName);
  for (const org of orgs) {
    const orgRec = orgRecords.find((r) => r.name === org.name);
    const doc = await vcd.get(`/api/admin/org/${idOf(orgRec?.href)}`, `catalogs of ${org.name}`);
    for (const ref of doc?.catalogs?.catalogReference ?? []) {
      const c = await vcd.get(ref.href, `catalog ${ref.name}`);
      if (!c) continue;
      const catalog: Catalog = {
        name: c.name, description: c.description ?? '', vdc: '', published: c.isPublished ?? false, templates: [],
        metadata: await metadataOf(vcd, c, `catalog ${c.name}`),
      };
      if (c.owner?.user?.name) catalog.owner = c.owner.user.name;
      for (const iref of c.catalogItems?.catalogItem ?? []) {
        const item = await vcd.get(iref.href, `catalog item ${iref.name}`);
        if (!item?.entity?.href?.includes('vappTemplate')) continue;
        const t = await vcd.get(item.entity.href, `template ${iref.name}`);
        if (!t) continue;
        const network = t.networkConfigSection?.networkConfig?.[0]?.networkName ?? 'vm-network';
        catalog.vdc ||= templateVdc.get(idOf(t.href)) ?? '';
        catalog.templates!.push({
          name: t.name, description: t.description ?? '', network, vms: (t.children?.vm ?? []).map((vm: any) => vmOf(vm, undefined)),
          metadata: await metadataOf(vcd, t, `template ${t.name}`),
        });
        counts.templates++;
      }
      catalog.vdc ||= org.vdcs?.[0]?.name ?? '';
      if (!catalog.vdc) {
        notCaptured.push(`catalog ${org.name}/${catalog.name}: the org has no visible VDC to hold it`);
        continue;
      }
      org.catalogs!.push(catalog);
      counts.catalogs++;
      say(`  catalog ${org.name}/${catalog.name}: ${catalog.templates!.length} templates`);
    }
  }

  // vApps and their VMs.
  for (const rec of await vcd.query(admin ? 'adminVApp' : 'vApp', 'vApps')) {
    const home = vdcById.get(idOf(rec.vdc));
    const a = home && (await vcd.get(rec.href, `vApp ${rec.name}`));
    if (!home || !a) continue;
    // vApp network name → the org VDC network it is bridged to.
    const parents = new Map<string, string>();
    for (const nc of a.networkConfigSection?.networkConfig ?? []) {
      const parent = nc.configuration?.parentNetwork;
      if (parent && nc.configuration?.fenceMode === 'bridged') parents.set(nc.networkName, netById.get(idOf(parent.href))?.name ?? parent.name);
      else if (nc.networkName !== 'none') notCaptured.push(`vApp ${home.org.name}/${a.name}: vApp network ${nc.networkName} (${nc.configuration?.fenceMode ?? 'no fence mode'}) is not bridged to an org VDC network`);
    }
    const vapp: FixtureVApp = {
      name: a.name, description: a.description ?? '', vms: (a.children?.vm ?? []).map((vm: any) => vmOf(vm, parents)),
    };
    if (a.owner?.user?.name) vapp.owner = a.owner.user.name;
    vapp.metadata = await metadataOf(vcd, a, `vApp ${a.name}`);
    for (const [i, vm] of (a.children?.vm ?? []).entries()) vapp.vms[i].metadata = await metadataOf(vcd, vm, `VM ${a.name}/${vm.name}`);
    const lease = a.leaseSettingsSection;
    if (lease?.deploymentLeaseInSeconds) vapp.deploymentLeaseSeconds = lease.deploymentLeaseInSeconds;
    if (lease?.storageLeaseInSeconds) vapp.storageLeaseSeconds = lease.storageLeaseInSeconds;
    if (!vapp.vms.length) {
      notCaptured.push(`vApp ${home.org.name}/${a.name}: a vApp without VMs`);
      continue;
    }
    home.vdc.vapps!.push(vapp);
    counts.vApps++;
    counts.vms += vapp.vms.length;
    say(`  vApp ${home.org.name}/${home.vdc.name}/${vapp.name}: ${vapp.vms.length} VMs`);
  }
  await vcd.logout();

  if (!orgs.some((o) => o.name.toLowerCase() === 'system')) {
    orgs.unshift({ name: 'System', fullName: 'System Organization', users: [{ name: 'administrator', password: password('administrator', 'System'), role: 'System Administrator' }] });
    notCaptured.push('the System org was not visible: the twin gets one with an administrator');
  }
  const fixture: FixtureFile = { site: { name: `twin of ${new URL(vcd.base).host}` }, orgs: orgs.map(prune) };
  return { fixture, passwords, refused: vcd.refused, notCaptured, counts, requests: vcd.requests, resumed: vcd.resumed };
}

const POWER: Record<number, FixturePower> = { 4: 'on', 8: 'off', 3: 'suspended' };

const METADATA_TYPES: Record<string, 'string' | 'number' | 'boolean' | 'datetime'> = {
  MetadataStringValue: 'string', MetadataNumberValue: 'number', MetadataBooleanValue: 'boolean', MetadataDateTimeValue: 'datetime',
};

/** An entity's metadata, read where its document links to it (none linked, or none there: undefined). */
async function metadataOf(vcd: VcdClient, doc: any, what: string): Promise<FixtureMetadata | undefined> {
  const link = (doc?.link ?? []).find((l: any) => l.type === 'application/vnd.vmware.vcloud.metadata+xml' && (l.rel === 'down' || l.rel === 'metadata'));
  if (!link) return undefined;
  const md = await vcd.get(link.href, `metadata of ${what}`);
  const entries: any[] = md?.metadataEntry ?? [];
  if (!entries.length) return undefined;
  const out: FixtureMetadata = {};
  for (const e of entries) {
    const domain = e.domain?.value ?? 'GENERAL';
    const visibility = e.domain?.visibility ?? (domain === 'GENERAL' ? 'READWRITE' : 'READONLY');
    out[e.key] = {
      value: String(e.typedValue?.value ?? ''), type: METADATA_TYPES[e.typedValue?._type] ?? 'string',
      ...(domain === 'GENERAL' ? {} : { domain }), ...(visibility === (domain === 'GENERAL' ? 'READWRITE' : 'READONLY') ? {} : { visibility }),
    };
  }
  return out;
}

/** A VM document (VCD JSON) → the fixture's VM; `parents` maps vApp networks to org networks (vApp VMs). */
function vmOf(vm: any, parents: Map<string, string> | undefined): FixtureVm & { power?: FixturePower } {
  const spec = vm.vmSpecSection ?? {};
  const items: any[] = vm.virtualHardwareSection?.item ?? [];
  const item = (type: number) => items.find((i) => i.resourceType === type);
  const disks = items.filter((i) => i.resourceType === 17).sort((x, y) => x.instanceID - y.instanceID).map((i) => i.hostResource?.capacity ?? 0);
  const conns: any[] = vm.networkConnectionSection?.networkConnection ?? [];
  const primary = vm.networkConnectionSection?.primaryNetworkConnectionIndex ?? 0;
  const nicList: FixtureNic[] = [...conns].sort((x, y) => x.networkConnectionIndex - y.networkConnectionIndex).map((c) => {
    const nic: FixtureNic = {
      mac: c.macAddress, mode: c.ipAddressAllocationMode, connected: c.isConnected, adapter: c.networkAdapterType,
      primary: c.networkConnectionIndex === primary,
    };
    if (parents) {
      const parent = parents.get(c.network);
      if (parent) nic.network = parent;
      else nic.network = 'none';
      if (parent && parent !== c.network) nic.vappNetwork = c.network;
      if (c.ipAddress) nic.ip = c.ipAddress;
    } else {
      nic.network = c.network;
    }
    return nic;
  });
  const out: FixtureVm & { power?: FixturePower } = {
    name: vm.name, description: vm.description ?? '', os: vm.operatingSystemSection?.osType ?? spec.osType,
    cpus: spec.numCpus ?? item(3)?.virtualQuantity, coresPerSocket: spec.numCoresPerSocket ?? item(3)?.coresPerSocket?.value ?? 1,
    memoryMB: spec.memoryResourceMb?.configured ?? item(4)?.virtualQuantity,
    disksMB: disks.length ? disks : (spec.diskSection?.diskSettings ?? []).map((d: any) => d.sizeMb),
    hardwareVersion: spec.hardwareVersion ?? vm.virtualHardwareSection?.system?.virtualSystemType,
    computerName: vm.guestCustomizationSection?.computerName ?? vm.name,
    nicList,
  };
  if (parents) {
    out.power = POWER[vm.status] ?? 'off';
    if (vm.storageProfile?.name) out.storageProfile = vm.storageProfile.name;
  }
  return out;
}

/** Drops empty lists and undefined fields, so the fixture reads like one written by hand. */
function prune<T>(v: T): T {
  if (Array.isArray(v)) return v.map(prune) as T;
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined || (Array.isArray(x) && !x.length && k !== 'vms')) continue;
      out[k] = prune(x);
    }
    return out as T;
  }
  return v;
}
