/** What NAT rule tasks do when they succeed: registered from the registry. */
import type { World } from '../../world.js';
import type { NatRule } from '../../store/types.js';
import { badRequest } from '../../errors.js';
import { assertNatNameFree } from './model.js';

export function registerNatActions(sim: World): void {
  const { store } = sim;

  sim.tasks.register('createNatRule', {
    apply(params) {
      const r = params.rule as NatRule;
      if (!store.get('edgeGateway', r.edgeGatewayId)) throw badRequest('The edge gateway no longer exists.');
      assertNatNameFree(sim, r.edgeGatewayId, r.name);
      store.insert('natRule', r);
    },
  });
  sim.tasks.register('updateNatRule', {
    apply(params) {
      const { id, patch } = params as { id: string; patch: Partial<NatRule> };
      const r = store.get('natRule', id);
      if (!r) throw badRequest('The NAT rule no longer exists.');
      assertNatNameFree(sim, r.edgeGatewayId, patch.name ?? r.name, id);
      store.update('natRule', id, { ...patch, version: r.version + 1 });
    },
  });
  sim.tasks.register('deleteNatRule', { apply: (params) => void store.remove('natRule', params.id as string) });

  // A deleted gateway takes its NAT rules with it.
  store.onChange((kind, id, entity) => {
    if (kind !== 'edgeGateway' || entity !== undefined || id === '*') return;
    for (const r of store.where('natRule', 'edgeGatewayId', id)) store.remove('natRule', r.id);
  });
}
