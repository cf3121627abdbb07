/** A static route as CloudAPI's NsxtStaticRoute JSON. */
import type { StaticRoute } from '../../store/types.js';
import type { Model } from '../cloudapi/paging.js';

export function staticRouteModel(r: StaticRoute): Model {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    networkCidr: r.networkCidr,
    nextHops: r.nextHops.map((h) => ({ ipAddress: h.ipAddress, adminDistance: h.adminDistance, scope: null })),
    systemOwned: false,
  };
}

export const STATIC_ROUTE_FIELDS = { id: 'string', name: 'string', description: 'string', networkCidr: 'string' } as const;
