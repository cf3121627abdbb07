/** Edge gateway services: application port profiles, firewall groups, gateway firewalls and NAT rules. */
import { ownOrg, type KindDescriptor } from '../kind.js';

export const CLOUDAPI = '/cloudapi/1.0.0';

export const appPortProfileKind: KindDescriptor<'appPortProfile'> = {
  kind: 'appPortProfile',
  urnSegment: 'applicationPortProfile',
  entityName: 'applicationPortProfile',
  hrefPath: (id) => `${CLOUDAPI}/applicationPortProfiles/urn:vcloud:applicationPortProfile:${id}`,
  // A CloudAPI entity: its href (a task's Owner) answers JSON.
  mediaType: 'application/json',
  // TENANT profiles are their org's; PROVIDER profiles serve every tenant.
  ownerOrg: (_store, e) => e.orgId,
  shared: true,
  indexes: ['orgId'],
};

export const firewallGroupKind: KindDescriptor<'firewallGroup'> = {
  kind: 'firewallGroup',
  urnSegment: 'firewallGroup',
  entityName: 'firewallGroup',
  hrefPath: (id) => `${CLOUDAPI}/firewallGroups/urn:vcloud:firewallGroup:${id}`,
  mediaType: 'application/json',
  ownerOrg: ownOrg,
  indexes: ['edgeGatewayId', 'orgId'],
  inventoryMetric: true,
};

/** A gateway's user-defined firewall rules, one entity per gateway (its id is the gateway's). */
export const edgeFirewallKind: KindDescriptor<'edgeFirewall'> = {
  kind: 'edgeFirewall',
  urnSegment: 'edgeFirewall',
  entityName: 'edgeFirewall',
  ownerOrg: ownOrg,
};

export const natRuleKind: KindDescriptor<'natRule'> = {
  kind: 'natRule',
  urnSegment: 'natRule',
  entityName: 'natRule',
  ownerOrg: ownOrg,
  indexes: ['edgeGatewayId', 'orgId'],
  inventoryMetric: true,
};

export const staticRouteKind: KindDescriptor<'staticRoute'> = {
  kind: 'staticRoute',
  urnSegment: 'staticRoute',
  entityName: 'staticRoute',
  ownerOrg: ownOrg,
  indexes: ['edgeGatewayId', 'orgId'],
};
