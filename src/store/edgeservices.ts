/**
 * The state of NSX-T edge gateway services: application port profiles, firewall groups (IP sets), the
 * gateway's firewall rules and its NAT rules. Plain JSON like every entity (store/types.ts lists the kinds).
 */

/** One protocol of an application port profile, with its destination ports ("80", "8000-8080"). */
export interface AppPort {
  protocol: 'ICMPv4' | 'ICMPv6' | 'TCP' | 'UDP';
  destinationPorts: string[];
}

/**
 * A user-defined application port profile: PROVIDER (made by a system administrator for an NSX-T manager,
 * every tenant sees it) or TENANT (an org's, made for one of its VDCs). SYSTEM profiles are NSX-T's own
 * and are not state (resources/appportprofile/system.ts).
 */
export interface AppPortProfile {
  id: string;
  /** The org of a TENANT profile; undefined for PROVIDER. */
  orgId?: string;
  scope: 'PROVIDER' | 'TENANT';
  name: string;
  description: string;
  /** The VDC URN (TENANT) or NSX-T manager URN (PROVIDER) it was made in. */
  contextEntityId: string;
  ports: AppPort[];
}

/**
 * A firewall group of an edge gateway or of a VDC group (for its distributed firewall): an IP set (addresses,
 * ranges, CIDRs), a static security group (networks) or, of a VDC group only, a dynamic one (VM criteria).
 */
export interface FirewallGroup {
  id: string;
  orgId: string;
  /** The owner: an edge gateway, or (`vdcGroupId`) a VDC group; exactly one is set. */
  edgeGatewayId?: string;
  vdcGroupId?: string;
  name: string;
  description: string;
  type: 'IP_SET' | 'SECURITY_GROUP' | 'VM_CRITERIA';
  ipAddresses: string[];
  /** Org VDC network ids (SECURITY_GROUP). */
  memberIds: string[];
  /** VM_CRITERIA: a VM is a member when it matches every rule of at least one criterion. */
  vmCriteria?: VmCriterion[];
}

/** One criterion of a dynamic firewall group: rules a VM must all match. */
export interface VmCriterion {
  rules: { attributeType: 'VM_NAME'; attributeValue: string; operator: 'CONTAINS' | 'STARTS_WITH' }[];
}

/** One user-defined firewall rule of an edge gateway. */
export interface FirewallRule {
  id: string;
  name: string;
  description: string;
  action: 'ALLOW' | 'DROP' | 'REJECT';
  enabled: boolean;
  /** Firewall group ids; empty = any. */
  sourceGroupIds: string[];
  destinationGroupIds: string[];
  /** Application port profile ids; empty = any. */
  appPortProfileIds: string[];
  ipProtocol: 'IPV4' | 'IPV6' | 'IPV4_IPV6';
  logging: boolean;
  direction: 'IN' | 'OUT' | 'IN_OUT';
  version: number;
}

/** An edge gateway's firewall: its user-defined rules, in the order they apply (id = the gateway's id). */
export interface EdgeFirewall {
  id: string;
  orgId: string;
  rules: FirewallRule[];
}

export type NatRuleType = 'DNAT' | 'NO_DNAT' | 'SNAT' | 'NO_SNAT' | 'REFLEXIVE';

/** A NAT rule of an edge gateway. */
export interface NatRule {
  id: string;
  orgId: string;
  edgeGatewayId: string;
  name: string;
  description: string;
  enabled: boolean;
  type: NatRuleType;
  externalAddresses: string;
  internalAddresses: string;
  appPortProfileId?: string;
  dnatExternalPort: string;
  snatDestinationAddresses: string;
  logging: boolean;
  firewallMatch: 'MATCH_INTERNAL_ADDRESS' | 'MATCH_EXTERNAL_ADDRESS' | 'BYPASS';
  priority: number;
  version: number;
}

/** A static route of an edge gateway: a network reached through next hops. */
export interface StaticRoute {
  id: string;
  orgId: string;
  edgeGatewayId: string;
  name: string;
  description: string;
  networkCidr: string;
  nextHops: { ipAddress: string; adminDistance: number }[];
}
