/** What edge gateway tasks do when they succeed (and undo when they do not): registered from the registry. */
import type { World } from '../../world.js';
import { registerCrudActions } from '../task/crud.js';
import { assertNoNetworks, assertUplinksFree } from './ops.js';

export function registerEdgeGatewayActions(sim: World): void {
  // A creation that does not succeed leaves nothing behind: no gateway, no addresses held.
  registerCrudActions(sim, 'edgeGateway', {
    create: 'createEdgeGateway', update: 'updateEdgeGateway', delete: 'deleteEdgeGateway',
    checkUpdate: (gw, patch) => {
      if (patch.uplinks) assertUplinksFree(sim, gw.id, patch.uplinks);
      // Moving to or from a VDC group: a network may have been connected while the task ran.
      if ('vdcGroupId' in patch && patch.vdcGroupId !== gw.vdcGroupId) assertNoNetworks(sim, gw, 'moved');
    },
    // A network may have been connected while the task ran.
    checkDelete: (gw) => assertNoNetworks(sim, gw),
  });
}
