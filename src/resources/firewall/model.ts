/**
 * An edge gateway's firewall (`edgeGateways/{id}/firewall/rules`): system rules (none on NSX-T edges), the
 * user-defined rules in the order they apply, and the default rule after them. Rules name firewall groups of
 * the same gateway and application port profiles the gateway's org may use; a missing one is refused.
 */
import type { World } from '../../world.js';
import type { EdgeGateway, FirewallRule } from '../../store/types.js';

export const rulesOf = (sim: World, gw: EdgeGateway): FirewallRule[] => sim.store.get('edgeFirewall', gw.id)?.rules ?? [];
