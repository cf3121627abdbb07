/** IP address bookkeeping on org VDC networks: VM NICs in POOL mode take addresses and give them back. */
import type { World } from '../../world.js';
import { nextFreeIp } from '../../lib/ippool.js';
import { limitsExceeded } from '../../errors.js';

export function allocateIp(sim: World, networkId: string): string {
  const net = sim.store.get('network', networkId);
  if (!net) throw limitsExceeded('The network no longer exists.');
  const ip = nextFreeIp(net);
  if (!ip) throw limitsExceeded(`No IP addresses are left in the static pool of network "${net.name}".`);
  sim.store.update('network', net.id, { allocatedIps: [...net.allocatedIps, ip] });
  return ip;
}

export function releaseIp(sim: World, networkId: string | undefined, ip: string | undefined): void {
  const net = networkId ? sim.store.get('network', networkId) : undefined;
  if (!net || !ip || !net.allocatedIps.includes(ip)) return;
  sim.store.update('network', net.id, { allocatedIps: net.allocatedIps.filter((a) => a !== ip) });
}
