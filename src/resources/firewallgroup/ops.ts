/**
 * Creating, changing and deleting firewall groups: each a task the group owns, as VCD runs them; the change
 * lands when the task succeeds (actions.ts).
 */
import type { Actor, World } from '../../world.js';
import type { FirewallGroup, Task } from '../../store/types.js';
import { badRequest } from '../../errors.js';
import { startOwnedTask } from '../task/ops.js';
import { assertGroupNameFree, groupUsers } from './model.js';
import type { GroupInput } from './params.js';

export function createFirewallGroup(sim: World, actor: Actor, input: GroupInput): Task {
  const group: FirewallGroup = {
    id: sim.store.newId(), orgId: input.orgId, name: input.name, description: input.description,
    type: input.type, ipAddresses: input.ipAddresses, memberIds: input.memberIds,
  };
  if (input.vdcGroup) Object.assign(group, { vdcGroupId: input.vdcGroup.id, vmCriteria: input.vmCriteria });
  else group.edgeGatewayId = input.gw!.id;
  assertGroupNameFree(sim, group);
  return startOwnedTask(sim, actor, {
    operationName: 'nsxtFirewallGroupCreate', operation: `Creating Firewall Group ${group.name}`, orgId: group.orgId,
    owner: { kind: 'firewallGroup', id: group.id, name: group.name }, action: { type: 'createFirewallGroup', params: { group } },
  });
}

export function updateFirewallGroup(sim: World, actor: Actor, current: FirewallGroup, input: GroupInput): Task {
  const patch: Partial<FirewallGroup> = { name: input.name, description: input.description, ipAddresses: input.ipAddresses, memberIds: input.memberIds };
  if (current.type === 'VM_CRITERIA') patch.vmCriteria = input.vmCriteria;
  assertGroupNameFree(sim, { ...current, ...patch }, current.id);
  return startOwnedTask(sim, actor, {
    operationName: 'nsxtFirewallGroupUpdate', operation: `Updating Firewall Group ${current.name}`, orgId: current.orgId,
    owner: { kind: 'firewallGroup', id: current.id, name: current.name }, action: { type: 'updateFirewallGroup', params: { id: current.id, patch } },
  });
}

/** Refused while a firewall rule uses the group. */
export function deleteFirewallGroup(sim: World, actor: Actor, current: FirewallGroup): Task {
  const users = groupUsers(sim, current);
  if (users.length) throw badRequest(`The firewall group "${current.name}" is in use by firewall rule(s) ${users.map((n) => `"${n}"`).join(', ')}.`);
  return startOwnedTask(sim, actor, {
    operationName: 'nsxtFirewallGroupDelete', operation: `Deleting Firewall Group ${current.name}`, orgId: current.orgId,
    owner: { kind: 'firewallGroup', id: current.id, name: current.name }, action: { type: 'deleteFirewallGroup', params: { id: current.id } },
  });
}
