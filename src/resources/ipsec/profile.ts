/**
 * A tunnel's connection properties (`…/ipsec/tunnels/{id}/connectionProperties`): IKE, tunnel (IPsec SA) and
 * dead peer detection settings. DEFAULT tunnels use NSX-T's defaults; a PUT makes them the tunnel's own (CUSTOM);
 * setting the tunnel's `securityType` back to DEFAULT drops them.
 */
import type { IpsecSecurityProfile, IpsecTunnel } from '../../store/types.js';
import { badRequest } from '../../errors.js';
import type { Model } from '../cloudapi/paging.js';
import { type Json, bool, int, list, obj, str } from '../cloudapi/json.js';

export const DEFAULT_PROFILE: IpsecSecurityProfile = {
  ike: { version: 'IKE_V2', encryption: 'AES_128', digest: 'SHA2_256', dhGroup: 'GROUP14', saLifeTime: 86400 },
  tunnel: { pfs: true, dfPolicy: 'COPY', encryption: 'AES_GCM_128', digest: '', dhGroup: 'GROUP14', saLifeTime: 3600 },
  dpdProbeInterval: 60,
};

const IKE_VERSIONS = ['IKE_V1', 'IKE_V2', 'IKE_FLEX'];
const IKE_ENCRYPTION = ['AES_128', 'AES_256', 'AES_GCM_128', 'AES_GCM_192', 'AES_GCM_256'];
const TUNNEL_ENCRYPTION = [...IKE_ENCRYPTION, 'NO_ENCRYPTION_AUTH_AES_GMAC_128', 'NO_ENCRYPTION_AUTH_AES_GMAC_192', 'NO_ENCRYPTION_AUTH_AES_GMAC_256', 'NO_ENCRYPTION'];
const DIGESTS = ['SHA1', 'SHA2_256', 'SHA2_384', 'SHA2_512'];
const DH_GROUPS = ['GROUP2', 'GROUP5', 'GROUP14', 'GROUP15', 'GROUP16', 'GROUP19', 'GROUP20', 'GROUP21'];

export function profileModel(t: IpsecTunnel): Model {
  const p = t.securityProfile ?? DEFAULT_PROFILE;
  return {
    securityType: t.securityProfile ? 'CUSTOM' : 'DEFAULT',
    ikeConfiguration: {
      ikeVersion: p.ike.version, encryptionAlgorithms: [p.ike.encryption], digestAlgorithms: p.ike.digest ? [p.ike.digest] : [],
      dhGroups: [p.ike.dhGroup], saLifeTime: p.ike.saLifeTime,
    },
    tunnelConfiguration: {
      perfectForwardSecrecyEnabled: p.tunnel.pfs, dfPolicy: p.tunnel.dfPolicy, encryptionAlgorithms: [p.tunnel.encryption],
      digestAlgorithms: p.tunnel.digest ? [p.tunnel.digest] : [], dhGroups: [p.tunnel.dhGroup], saLifeTime: p.tunnel.saLifeTime,
    },
    dpdConfiguration: { probeInterval: p.dpdProbeInterval },
  };
}

/** One value of a list that takes one (NSX-T accepts a single value where the API has a list). */
function one(v: unknown, what: string, allowed: string[], fallback: string, optional = false): string {
  const values = list(v, what).map((x, i) => str(x, `${what}[${i}]`) ?? '');
  if (values.length > 1) throw badRequest(`${what} takes one value.`);
  const value = values[0] ?? fallback;
  if (optional && !value) return '';
  if (!allowed.includes(value)) throw badRequest(`${what} "${value}" is not one of ${allowed.join(', ')}.`);
  return value;
}

function lifetime(v: unknown, what: string, min: number, fallback: number): number {
  const n = int(v, what) ?? fallback;
  if (n < min || n > 31536000) throw badRequest(`${what} must be between ${min} and 31536000 seconds.`);
  return n;
}

/** Reads and checks an IPsec VPN tunnel security profile (NsxtIpSecVpnTunnelSecurityProfile). */
export function profileInput(b: Json, current: IpsecSecurityProfile = DEFAULT_PROFILE): IpsecSecurityProfile {
  const ike = obj(b.ikeConfiguration) ?? {};
  const tun = obj(b.tunnelConfiguration) ?? {};
  const dpd = obj(b.dpdConfiguration) ?? {};
  const ikeVersion = str(ike.ikeVersion, 'ikeConfiguration.ikeVersion') || current.ike.version;
  if (!IKE_VERSIONS.includes(ikeVersion)) throw badRequest(`ikeConfiguration.ikeVersion must be one of ${IKE_VERSIONS.join(', ')}.`);
  const tunnelEncryption = one(tun.encryptionAlgorithms, 'tunnelConfiguration.encryptionAlgorithms', TUNNEL_ENCRYPTION, current.tunnel.encryption);
  const tunnelDigest = one(tun.digestAlgorithms, 'tunnelConfiguration.digestAlgorithms', DIGESTS, '', true);
  if (tunnelDigest && /GCM|GMAC/.test(tunnelEncryption)) throw badRequest(`tunnelConfiguration.digestAlgorithms must be empty with ${tunnelEncryption} (it authenticates by itself).`);
  const dfPolicy = str(tun.dfPolicy, 'tunnelConfiguration.dfPolicy') || current.tunnel.dfPolicy;
  if (dfPolicy !== 'COPY' && dfPolicy !== 'CLEAR') throw badRequest('tunnelConfiguration.dfPolicy must be COPY or CLEAR.');
  const probeInterval = int(dpd.probeInterval, 'dpdConfiguration.probeInterval') ?? current.dpdProbeInterval;
  if (probeInterval < 3 || probeInterval > 60) throw badRequest('dpdConfiguration.probeInterval must be between 3 and 60 seconds.');
  return {
    ike: {
      version: ikeVersion,
      encryption: one(ike.encryptionAlgorithms, 'ikeConfiguration.encryptionAlgorithms', IKE_ENCRYPTION, current.ike.encryption),
      digest: one(ike.digestAlgorithms, 'ikeConfiguration.digestAlgorithms', DIGESTS, current.ike.digest || 'SHA2_256'),
      dhGroup: one(ike.dhGroups, 'ikeConfiguration.dhGroups', DH_GROUPS, current.ike.dhGroup),
      saLifeTime: lifetime(ike.saLifeTime, 'ikeConfiguration.saLifeTime', 21600, current.ike.saLifeTime),
    },
    tunnel: {
      pfs: bool(tun.perfectForwardSecrecyEnabled, 'tunnelConfiguration.perfectForwardSecrecyEnabled') ?? current.tunnel.pfs,
      dfPolicy, encryption: tunnelEncryption, digest: tunnelDigest,
      dhGroup: one(tun.dhGroups, 'tunnelConfiguration.dhGroups', DH_GROUPS, current.tunnel.dhGroup),
      saLifeTime: lifetime(tun.saLifeTime, 'tunnelConfiguration.saLifeTime', 900, current.tunnel.saLifeTime),
    },
    dpdProbeInterval: probeInterval,
  };
}
