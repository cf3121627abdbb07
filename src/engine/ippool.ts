/** IPv4 pools of org VDC networks: static-pool allocation for VM NICs, as VCD's POOL mode does. */
import type { Network } from '../store/types.js';

export const ipToInt = (ip: string) => ip.split('.').reduce((n, o) => (n << 8) + Number(o), 0) >>> 0;
export const intToIp = (n: number) => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');

export function netmaskOf(prefixLength: number): string {
  return intToIp(prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0);
}

/** The lowest free address of the network's ranges, or undefined when the pool is exhausted. */
export function nextFreeIp(net: Network, taken: ReadonlySet<string> = new Set(net.allocatedIps)): string | undefined {
  for (const r of net.ipRanges) {
    for (let ip = ipToInt(r.start), end = ipToInt(r.end); ip <= end; ip++) {
      const candidate = intToIp(ip);
      if (!taken.has(candidate) && candidate !== net.gateway) return candidate;
    }
  }
  return undefined;
}

export function poolSize(net: Network): number {
  return net.ipRanges.reduce((n, r) => n + ipToInt(r.end) - ipToInt(r.start) + 1, 0);
}
