/**
 * vApp networks: their ids, the pool a NIC on each draws from, and the features kept as given. Isolated and
 * routed vApp networks hand out addresses of their own subnet: an address is taken while a NIC of the
 * vApp holds it, so it needs no bookkeeping beyond the VMs themselves. Bridged and fenced networks draw
 * from their org VDC network's pool (network/ops.ts).
 */
import { createHash } from 'node:crypto';
import type { World } from '../../world.js';
import type { IpSubnet, VApp, VAppNetwork } from '../../store/types.js';
import { limitsExceeded } from '../../errors.js';
import { nextFreeIp } from '../../lib/ippool.js';
import type { Doc } from '../../wire/xml.js';

/** The network's id; one derived from the vApp and the name for networks stored without one. */
export function vappNetworkId(vappId: string, n: VAppNetwork): string {
  if (n.id) return n.id;
  const h = createHash('sha1').update(`${vappId}/${n.name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The subnet a NIC on this network draws from when it is the network's own (isolated, routed). */
export function ownSubnet(n: VAppNetwork | undefined): IpSubnet | undefined {
  if (!n) return undefined;
  return n.fenceMode === 'isolated' || (n.fenceMode === 'natRouted' && n.subnet) ? n.subnet : undefined;
}

/** The org VDC network whose pool a NIC on the named vApp network draws from (bridged, fenced). */
export function orgPoolOf(vapp: Pick<VApp, 'networks'> | undefined, name: string): string | undefined {
  const n = vapp?.networks.find((x) => x.name === name);
  return n && !ownSubnet(n) ? n.networkId : undefined;
}

/** Addresses NICs of the vApp hold on the named network. */
export function usedIps(sim: World, vappId: string, name: string): Set<string> {
  const used = new Set<string>();
  for (const vm of sim.store.where('vm', 'vappId', vappId)) for (const nic of vm.nics) if (nic.network === name && nic.ip) used.add(nic.ip);
  return used;
}

/** The lowest free address of a vApp network's own pool; `used` gets it. */
export function allocateOwnIp(n: VAppNetwork, subnet: IpSubnet, used: Set<string>): string {
  const ip = nextFreeIp({ ...subnet, allocatedIps: [] }, used);
  if (!ip) throw limitsExceeded(`No IP addresses are left in the static pool of vApp network "${n.name}".`);
  used.add(ip);
  return ip;
}

const FEATURES = ['DhcpService', 'FirewallService', 'NatService', 'StaticRoutingService'];
const MAX_DEPTH = 12;

/**
 * Features from a request (XML or the JSON form): the services VCD knows, each kept as sent (elements and
 * text only), so a client reads back what it configured.
 */
export function featuresFrom(doc: Doc | undefined): Record<string, unknown> | undefined {
  if (!doc) return undefined;
  const out: Record<string, unknown> = {};
  for (const k of FEATURES) if (doc[k] !== undefined) out[k] = keep(doc[k], 0);
  return Object.keys(out).length ? out : undefined;
}

function keep(v: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) return undefined;
  if (Array.isArray(v)) return v.map((x) => keep(x, depth + 1));
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (!k.startsWith('@_') || k === '#text') o[k] = keep(x, depth + 1);
    return o;
  }
  return v === undefined || v === null ? undefined : String(v);
}

/** The vApp and network an id names, among the vApps `canSee` lets through. */
export function findVAppNetwork(sim: World, id: string, canSee: (vapp: VApp) => boolean): { vapp: VApp; net: VAppNetwork } | undefined {
  for (const vapp of sim.store.all('vApp')) {
    const net = vapp.networks.find((n) => vappNetworkId(vapp.id, n) === id);
    if (net && canSee(vapp)) return { vapp, net };
  }
  return undefined;
}
