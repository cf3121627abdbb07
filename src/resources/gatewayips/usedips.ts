/**
 * The addresses an edge gateway uses of those allocated to it (`edgeGateways/{id}/usedIpAddresses`): each
 * uplink subnet's primary IP, the external addresses of its NAT rules, the local endpoints of its IPsec VPN
 * tunnels and its DNS forwarder's listener when that is one of its own addresses. go-vcloud-director's
 * `GetUnusedExternalIPAddresses` subtracts these from the allocation.
 */
import type { World } from '../../world.js';
import type { EdgeGateway } from '../../store/types.js';
import { inRanges } from '../../lib/iprange.js';
import { intToIp, ipToInt } from '../../lib/ippool.js';
import type { Model } from '../cloudapi/paging.js';
import { ref } from '../cloudapi/json.js';
import { urn } from '../links.js';
import { addressSpan } from '../edgegateway/services.js';
import { allocatedRanges } from '../edgegateway/model.js';

export type UsedIpCategory = 'PRIMARY_IP' | 'SNAT' | 'DNAT' | 'IPsec_VPN' | 'DNS_FORWARDER';

export interface UsedIp {
  category: UsedIpCategory;
  ipAddress: string;
  externalNetworkId?: string;
}

/** At most this many addresses of one rule's range are listed. */
const MAX_SPAN = 256;

export function usedIps(sim: World, gw: EdgeGateway): UsedIp[] {
  const out: UsedIp[] = [];
  const networkOf = (ip: string) => gw.uplinks.find((u) => u.subnets.some((s) => inRanges(ip, [...s.ipRanges, ...(s.primaryIp ? [{ start: s.primaryIp, end: s.primaryIp }] : [])])))?.externalNetworkId;
  const add = (category: UsedIpCategory, expr: string) => {
    let span;
    try {
      span = addressSpan(expr, 'address');
    } catch {
      return;
    }
    for (let ip = ipToInt(span.start), end = Math.min(ipToInt(span.end), ipToInt(span.start) + MAX_SPAN - 1); ip <= end; ip++) {
      const a = intToIp(ip);
      out.push({ category, ipAddress: a, externalNetworkId: networkOf(a) });
    }
  };
  for (const u of gw.uplinks) for (const s of u.subnets) if (s.primaryIp) out.push({ category: 'PRIMARY_IP', ipAddress: s.primaryIp, externalNetworkId: u.externalNetworkId });
  for (const r of sim.store.where('natRule', 'edgeGatewayId', gw.id)) {
    if (!r.externalAddresses) continue;
    add(r.type === 'SNAT' || r.type === 'NO_SNAT' || r.type === 'REFLEXIVE' ? 'SNAT' : 'DNAT', r.externalAddresses);
  }
  for (const t of sim.store.where('ipsecTunnel', 'edgeGatewayId', gw.id)) add('IPsec_VPN', t.localAddress);
  const dns = sim.store.get('gatewayDns', gw.id);
  if (dns && inRanges(dns.listenerIp, allocatedRanges(gw))) add('DNS_FORWARDER', dns.listenerIp);
  return out;
}

export function usedIpModel(sim: World, u: UsedIp): Model {
  const net = u.externalNetworkId ? sim.store.get('externalNetwork', u.externalNetworkId) : undefined;
  return { category: u.category, ipAddress: u.ipAddress, networkRef: net ? ref(net.name, urn('externalNetwork', net.id)) : null };
}

export const USED_IP_FIELDS = { category: 'string', ipAddress: 'string' } as const;
