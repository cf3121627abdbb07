/** What edge gateway service tasks do when they succeed: registered from the registry. */
import type { World } from '../../world.js';
import type { AppPortProfile, FirewallGroup, FirewallRule, NatRule, StaticRoute } from '../../store/types.js';
import { badRequest } from '../../errors.js';
import { assertProfileNameFree, profileUsers } from './profiles.js';
import { assertGroupNameFree, groupUsers } from './firewallgroups.js';
import { assertNatNameFree } from './nat.js';
import { assertRouteNameFree } from './staticroutes.js';

export function registerEdgeServiceActions(sim: World): void {
  const { store } = sim;

  sim.tasks.register('createAppPortProfile', {
    apply(params) {
      const p = params.profile as AppPortProfile;
      // Another create of the same name may have landed while this one ran.
      assertProfileNameFree(sim, p);
      store.insert('appPortProfile', p);
    },
  });
  sim.tasks.register('updateAppPortProfile', {
    apply(params) {
      const { id, patch } = params as { id: string; patch: Partial<AppPortProfile> };
      const p = store.get('appPortProfile', id);
      if (!p) throw badRequest('The application port profile no longer exists.');
      assertProfileNameFree(sim, { ...p, ...patch }, id);
      store.update('appPortProfile', id, patch);
    },
  });
  sim.tasks.register('deleteAppPortProfile', {
    apply(params) {
      const id = params.id as string;
      const users = profileUsers(sim, id);
      if (users.length) throw badRequest(`The application port profile is in use by ${users.join(', ')}.`);
      store.remove('appPortProfile', id);
    },
  });

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

  const setRules = (gatewayId: string, rules: FirewallRule[]) => {
    const gw = store.get('edgeGateway', gatewayId);
    if (!gw) throw badRequest('The edge gateway no longer exists.');
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

  // A deleted gateway takes its services with it: no rule or group outlives it.
  store.onChange((kind, id, entity) => {
    if (kind !== 'edgeGateway' || entity !== undefined || id === '*') return;
    for (const g of store.where('firewallGroup', 'edgeGatewayId', id)) store.remove('firewallGroup', g.id);
    for (const r of store.where('natRule', 'edgeGatewayId', id)) store.remove('natRule', r.id);
    for (const r of store.where('staticRoute', 'edgeGatewayId', id)) store.remove('staticRoute', r.id);
    store.remove('edgeFirewall', id);
  });
}
