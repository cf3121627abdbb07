/** State of the gateway and network services beyond NAT, firewall and routes: DHCP, DNS forwarding and IPsec VPN. */

/** A DHCP pool of an org VDC network: a range of its subnet outside the static pools. */
export interface DhcpPool {
  start: string;
  end: string;
  enabled: boolean;
}

/** An address a VM NIC in DHCP mode holds from the network's DHCP pools (by the NIC's MAC). */
export interface DhcpLease {
  ip: string;
  mac: string;
  vmId: string;
}

/** DHCP on an org VDC network: one entity per network (its id is the network's). */
export interface NetworkDhcp {
  id: string;
  orgId: string;
  enabled: boolean;
  mode: 'EDGE' | 'NETWORK' | 'RELAY';
  /** Seconds. */
  leaseTime: number;
  pools: DhcpPool[];
  dnsServers: string[];
  /** The DHCP server's own address (NETWORK mode). */
  ipAddress?: string;
  leases: DhcpLease[];
}

/** A fixed address for a MAC address on a network with DHCP. */
export interface DhcpBinding {
  id: string;
  orgId: string;
  networkId: string;
  name: string;
  description: string;
  macAddress: string;
  ipAddress: string;
  leaseTime: number;
  dnsServers: string[];
  gatewayIpAddress: string;
  hostName: string;
  version: number;
}

export interface DnsZone {
  id: string;
  displayName: string;
  upstreamServers: string[];
  dnsDomainNames: string[];
}

/** The DNS forwarder of an edge gateway: one entity per gateway (its id is the gateway's). */
export interface GatewayDns {
  id: string;
  orgId: string;
  enabled: boolean;
  listenerIp: string;
  snatRuleEnabled: boolean;
  defaultZone?: DnsZone;
  conditionalZones: DnsZone[];
  version: number;
}

/** An IPsec VPN tunnel of an edge gateway (pre-shared key, policy based). */
export interface IpsecTunnel {
  id: string;
  orgId: string;
  edgeGatewayId: string;
  name: string;
  description: string;
  enabled: boolean;
  localAddress: string;
  localId: string;
  localNetworks: string[];
  remoteAddress: string;
  remoteId: string;
  remoteNetworks: string[];
  preSharedKey: string;
  securityType: 'DEFAULT' | 'CUSTOM';
  logging: boolean;
  authenticationMode: 'PSK' | 'CERTIFICATE';
  connectorInitiationMode: 'INITIATOR' | 'RESPOND_ONLY' | 'ON_DEMAND';
  version: number;
  /** Its own IKE, tunnel and dead peer detection settings (securityType CUSTOM); absent: NSX-T's defaults. */
  securityProfile?: IpsecSecurityProfile;
}

export interface IpsecSecurityProfile {
  ike: { version: string; encryption: string; digest: string; dhGroup: string; saLifeTime: number };
  tunnel: { pfs: boolean; dfPolicy: string; encryption: string; digest: string; dhGroup: string; saLifeTime: number };
  dpdProbeInterval: number;
}
