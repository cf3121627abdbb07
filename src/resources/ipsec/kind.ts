/** IPsec VPN tunnels of edge gateways. */
import { ownOrg, type KindDescriptor } from '../kind.js';
import { ipsecTunnelFixture } from './fixture.js';

export const ipsecTunnelKind: KindDescriptor<'ipsecTunnel'> = {
  kind: 'ipsecTunnel',
  urnSegment: 'ipsecTunnel',
  entityName: 'ipsecTunnel',
  ownerOrg: ownOrg,
  indexes: ['edgeGatewayId', 'orgId'],
  fixture: ipsecTunnelFixture,
};
