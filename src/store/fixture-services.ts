/**
 * The `services:` of an edge gateway in a fixture: IP sets, firewall rules (in order) and NAT rules,
 * checked as the API checks them (names unique, external addresses the gateway's own, rules naming
 * IP sets of the gateway and NSX-T's SYSTEM port profiles by name).
 */
import type { Random } from '../lib/random.js';
import type { EdgeGateway, FirewallRule, NatRuleType, Snapshot } from './types.js';
import { intToIp, ipToInt } from '../lib/ippool.js';
import { inRanges, isIpv4, networkOf, type Range } from '../lib/iprange.js';
import { NSXT_SERVICES } from '../lib/nsxtservices.js';

export interface FixtureGatewayServices {
  ipSets?: { name: string; description?: string; ipAddresses?: string[] }[];
  /** In the order they apply. */
  firewallRules?: {
    name: string; description?: string; action?: 'ALLOW' | 'DROP' | 'REJECT'; enabled?: boolean; direction?: 'IN' | 'OUT' | 'IN_OUT';
    ipProtocol?: 'IPV4' | 'IPV6' | 'IPV4_IPV6'; logging?: boolean;
    /** IP set names of this gateway (none: any). */
    sources?: string[]; destinations?: string[];
    /** SYSTEM application port profile names (HTTP, HTTPS, SSH…; none: any). */
    applications?: string[];
  }[];
  natRules?: {
    name: string; type: NatRuleType; externalAddresses?: string; internalAddresses?: string; description?: string;
    enabled?: boolean; priority?: number; dnatExternalPort?: string; snatDestinationAddresses?: string;
    logging?: boolean; firewallMatch?: 'MATCH_INTERNAL_ADDRESS' | 'MATCH_EXTERNAL_ADDRESS' | 'BYPASS';
    /** A SYSTEM application port profile name. */
    application?: string;
  }[];
  /** Static routes: a network (CIDR) through next hops (admin distance 1 when absent). */
  staticRoutes?: { name: string; description?: string; networkCidr: string; nextHops: { ipAddress: string; adminDistance?: number }[] }[];
}

const NAT_TYPES: NatRuleType[] = ['DNAT', 'NO_DNAT', 'SNAT', 'NO_SNAT', 'REFLEXIVE'];
const SERVICE_BY_NAME = new Map(NSXT_SERVICES.map((s) => [s.name.toLowerCase(), s]));

/** The addresses of one IPv4 address, a range `a-b` or a CIDR block (undefined when it is none of them). */
function span(expr: string): Range | undefined {
  const t = String(expr ?? '').trim();
  const cidr = /^([^/]+)\/(\d{1,2})$/.exec(t);
  if (cidr && isIpv4(cidr[1]) && Number(cidr[2]) <= 32) {
    const net = networkOf(cidr[1], Number(cidr[2]));
    return { start: intToIp(net), end: intToIp(net + 2 ** (32 - Number(cidr[2])) - 1) };
  }
  const [a, b, ...rest] = t.split('-').map((x) => x.trim());
  if (isIpv4(a) && !rest.length && (b === undefined || (isIpv4(b) && ipToInt(b) >= ipToInt(a)))) return { start: a, end: b ?? a };
  return undefined;
}

export function buildGatewayServices(
  snap: Snapshot, gw: EdgeGateway, services: FixtureGatewayServices | undefined, at: string, random: Random,
  fail: (where: string, what: string) => never,
): void {
  if (!services) return;
  const here = `${at}.services`;
  const sets = new Map<string, string>();
  (services.ipSets ?? []).forEach((s, i) => {
    const where = `${here}.ipSets[${i}]`;
    if (!s?.name) fail(where, 'an IP set needs a name');
    if (sets.has(s.name.toLowerCase())) fail(where, `duplicate IP set name ${s.name} on edge gateway ${gw.name}`);
    (s.ipAddresses ?? []).forEach((a, j) => {
      if (!span(a)) fail(`${where}.ipAddresses[${j}]`, `"${a}" is not an IPv4 address, range (a-b) or CIDR block`);
    });
    const id = random.uuid();
    sets.set(s.name.toLowerCase(), id);
    snap.firewallGroup.push({
      id, orgId: gw.orgId, edgeGatewayId: gw.id, name: s.name, description: s.description ?? '', type: 'IP_SET',
      ipAddresses: s.ipAddresses ?? [], memberIds: [],
    });
  });
  const service = (name: string, where: string) => {
    const s = SERVICE_BY_NAME.get(String(name).toLowerCase());
    if (!s) fail(where, `"${name}" is not a SYSTEM application port profile (HTTP, HTTPS, SSH, …)`);
    return s!;
  };
  const rules: FirewallRule[] = (services.firewallRules ?? []).map((r, i) => {
    const where = `${here}.firewallRules[${i}]`;
    if (!r?.name) fail(where, 'a firewall rule needs a name');
    const groups = (names: string[] | undefined, key: string) => (names ?? []).map((n, j) => {
      const id = sets.get(String(n).toLowerCase());
      if (!id) fail(`${where}.${key}[${j}]`, `"${n}" is not an IP set of edge gateway ${gw.name}`);
      return id!;
    });
    return {
      id: random.uuid(), name: r.name, description: r.description ?? '', action: r.action ?? 'ALLOW', enabled: r.enabled ?? true,
      sourceGroupIds: groups(r.sources, 'sources'), destinationGroupIds: groups(r.destinations, 'destinations'),
      appPortProfileIds: (r.applications ?? []).map((n, j) => service(n, `${where}.applications[${j}]`).id),
      ipProtocol: r.ipProtocol ?? 'IPV4_IPV6', logging: r.logging ?? false, direction: r.direction ?? 'IN_OUT', version: 0,
    };
  });
  if (rules.length) snap.edgeFirewall.push({ id: gw.id, orgId: gw.orgId, rules });
  const allocated = gw.uplinks.flatMap((u) => u.subnets.flatMap((s) => [...s.ipRanges, { start: s.primaryIp, end: s.primaryIp }]));
  const natNames = new Set<string>();
  (services.natRules ?? []).forEach((r, i) => {
    const where = `${here}.natRules[${i}]`;
    if (!r?.name) fail(where, 'a NAT rule needs a name');
    if (natNames.has(r.name.toLowerCase())) fail(where, `duplicate NAT rule name ${r.name} on edge gateway ${gw.name}`);
    natNames.add(r.name.toLowerCase());
    if (!NAT_TYPES.includes(r.type)) fail(`${where}.type`, `type must be one of ${NAT_TYPES.join(', ')}`);
    const external = (r.externalAddresses ?? '').trim();
    const internal = (r.internalAddresses ?? '').trim();
    if ((r.type !== 'NO_SNAT') !== Boolean(external)) fail(`${where}.externalAddresses`, r.type === 'NO_SNAT' ? 'a NO_SNAT rule takes no externalAddresses' : `a ${r.type} rule needs externalAddresses`);
    if ((r.type !== 'NO_DNAT') !== Boolean(internal)) fail(`${where}.internalAddresses`, r.type === 'NO_DNAT' ? 'a NO_DNAT rule takes no internalAddresses' : `a ${r.type} rule needs internalAddresses`);
    if (external) {
      const s = span(external);
      if (!s) fail(`${where}.externalAddresses`, `"${external}" is not an IPv4 address, range (a-b) or CIDR block`);
      for (let ip = ipToInt(s!.start); ip <= ipToInt(s!.end); ip++) {
        if (!inRanges(intToIp(ip), allocated)) fail(`${where}.externalAddresses`, `${intToIp(ip)} is not an address allocated to edge gateway ${gw.name}`);
      }
    }
    if (internal && !span(internal)) fail(`${where}.internalAddresses`, `"${internal}" is not an IPv4 address, range (a-b) or CIDR block`);
    const profile = r.application === undefined ? undefined : service(r.application, `${where}.application`);
    const matches = ['MATCH_INTERNAL_ADDRESS', 'MATCH_EXTERNAL_ADDRESS', 'BYPASS'];
    if (r.firewallMatch !== undefined && !matches.includes(r.firewallMatch)) fail(`${where}.firewallMatch`, `firewallMatch must be one of ${matches.join(', ')}`);
    snap.natRule.push({
      id: random.uuid(), orgId: gw.orgId, edgeGatewayId: gw.id, name: r.name, description: r.description ?? '', enabled: r.enabled ?? true,
      type: r.type, externalAddresses: external, internalAddresses: internal, appPortProfileId: profile?.id,
      dnatExternalPort: r.dnatExternalPort ?? '', snatDestinationAddresses: r.snatDestinationAddresses ?? '', logging: r.logging ?? false,
      firewallMatch: r.firewallMatch ?? 'MATCH_INTERNAL_ADDRESS', priority: r.priority ?? 0, version: 0,
    });
  });
  const routeNames = new Set<string>();
  (services.staticRoutes ?? []).forEach((r, i) => {
    const where = `${here}.staticRoutes[${i}]`;
    if (!r?.name) fail(where, 'a static route needs a name');
    if (routeNames.has(r.name.toLowerCase())) fail(where, `duplicate static route name ${r.name} on edge gateway ${gw.name}`);
    routeNames.add(r.name.toLowerCase());
    const cidr = /^([^/]+)\/(\d{1,2})$/.exec(String(r.networkCidr ?? '').trim());
    if (!cidr || !isIpv4(cidr[1]) || Number(cidr[2]) > 32) fail(`${where}.networkCidr`, `"${r.networkCidr}" is not an IPv4 network in CIDR form (10.1.0.0/16)`);
    if (!Array.isArray(r.nextHops) || !r.nextHops.length) fail(`${where}.nextHops`, 'a static route needs at least one next hop');
    const nextHops = r.nextHops.map((h, j) => {
      if (!isIpv4(String(h?.ipAddress ?? ''))) fail(`${where}.nextHops[${j}].ipAddress`, `"${h?.ipAddress}" is not an IPv4 address`);
      const adminDistance = h.adminDistance ?? 1;
      if (!Number.isInteger(adminDistance) || adminDistance < 1 || adminDistance > 255) fail(`${where}.nextHops[${j}].adminDistance`, 'adminDistance must be a whole number from 1 to 255');
      return { ipAddress: h.ipAddress, adminDistance };
    });
    snap.staticRoute.push({
      id: random.uuid(), orgId: gw.orgId, edgeGatewayId: gw.id, name: r.name, description: r.description ?? '', networkCidr: String(r.networkCidr).trim(), nextHops,
    });
  });
}
