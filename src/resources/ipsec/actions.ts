/** What IPsec VPN tunnel tasks do when they succeed: registered from the registry. */
import type { World } from '../../world.js';
import type { IpsecTunnel } from '../../store/types.js';
import { badRequest } from '../../errors.js';
import { assertTunnelNameFree } from './tunnels.js';

export function registerIpsecActions(sim: World): void {
  const { store } = sim;
  sim.tasks.register('createIpsecTunnel', {
    apply(params) {
      const t = params.tunnel as IpsecTunnel;
      if (!store.get('edgeGateway', t.edgeGatewayId)) throw badRequest('The edge gateway no longer exists.');
      assertTunnelNameFree(sim, t.edgeGatewayId, t.name);
      store.insert('ipsecTunnel', t);
    },
  });
  sim.tasks.register('updateIpsecTunnel', {
    apply(params) {
      const { id, patch } = params as { id: string; patch: Partial<IpsecTunnel> };
      const t = store.get('ipsecTunnel', id);
      if (!t) throw badRequest('The IPsec VPN tunnel no longer exists.');
      assertTunnelNameFree(sim, t.edgeGatewayId, patch.name ?? t.name, id);
      store.update('ipsecTunnel', id, { ...patch, version: t.version + 1 });
    },
  });
  sim.tasks.register('deleteIpsecTunnel', { apply: (params) => void store.remove('ipsecTunnel', params.id as string) });
  store.onChange((kind, id, entity) => {
    if (kind !== 'edgeGateway' || entity !== undefined || id === '*') return;
    for (const t of store.where('ipsecTunnel', 'edgeGatewayId', id)) store.remove('ipsecTunnel', t.id);
  });
}
