/** Creating, changing and deleting static routes: tasks the gateway owns, one at a time (edgegateway/services.ts). */
import type { Actor, World } from '../../world.js';
import type { EdgeGateway, StaticRoute, Task } from '../../store/types.js';
import { startGatewayTask } from '../edgegateway/services.js';
import { assertRouteNameFree } from './model.js';
import type { StaticRouteInput } from './params.js';

export function createStaticRoute(sim: World, actor: Actor, gw: EdgeGateway, input: StaticRouteInput): Task {
  assertRouteNameFree(sim, gw.id, input.name);
  const route: StaticRoute = { ...input, id: sim.store.newId(), orgId: gw.orgId, edgeGatewayId: gw.id };
  const task = startGatewayTask(sim, actor, gw, 'edgeStaticRouteCreate', `Creating static route ${route.name} on edge gateway ${gw.name}`,
    { type: 'createStaticRoute', params: { route } });
  // go-vcloud-director reads the new route's id from the task's Details, as VCD writes it there.
  sim.store.update('task', task.id, { details: route.id });
  return task;
}

export function updateStaticRoute(sim: World, actor: Actor, gw: EdgeGateway, route: StaticRoute, input: StaticRouteInput): Task {
  assertRouteNameFree(sim, gw.id, input.name, route.id);
  return startGatewayTask(sim, actor, gw, 'edgeStaticRouteUpdate', `Updating static route ${route.name} on edge gateway ${gw.name}`,
    { type: 'updateStaticRoute', params: { id: route.id, patch: input } });
}

export function deleteStaticRoute(sim: World, actor: Actor, gw: EdgeGateway, route: StaticRoute): Task {
  return startGatewayTask(sim, actor, gw, 'edgeStaticRouteDelete', `Deleting static route ${route.name} on edge gateway ${gw.name}`,
    { type: 'deleteStaticRoute', params: { id: route.id } });
}
