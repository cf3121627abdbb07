/** Firewall groups of an edge gateway (IP sets, static security groups) or of a VDC group (also dynamic ones). */
import { ownOrg, type KindDescriptor } from '../kind.js';
import { firewallGroupFixture } from './fixture.js';

export const firewallGroupKind: KindDescriptor<'firewallGroup'> = {
  kind: 'firewallGroup',
  urnSegment: 'firewallGroup',
  entityName: 'firewallGroup',
  hrefPath: (id) => `/cloudapi/1.0.0/firewallGroups/urn:vcloud:firewallGroup:${id}`,
  mediaType: 'application/json',
  ownerOrg: ownOrg,
  indexes: ['edgeGatewayId', 'orgId', 'vdcGroupId'],
  inventoryMetric: true,
  fixture: firewallGroupFixture,
};
