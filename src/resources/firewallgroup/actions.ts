/** What firewall group tasks do when they succeed: registered from the registry. */
import type { World } from '../../world.js';
import type { FirewallGroup } from '../../store/types.js';
import { badRequest } from '../../errors.js';
import { assertGroupNameFree, groupUsers } from './model.js';

export function registerFirewallGroupActions(sim: World): void {
  const { store } = sim;

  sim.tasks.register('createFirewallGroup', {
    apply(params) {
      const g = params.group as FirewallGroup;
      if (!store.get('edgeGateway', g.edgeGatewayId)) throw badRequest('The edge gateway no longer exists.');
      assertGroupNameFree(sim, g);
      store.insert('firewallGroup', g);
    },
  });
  sim.tasks.register('updateFirewallGroup', {
    apply(params) {
      const { id, patch } = params as { id: string; patch: Partial<FirewallGroup> };
      const g = store.get('firewallGroup', id);
      if (!g) throw badRequest('The firewall group no longer exists.');
      assertGroupNameFree(sim, { ...g, ...patch }, id);
      store.update('firewallGroup', id, patch);
    },
  });
  sim.tasks.register('deleteFirewallGroup', {
    apply(params) {
      const g = store.get('firewallGroup', params.id as string);
      if (!g) return;
      const users = groupUsers(sim, g);
      if (users.length) throw badRequest(`The firewall group "${g.name}" is in use by firewall rule(s) ${users.map((n) => `"${n}"`).join(', ')}.`);
      store.remove('firewallGroup', g.id);
    },
  });

  // A deleted gateway takes its groups with it.
  store.onChange((kind, id, entity) => {
    if (kind !== 'edgeGateway' || entity !== undefined || id === '*') return;
    for (const g of store.where('firewallGroup', 'edgeGatewayId', id)) store.remove('firewallGroup', g.id);
  });
}
