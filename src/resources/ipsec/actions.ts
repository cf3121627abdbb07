/** What IPsec VPN tunnel tasks do when they succeed: registered from the registry. */
import type { World } from '../../world.js';
import { registerCrudActions } from '../task/crud.js';
import { liveGateway, removedWithGateway } from '../edgegateway/services.js';
import { assertTunnelNameFree } from './tunnels.js';

export function registerIpsecActions(sim: World): void {
  registerCrudActions(sim, 'ipsecTunnel', {
    create: 'createIpsecTunnel', update: 'updateIpsecTunnel', delete: 'deleteIpsecTunnel', created: 'tunnel', gone: 'The IPsec VPN tunnel', versioned: true,
    checkCreate: (t) => { liveGateway(sim, t.edgeGatewayId); assertTunnelNameFree(sim, t.edgeGatewayId, t.name); },
    checkUpdate: (t, patch) => assertTunnelNameFree(sim, t.edgeGatewayId, patch.name ?? t.name, t.id),
  });
  removedWithGateway(sim, 'ipsecTunnel');
}
