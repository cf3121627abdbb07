/** What static route tasks do when they succeed: registered from the registry. */
import type { World } from '../../world.js';
import type { StaticRoute } from '../../store/types.js';
import { badRequest } from '../../errors.js';
import { assertRouteNameFree } from './model.js';

export function registerStaticRouteActions(sim: World): void {
  const { store } = sim;

  sim.tasks.register('createStaticRoute', {
    apply(params) {
      const r = params.route as StaticRoute;
      if (!store.get('edgeGateway', r.edgeGatewayId)) throw badRequest('The edge gateway no longer exists.');
      assertRouteNameFree(sim, r.edgeGatewayId, r.name);
      store.insert('staticRoute', r);
    },
  });
  sim.tasks.register('updateStaticRoute', {
    apply(params) {
      const { id, patch } = params as { id: string; patch: Partial<StaticRoute> };
      const r = store.get('staticRoute', id);
      if (!r) throw badRequest('The static route no longer exists.');
      assertRouteNameFree(sim, r.edgeGatewayId, patch.name ?? r.name, id);
      store.update('staticRoute', id, patch);
    },
  });
  sim.tasks.register('deleteStaticRoute', { apply: (params) => void store.remove('staticRoute', params.id as string) });

  // A deleted gateway takes its static routes with it.
  store.onChange((kind, id, entity) => {
    if (kind !== 'edgeGateway' || entity !== undefined || id === '*') return;
    for (const r of store.where('staticRoute', 'edgeGatewayId', id)) store.remove('staticRoute', r.id);
  });
}
