/** An edge gateway's `services.ipSets` in the fixture: IP sets (firewall groups of type IP_SET), named uniquely per gateway. */
import type { EdgeGateway, FirewallGroup } from '../../store/types.js';
import { parseSpan } from '../../lib/iprange.js';
import type { FixtureSection } from '../fixture-section.js';
import { serviceName } from '../edgegateway/fixture.js';

export interface FixtureIpSet { name: string; description?: string; ipAddresses?: string[] }

export const firewallGroupFixture: FixtureSection<EdgeGateway, FixtureIpSet, FirewallGroup> = {
  key: 'services.ipSets',
  parent: 'edgeGateway',
  build(b, s, where, gw, names) {
    serviceName(b, where, names, s?.name, gw, 'an IP set');
    (s.ipAddresses ?? []).forEach((a, j) => {
      if (!parseSpan(a)) b.fail(`${where}.ipAddresses[${j}]`, `"${a}" is not an IPv4 address, range (a-b) or CIDR block`);
    });
    const id = b.random.uuid();
    const set: FirewallGroup = {
      id, orgId: gw.orgId, edgeGatewayId: gw.id, name: s.name, description: s.description ?? '', type: 'IP_SET',
      ipAddresses: s.ipAddresses ?? [], memberIds: [],
    };
    b.snap.firewallGroup.push(set);
    return set;
  },
};

/** The id of a gateway's IP set named in the fixture (case-insensitively), or undefined. */
export function fixtureIpSet(b: { snap: { firewallGroup: FirewallGroup[] } }, gw: EdgeGateway, name: string): string | undefined {
  const lower = String(name).toLowerCase();
  return b.snap.firewallGroup.find((g) => g.edgeGatewayId === gw.id && g.name.toLowerCase() === lower)?.id;
}
