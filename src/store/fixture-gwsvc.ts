/**
 * More gateway and network services in a fixture: a gateway's `services.ipsecTunnels` and `services.dns`,
 * and a network's `dhcp` (with its bindings), checked as the API checks them.
 */
import type { Random } from '../lib/random.js';
import type { DhcpPool, EdgeGateway, Network, Snapshot } from './types.js';
import { ipToInt } from '../lib/ippool.js';
import { inRanges, inSubnet, isIpv4, rangesOverlap } from '../lib/iprange.js';

type Fail = (where: string, what: string) => never;

export interface FixtureGatewayMoreServices {
  ipsecTunnels?: {
    name: string; description?: string; enabled?: boolean; preSharedKey: string;
    /** An address allocated to the gateway. */
    localAddress: string; localNetworks: string[];
    remoteAddress: string; remoteNetworks?: string[];
  }[];
  /** The DNS forwarder: upstream servers of its default zone, and conditional zones by domain. */
  dns?: {
    enabled?: boolean; listenerIp?: string; upstreamServers: string[];
    conditionalZones?: { name: string; upstreamServers: string[]; domains: string[] }[];
  };
}

/** DHCP on an org VDC network: EDGE (routed networks; the default), NETWORK (with `ipAddress`) or RELAY. */
export interface FixtureNetworkDhcp {
  mode?: 'EDGE' | 'NETWORK' | 'RELAY';
  enabled?: boolean;
  leaseTime?: number;
  pools?: { start: string; end: string }[];
  dnsServers?: string[];
  ipAddress?: string;
  bindings?: { name: string; macAddress: string; ipAddress: string; description?: string; hostName?: string }[];
}

const CIDR = (s: string) => {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(String(s ?? ''));
  return Boolean(m && isIpv4(m[1]) && Number(m[2]) <= 32);
};

export function buildGatewayMoreServices(snap: Snapshot, gw: EdgeGateway, services: FixtureGatewayMoreServices | undefined, at: string, random: Random, fail: Fail): void {
  if (!services) return;
  const here = `${at}.services`;
  const allocated = gw.uplinks.flatMap((u) => u.subnets.flatMap((s) => [...s.ipRanges, { start: s.primaryIp, end: s.primaryIp }]));
  const names = new Set<string>();
  (services.ipsecTunnels ?? []).forEach((t, i) => {
    const where = `${here}.ipsecTunnels[${i}]`;
    if (!t?.name) fail(where, 'an IPsec VPN tunnel needs a name');
    if (names.has(t.name.toLowerCase())) fail(where, `duplicate IPsec VPN tunnel name ${t.name} on edge gateway ${gw.name}`);
    names.add(t.name.toLowerCase());
    if (!isIpv4(t.localAddress) || !inRanges(t.localAddress, allocated)) fail(`${where}.localAddress`, `"${t.localAddress}" is not an address allocated to edge gateway ${gw.name}`);
    if (!t.localNetworks?.length) fail(`${where}.localNetworks`, 'an IPsec VPN tunnel needs at least one local network');
    [...t.localNetworks, ...(t.remoteNetworks ?? [])].forEach((c) => { if (!CIDR(c)) fail(where, `"${c}" is not an IPv4 network in CIDR form`); });
    if (!isIpv4(t.remoteAddress)) fail(`${where}.remoteAddress`, `"${t.remoteAddress}" is not an IPv4 address`);
    if (!t.preSharedKey) fail(`${where}.preSharedKey`, 'an IPsec VPN tunnel needs a pre-shared key');
    snap.ipsecTunnel.push({
      id: random.uuid(), orgId: gw.orgId, edgeGatewayId: gw.id, name: t.name, description: t.description ?? '', enabled: t.enabled ?? true,
      localAddress: t.localAddress, localId: t.localAddress, localNetworks: t.localNetworks, remoteAddress: t.remoteAddress, remoteId: t.remoteAddress,
      remoteNetworks: t.remoteNetworks ?? [], preSharedKey: t.preSharedKey, securityType: 'DEFAULT', logging: false, authenticationMode: 'PSK',
      connectorInitiationMode: 'INITIATOR', version: 0,
    });
  });
  const dns = services.dns;
  if (dns) {
    const where = `${here}.dns`;
    const servers = (list: string[] | undefined, w: string) => {
      if (!list?.length || list.length > 3) fail(w, 'a DNS zone needs one to three upstream servers');
      list!.forEach((s) => { if (!isIpv4(s)) fail(w, `"${s}" is not an IPv4 address`); });
      return list!;
    };
    const listenerIp = dns.listenerIp ?? '192.168.255.228';
    if (dns.listenerIp !== undefined && (!isIpv4(listenerIp) || !inRanges(listenerIp, allocated))) fail(`${where}.listenerIp`, `"${listenerIp}" is not an address allocated to edge gateway ${gw.name}`);
    snap.gatewayDns.push({
      id: gw.id, orgId: gw.orgId, enabled: dns.enabled ?? true, listenerIp, snatRuleEnabled: false,
      defaultZone: { id: random.uuid(), displayName: 'default', upstreamServers: servers(dns.upstreamServers, `${where}.upstreamServers`), dnsDomainNames: [] },
      conditionalZones: (dns.conditionalZones ?? []).map((z, i) => {
        if (!z?.name || !z.domains?.length) fail(`${where}.conditionalZones[${i}]`, 'a conditional zone needs a name and domains');
        return { id: random.uuid(), displayName: z.name, upstreamServers: servers(z.upstreamServers, `${where}.conditionalZones[${i}].upstreamServers`), dnsDomainNames: z.domains };
      }),
      version: 1,
    });
  }
}

export function buildNetworkDhcp(snap: Snapshot, net: Network, dhcp: FixtureNetworkDhcp | undefined, at: string, random: Random, fail: Fail): void {
  if (!dhcp) return;
  const where = `${at}.dhcp`;
  const mode = dhcp.mode ?? 'EDGE';
  if (!['EDGE', 'NETWORK', 'RELAY'].includes(mode)) fail(`${where}.mode`, 'mode must be EDGE, NETWORK or RELAY');
  if (mode !== 'NETWORK' && !net.edgeGatewayId) fail(`${where}.mode`, `DHCP in ${mode} mode needs a network routed through an edge gateway`);
  const inNet = (ip: string) => isIpv4(ip) && inSubnet(ip, net.gateway, net.prefixLength) && ip !== net.gateway;
  const pools: DhcpPool[] = (dhcp.pools ?? []).map((p, i) => {
    if (!inNet(p?.start) || !inNet(p?.end) || ipToInt(p.end) < ipToInt(p.start)) fail(`${where}.pools[${i}]`, `not a range of the subnet ${net.gateway}/${net.prefixLength} of network ${net.name}`);
    if (net.ipRanges.some((r) => rangesOverlap(r, p))) fail(`${where}.pools[${i}]`, `${p.start}-${p.end} overlaps a static IP pool of network ${net.name}`);
    return { start: p.start, end: p.end, enabled: true };
  });
  if (mode === 'RELAY' && pools.length) fail(`${where}.pools`, 'DHCP in RELAY mode takes no pools');
  if (mode === 'NETWORK' && (!dhcp.ipAddress || !inNet(dhcp.ipAddress) || inRanges(dhcp.ipAddress, [...net.ipRanges, ...pools]))) {
    fail(`${where}.ipAddress`, 'DHCP in NETWORK mode needs an address of the subnet outside the static and DHCP pools');
  }
  const leaseTime = dhcp.leaseTime ?? 86400;
  if (!Number.isInteger(leaseTime) || leaseTime < 60) fail(`${where}.leaseTime`, 'leaseTime is at least 60 seconds');
  (dhcp.dnsServers ?? []).forEach((s) => { if (!isIpv4(s)) fail(`${where}.dnsServers`, `"${s}" is not an IPv4 address`); });
  snap.networkDhcp.push({
    id: net.id, orgId: net.orgId, enabled: dhcp.enabled ?? true, mode, leaseTime, pools, dnsServers: dhcp.dnsServers ?? [],
    ipAddress: mode === 'NETWORK' ? dhcp.ipAddress : undefined, leases: [],
  });
  const seen = new Set<string>();
  (dhcp.bindings ?? []).forEach((b, i) => {
    const w = `${where}.bindings[${i}]`;
    if (!b?.name) fail(w, 'a DHCP binding needs a name');
    const mac = String(b.macAddress ?? '').toLowerCase();
    if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(mac)) fail(`${w}.macAddress`, `"${b.macAddress}" is not a MAC address`);
    if (!inNet(b.ipAddress) || inRanges(b.ipAddress, [...net.ipRanges, ...pools])) fail(`${w}.ipAddress`, `"${b.ipAddress}" is not an address of network ${net.name} outside its static and DHCP pools`);
    for (const k of [b.name.toLowerCase(), mac, b.ipAddress]) {
      if (seen.has(k)) fail(w, `the name, MAC address or address of binding ${b.name} is another binding's`);
      seen.add(k);
    }
    snap.dhcpBinding.push({
      id: random.uuid(), orgId: net.orgId, networkId: net.id, name: b.name, description: b.description ?? '', macAddress: mac, ipAddress: b.ipAddress,
      leaseTime, dnsServers: [], gatewayIpAddress: '', hostName: b.hostName ?? '', version: 0,
    });
  });
}
