/** An edge gateway's `services.staticRoutes` in the fixture: a network (CIDR) through next hops (admin distance 1 when absent). */
import type { EdgeGateway, StaticRoute } from '../../store/types.js';
import { isCidr, isIpv4 } from '../../lib/iprange.js';
import type { FixtureSection } from '../fixture-section.js';
import { serviceName } from '../edgegateway/fixture.js';

export interface FixtureStaticRoute { name: string; description?: string; networkCidr: string; nextHops: { ipAddress: string; adminDistance?: number }[] }

export const staticRouteFixture: FixtureSection<EdgeGateway, FixtureStaticRoute, StaticRoute> = {
  key: 'services.staticRoutes',
  parent: 'edgeGateway',
  build(b, r, where, gw, routeNames) {
    const fail = b.fail;
    serviceName(b, where, routeNames, r?.name, gw, 'a static route');
    if (!isCidr(String(r.networkCidr ?? '').trim())) fail(`${where}.networkCidr`, `"${r.networkCidr}" is not an IPv4 network in CIDR form (10.1.0.0/16)`);
    if (!Array.isArray(r.nextHops) || !r.nextHops.length) fail(`${where}.nextHops`, 'a static route needs at least one next hop');
    const nextHops = r.nextHops.map((h, j) => {
      if (!isIpv4(String(h?.ipAddress ?? ''))) fail(`${where}.nextHops[${j}].ipAddress`, `"${h?.ipAddress}" is not an IPv4 address`);
      const adminDistance = h.adminDistance ?? 1;
      if (!Number.isInteger(adminDistance) || adminDistance < 1 || adminDistance > 255) fail(`${where}.nextHops[${j}].adminDistance`, 'adminDistance must be a whole number from 1 to 255');
      return { ipAddress: h.ipAddress, adminDistance };
    });
    const route: StaticRoute = {
      id: b.random.uuid(), orgId: gw.orgId, edgeGatewayId: gw.id, name: r.name, description: r.description ?? '', networkCidr: String(r.networkCidr).trim(), nextHops,
    };
    b.snap.staticRoute.push(route);
    return route;
  },
};
