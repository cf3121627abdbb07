/**
 * Creating, changing and deleting user-defined application port profiles: each a task, as VCD runs them;
 * the change lands when the task succeeds (actions.ts).
 */
import type { Actor, World } from '../../world.js';
import type { AppPortProfile, Task } from '../../store/types.js';
import { badRequest } from '../../errors.js';
import { startOwnedTask } from '../task/ops.js';
import { assertProfileNameFree, profileUsers } from './model.js';
import type { ProfileInput } from './params.js';

export function createAppPortProfile(sim: World, actor: Actor, input: ProfileInput): Task {
  assertProfileNameFree(sim, input);
  const profile = { id: sim.store.newId(), ...input };
  return startOwnedTask(sim, actor, {
    operationName: 'nsxtApplicationPortProfileCreate', operation: `Creating Application Port Profile ${profile.name}`,
    orgId: actor.org!.id, owner: { kind: 'appPortProfile', id: profile.id, name: profile.name },
    action: { type: 'createAppPortProfile', params: { profile } },
  });
}

export function updateAppPortProfile(sim: World, actor: Actor, current: AppPortProfile, input: ProfileInput): Task {
  assertProfileNameFree(sim, { ...input, orgId: current.orgId }, current.id);
  const patch = { name: input.name, description: input.description, ports: input.ports };
  return startOwnedTask(sim, actor, {
    operationName: 'nsxtApplicationPortProfileUpdate', operation: `Updating Application Port Profile ${current.name}`,
    orgId: actor.org!.id, owner: { kind: 'appPortProfile', id: current.id, name: current.name },
    action: { type: 'updateAppPortProfile', params: { id: current.id, patch } },
  });
}

/** Refused while a firewall or NAT rule uses the profile. */
export function deleteAppPortProfile(sim: World, actor: Actor, current: AppPortProfile): Task {
  const users = profileUsers(sim, current.id);
  if (users.length) throw badRequest(`The application port profile "${current.name}" is in use by ${users.join(', ')}.`);
  return startOwnedTask(sim, actor, {
    operationName: 'nsxtApplicationPortProfileDelete', operation: `Deleting Application Port Profile ${current.name}`,
    orgId: actor.org!.id, owner: { kind: 'appPortProfile', id: current.id, name: current.name },
    action: { type: 'deleteAppPortProfile', params: { id: current.id } },
  });
}
