/** Static routes of an edge gateway. */
import { ownOrg, type KindDescriptor } from '../kind.js';

export const staticRouteKind: KindDescriptor<'staticRoute'> = {
  kind: 'staticRoute',
  urnSegment: 'staticRoute',
  entityName: 'staticRoute',
  ownerOrg: ownOrg,
  indexes: ['edgeGatewayId', 'orgId'],
};
