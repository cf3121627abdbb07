/** An edge gateway's `services.ipsecTunnels` in the fixture: policy-based IPsec VPN tunnels with a pre-shared key. */
import type { EdgeGateway, IpsecTunnel } from '../../store/types.js';
import { inRanges, isCidr, isIpv4 } from '../../lib/iprange.js';
import type { FixtureSection } from '../fixture-section.js';
import { serviceName } from '../edgegateway/fixture.js';
import { allocatedRanges } from '../edgegateway/model.js';

export interface FixtureIpsecTunnel {
  name: string; description?: string; enabled?: boolean; preSharedKey: string;
  /** An address allocated to the gateway. */
  localAddress: string; localNetworks: string[];
  remoteAddress: string; remoteNetworks?: string[];
}

export const ipsecTunnelFixture: FixtureSection<EdgeGateway, FixtureIpsecTunnel, IpsecTunnel> = {
  key: 'services.ipsecTunnels',
  parent: 'edgeGateway',
  build(b, t, where, gw, names) {
    const fail = b.fail;
    serviceName(b, where, names, t?.name, gw, 'an IPsec VPN tunnel');
    if (!isIpv4(t.localAddress) || !inRanges(t.localAddress, allocatedRanges(gw))) fail(`${where}.localAddress`, `"${t.localAddress}" is not an address allocated to edge gateway ${gw.name}`);
    if (!t.localNetworks?.length) fail(`${where}.localNetworks`, 'an IPsec VPN tunnel needs at least one local network');
    [...t.localNetworks, ...(t.remoteNetworks ?? [])].forEach((c) => { if (!isCidr(c)) fail(where, `"${c}" is not an IPv4 network in CIDR form`); });
    if (!isIpv4(t.remoteAddress)) fail(`${where}.remoteAddress`, `"${t.remoteAddress}" is not an IPv4 address`);
    if (!t.preSharedKey) fail(`${where}.preSharedKey`, 'an IPsec VPN tunnel needs a pre-shared key');
    const tunnel: IpsecTunnel = {
      id: b.random.uuid(), orgId: gw.orgId, edgeGatewayId: gw.id, name: t.name, description: t.description ?? '', enabled: t.enabled ?? true,
      localAddress: t.localAddress, localId: t.localAddress, localNetworks: t.localNetworks, remoteAddress: t.remoteAddress, remoteId: t.remoteAddress,
      remoteNetworks: t.remoteNetworks ?? [], preSharedKey: t.preSharedKey, securityType: 'DEFAULT', logging: false, authenticationMode: 'PSK',
      connectorInitiationMode: 'INITIATOR', version: 0,
    };
    b.snap.ipsecTunnel.push(tunnel);
    return tunnel;
  },
};
