/** What NAT rule tasks do when they succeed: registered from the registry. */
import type { World } from '../../world.js';
import { registerCrudActions } from '../task/crud.js';
import { liveGateway, removedWithGateway } from '../edgegateway/services.js';
import { assertNatNameFree } from './model.js';

export function registerNatActions(sim: World): void {
  registerCrudActions(sim, 'natRule', {
    create: 'createNatRule', update: 'updateNatRule', delete: 'deleteNatRule', created: 'rule', gone: 'The NAT rule', versioned: true,
    checkCreate: (r) => { liveGateway(sim, r.edgeGatewayId); assertNatNameFree(sim, r.edgeGatewayId, r.name); },
    checkUpdate: (r, patch) => assertNatNameFree(sim, r.edgeGatewayId, patch.name ?? r.name, r.id),
  });
  removedWithGateway(sim, 'natRule');
}
