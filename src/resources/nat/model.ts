/**
 * NAT rules of an edge gateway (`edgeGateways/{id}/nat/rules`): DNAT, NO_DNAT, SNAT, NO_SNAT and REFLEXIVE,
 * with priorities (lower first). External addresses must be the gateway's own (its sub-allocated uplink IPs);
 * names are unique on a gateway.
 */
import type { World } from '../../world.js';
import type { EdgeGateway, NatRule } from '../../store/types.js';
import { duplicateName } from '../../errors.js';

export const natRulesOf = (sim: World, gw: EdgeGateway): NatRule[] =>
  sim.store.where('natRule', 'edgeGatewayId', gw.id).sort((a, b) => a.priority - b.priority || a.name.localeCompare(b.name));

/** Names are unique among a gateway's NAT rules. */
export function assertNatNameFree(sim: World, gatewayId: string, name: string, exceptId?: string): void {
  if (sim.store.where('natRule', 'edgeGatewayId', gatewayId).some((r) => r.id !== exceptId && r.name.toLowerCase() === name.toLowerCase())) {
    throw duplicateName(`A NAT rule named "${name}" already exists on this edge gateway.`);
  }
}
