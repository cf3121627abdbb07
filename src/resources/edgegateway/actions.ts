/** What edge gateway tasks do when they succeed (and undo when they do not): registered from the registry. */
import type { World } from '../../world.js';
import { assertNoNetworks, assertUplinksFree, type EdgeGatewayPatch } from './ops.js';

export function registerEdgeGatewayActions(sim: World): void {
  sim.tasks.register('createEdgeGateway', {
    apply() { /* stored (and its addresses held) when the request was accepted */ },
    // A creation that does not succeed leaves nothing behind: no gateway, no addresses held.
    rollback: (params) => void sim.store.remove('edgeGateway', params.id as string),
  });
  sim.tasks.register('updateEdgeGateway', {
    apply(params) {
      const { id, patch } = params as { id: string; patch: EdgeGatewayPatch };
      if (!sim.store.get('edgeGateway', id)) return;
      if (patch.uplinks) assertUplinksFree(sim, id, patch.uplinks);
      sim.store.update('edgeGateway', id, patch);
    },
  });
  sim.tasks.register('deleteEdgeGateway', {
    apply(params) {
      const gw = sim.store.get('edgeGateway', params.id as string);
      if (!gw) return;
      // A network may have been connected while the task ran.
      assertNoNetworks(sim, gw);
      sim.store.remove('edgeGateway', gw.id);
    },
  });
}
