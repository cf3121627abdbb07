/** What DHCP tasks do when they succeed: registered from the registry. */
import type { Actor, World } from '../../world.js';
import type { Network, NetworkDhcp, Task, TaskAction } from '../../store/types.js';
import { badRequest, busyEntity } from '../../errors.js';
import { inRange } from '../../lib/iprange.js';
import { startOwnedTask } from '../task/ops.js';
import { assertGatewayIdle } from '../edgegateway/services.js';
import { registerCrudActions } from '../task/crud.js';
import { assertBindingFree } from './bindings.js';
import { dropLeases, trackDhcpLeases } from './leases.js';

/** One change at a time to a network's DHCP (and none while its gateway applies one). */
export function startNetworkTask(sim: World, actor: Actor, net: Network, operationName: string, operation: string, action: TaskAction): Task {
  if (sim.tasks.activeFor(net.id).length) throw busyEntity(`The entity network "${net.name}" is busy completing an operation.`);
  const gw = net.edgeGatewayId ? sim.store.get('edgeGateway', net.edgeGatewayId) : undefined;
  if (gw) assertGatewayIdle(sim, gw);
  return startOwnedTask(sim, actor, { operationName, operation, orgId: net.orgId, owner: { kind: 'network', id: net.id, name: net.name }, action });
}

function removeDhcp(sim: World, networkId: string): void {
  const d = sim.store.get('networkDhcp', networkId);
  if (!d) return;
  sim.store.remove('networkDhcp', networkId);
  dropLeases(sim, d.leases);
}

export function registerDhcpActions(sim: World): void {
  const { store } = sim;
  sim.tasks.register('setNetworkDhcp', {
    apply(params) {
      const { networkId, config } = params as { networkId: string; config: Omit<NetworkDhcp, 'leases'> };
      if (!store.get('network', networkId)) throw badRequest('The network no longer exists.');
      const current = store.get('networkDhcp', networkId);
      // Leases outside the pools now set (or of DHCP now off) are given up.
      const leases = (current?.leases ?? []).filter((l) => config.enabled && config.pools.some((p) => p.enabled && inRange(l.ip, p)));
      if (current) {
        store.update('networkDhcp', networkId, { ...config, leases });
        dropLeases(sim, current.leases.filter((l) => !leases.includes(l)));
      } else store.insert('networkDhcp', { ...config, leases: [] });
    },
  });
  sim.tasks.register('deleteNetworkDhcp', {
    apply(params) {
      const networkId = params.networkId as string;
      if (store.where('dhcpBinding', 'networkId', networkId).length) throw badRequest('The DHCP configuration has bindings: delete them first.');
      removeDhcp(sim, networkId);
    },
  });
  registerCrudActions(sim, 'dhcpBinding', {
    create: 'createDhcpBinding', update: 'updateDhcpBinding', delete: 'deleteDhcpBinding', created: 'binding', gone: 'The DHCP binding', versioned: true,
    checkCreate: (b) => {
      if (!store.get('networkDhcp', b.networkId)) throw badRequest('The network has no DHCP configuration any more.');
      assertBindingFree(sim, b.networkId, b);
    },
    checkUpdate: (b, patch) => assertBindingFree(sim, b.networkId, { ...b, ...patch }, b.id),
  });

  // A deleted network takes its DHCP configuration, bindings and leases with it.
  store.onChange((kind, id, entity) => {
    if (kind !== 'network' || entity !== undefined || id === '*') return;
    for (const b of store.where('dhcpBinding', 'networkId', id)) store.remove('dhcpBinding', b.id);
    removeDhcp(sim, id);
  });
  trackDhcpLeases(sim);
}

