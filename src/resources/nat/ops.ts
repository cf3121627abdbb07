/** Creating, changing and deleting NAT rules: tasks the gateway owns, one at a time (edgegateway/services.ts). */
import type { Actor, World } from '../../world.js';
import type { EdgeGateway, NatRule, Task } from '../../store/types.js';
import { startGatewayTask } from '../edgegateway/services.js';
import { assertNatNameFree } from './model.js';
import type { NatInput } from './params.js';

export function createNatRule(sim: World, actor: Actor, gw: EdgeGateway, input: NatInput): Task {
  assertNatNameFree(sim, gw.id, input.name);
  const rule: NatRule = { ...input, id: sim.store.newId(), orgId: gw.orgId, edgeGatewayId: gw.id, version: 0 };
  return startGatewayTask(sim, actor, gw, 'edgeNatRuleCreate', `Creating NAT rule ${rule.name} on edge gateway ${gw.name}`,
    { type: 'createNatRule', params: { rule } });
}

export function updateNatRule(sim: World, actor: Actor, gw: EdgeGateway, rule: NatRule, input: NatInput): Task {
  assertNatNameFree(sim, gw.id, input.name, rule.id);
  return startGatewayTask(sim, actor, gw, 'edgeNatRuleUpdate', `Updating NAT rule ${rule.name} on edge gateway ${gw.name}`,
    { type: 'updateNatRule', params: { id: rule.id, patch: input } });
}

export function deleteNatRule(sim: World, actor: Actor, gw: EdgeGateway, rule: NatRule): Task {
  return startGatewayTask(sim, actor, gw, 'edgeNatRuleDelete', `Deleting NAT rule ${rule.name} on edge gateway ${gw.name}`,
    { type: 'deleteNatRule', params: { id: rule.id } });
}
