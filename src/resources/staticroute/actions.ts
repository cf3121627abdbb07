/** What static route tasks do when they succeed: registered from the registry. */
import type { World } from '../../world.js';
import { registerCrudActions } from '../task/crud.js';
import { liveGateway, removedWithGateway } from '../edgegateway/services.js';
import { assertRouteNameFree } from './model.js';

export function registerStaticRouteActions(sim: World): void {
  registerCrudActions(sim, 'staticRoute', {
    create: 'createStaticRoute', update: 'updateStaticRoute', delete: 'deleteStaticRoute', created: 'route', gone: 'The static route',
    checkCreate: (r) => { liveGateway(sim, r.edgeGatewayId); assertRouteNameFree(sim, r.edgeGatewayId, r.name); },
    checkUpdate: (r, patch) => assertRouteNameFree(sim, r.edgeGatewayId, patch.name ?? r.name, r.id),
  });
  removedWithGateway(sim, 'staticRoute');
}
