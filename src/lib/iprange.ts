/** IPv4 subnets and ranges: membership, overlap, and the checks an edge gateway's uplink allocation needs. */
import { intToIp, ipToInt } from './ippool.js';

export interface Range { start: string; end: string }

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export const isIpv4 = (ip: unknown): ip is string => typeof ip === 'string' && IPV4.test(ip);

/** The network address of `ip` under a prefix length. */
export function networkOf(ip: string, prefixLength: number): number {
  const mask = prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
  return (ipToInt(ip) & mask) >>> 0;
}

export const inSubnet = (ip: string, gateway: string, prefixLength: number) =>
  networkOf(ip, prefixLength) === networkOf(gateway, prefixLength);

/** Two subnets overlap when either contains the other's network address. */
export function subnetsOverlap(a: { gateway: string; prefixLength: number }, b: { gateway: string; prefixLength: number }): boolean {
  const p = Math.min(a.prefixLength, b.prefixLength);
  return networkOf(a.gateway, p) === networkOf(b.gateway, p);
}

export const inRange = (ip: string, r: Range) => ipToInt(ip) >= ipToInt(r.start) && ipToInt(ip) <= ipToInt(r.end);
export const inRanges = (ip: string, ranges: readonly Range[]) => ranges.some((r) => inRange(ip, r));

/** A range lies inside one of `outer`. */
export const rangeWithin = (r: Range, outer: readonly Range[]) =>
  outer.some((o) => ipToInt(r.start) >= ipToInt(o.start) && ipToInt(r.end) <= ipToInt(o.end));

export const rangesOverlap = (a: Range, b: Range) => ipToInt(a.start) <= ipToInt(b.end) && ipToInt(b.start) <= ipToInt(a.end);

/**
 * What is wrong with ranges requested on a subnet (undefined: nothing): malformed, reversed, outside the
 * subnet or the ranges it may draw from (`within`), overlapping each other or `taken`.
 */
export function rangeProblem(ranges: readonly Range[], subnet: { gateway: string; prefixLength: number }, within: readonly Range[] | undefined,
  taken: readonly Range[]): string | undefined {
  for (const [i, r] of ranges.entries()) {
    if (!isIpv4(r?.start) || !isIpv4(r?.end)) return `IP range ${i + 1} needs a start and an end IPv4 address.`;
    if (ipToInt(r.start) > ipToInt(r.end)) return `IP range ${r.start}-${r.end} ends before it starts.`;
    if (!inSubnet(r.start, subnet.gateway, subnet.prefixLength) || !inSubnet(r.end, subnet.gateway, subnet.prefixLength)) {
      return `IP range ${r.start}-${r.end} is not in subnet ${subnet.gateway}/${subnet.prefixLength}.`;
    }
    if (within && !rangeWithin(r, within)) return `IP range ${r.start}-${r.end} is not within the static IP pool of subnet ${subnet.gateway}/${subnet.prefixLength}.`;
    if (inRange(subnet.gateway, r)) return `IP range ${r.start}-${r.end} contains the gateway address ${subnet.gateway}.`;
    for (const o of ranges.slice(i + 1)) if (rangesOverlap(r, o)) return `IP ranges ${r.start}-${r.end} and ${o.start}-${o.end} overlap.`;
    for (const t of taken) if (rangesOverlap(r, t)) return `IP range ${r.start}-${r.end} overlaps addresses already allocated (${t.start}-${t.end}).`;
  }
  return undefined;
}

/** The addresses an address expression names: one IPv4 address, a range `a-b`, or a CIDR block (undefined: none of them). */
export function parseSpan(expr: string): Range | undefined {
  const t = String(expr ?? '').trim();
  const cidr = cidrOf(t);
  if (cidr) {
    const net = networkOf(cidr.ip, cidr.prefix);
    return { start: intToIp(net), end: intToIp(net + 2 ** (32 - cidr.prefix) - 1) };
  }
  const [a, b, ...rest] = t.split('-').map((x) => x.trim());
  if (isIpv4(a) && !rest.length && (b === undefined || (isIpv4(b) && ipToInt(b) >= ipToInt(a)))) return { start: a, end: b ?? a };
  return undefined;
}

/** An IPv4 network in CIDR form (10.1.0.0/16): its address and prefix length (undefined: not one). */
function cidrOf(s: string): { ip: string; prefix: number } | undefined {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(String(s ?? ''));
  return m && isIpv4(m[1]) && Number(m[2]) <= 32 ? { ip: m[1], prefix: Number(m[2]) } : undefined;
}

/** An IPv4 network in CIDR form (10.1.0.0/16). */
export const isCidr = (s: string): boolean => cidrOf(s) !== undefined;
