/**
 * Capture: crawl a VCD (a real one or another vcdsim) read-only through its public API and write the
 * fixture vcdsim loads. Orgs from the `organization` query, then documents by href: AdminOrg (users,
 * VDCs, catalogs), AdminVdc and its storage profiles, networks and their IP pools, catalogs and template
 * metadata, vApps (from the typed query, paged) with their VMs' hardware, power state, NICs and IPs.
 * Passwords and tokens never reach the fixture: every user gets a generated password, handed back once.
 * What the VCD refused, or what the fixture cannot hold, is listed rather than guessed.
 */
import { randomBytes } from 'node:crypto';
import type { FixtureFile } from '../resources/fixture.js';
import type { FixtureAccess, FixtureMetadata } from '../resources/fixture-section.js';
import type { FixtureVApp } from '../resources/vapp/fixture.js';
import type { FixtureNic, FixturePower, FixtureVm } from '../resources/vm/fixture.js';
import type { AllocationModel, FenceMode } from '../store/types.js';
import { PREDEFINED_ROLES } from '../store/roles.js';
import { idOf, VcdClient, type Credentials, type Refusal } from './client.js';
import { captureEdgeGateways, captureNetworkDhcp, captureProvider } from './capture-provider.js';

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
  'passwords, tokens and IPsec pre-shared keys (users and tunnels get generated ones; sessions are not copied)',
  'tasks and sessions (history, not inventory)',
  'ids and hrefs (the twin draws its own from its seed), and so vCenter instance UUIDs and disk UUIDs',
  'creation dates',
  'custom roles and rights changes (the twin has the predefined roles; users of other roles are listed)',
  'isolated vApp networks and their subnets; vApp network fence modes other than bridged',
  'VM guest customization settings and hot-add flags',
  'disk-level storage profiles, bus numbers and units (disks take the VM\'s profile, in order)',
  'metadata of template VMs, media and independent disks (the fixture has no field for them)',
  'catalog subscriptions',
  'vCenter resource pools beyond their morefs (the API names them only as provider VDCs use them) and the descriptions of tier-0 routers in use',
  'tenant application port profiles, and firewall and NAT rules that use them; firewall groups other than IP sets (static security groups)',
  'independent disks\' attachments (captured detached) and media of a VDC other than their catalog\'s',
  'the provider side when the crawl is not a System administrator\'s, and so edge gateways (their uplinks name external networks), compute policies and VM sizing policies',
  'groups, the orgs\' LDAP directories and VDC access lists',
  'NSX-T VDC groups and their networks\' group ownership, the NSX-T manager\'s importable segments and which segment an imported network uses',
  'VM groups, logical VM groups and placement policies\' placement (they are captured as policies without placement), VMs\' placement policies',
  'DHCP leases (they are the VMs\', made as they start), disabled DHCP pools (captured enabled), and DHCP bindings\' own lease times, DNS servers and gateway addresses (they take the network\'s)',
  'IPsec tunnels with certificate authentication; tunnels\' security profiles, logging, initiation mode and local and remote ids (the twin\'s take VCD\'s defaults); the DNS forwarder\'s SNAT rule',
  'distributed firewall rules of NSX-T VDC groups (the groups themselves are not captured)',
];

/**
 * What a diff between a source and its twin leaves out, as `diff()` ignore paths: the kinds and fields
 * NOT_CAPTURABLE names.
 */
export const UNCAPTURED_PATHS = [
  'vCenter.instanceUuid', 'vCenter.resourcePools', 'nsxtManager.tier0Routers', 'disk.uuid', 'disk.attachments',
  'appPortProfile',
  'group', 'org.directory', 'vdc.acl',
  'vdcGroup', 'network.vdcGroupId', 'network.segmentId', 'edgeGateway.vdcGroupId', 'nsxtManager.segments',
  'vmGroup', 'logicalVmGroup', 'computePolicy.placement', 'vm.placementPolicyId',
  'networkDhcp.leases', 'dhcpBinding.leaseTime', 'dhcpBinding.dnsServers', 'dhcpBinding.gatewayIpAddress',
  'ipsecTunnel.securityType', 'ipsecTunnel.securityProfile', 'ipsecTunnel.logging', 'ipsecTunnel.connectorInitiationMode',
  'ipsecTunnel.localId', 'ipsecTunnel.remoteId', 'gatewayDns.snatRuleEnabled',
  'dfwRule',
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
  const admin = opts.org.toLowerCase() === 'system';
  // The provider side, as a System administrator sees it.
  const provider = admin ? await captureProvider(vcd, say) : undefined;
  if (provider) {
    for (const k of ['vCenters', 'nsxtManagers', 'networkPools', 'externalNetworks', 'providerVdcs', 'computePolicies'] as const) counts[k] = provider[k]?.length ?? 0;
  }
  const orgUsers = new Map<string, Set<string>>();

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
      org.users!.push({
        name: u.name, password: password(u.name, org.name), role, fullName: u.fullName ?? u.name, ...(u.emailAddress ? { email: u.emailAddress } : {}),
        ...(u.description ? { description: u.description } : {}), ...(u.isEnabled === false ? { enabled: false } : {}), ...(u.isLocked ? { locked: true } : {}),
      });
      orgUsers.set(org.name, (orgUsers.get(org.name) ?? new Set()).add(u.name));
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
        ...(v.isEnabled === false ? { enabled: false } : {}),
        storageProfiles: [], networks: [], vapps: [],
        metadata: await metadataOf(vcd, v, `VDC ${v.name}`),
      };
      if (provider) {
        if (v.providerVdcReference?.name) vdc.providerVdc = v.providerVdcReference.name;
        if (v.networkPoolReference?.name) vdc.networkPool = v.networkPoolReference.name;
        const policies = await vcd.get(`/api/admin/vdc/${vid}/computePolicies`, `compute policies of VDC ${v.name}`);
        const names = (policies?.vdcComputePolicyReference ?? []).map((r: any) => r.name as string);
        if (names.length) vdc.computePolicies = names;
        if (v.defaultComputePolicy?.name) vdc.defaultComputePolicy = v.defaultComputePolicy.name;
      }
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

  // Edge gateways (each with its services) where the fixture can hold them: their external network must be in it.
  const gateways = await captureEdgeGateways(vcd, notCaptured);
  const externals = new Set((provider?.externalNetworks ?? []).map((n) => n.name));
  for (const [vid, list] of gateways) {
    const home = vdcById.get(vid);
    for (const gw of list) {
      if (!home || !externals.has(gw.externalNetwork)) {
        notCaptured.push(`edge gateway ${gw.name}: ${home ? `its external network ${gw.externalNetwork} is not in the capture (System administrators only)` : 'its VDC was not visible'}`);
        continue;
      }
      (home.vdc.edgeGateways ??= []).push(gw);
      counts.edgeGateways = (counts.edgeGateways ?? 0) + 1;
      say(`  edge gateway ${home.org.name}/${home.vdc.name}/${gw.name}`);
    }
  }
  // Which gateway each routed network goes through (CloudAPI only says it).
  const routers = new Map<string, string>();
  if (counts.edgeGateways) {
    for (const n of (await vcd.values('/cloudapi/1.0.0/orgVdcNetworks', 'org VDC networks (CloudAPI)')) ?? []) {
      if (n.connection?.routerRef?.name) routers.set(idOf(n.id), n.connection.routerRef.name);
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
    const router = routers.get(idOf(rec.href));
    if (router && net.fenceMode === 'natRouted' && home.vdc.edgeGateways?.some((g) => g.name === router)) net.edgeGateway = router;
    const dhcp = await captureNetworkDhcp(vcd, idOf(rec.href), net, `network ${home.org.name}/${home.vdc.name}/${net.name}`, notCaptured);
    if (dhcp) net.dhcp = dhcp;
    home.vdc.networks!.push(net);
    netById.set(idOf(rec.href), net);
    counts.networks++;
    say(`  network ${home.org.name}/${home.vdc.name}/${net.name} ${net.gateway}/${net.prefixLength}`);
  }

  // Catalogs and templates (metadata only: no disk contents).
  const templateVdc = new Map<string, string>();
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
      catalog.access = (await accessOf(vcd, `/api/catalog/${idOf(c.href)}/controlAccess`, `catalog ${org.name}/${c.name}`, orgUsers.get(org.name), notCaptured, true)) ?? { everyone: 'none' };
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

  // Media, in their catalogs (their bytes are not inventory), and independent disks, in their VDCs.
  for (const rec of await vcd.query(admin ? 'adminMedia' : 'media', 'media')) {
    const org = orgs.find((o) => o.catalogs?.some((c) => c.name === rec.catalogName) && (!rec.org || orgRecords.some((r) => r.name === o.name && idOf(r.href) === idOf(rec.org))));
    const catalog = org?.catalogs?.find((c) => c.name === rec.catalogName);
    const m = catalog && (await vcd.get(rec.href, `media ${rec.name}`));
    if (!catalog || !m) {
      if (!catalog) notCaptured.push(`media ${rec.name}: its catalog ${rec.catalogName} was not captured`);
      continue;
    }
    (catalog.media ??= []).push({
      name: m.name, ...(m.description ? { description: m.description } : {}), imageType: m.imageType === 'floppy' ? 'floppy' : 'iso',
      sizeMB: Math.max(1, Math.round((m.size ?? rec.storageB ?? 0) / 1048576)),
    });
    counts.media = (counts.media ?? 0) + 1;
  }
  for (const rec of await vcd.query(admin ? 'adminDisk' : 'disk', 'independent disks')) {
    const home = vdcById.get(idOf(rec.vdc));
    if (!home) continue;
    if (rec.isAttached || Number(rec.attachedVmCount) > 0) notCaptured.push(`disk ${home.org.name}/${home.vdc.name}/${rec.name}: attached to VMs, captured detached`);
    (home.vdc.disks ??= []).push({
      name: rec.name, sizeMB: Number(rec.sizeMb ?? Math.round(Number(rec.sizeB) / 1048576)), ...(rec.description ? { description: rec.description } : {}),
      ...(rec.storageProfileName ? { storageProfile: rec.storageProfileName } : {}), busType: Number(rec.busType), ...(rec.busSubType ? { busSubType: rec.busSubType } : {}),
      ...(rec.sharingType ? { sharingType: rec.sharingType } : {}),
      ...(rec.ownerName && orgUsers.get(home.org.name)?.has(rec.ownerName) ? { owner: rec.ownerName } : {}),
    });
    counts.disks = (counts.disks ?? 0) + 1;
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
    const access = await accessOf(vcd, `/api/vApp/vapp-${idOf(a.href)}/controlAccess`, `vApp ${home.org.name}/${a.name}`, orgUsers.get(home.org.name), notCaptured, false);
    if (access) vapp.access = access;
    vapp.metadata = await metadataOf(vcd, a, `vApp ${a.name}`);
    for (const [i, vm] of (a.children?.vm ?? []).entries()) vapp.vms[i].metadata = await metadataOf(vcd, vm, `VM ${a.name}/${vm.name}`);
    // A VM's sizing policy names a compute policy of the provider side: only a System administrator's capture has them.
    for (const [i, vm] of (a.children?.vm ?? []).entries()) {
      const sizing = vm.computePolicy?.vmSizingPolicy?.name;
      if (sizing && provider) vapp.vms[i].sizingPolicy = sizing;
      else if (sizing) notCaptured.push(`VM ${home.org.name}/${a.name}/${vm.name}: sizing policy ${sizing} (compute policies are the provider side's)`);
    }
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

  // Catalogs shared with orgs the crawl did not see: those shares cannot be declared.
  for (const org of orgs) {
    for (const c of org.catalogs ?? []) {
      const gone = (c.access?.orgs ?? []).filter((n) => !orgs.some((o) => o.name === n));
      if (!gone.length) continue;
      notCaptured.push(`catalog ${org.name}/${c.name}: shared with ${gone.join(', ')}, not in the capture`);
      c.access!.orgs = c.access!.orgs!.filter((n) => !gone.includes(n));
      if (!c.access!.orgs.length) delete c.access!.orgs;
    }
  }
  if (!orgs.some((o) => o.name.toLowerCase() === 'system')) {
    orgs.unshift({ name: 'System', fullName: 'System Organization', users: [{ name: 'administrator', password: password('administrator', 'System'), role: 'System Administrator' }] });
    notCaptured.push('the System org was not visible: the twin gets one with an administrator');
  }
  const fixture: FixtureFile = { site: { name: `twin of ${new URL(vcd.base).host}` }, orgs: orgs.map(prune), ...(provider ? { provider: prune(provider) } : {}) };
  return { fixture, passwords, refused: vcd.refused, notCaptured, counts, requests: vcd.requests, resumed: vcd.resumed };
}

/** A vApp's or catalog's access list, as the fixture names it (undefined: shared with nobody). */
async function accessOf(
  vcd: VcdClient, href: string, what: string, users: Set<string> | undefined, notCaptured: string[], catalog: boolean,
): Promise<FixtureAccess | undefined> {
  const doc = await vcd.get(href, `access list of ${what}`);
  if (!doc) return undefined;
  const out: FixtureAccess = {};
  if (doc.isSharedToEveryone && doc.everyoneAccessLevel) out.everyone = doc.everyoneAccessLevel;
  for (const s of doc.accessSettings?.accessSetting ?? []) {
    const name = s.subject?.name as string;
    if (String(s.subject?.type ?? '').includes('org')) {
      if (catalog) (out.orgs ??= []).push(name);
      continue;
    }
    if (!users?.has(name)) {
      notCaptured.push(`${what}: access of user ${name}, who is not in the capture`);
      continue;
    }
    (out.users ??= {})[name] = s.accessLevel;
  }
  return Object.keys(out).length ? out : undefined;
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
