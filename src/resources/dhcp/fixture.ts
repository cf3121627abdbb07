/** A network's `dhcp:` in the fixture (built once routed networks know their gateways), with its bindings. */
import type { DhcpPool, Network, NetworkDhcp } from '../../store/types.js';
import { ipToInt } from '../../lib/ippool.js';
import { inRanges, inSubnet, isIpv4, rangesOverlap } from '../../lib/iprange.js';
import type { FixtureSection } from '../fixture-section.js';

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

export const networkDhcpFixture: FixtureSection<Network, FixtureNetworkDhcp, NetworkDhcp> = {
  key: 'dhcp',
  parent: 'network',
  single: true,
  build(b, dhcp, where, net) {
    const { snap, random, fail } = b;
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
    const entity: NetworkDhcp = {
      id: net.id, orgId: net.orgId, enabled: dhcp.enabled ?? true, mode, leaseTime, pools, dnsServers: dhcp.dnsServers ?? [],
      ipAddress: mode === 'NETWORK' ? dhcp.ipAddress : undefined, leases: [],
    };
    snap.networkDhcp.push(entity);
    const seen = new Set<string>();
    (dhcp.bindings ?? []).forEach((d, i) => {
      const w = `${where}.bindings[${i}]`;
      if (!d?.name) fail(w, 'a DHCP binding needs a name');
      const mac = String(d.macAddress ?? '').toLowerCase();
      if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(mac)) fail(`${w}.macAddress`, `"${d.macAddress}" is not a MAC address`);
      if (!inNet(d.ipAddress) || inRanges(d.ipAddress, [...net.ipRanges, ...pools])) fail(`${w}.ipAddress`, `"${d.ipAddress}" is not an address of network ${net.name} outside its static and DHCP pools`);
      for (const k of [d.name.toLowerCase(), mac, d.ipAddress]) {
        if (seen.has(k)) fail(w, `the name, MAC address or address of binding ${d.name} is another binding's`);
        seen.add(k);
      }
      snap.dhcpBinding.push({
        id: random.uuid(), orgId: net.orgId, networkId: net.id, name: d.name, description: d.description ?? '', macAddress: mac, ipAddress: d.ipAddress,
        leaseTime, dnsServers: [], gatewayIpAddress: '', hostName: d.hostName ?? '', version: 0,
      });
    });
    return entity;
  },
};
