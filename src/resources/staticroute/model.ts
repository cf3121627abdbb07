/**
 * Static routes of an edge gateway (`edgeGateways/{id}/routing/staticRoutes`, API 37.0+): a network (CIDR)
 * reached through next hops, each with an administrative distance. Names are unique on a gateway.
 */
import type { World } from '../../world.js';
import type { EdgeGateway, StaticRoute } from '../../store/types.js';
import { duplicateName } from '../../errors.js';

export const staticRoutesOf = (sim: World, gw: EdgeGateway): StaticRoute[] =>
  sim.store.where('staticRoute', 'edgeGatewayId', gw.id).sort((a, b) => a.name.localeCompare(b.name));

export function assertRouteNameFree(sim: World, gatewayId: string, name: string, exceptId?: string): void {
  if (sim.store.where('staticRoute', 'edgeGatewayId', gatewayId).some((r) => r.id !== exceptId && r.name.toLowerCase() === name.toLowerCase())) {
    throw duplicateName(`A static route named "${name}" already exists on this edge gateway.`);
  }
}
