/** An edge gateway's `services.natRules` in the fixture: external addresses the gateway's own, named uniquely per gateway. */
import type { EdgeGateway, NatRule, NatRuleType } from '../../store/types.js';
import { intToIp, ipToInt } from '../../lib/ippool.js';
import { inRanges, parseSpan } from '../../lib/iprange.js';
import type { FixtureSection } from '../fixture-section.js';
import { fixturePortProfile } from '../appportprofile/fixture.js';
import { serviceName } from '../edgegateway/fixture.js';
import { allocatedRanges } from '../edgegateway/model.js';

export interface FixtureNatRule {
  name: string; type: NatRuleType; externalAddresses?: string; internalAddresses?: string; description?: string;
  enabled?: boolean; priority?: number; dnatExternalPort?: string; snatDestinationAddresses?: string;
  logging?: boolean; firewallMatch?: 'MATCH_INTERNAL_ADDRESS' | 'MATCH_EXTERNAL_ADDRESS' | 'BYPASS';
  /** A SYSTEM application port profile name. */
  application?: string;
}

const NAT_TYPES: NatRuleType[] = ['DNAT', 'NO_DNAT', 'SNAT', 'NO_SNAT', 'REFLEXIVE'];

export const natRuleFixture: FixtureSection<EdgeGateway, FixtureNatRule, NatRule> = {
  key: 'services.natRules',
  parent: 'edgeGateway',
  build(b, r, where, gw, natNames) {
    const fail = b.fail;
    serviceName(b, where, natNames, r?.name, gw, 'a NAT rule');
    if (!NAT_TYPES.includes(r.type)) fail(`${where}.type`, `type must be one of ${NAT_TYPES.join(', ')}`);
    const external = (r.externalAddresses ?? '').trim();
    const internal = (r.internalAddresses ?? '').trim();
    if ((r.type !== 'NO_SNAT') !== Boolean(external)) fail(`${where}.externalAddresses`, r.type === 'NO_SNAT' ? 'a NO_SNAT rule takes no externalAddresses' : `a ${r.type} rule needs externalAddresses`);
    if ((r.type !== 'NO_DNAT') !== Boolean(internal)) fail(`${where}.internalAddresses`, r.type === 'NO_DNAT' ? 'a NO_DNAT rule takes no internalAddresses' : `a ${r.type} rule needs internalAddresses`);
    if (external) {
      const allocated = allocatedRanges(gw);
      const s = parseSpan(external);
      if (!s) fail(`${where}.externalAddresses`, `"${external}" is not an IPv4 address, range (a-b) or CIDR block`);
      for (let ip = ipToInt(s!.start); ip <= ipToInt(s!.end); ip++) {
        if (!inRanges(intToIp(ip), allocated)) fail(`${where}.externalAddresses`, `${intToIp(ip)} is not an address allocated to edge gateway ${gw.name}`);
      }
    }
    if (internal && !parseSpan(internal)) fail(`${where}.internalAddresses`, `"${internal}" is not an IPv4 address, range (a-b) or CIDR block`);
    const profile = r.application === undefined ? undefined : fixturePortProfile(b, r.application, `${where}.application`);
    const matches = ['MATCH_INTERNAL_ADDRESS', 'MATCH_EXTERNAL_ADDRESS', 'BYPASS'];
    if (r.firewallMatch !== undefined && !matches.includes(r.firewallMatch)) fail(`${where}.firewallMatch`, `firewallMatch must be one of ${matches.join(', ')}`);
    const rule: NatRule = {
      id: b.random.uuid(), orgId: gw.orgId, edgeGatewayId: gw.id, name: r.name, description: r.description ?? '', enabled: r.enabled ?? true,
      type: r.type, externalAddresses: external, internalAddresses: internal, appPortProfileId: profile?.id,
      dnatExternalPort: r.dnatExternalPort ?? '', snatDestinationAddresses: r.snatDestinationAddresses ?? '', logging: r.logging ?? false,
      firewallMatch: r.firewallMatch ?? 'MATCH_INTERNAL_ADDRESS', priority: r.priority ?? 0, version: 0,
    };
    b.snap.natRule.push(rule);
    return rule;
  },
};
