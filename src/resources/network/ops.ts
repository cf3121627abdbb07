/** IP address bookkeeping on org VDC networks: VM NICs in POOL mode take addresses and give them back. */
import type { World } from '../../world.js';
import { nextFreeIp } from '../../lib/ippool.js';
import { badRequest, limitsExceeded } from '../../errors.js';
import { inSubnet, isIpv4 } from '../../lib/iprange.js';

export function allocateIp(sim: World, networkId: string): string {
  const net = sim.store.get('network', networkId);
  if (!net) throw limitsExceeded('The network no longer exists.');
  const forced = sim.capacity.capacityOverrides.get(`ipPool:${net.id}`) ?? sim.capacity.capacityOverrides.get('ipPool:*');
  const ip = forced?.poolExhausted ? undefined : nextFreeIp(net);
  if (!ip) throw limitsExceeded(`No IP addresses are left in the static pool of network "${net.name}".`);
  sim.store.update('network', net.id, { allocatedIps: [...net.allocatedIps, ip] });
  return ip;
}

export function releaseIp(sim: World, networkId: string | undefined, ip: string | undefined): void {
  const net = networkId ? sim.store.get('network', networkId) : undefined;
  if (!net || !ip || !net.allocatedIps.includes(ip)) return;
  sim.store.update('network', net.id, { allocatedIps: net.allocatedIps.filter((a) => a !== ip) });
}

/** A MANUAL address: an IPv4 address of the network's subnet, not its gateway, not held by anything else. */
export function reserveIp(sim: World, networkId: string, ip: string | undefined): string {
  const net = sim.store.get('network', networkId);
  if (!net) throw limitsExceeded('The network no longer exists.');
  if (!isIpv4(ip)) throw badRequest(`The IP address "${ip ?? ''}" is not a valid IPv4 address.`);
  if (!inSubnet(ip, net.gateway, net.prefixLength)) throw badRequest(`The IP address ${ip} is not in the subnet ${net.gateway}/${net.prefixLength} of network "${net.name}".`);
  if (ip === net.gateway) throw badRequest(`The IP address ${ip} is the gateway of network "${net.name}".`);
  if (net.allocatedIps.includes(ip)) throw badRequest(`The IP address ${ip} is already in use on network "${net.name}".`);
  sim.store.update('network', net.id, { allocatedIps: [...net.allocatedIps, ip] });
  return ip;
}
