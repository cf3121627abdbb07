/** Changes to an edge gateway's firewall rules: tasks the gateway owns, one at a time (edgegateway/services.ts). */
import type { Actor, World } from '../../world.js';
import type { EdgeGateway, FirewallRule, Task } from '../../store/types.js';
import { startGatewayTask } from '../edgegateway/services.js';

/** Replaces the user-defined rules (an empty list deletes them all). */
export function setFirewallRules(sim: World, actor: Actor, gw: EdgeGateway, rules: FirewallRule[]): Task {
  return startGatewayTask(sim, actor, gw, 'edgeFirewallRulesUpdate', `Updating firewall rules of edge gateway ${gw.name}`,
    { type: 'setFirewallRules', params: { gatewayId: gw.id, rules } });
}

export function deleteFirewallRules(sim: World, actor: Actor, gw: EdgeGateway): Task {
  return startGatewayTask(sim, actor, gw, 'edgeFirewallRulesDelete', `Deleting firewall rules of edge gateway ${gw.name}`,
    { type: 'setFirewallRules', params: { gatewayId: gw.id, rules: [] } });
}

export function deleteFirewallRule(sim: World, actor: Actor, gw: EdgeGateway, rule: FirewallRule): Task {
  return startGatewayTask(sim, actor, gw, 'edgeFirewallRuleDelete', `Deleting firewall rule ${rule.name} of edge gateway ${gw.name}`,
    { type: 'deleteFirewallRule', params: { gatewayId: gw.id, ruleId: rule.id } });
}
