/**
 * DHCP on an org VDC network (`orgVdcNetworks/{id}/dhcp`): EDGE (the gateway's DHCP service, routed networks),
 * NETWORK (a DHCP server on the network, listening on `ipAddress`) or RELAY (routed networks, no pools); pools
 * are ranges of the subnet outside its static pools; the mode cannot change once set.
 */
import type { World } from '../../world.js';
import type { DhcpPool, Network, NetworkDhcp } from '../../store/types.js';
import { badRequest } from '../../errors.js';
import { inRanges, inSubnet, isIpv4, rangesOverlap } from '../../lib/iprange.js';
import { ipToInt } from '../../lib/ippool.js';
import type { Model } from '../cloudapi/paging.js';
import { type Json, bool, int, list, obj, str } from '../cloudapi/json.js';

export const DEFAULT_LEASE = 86400;
export const MAX_LEASE = 4294967295;
const MODES = ['EDGE', 'NETWORK', 'RELAY'] as const;

export function dhcpModel(d: NetworkDhcp | undefined): Model {
  if (!d) return { enabled: false, leaseTime: null, dhcpPools: [], mode: null, ipAddress: null, dnsServers: [] };
  return {
    enabled: d.enabled,
    leaseTime: d.leaseTime,
    dhcpPools: d.pools.map((p) => ({ enabled: p.enabled, ipRange: { startAddress: p.start, endAddress: p.end }, maxLeaseTime: null, defaultLeaseTime: null })),
    mode: d.mode,
    ipAddress: d.ipAddress ?? null,
    dnsServers: d.dnsServers,
  };
}

export function leaseTimeOf(v: unknown, what: string): number | undefined {
  const t = int(v, what);
  if (t !== undefined && (t < 60 || t > MAX_LEASE)) throw badRequest(`${what} must be between 60 and ${MAX_LEASE} seconds.`);
  return t;
}

export function dnsServersOf(v: unknown, what: string): string[] {
  const servers = list(v, what).map((s, i) => (str(s, `${what}[${i}]`) ?? '').trim());
  if (servers.length > 2) throw badRequest(`At most two ${what} can be set.`);
  for (const s of servers) if (!isIpv4(s)) throw badRequest(`${what}: "${s}" is not an IPv4 address.`);
  return servers;
}

const subnetOf = (net: Network) => `${net.gateway}/${net.prefixLength}`;

export type DhcpInput = Omit<NetworkDhcp, 'id' | 'orgId' | 'leases'>;

/** Reads and checks a VdcNetworkDhcpConfig for the network, as VCD checks it. */
export function dhcpInput(net: Network, b: Json, current?: NetworkDhcp): DhcpInput {
  const mode = (str(b.mode, 'mode') || current?.mode || 'EDGE') as NetworkDhcp['mode'];
  if (!(MODES as readonly string[]).includes(mode)) throw badRequest(`mode must be one of ${MODES.join(', ')}.`);
  if (current && mode !== current.mode) throw badRequest(`The DHCP mode of network "${net.name}" is ${current.mode}: it cannot be changed once set (delete the DHCP configuration first).`);
  if ((mode === 'EDGE' || mode === 'RELAY') && !net.edgeGatewayId) {
    throw badRequest(`DHCP in ${mode} mode needs a routed network: network "${net.name}" is not connected to an edge gateway.`);
  }
  const enabled = bool(b.enabled, 'enabled') ?? true;
  const leaseTime = leaseTimeOf(b.leaseTime, 'leaseTime') ?? current?.leaseTime ?? DEFAULT_LEASE;
  const pools: DhcpPool[] = list(b.dhcpPools, 'dhcpPools').map((p, i) => {
    const o = obj(p) ?? {};
    const r = obj(o.ipRange) ?? {};
    const start = (str(r.startAddress, `dhcpPools[${i}].ipRange.startAddress`) ?? '').trim();
    const end = (str(r.endAddress, `dhcpPools[${i}].ipRange.endAddress`) ?? start).trim() || start;
    if (!isIpv4(start) || !isIpv4(end) || ipToInt(end) < ipToInt(start)) throw badRequest(`dhcpPools[${i}]: "${start}-${end}" is not an IPv4 range.`);
    if (!inSubnet(start, net.gateway, net.prefixLength) || !inSubnet(end, net.gateway, net.prefixLength)) {
      throw badRequest(`The DHCP pool ${start}-${end} is not in the subnet ${subnetOf(net)} of network "${net.name}".`);
    }
    if (ipToInt(start) <= ipToInt(net.gateway) && ipToInt(net.gateway) <= ipToInt(end)) throw badRequest(`The DHCP pool ${start}-${end} holds the gateway ${net.gateway} of network "${net.name}".`);
    const overlap = net.ipRanges.find((s) => rangesOverlap(s, { start, end }));
    if (overlap) throw badRequest(`The DHCP pool ${start}-${end} overlaps the static IP pool ${overlap.start}-${overlap.end} of network "${net.name}".`);
    return { start, end, enabled: bool(o.enabled, `dhcpPools[${i}].enabled`) ?? true };
  });
  pools.forEach((p, i) => pools.slice(i + 1).forEach((q) => {
    if (rangesOverlap(p, q)) throw badRequest(`The DHCP pools ${p.start}-${p.end} and ${q.start}-${q.end} overlap.`);
  }));
  if (mode === 'RELAY' && pools.length) throw badRequest('DHCP in RELAY mode takes no pools: requests are relayed to the gateway\'s DHCP forwarder.');
  if (mode === 'EDGE' && enabled && !pools.length) throw badRequest('DHCP in EDGE mode needs at least one pool (dhcpPools).');
  let ipAddress = (str(b.ipAddress, 'ipAddress') ?? '').trim() || undefined;
  if (mode === 'NETWORK') {
    ipAddress ??= current?.ipAddress;
    if (!ipAddress) throw badRequest('DHCP in NETWORK mode needs the address its server listens on (ipAddress).');
    if (!isIpv4(ipAddress) || !inSubnet(ipAddress, net.gateway, net.prefixLength) || ipAddress === net.gateway) {
      throw badRequest(`The DHCP server address "${ipAddress}" is not a free address of the subnet ${subnetOf(net)} of network "${net.name}".`);
    }
    if (inRanges(ipAddress, net.ipRanges) || inRanges(ipAddress, pools)) throw badRequest(`The DHCP server address ${ipAddress} must lie outside the static and DHCP pools of network "${net.name}".`);
  } else if (ipAddress) throw badRequest(`ipAddress applies to DHCP in NETWORK mode only (this is ${mode}).`);
  return { enabled, mode, leaseTime, pools, dnsServers: dnsServersOf(b.dnsServers, 'dnsServers'), ipAddress };
}

export const dhcpOf = (sim: World, networkId: string): NetworkDhcp | undefined => sim.store.get('networkDhcp', networkId);
