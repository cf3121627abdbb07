/**
 * Capture, the provider side and the networking around VDCs: what a System administrator sees of vCenters,
 * NSX-T managers (tier-0 routers, edge clusters), network pools, external networks, provider VDCs and their
 * storage profiles, and VDC compute policies; and, for every org, NSX-T edge gateways with their IP sets,
 * firewall rules, NAT rules, static routes, IPsec tunnels and DNS forwarder, and the DHCP of their networks.
 * Read through the same public API an SDK uses.
 */
import type { FixtureGateway, FixtureGatewayServices, FixtureProvider } from '../resources/fixture.js';
import type { FixtureIpsecTunnel } from '../resources/ipsec/fixture.js';
import { DEFAULT_LISTENER_IP, type FixtureGatewayDns } from '../resources/dns/fixture.js';
import type { FixtureNetworkDhcp } from '../resources/dhcp/fixture.js';
import { randomBytes } from 'node:crypto';
import { inRanges } from '../lib/iprange.js';
import { NSXT_SERVICES } from '../lib/nsxtservices.js';
import { idOf, type VcdClient } from './client.js';

const SYSTEM_PROFILES = new Set(NSXT_SERVICES.map((s) => s.name));

/** The provider side, or undefined when nothing of it is visible (a tenant's capture). */
export async function captureProvider(vcd: VcdClient, say: (line: string) => void): Promise<FixtureProvider | undefined> {
  const ext = await vcd.get('/api/admin/extension', 'the provider extension');
  if (!ext) return undefined;
  const provider: Required<FixtureProvider> = { vCenters: [], nsxtManagers: [], networkPools: [], externalNetworks: [], providerVdcs: [], computePolicies: [], vmGroups: [] };

  const pvdcDocs: any[] = [];
  for (const ref of (await vcd.get('/api/admin/extension/providerVdcReferences', 'provider VDCs'))?.providerVdcReference ?? []) {
    const p = await vcd.get(`/api/admin/extension/providervdc/${idOf(ref.href)}`, `provider VDC ${ref.name}`);
    if (p) pvdcDocs.push(p);
  }

  for (const ref of (await vcd.get('/api/admin/extension/vimServerReferences', 'vCenters'))?.vimServerReference ?? []) {
    const v = await vcd.get(ref.href, `vCenter ${ref.name}`);
    if (!v) continue;
    const morefs = new Set<string>();
    for (const p of pvdcDocs) {
      for (const r of p.resourcePoolRefs?.vimObjectRef ?? []) if (idOf(r.vimServerRef?.href) === idOf(v.href)) morefs.add(r.moRef);
    }
    provider.vCenters.push({
      name: v.name, description: v.description ?? '', url: v.url, username: v.username, version: v.vcVersion, enabled: v.isEnabled ?? true,
      // Resource pools are seen only as the provider VDCs use them, by moref: named after it.
      resourcePools: [...morefs].map((moref) => ({ name: moref, moref })),
    });
    say(`vCenter ${v.name}`);
  }

  // External networks first: their backings name the tier-0 routers in use.
  const tier0s = new Map<string, Map<string, string>>();
  const t0 = (manager: string) => tier0s.get(manager) ?? tier0s.set(manager, new Map()).get(manager)!;
  const extNets = (await vcd.values('/cloudapi/1.0.0/externalNetworks', 'external networks')) ?? [];
  for (const n of extNets) {
    const backing = n.networkBackings?.values?.[0];
    if (!backing || backing.backingType !== 'NSXT_TIER0') continue;
    t0(backing.networkProvider?.name).set(backing.name, '');
  }

  for (const rec of await vcd.query('nsxTManager', 'NSX-T managers')) {
    const m = await vcd.get(rec.href, `NSX-T manager ${rec.name}`);
    if (!m) continue;
    const managerUrn = `urn:vcloud:nsxtmanager:${idOf(m.href)}`;
    for (const r of (await vcd.values(`/cloudapi/1.0.0/nsxTResources/importableTier0Routers?filter=_context==${managerUrn}`, `tier-0 routers of ${m.name}`)) ?? []) {
      t0(m.name).set(r.displayName, r.description ?? '');
    }
    const clusters = new Map<string, string>();
    for (const p of pvdcDocs) {
      for (const c of (await vcd.values(`/cloudapi/1.0.0/nsxTResources/edgeClusters?filter=pvdcId==urn:vcloud:providervdc:${idOf(p.href)}`, `edge clusters of ${p.name}`)) ?? []) {
        clusters.set(c.name, c.description ?? '');
      }
    }
    provider.nsxtManagers.push({
      name: m.name, description: m.description ?? '', url: m.url, username: m.username, version: m.version,
      tier0Routers: [...t0(m.name)].map(([name, description]) => ({ name, description })),
      edgeClusters: [...clusters].map(([name, description]) => ({ name, description })),
    });
    say(`NSX-T manager ${m.name}: ${t0(m.name).size} tier-0 routers, ${clusters.size} edge clusters`);
  }

  for (const ref of (await vcd.get('/api/admin/extension/networkPoolReferences', 'network pools'))?.networkPoolReference ?? []) {
    const p = await vcd.get(`/cloudapi/1.0.0/networkPools/urn:vcloud:networkpool:${idOf(ref.href)}`, `network pool ${ref.name}`);
    if (!p) continue;
    provider.networkPools.push({
      name: p.name, description: p.description ?? '', nsxtManager: p.managingOwnerRef?.name ?? p.backing?.providerRef?.name,
      ...(p.backing?.transportZoneRef?.name ? { transportZone: p.backing.transportZoneRef.name } : {}),
    });
  }

  for (const n of extNets) {
    const backing = n.networkBackings?.values?.[0];
    if (!backing || backing.backingType !== 'NSXT_TIER0') continue;
    provider.externalNetworks.push({
      name: n.name, description: n.description ?? '', nsxtManager: backing.networkProvider?.name, tier0Router: backing.name,
      subnets: (n.subnets?.values ?? []).map((s: any) => ({
        gateway: s.gateway, prefixLength: s.prefixLength,
        ...(s.dnsServer1 ? { dns1: s.dnsServer1 } : {}), ...(s.dnsServer2 ? { dns2: s.dnsServer2 } : {}), ...(s.dnsSuffix ? { dnsSuffix: s.dnsSuffix } : {}),
        ipRanges: (s.ipRanges?.values ?? []).map((r: any) => ({ start: r.startAddress, end: r.endAddress })),
      })),
    });
  }

  for (const p of pvdcDocs) {
    const storageProfiles = [];
    for (const sref of (await vcd.get(`/api/admin/providervdc/${idOf(p.href)}`, `provider VDC ${p.name} (storage)`))?.storageProfiles?.providerVdcStorageProfile ?? []) {
      const sp = await vcd.get(sref.href, `storage profile ${sref.name} of ${p.name}`);
      if (sp) storageProfiles.push({ name: sp.name, totalMB: sp.capacityTotal ?? 0, enabled: sp.enabled ?? true });
    }
    provider.providerVdcs.push({
      name: p.name, description: p.description ?? '', vCenter: p.vimServer?.[0]?.name ?? '',
      resourcePools: (p.resourcePoolRefs?.vimObjectRef ?? []).map((r: any) => r.moRef),
      networkPool: p.networkPoolReferences?.networkPoolReference?.[0]?.name ?? '',
      externalNetworks: (p.availableNetworks?.network ?? []).map((n: any) => n.name),
      cpuMhz: p.computeCapacity?.cpu?.total, memoryMB: p.computeCapacity?.memory?.total,
      ...(p.highestSupportedHardwareVersion ? { highestHardwareVersion: p.highestSupportedHardwareVersion } : {}),
      enabled: p.isEnabled ?? true, storageProfiles,
    });
    say(`provider VDC ${p.name}: ${storageProfiles.length} storage profiles`);
  }

  for (const c of (await vcd.values('/cloudapi/2.0.0/vdcComputePolicies', 'VDC compute policies')) ?? []) {
    const n = (v: unknown) => (typeof v === 'number' ? v : undefined);
    provider.computePolicies.push(strip({
      name: c.name, description: c.description ?? '', cpuCount: n(c.cpuCount), coresPerSocket: n(c.coresPerSocket), memoryMB: n(c.memory),
      cpuSpeedMhz: n(c.cpuSpeed), cpuReservationGuarantee: n(c.cpuReservationGuarantee), memoryReservationGuarantee: n(c.memoryReservationGuarantee),
    }));
  }
  return provider;
}

/** An org VDC's edge gateways (CloudAPI), each with its services; notes what the fixture cannot hold. */
export async function captureEdgeGateways(
  vcd: VcdClient, notCaptured: string[],
): Promise<Map<string, FixtureGateway[]>> {
  const byVdc = new Map<string, FixtureGateway[]>();
  for (const g of (await vcd.values('/cloudapi/1.0.0/edgeGateways', 'edge gateways')) ?? []) {
    const where = `edge gateway ${g.orgRef?.name ?? '?'}/${g.name}`;
    const uplink = g.edgeGatewayUplinks?.[0];
    const subnet = uplink?.subnets?.values?.[0];
    if (!uplink || !subnet || g.edgeGatewayUplinks.length > 1 || uplink.subnets.values.length > 1) {
      notCaptured.push(`${where}: ${uplink ? 'more than one uplink or uplink subnet' : 'no uplink'} (a fixture's gateway has one)`);
      if (!uplink || !subnet) continue;
    }
    const gw: FixtureGateway = {
      name: g.name, description: g.description ?? '', externalNetwork: uplink.uplinkName, primaryIp: subnet.primaryIp,
      ipRanges: (subnet.ipRanges?.values ?? []).map((r: any) => ({ start: r.startAddress, end: r.endAddress })),
      ...(g.edgeClusterConfig?.primaryEdgeCluster?.edgeClusterRef?.name ? { edgeCluster: g.edgeClusterConfig.primaryEdgeCluster.edgeClusterRef.name } : {}),
      dedicated: uplink.dedicated ?? false,
    };
    const services = await gatewayServices(vcd, g, gw, where, notCaptured);
    if (services) gw.services = services;
    const vdc = idOf(g.orgVdc?.id ?? g.ownerRef?.id);
    byVdc.set(vdc, [...(byVdc.get(vdc) ?? []), gw]);
  }
  return byVdc;
}

async function gatewayServices(vcd: VcdClient, g: any, gw: FixtureGateway, where: string, notCaptured: string[]): Promise<FixtureGatewayServices | undefined> {
  const path = `/cloudapi/1.0.0/edgeGateways/${g.id}`;
  const out: Required<Pick<FixtureGatewayServices, 'ipSets' | 'firewallRules' | 'natRules' | 'staticRoutes'>> = { ipSets: [], firewallRules: [], natRules: [], staticRoutes: [] };
  const setNames = new Set<string>();
  for (const s of (await vcd.values(`/cloudapi/1.0.0/firewallGroups/summaries?filter=ownerRef.id==${g.id}`, `firewall groups of ${where}`)) ?? []) {
    if (idOf(s.ownerRef?.id ?? s.edgeGatewayRef?.id) !== idOf(g.id)) continue;
    const doc = await vcd.get(`/cloudapi/1.0.0/firewallGroups/${s.id}`, `firewall group ${s.name} of ${where}`);
    if (!doc) continue;
    if ((doc.typeValue ?? doc.type) !== 'IP_SET') {
      notCaptured.push(`${where}: firewall group ${doc.name} (${doc.typeValue ?? doc.type}; a fixture holds IP sets)`);
      continue;
    }
    setNames.add(doc.name);
    out.ipSets.push({ name: doc.name, ...(doc.description ? { description: doc.description } : {}), ipAddresses: doc.ipAddresses ?? [] });
  }
  const fw = await vcd.get(`${path}/firewall/rules`, `firewall rules of ${where}`);
  for (const r of fw?.userDefinedRules ?? []) {
    const names = (refs: any[] | null | undefined) => (refs ?? []).map((x) => x.name as string);
    const apps = names(r.applicationPortProfiles);
    const groups = [...names(r.sourceFirewallGroups), ...names(r.destinationFirewallGroups)];
    const missing = [...apps.filter((a) => !SYSTEM_PROFILES.has(a)), ...groups.filter((n) => !setNames.has(n))];
    if (missing.length) {
      notCaptured.push(`${where}: firewall rule ${r.name} names ${missing.join(', ')} (a fixture's rules name IP sets and SYSTEM port profiles)`);
      continue;
    }
    out.firewallRules.push(strip({
      name: r.name, description: r.description || undefined, action: r.actionValue ?? r.action, enabled: r.enabled, direction: r.direction, ipProtocol: r.ipProtocol, logging: r.logging,
      sources: names(r.sourceFirewallGroups), destinations: names(r.destinationFirewallGroups), applications: apps,
    }));
  }
  for (const r of (await vcd.values(`${path}/nat/rules`, `NAT rules of ${where}`)) ?? []) {
    const app = r.applicationPortProfile?.name;
    if (app && !SYSTEM_PROFILES.has(app)) {
      notCaptured.push(`${where}: NAT rule ${r.name} uses port profile ${app} (a fixture's rules name SYSTEM port profiles)`);
      continue;
    }
    out.natRules.push(strip({
      name: r.name, type: r.type ?? r.ruleType, externalAddresses: r.externalAddresses || undefined, internalAddresses: r.internalAddresses || undefined,
      description: r.description || undefined, enabled: r.enabled, priority: r.priority, dnatExternalPort: r.dnatExternalPort || undefined,
      snatDestinationAddresses: r.snatDestinationAddresses || undefined, application: app,
      logging: r.logging || undefined, firewallMatch: r.firewallMatch && r.firewallMatch !== 'MATCH_INTERNAL_ADDRESS' ? r.firewallMatch : undefined,
    }));
  }
  for (const r of (await vcd.values(`${path}/routing/staticRoutes`, `static routes of ${where}`)) ?? []) {
    out.staticRoutes.push(strip({
      name: r.name, description: r.description || undefined, networkCidr: r.networkCidr,
      nextHops: (r.nextHops ?? []).map((h: any) => ({ ipAddress: h.ipAddress, adminDistance: h.adminDistance ?? 1 })),
    }));
  }
  const kept: FixtureGatewayServices = Object.fromEntries(Object.entries(out).filter(([, v]) => v.length));
  const tunnels = await ipsecTunnels(vcd, path, where, notCaptured);
  if (tunnels.length) kept.ipsecTunnels = tunnels;
  const dns = await dnsForwarder(vcd, path, gw, where, notCaptured);
  if (dns) kept.dns = dns;
  return Object.keys(kept).length ? kept : undefined;
}

/** IPsec tunnels with a pre-shared key; the twin's get keys of their own, as users get passwords of their own. */
async function ipsecTunnels(vcd: VcdClient, path: string, where: string, notCaptured: string[]): Promise<FixtureIpsecTunnel[]> {
  const out: FixtureIpsecTunnel[] = [];
  for (const t of (await vcd.values(`${path}/ipsec/tunnels`, `IPsec tunnels of ${where}`)) ?? []) {
    if (t.authenticationMode === 'CERTIFICATE') {
      notCaptured.push(`${where}: IPsec tunnel ${t.name} (certificate authentication; a fixture's tunnels use a pre-shared key)`);
      continue;
    }
    out.push(strip({
      name: t.name, description: t.description || undefined, enabled: t.enabled, preSharedKey: randomBytes(12).toString('base64url'),
      localAddress: t.localEndpoint?.localAddress, localNetworks: t.localEndpoint?.localNetworks ?? [],
      remoteAddress: t.remoteEndpoint?.remoteAddress, remoteNetworks: t.remoteEndpoint?.remoteNetworks ?? undefined,
    }));
  }
  return out;
}

/** The DNS forwarder, when it has a default zone; its listener address when not VCD's default. */
async function dnsForwarder(vcd: VcdClient, path: string, gw: FixtureGateway, where: string, notCaptured: string[]): Promise<FixtureGatewayDns | undefined> {
  const d = await vcd.get(`${path}/dns`, `DNS forwarder of ${where}`);
  if (!d?.defaultForwarderZone) return undefined;
  const dns: FixtureGatewayDns = strip({
    enabled: d.enabled, upstreamServers: d.defaultForwarderZone.upstreamServers ?? [],
    conditionalZones: (d.conditionalForwarderZones ?? []).map((z: any) => ({ name: z.displayName, upstreamServers: z.upstreamServers ?? [], domains: z.dnsDomainNames ?? [] })),
  });
  if (d.listenerIp && d.listenerIp !== DEFAULT_LISTENER_IP) {
    if (inRanges(d.listenerIp, gw.ipRanges ?? [])) dns.listenerIp = d.listenerIp;
    else notCaptured.push(`${where}: the DNS forwarder's listener address ${d.listenerIp} (a fixture's listens on VCD's default or an address allocated to the gateway)`);
  }
  return dns;
}

/** DHCP of an org VDC network with its bindings, when configured (EDGE and RELAY modes need its gateway captured). */
export async function captureNetworkDhcp(
  vcd: VcdClient, networkId: string, net: { edgeGateway?: string }, where: string, notCaptured: string[],
): Promise<FixtureNetworkDhcp | undefined> {
  const path = `/cloudapi/1.0.0/orgVdcNetworks/urn:vcloud:network:${networkId}/dhcp`;
  const d = await vcd.get(path, `DHCP of ${where}`);
  const pools = (d?.dhcpPools ?? []).map((p: any) => ({ start: p.ipRange?.startAddress, end: p.ipRange?.endAddress }));
  if (!d?.mode || (!d.enabled && !pools.length)) return undefined;
  if (d.mode !== 'NETWORK' && !net.edgeGateway) {
    notCaptured.push(`${where}: DHCP in ${d.mode} mode (its edge gateway is not in the capture)`);
    return undefined;
  }
  const bindings = (await vcd.values(`${path}/bindings`, `DHCP bindings of ${where}`)) ?? [];
  return strip({
    mode: d.mode, enabled: d.enabled, leaseTime: d.leaseTime ?? undefined, pools, dnsServers: d.dnsServers ?? undefined, ipAddress: d.ipAddress ?? undefined,
    bindings: bindings.map((b: any) => strip({
      name: b.name, macAddress: b.macAddress, ipAddress: b.ipAddress, description: b.description || undefined, hostName: b.dhcpV4BindingConfig?.hostName || undefined,
    })),
  });
}

/** Leaves out undefined fields and empty lists. */
function strip<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && !(Array.isArray(v) && !v.length))) as T;
}
