/**
 * DHCP bindings of an org VDC network (`orgVdcNetworks/{id}/dhcp/bindings`): a fixed IPv4 address for a MAC
 * address, inside the network's subnet and outside its static and DHCP pools; MAC addresses, addresses and
 * names unique on the network; updates carry the binding's current `version`.
 */
import type { World } from '../../world.js';
import type { DhcpBinding, Network, NetworkDhcp } from '../../store/types.js';
import { badRequest, duplicateName } from '../../errors.js';
import { inRanges, inSubnet, isIpv4 } from '../../lib/iprange.js';
import type { Model } from '../cloudapi/paging.js';
import { type Json, obj, str } from '../cloudapi/json.js';
import { DEFAULT_LEASE, dnsServersOf, leaseTimeOf } from './dhcp.js';

export const bindingsOf = (sim: World, networkId: string): DhcpBinding[] =>
  sim.store.where('dhcpBinding', 'networkId', networkId).sort((a, b) => a.name.localeCompare(b.name));

export function bindingModel(b: DhcpBinding): Model {
  return {
    id: b.id,
    name: b.name,
    description: b.description,
    macAddress: b.macAddress,
    ipAddress: b.ipAddress,
    leaseTime: b.leaseTime,
    dnsServers: b.dnsServers,
    bindingType: 'IPV4',
    dhcpV4BindingConfig: { gatewayIpAddress: b.gatewayIpAddress || null, hostName: b.hostName || null },
    dhcpV6BindingConfig: null,
    version: { version: b.version },
  };
}

export const BINDING_FIELDS = { id: 'string', name: 'string', macAddress: 'string', ipAddress: 'string', bindingType: 'string' } as const;

const MAC = /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i;

export type BindingInput = Pick<DhcpBinding, 'name' | 'description' | 'macAddress' | 'ipAddress' | 'leaseTime' | 'dnsServers' | 'gatewayIpAddress' | 'hostName'>;

/** Reads and checks a DhcpBinding for the network, as VCD checks it. */
export function bindingInput(net: Network, dhcp: NetworkDhcp | undefined, b: Json): BindingInput {
  if (!dhcp) throw badRequest(`Network "${net.name}" has no DHCP configuration: configure DHCP before adding bindings.`);
  if (dhcp.mode === 'RELAY') throw badRequest(`DHCP bindings need DHCP in EDGE or NETWORK mode (network "${net.name}" relays DHCP).`);
  const name = (str(b.name, 'name') ?? '').trim();
  if (!name) throw badRequest('A DHCP binding needs a name.');
  const type = str(b.bindingType, 'bindingType') ?? 'IPV4';
  if (type !== 'IPV4') throw badRequest(`bindingType ${type} is not supported on network "${net.name}" (an IPv4 network): use IPV4.`);
  const macAddress = (str(b.macAddress, 'macAddress') ?? '').trim().toLowerCase().replace(/-/g, ':');
  if (!MAC.test(macAddress)) throw badRequest(`macAddress "${String(b.macAddress ?? '')}" is not a MAC address (00:50:56:01:02:03).`);
  const ipAddress = (str(b.ipAddress, 'ipAddress') ?? '').trim();
  if (!isIpv4(ipAddress)) throw badRequest(`ipAddress "${ipAddress}" is not an IPv4 address.`);
  if (!inSubnet(ipAddress, net.gateway, net.prefixLength)) {
    throw badRequest(`The binding address ${ipAddress} is not in the subnet ${net.gateway}/${net.prefixLength} of network "${net.name}".`);
  }
  if (ipAddress === net.gateway) throw badRequest(`The binding address ${ipAddress} is the gateway of network "${net.name}".`);
  if (inRanges(ipAddress, net.ipRanges)) throw badRequest(`The binding address ${ipAddress} lies in a static IP pool of network "${net.name}".`);
  if (inRanges(ipAddress, dhcp.pools)) throw badRequest(`The binding address ${ipAddress} lies in a DHCP pool of network "${net.name}".`);
  if (dhcp.ipAddress === ipAddress) throw badRequest(`The binding address ${ipAddress} is the DHCP server's address.`);
  const v4 = obj(b.dhcpV4BindingConfig) ?? {};
  const gatewayIpAddress = (str(v4.gatewayIpAddress, 'dhcpV4BindingConfig.gatewayIpAddress') ?? '').trim();
  if (gatewayIpAddress && !isIpv4(gatewayIpAddress)) throw badRequest(`dhcpV4BindingConfig.gatewayIpAddress "${gatewayIpAddress}" is not an IPv4 address.`);
  return {
    name, description: str(b.description, 'description') ?? '', macAddress, ipAddress,
    leaseTime: leaseTimeOf(b.leaseTime, 'leaseTime') ?? DEFAULT_LEASE, dnsServers: dnsServersOf(b.dnsServers, 'dnsServers'),
    gatewayIpAddress, hostName: (str(v4.hostName, 'dhcpV4BindingConfig.hostName') ?? '').trim(),
  };
}

/** Names, MAC addresses and addresses are unique among a network's bindings (and leases hold theirs). */
export function assertBindingFree(sim: World, networkId: string, b: BindingInput, exceptId?: string): void {
  for (const o of sim.store.where('dhcpBinding', 'networkId', networkId)) {
    if (o.id === exceptId) continue;
    if (o.name.toLowerCase() === b.name.toLowerCase()) throw duplicateName(`A DHCP binding named "${b.name}" already exists on this network.`);
    if (o.macAddress === b.macAddress) throw badRequest(`The MAC address ${b.macAddress} already has a DHCP binding ("${o.name}") on this network.`);
    if (o.ipAddress === b.ipAddress) throw badRequest(`The address ${b.ipAddress} is already bound to ${o.macAddress} ("${o.name}") on this network.`);
  }
  const net = sim.store.get('network', networkId);
  if (net?.allocatedIps.includes(b.ipAddress)) throw badRequest(`The address ${b.ipAddress} is in use on network "${net.name}".`);
}
