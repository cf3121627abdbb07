/** The dashboard's view of edge gateway services: per gateway, its rule counts and whether a change is being applied. */
import type { World } from '../world.js';

export interface GatewayServicesView {
  id: string;
  name: string;
  org: string;
  natRules: number;
  firewallRules: number;
  firewallGroups: number;
  /** A change is being applied (a task runs on the gateway): other changes are refused as busy. */
  busy: boolean;
  ipsecTunnels: number;
  dnsForwarder: boolean;
  /** Its routed networks with DHCP on, and the addresses VMs lease from them. */
  dhcpNetworks: number;
  dhcpLeases: number;
}

export function gatewayServicesView(sim: World): GatewayServicesView[] {
  const { store } = sim;
  return [...store.all('edgeGateway')]
    .map((gw) => ({
      id: gw.id,
      name: gw.name,
      org: store.get('org', gw.orgId)?.name ?? '',
      natRules: store.where('natRule', 'edgeGatewayId', gw.id).length,
      firewallRules: store.get('edgeFirewall', gw.id)?.rules.length ?? 0,
      firewallGroups: store.where('firewallGroup', 'edgeGatewayId', gw.id).length,
      busy: sim.tasks.activeFor(gw.id).length > 0,
      ipsecTunnels: store.where('ipsecTunnel', 'edgeGatewayId', gw.id).length,
      dnsForwarder: store.get('gatewayDns', gw.id)?.enabled ?? false,
      ...dhcpOf(sim, gw.id),
    }))
    .sort((a, b) => a.org.localeCompare(b.org) || a.name.localeCompare(b.name));
}

function dhcpOf(sim: World, gatewayId: string): { dhcpNetworks: number; dhcpLeases: number } {
  const dhcp = [...sim.store.all('network')].filter((n) => n.edgeGatewayId === gatewayId).map((n) => sim.store.get('networkDhcp', n.id)).filter((d) => d?.enabled);
  return { dhcpNetworks: dhcp.length, dhcpLeases: dhcp.reduce((sum, d) => sum + d!.leases.length, 0) };
}
