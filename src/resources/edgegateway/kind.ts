/** NSX-T edge gateways (tier-1 routers) of org VDCs, with their uplinks to external networks. */
import { ownOrg, type KindDescriptor } from '../kind.js';
import { admin } from '../../wire/media.js';
import { edgeGatewayFixture } from './fixture.js';

export const EGW_MT = admin('edgeGateway');

export const edgeGatewayKind: KindDescriptor<'edgeGateway'> = {
  kind: 'edgeGateway',
  urnSegment: 'gateway',
  entityName: 'gateway',
  hrefPath: (id) => `/api/admin/edgeGateway/${id}`,
  mediaType: EGW_MT,
  ownerOrg: ownOrg,
  indexes: ['vdcId', 'orgId'],
  inventoryMetric: true,
  fixture: edgeGatewayFixture,
};
