/** What firewall rule tasks do when they succeed: registered from the registry. */
import type { World } from '../../world.js';
import type { FirewallRule } from '../../store/types.js';
import { badRequest } from '../../errors.js';
import { liveGateway, removedWithGateway } from '../edgegateway/services.js';

export function registerFirewallActions(sim: World): void {
  const { store } = sim;

  const setRules = (gatewayId: string, rules: FirewallRule[]) => {
    const gw = liveGateway(sim, gatewayId);
    // A group deleted while the change ran is refused as a missing one is.
    for (const r of rules) {
      for (const id of [...r.sourceGroupIds, ...r.destinationGroupIds]) {
        if (store.get('firewallGroup', id)?.edgeGatewayId !== gatewayId) throw badRequest(`The firewall group ${id} of rule "${r.name}" does not exist.`);
      }
    }
    if (store.get('edgeFirewall', gatewayId)) store.update('edgeFirewall', gatewayId, { rules });
    else store.insert('edgeFirewall', { id: gatewayId, orgId: gw.orgId, rules });
  };
  sim.tasks.register('setFirewallRules', {
    apply: (params) => setRules(params.gatewayId as string, params.rules as FirewallRule[]),
  });
  sim.tasks.register('deleteFirewallRule', {
    apply(params) {
      const { gatewayId, ruleId } = params as { gatewayId: string; ruleId: string };
      const fw = store.get('edgeFirewall', gatewayId);
      if (fw) store.update('edgeFirewall', gatewayId, { rules: fw.rules.filter((r) => r.id !== ruleId) });
    },
  });

  removedWithGateway(sim, 'edgeFirewall');
}
