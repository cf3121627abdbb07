/** Static routes of an edge gateway. */
import { ownOrg, type KindDescriptor } from '../kind.js';
import { staticRouteFixture } from './fixture.js';

export const staticRouteKind: KindDescriptor<'staticRoute'> = {
  kind: 'staticRoute',
  urnSegment: 'staticRoute',
  entityName: 'staticRoute',
  ownerOrg: ownOrg,
  indexes: ['edgeGatewayId', 'orgId'],
  fixture: staticRouteFixture,
};
