/** What DNS forwarder tasks do when they succeed: registered from the registry. */
import type { World } from '../../world.js';
import type { GatewayDns } from '../../store/types.js';
import { liveGateway, removedWithGateway } from '../edgegateway/services.js';

export function registerDnsActions(sim: World): void {
  const { store } = sim;
  sim.tasks.register('setGatewayDns', {
    apply(params) {
      const { gatewayId, config } = params as { gatewayId: string; config: Omit<GatewayDns, 'id' | 'orgId' | 'version'> };
      const gw = liveGateway(sim, gatewayId);
      const current = store.get('gatewayDns', gatewayId);
      const next = { ...config, defaultZone: config.defaultZone, version: (current?.version ?? 0) + 1 };
      if (current) store.update('gatewayDns', gatewayId, next);
      else store.insert('gatewayDns', { id: gatewayId, orgId: gw.orgId, ...next });
    },
  });
  sim.tasks.register('deleteGatewayDns', { apply: (params) => void store.remove('gatewayDns', params.gatewayId as string) });
  removedWithGateway(sim, 'gatewayDns');
}
