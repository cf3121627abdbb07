/**
 * More gateway services in a fixture: a gateway's `services.ipsecTunnels` and `services.dns`, checked as
 * the API checks them.
 */
import type { Random } from '../lib/random.js';
import type { EdgeGateway, Snapshot } from './types.js';
import { inRanges, isIpv4 } from '../lib/iprange.js';

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
