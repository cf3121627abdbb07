/**
 * IPsec VPN tunnels of an edge gateway (`edgeGateways/{id}/ipsec/tunnels`): policy-based, pre-shared key; the
 * local endpoint is an address allocated to the gateway, local networks are CIDRs behind it; names unique on a
 * gateway; `version` guards updates. The list leaves the pre-shared key out (as VCD does), one tunnel has it.
 */
import type { World } from '../../world.js';
import type { EdgeGateway, IpsecTunnel } from '../../store/types.js';
import { badRequest, duplicateName } from '../../errors.js';
import { isCidr, isIpv4 } from '../../lib/iprange.js';
import type { Model } from '../cloudapi/paging.js';
import { type Json, bool, list, obj, str } from '../cloudapi/json.js';
import { assertAllocated } from '../edgegateway/services.js';

export const tunnelsOf = (sim: World, gw: EdgeGateway): IpsecTunnel[] =>
  sim.store.where('ipsecTunnel', 'edgeGatewayId', gw.id).sort((a, b) => a.name.localeCompare(b.name));

export function tunnelModel(t: IpsecTunnel, withKey = true): Model {
  return {
    id: t.id,
    name: t.name,
    description: t.description,
    enabled: t.enabled,
    localEndpoint: { localId: t.localId, localAddress: t.localAddress, localNetworks: t.localNetworks },
    remoteEndpoint: { remoteId: t.remoteId, remoteAddress: t.remoteAddress, remoteNetworks: t.remoteNetworks },
    ...(withKey ? { preSharedKey: t.preSharedKey } : {}),
    securityType: t.securityType,
    logging: t.logging,
    authenticationMode: t.authenticationMode,
    connectorInitiationMode: t.connectorInitiationMode,
    certificateRef: null,
    caCertificateRef: null,
    version: { version: t.version },
  };
}

/** The tunnel's state as NSX-T would report it: up while enabled (there is no peer to fail). */
export function tunnelStatusModel(t: IpsecTunnel): Model {
  return t.enabled
    ? { tunnelStatus: 'UP', ikeStatus: { ikeServiceStatus: 'UP', failReason: null } }
    : { tunnelStatus: 'DOWN', ikeStatus: { ikeServiceStatus: 'DOWN', failReason: 'The tunnel is disabled.' } };
}

export const TUNNEL_FIELDS = { id: 'string', name: 'string', description: 'string', enabled: 'boolean', securityType: 'string' } as const;

export type TunnelInput = Omit<IpsecTunnel, 'id' | 'orgId' | 'edgeGatewayId' | 'version'>;

function cidrs(v: unknown, what: string): string[] {
  return list(v, what).map((c, i) => {
    const s = (str(c, `${what}[${i}]`) ?? '').trim();
    if (!isCidr(s)) throw badRequest(`${what}[${i}] "${s}" is not an IPv4 network in CIDR form (10.1.0.0/24).`);
    return s;
  });
}

const AUTH = ['PSK', 'CERTIFICATE'] as const;
const INITIATION = ['INITIATOR', 'RESPOND_ONLY', 'ON_DEMAND'] as const;

/** Reads and checks an NsxtIpSecVpnTunnel for the gateway, as VCD checks it. */
export function tunnelInput(gw: EdgeGateway, b: Json, current?: IpsecTunnel): TunnelInput {
  const name = (str(b.name, 'name') ?? '').trim();
  if (!name) throw badRequest('An IPsec VPN tunnel needs a name.');
  const local = obj(b.localEndpoint) ?? {};
  const remote = obj(b.remoteEndpoint) ?? {};
  const localAddress = (str(local.localAddress, 'localEndpoint.localAddress') ?? '').trim();
  if (!isIpv4(localAddress)) throw badRequest(`localEndpoint.localAddress "${localAddress}" is not an IPv4 address.`);
  assertAllocated(gw, localAddress, 'The local endpoint');
  const localNetworks = cidrs(local.localNetworks, 'localEndpoint.localNetworks');
  if (!localNetworks.length) throw badRequest('An IPsec VPN tunnel needs at least one local network (localEndpoint.localNetworks).');
  const remoteAddress = (str(remote.remoteAddress, 'remoteEndpoint.remoteAddress') ?? '').trim();
  if (!isIpv4(remoteAddress)) throw badRequest(`remoteEndpoint.remoteAddress "${remoteAddress}" is not an IPv4 address.`);
  const authenticationMode = (str(b.authenticationMode, 'authenticationMode') || 'PSK') as IpsecTunnel['authenticationMode'];
  if (!(AUTH as readonly string[]).includes(authenticationMode)) throw badRequest(`authenticationMode must be one of ${AUTH.join(', ')}.`);
  if (authenticationMode === 'CERTIFICATE') throw badRequest('CERTIFICATE authentication needs a certificate (certificateRef) from the certificate library, which this VCD has none of: use PSK.');
  const preSharedKey = str(b.preSharedKey, 'preSharedKey') ?? (current?.preSharedKey ?? '');
  if (!preSharedKey) throw badRequest('A PSK tunnel needs a pre-shared key (preSharedKey).');
  const connectorInitiationMode = (str(b.connectorInitiationMode, 'connectorInitiationMode') || 'INITIATOR') as IpsecTunnel['connectorInitiationMode'];
  if (!(INITIATION as readonly string[]).includes(connectorInitiationMode)) throw badRequest(`connectorInitiationMode must be one of ${INITIATION.join(', ')}.`);
  const securityType = (str(b.securityType, 'securityType') || current?.securityType || 'DEFAULT') as IpsecTunnel['securityType'];
  if (securityType !== 'DEFAULT' && securityType !== 'CUSTOM') throw badRequest('securityType must be DEFAULT or CUSTOM.');
  if (securityType === 'CUSTOM' && !current?.securityProfile) throw badRequest('securityType CUSTOM comes from setting the tunnel\'s connection properties (…/connectionProperties).');
  return {
    securityProfile: securityType === 'DEFAULT' ? undefined : current?.securityProfile,
    name, description: str(b.description, 'description') ?? '', enabled: bool(b.enabled, 'enabled') ?? true,
    localAddress, localId: (str(local.localId, 'localEndpoint.localId') ?? '').trim() || localAddress, localNetworks,
    remoteAddress, remoteId: (str(remote.remoteId, 'remoteEndpoint.remoteId') ?? '').trim() || remoteAddress,
    remoteNetworks: cidrs(remote.remoteNetworks, 'remoteEndpoint.remoteNetworks'),
    preSharedKey, securityType, logging: bool(b.logging, 'logging') ?? false, authenticationMode, connectorInitiationMode,
  };
}

export function assertTunnelNameFree(sim: World, gatewayId: string, name: string, exceptId?: string): void {
  if (sim.store.where('ipsecTunnel', 'edgeGatewayId', gatewayId).some((t) => t.id !== exceptId && t.name.toLowerCase() === name.toLowerCase())) {
    throw duplicateName(`An IPsec VPN tunnel named "${name}" already exists on this edge gateway.`);
  }
}
