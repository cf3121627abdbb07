/** IPv4 pools of org VDC networks: static-pool allocation for VM NICs, as VCD's POOL mode does. */

/** What a pool is read from: an org VDC network's ranges, gateway and the addresses it handed out. */
export interface IpPool {
  ipRanges: readonly { start: string; end: string }[];
  gateway: string;
  allocatedIps: readonly string[];
}

export const ipToInt = (ip: string) => ip.split('.').reduce((n, o) => (n << 8) + Number(o), 0) >>> 0;
export const intToIp = (n: number) => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');

export function netmaskOf(prefixLength: number): string {
  return intToIp(prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0);
}

/** The lowest free address of the network's ranges, or undefined when the pool is exhausted. */
export function nextFreeIp(net: IpPool, taken: ReadonlySet<string> = new Set(net.allocatedIps)): string | undefined {
  return freeIps(net, taken).next().value;
}

/**
 * The free addresses of the network's ranges, lowest first. Bulk allocation (fixtures) keeps one generator
 * per network so each address costs O(1) instead of a rescan from the start of the pool.
 */
export function* freeIps(net: IpPool, taken: ReadonlySet<string>): Generator<string, undefined> {
  for (const r of net.ipRanges) {
    for (let ip = ipToInt(r.start), end = ipToInt(r.end); ip <= end; ip++) {
      const candidate = intToIp(ip);
      if (!taken.has(candidate) && candidate !== net.gateway) yield candidate;
    }
  }
  return undefined;
}

export function poolSize(net: IpPool): number {
  return net.ipRanges.reduce((n, r) => n + ipToInt(r.end) - ipToInt(r.start) + 1, 0);
}
