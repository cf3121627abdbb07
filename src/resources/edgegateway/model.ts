/**
 * Edge gateways as other kinds see them: the addresses each takes from its external networks, and the
 * org VDC networks routed through it. Pure reads of the store (other kinds import it without a cycle).
 */
import type { Store } from '../../store/store.js';
import type { EdgeGateway, EdgeGatewaySubnet } from '../../store/types.js';
import { ipToInt, poolSize } from '../../lib/ippool.js';
import type { Range } from '../../lib/iprange.js';

/** Addresses of a subnet's sub-allocated ranges. */
export const subnetIpCount = (s: EdgeGatewaySubnet) => poolSize({ ipRanges: s.ipRanges, gateway: '', allocatedIps: [] });

/** The addresses a gateway uses on an uplink subnet: its primary IP (services add theirs on top). */
export const usedIpsOf = (s: EdgeGatewaySubnet): string[] => (s.primaryIp ? [s.primaryIp] : []);

/** The org VDC networks routed through the gateway. */
export const networksOf = (store: Store, gw: EdgeGateway) =>
  // A VDC group's networks may sit in another VDC of the group than the gateway's.
  (gw.vdcGroupId ? store.where('network', 'orgId', gw.orgId) : store.where('network', 'vdcId', gw.vdcId)).filter((n) => n.edgeGatewayId === gw.id);

/** Every range of an external network sub-allocated to an edge gateway, with the gateway that holds it. */
export function externalAllocations(store: Store, externalNetworkId: string): { gatewayId: string; start: number; end: number }[] {
  const out: { gatewayId: string; start: number; end: number }[] = [];
  for (const gw of store.all('edgeGateway')) {
    for (const u of gw.uplinks) {
      if (u.externalNetworkId !== externalNetworkId) continue;
      for (const s of u.subnets) for (const r of s.ipRanges) out.push({ gatewayId: gw.id, start: ipToInt(r.start), end: ipToInt(r.end) });
    }
  }
  return out;
}

/** Addresses of an external network's subnet taken by edge gateways (sub-allocated to them). */
export function externalUsedIpCount(store: Store, externalNetworkId: string, subnet?: { gateway: string; prefixLength: number }): number {
  let n = 0;
  for (const gw of store.all('edgeGateway')) {
    for (const u of gw.uplinks) {
      if (u.externalNetworkId !== externalNetworkId) continue;
      for (const s of u.subnets) if (!subnet || (s.gateway === subnet.gateway && s.prefixLength === subnet.prefixLength)) n += subnetIpCount(s);
    }
  }
  return n;
}

/** The addresses of the gateway's uplinks: each subnet's primary IP and sub-allocated ranges. */
export function allocatedRanges(gw: EdgeGateway): Range[] {
  return gw.uplinks.flatMap((u) => u.subnets.flatMap((s) => [...s.ipRanges, ...(s.primaryIp ? [{ start: s.primaryIp, end: s.primaryIp }] : [])]));
}
