/** What firewall group tasks do when they succeed: registered from the registry. */
import type { World } from '../../world.js';
import { badRequest } from '../../errors.js';
import { registerCrudActions } from '../task/crud.js';
import { liveGateway, removedWithGateway } from '../edgegateway/services.js';
import { removedWith } from '../cascade.js';
import { assertGroupNameFree, groupUsers } from './model.js';

export function registerFirewallGroupActions(sim: World): void {
  registerCrudActions(sim, 'firewallGroup', {
    create: 'createFirewallGroup', update: 'updateFirewallGroup', delete: 'deleteFirewallGroup',
    created: 'group', gone: 'The firewall group',
    checkCreate: (g) => {
      if (g.vdcGroupId && !sim.store.get('vdcGroup', g.vdcGroupId)) throw badRequest('The VDC group no longer exists.');
      if (g.edgeGatewayId) liveGateway(sim, g.edgeGatewayId);
      assertGroupNameFree(sim, g);
    },
    checkUpdate: (g, patch) => assertGroupNameFree(sim, { ...g, ...patch }, g.id),
    checkDelete: (g) => {
      const users = groupUsers(sim, g);
      if (users.length) throw badRequest(`The firewall group "${g.name}" is in use by firewall rule(s) ${users.map((n) => `"${n}"`).join(', ')}.`);
    },
  });
  removedWithGateway(sim, 'firewallGroup');
  removedWith(sim, 'vdcGroup', 'firewallGroup', 'vdcGroupId');
}
