/**
 * Addresses of VM NICs in DHCP mode: a powered-on VM's NIC on an org VDC network with DHCP enabled takes an
 * address — its MAC's binding, else the lowest free address of the enabled DHCP pools — held as a lease in the
 * network's DHCP state; the lease goes when the NIC or the VM does, or when DHCP is removed.
 */
import type { World } from '../../world.js';
import type { DhcpLease, NetworkDhcp, Nic, Vm } from '../../store/types.js';
import { Status } from '../../store/types.js';
import { intToIp, ipToInt } from '../../lib/ippool.js';
import { orgPoolOf } from '../vapp/networks.js';

/** The lowest address of the enabled pools nothing holds (leases, bindings, static allocations), if any. */
function freeDhcpIp(sim: World, dhcp: NetworkDhcp): string | undefined {
  const net = sim.store.get('network', dhcp.id);
  const taken = new Set<string>([...dhcp.leases.map((l) => l.ip), ...(net?.allocatedIps ?? []), ...(dhcp.ipAddress ? [dhcp.ipAddress] : []),
    ...sim.store.where('dhcpBinding', 'networkId', dhcp.id).map((b) => b.ipAddress)]);
  for (const p of dhcp.pools) {
    if (!p.enabled) continue;
    for (let ip = ipToInt(p.start), end = ipToInt(p.end); ip <= end; ip++) if (!taken.has(intToIp(ip))) return intToIp(ip);
  }
  return undefined;
}

/** The network a NIC draws DHCP addresses from (an org VDC network with DHCP configured), if any. */
function dhcpNetworkOf(sim: World, vm: Vm, nic: Nic): NetworkDhcp | undefined {
  if (nic.mode !== 'DHCP' || !nic.connected) return undefined;
  const networkId = orgPoolOf(sim.store.get('vApp', vm.vappId), nic.network);
  return networkId ? sim.store.get('networkDhcp', networkId) : undefined;
}

/** Leases of a VM that no DHCP NIC of it holds any more are released. */
function releaseStale(sim: World, vmId: string, vm: Vm | undefined): void {
  for (const d of sim.store.all('networkDhcp')) {
    if (!d.leases.some((l) => l.vmId === vmId)) continue;
    const keep = (l: DhcpLease) => l.vmId !== vmId || (vm !== undefined && vm.nics.some((n) => n.mac === l.mac && dhcpNetworkOf(sim, vm, n)?.id === d.id));
    const leases = d.leases.filter(keep);
    if (leases.length !== d.leases.length) sim.store.update('networkDhcp', d.id, { leases });
  }
}

/** Gives a powered-on VM's DHCP NICs without an address one (when their network's DHCP has one to give). */
function lease(sim: World, vm: Vm): void {
  if (vm.status !== Status.POWERED_ON) return;
  let changed = false;
  const nics = vm.nics.map((n) => {
    if (n.ip) return n;
    const dhcp = dhcpNetworkOf(sim, vm, n);
    if (!dhcp?.enabled || dhcp.mode === 'RELAY') return n;
    const held = dhcp.leases.find((l) => l.vmId === vm.id && l.mac === n.mac);
    const bound = sim.store.where('dhcpBinding', 'networkId', dhcp.id).find((b) => b.macAddress === n.mac.toLowerCase());
    const ip = held?.ip ?? bound?.ipAddress ?? freeDhcpIp(sim, dhcp);
    if (!ip) return n;
    if (!held) sim.store.update('networkDhcp', dhcp.id, { leases: [...sim.store.get('networkDhcp', dhcp.id)!.leases, { ip, mac: n.mac, vmId: vm.id }] });
    changed = true;
    return { ...n, ip };
  });
  if (changed) sim.store.update('vm', vm.id, { nics });
}

/** Keeps DHCP leases in step with VMs: registered once from the registry. */
export function trackDhcpLeases(sim: World): void {
  sim.store.onChange((kind, id, entity) => {
    if (kind !== 'vm' || id === '*') return;
    const vm = entity as Vm | undefined;
    releaseStale(sim, id, vm);
    if (vm) lease(sim, vm);
  });
}

/** Clears the addresses NICs hold from a network's DHCP (when its DHCP is removed). */
export function dropLeases(sim: World, leases: readonly DhcpLease[]): void {
  for (const l of leases) {
    const vm = sim.store.get('vm', l.vmId);
    if (!vm) continue;
    const nics = vm.nics.map((n) => (n.mac === l.mac && n.ip === l.ip ? { ...n, ip: undefined } : n));
    sim.store.update('vm', vm.id, { nics });
  }
}
