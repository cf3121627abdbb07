/** An edge gateway's `services.ipSets` in the fixture: IP sets (firewall groups of type IP_SET), named uniquely per gateway. */
import type { EdgeGateway, FirewallGroup } from '../../store/types.js';
import { addressSpan, type FixtureSection } from '../fixture-section.js';

export interface FixtureIpSet { name: string; description?: string; ipAddresses?: string[] }

export const firewallGroupFixture: FixtureSection<EdgeGateway, FixtureIpSet, FirewallGroup> = {
  key: 'services.ipSets',
  parent: 'edgeGateway',
  build(b, s, where, gw, names) {
    if (!s?.name) b.fail(where, 'an IP set needs a name');
    if (names.has(s.name.toLowerCase())) b.fail(where, `duplicate IP set name ${s.name} on edge gateway ${gw.name}`);
    (s.ipAddresses ?? []).forEach((a, j) => {
      if (!addressSpan(a)) b.fail(`${where}.ipAddresses[${j}]`, `"${a}" is not an IPv4 address, range (a-b) or CIDR block`);
    });
    const id = b.random.uuid();
    names.add(s.name.toLowerCase());
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
