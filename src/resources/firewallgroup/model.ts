/**
 * Firewall groups of an edge gateway (CloudAPI `firewallGroups`): IP sets (addresses, ranges, CIDR blocks)
 * and static security groups (org VDC networks routed through the gateway). Names are unique per type on a
 * gateway; a group a firewall rule uses cannot be deleted.
 */
import type { World } from '../../world.js';
import type { FirewallGroup } from '../../store/types.js';
import { duplicateName } from '../../errors.js';
import { dfwRulesUsing } from '../dfw/model.js';

export const groupUrn = (id: string) => `urn:vcloud:firewallGroup:${id}`;

/** Names are unique per type on a gateway. */
export function assertGroupNameFree(sim: World, g: { edgeGatewayId: string; type: string; name: string }, exceptId?: string): void {
  const clash = sim.store.where('firewallGroup', 'edgeGatewayId', g.edgeGatewayId)
    .some((o) => o.id !== exceptId && o.type === g.type && o.name.toLowerCase() === g.name.toLowerCase());
  if (clash) throw duplicateName(`A firewall group of type ${g.type} named "${g.name}" already exists on this edge gateway.`);
}

/** The firewall rules that use a group: its gateway's, and distributed firewall rules of a VDC group. */
export function groupUsers(sim: World, g: FirewallGroup): string[] {
  const fw = sim.store.get('edgeFirewall', g.edgeGatewayId);
  return (fw?.rules ?? []).filter((r) => r.sourceGroupIds.includes(g.id) || r.destinationGroupIds.includes(g.id)).map((r) => r.name)
    .concat(dfwRulesUsing(sim.store, g.orgId, g.id).map((r) => r.name));
}
