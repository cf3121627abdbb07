/** What edge gateway tasks do when they succeed (and undo when they do not): registered from the registry. */
import type { World } from '../../world.js';
import { registerCrudActions } from '../task/crud.js';
import { assertNoNetworks, assertUplinksFree } from './ops.js';

export function registerEdgeGatewayActions(sim: World): void {
  // A creation that does not succeed leaves nothing behind: no gateway, no addresses held.
  registerCrudActions(sim, 'edgeGateway', {
    create: 'createEdgeGateway', update: 'updateEdgeGateway', delete: 'deleteEdgeGateway',
    checkUpdate: (gw, patch) => patch.uplinks && assertUplinksFree(sim, gw.id, patch.uplinks),
    // A network may have been connected while the task ran.
    checkDelete: (gw) => assertNoNetworks(sim, gw),
  });
}
