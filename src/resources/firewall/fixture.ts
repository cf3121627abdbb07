/** An edge gateway's `services.firewallRules` in the fixture, in the order they apply: its one firewall. */
import type { EdgeFirewall, EdgeGateway, FirewallRule } from '../../store/types.js';
import type { FixtureSection } from '../fixture-section.js';
import { fixtureIpSet } from '../firewallgroup/fixture.js';
import { fixturePortProfile } from '../appportprofile/fixture.js';

export interface FixtureFirewallRule {
  name: string; description?: string; action?: 'ALLOW' | 'DROP' | 'REJECT'; enabled?: boolean; direction?: 'IN' | 'OUT' | 'IN_OUT';
  ipProtocol?: 'IPV4' | 'IPV6' | 'IPV4_IPV6'; logging?: boolean;
  /** IP set names of this gateway (none: any). */
  sources?: string[]; destinations?: string[];
  /** SYSTEM application port profile names (HTTP, HTTPS, SSH…; none: any). */
  applications?: string[];
}

export const edgeFirewallFixture: FixtureSection<EdgeGateway, FixtureFirewallRule, FirewallRule> = {
  key: 'services.firewallRules',
  parent: 'edgeGateway',
  build(b, r, where, gw) {
    if (!r?.name) b.fail(where, 'a firewall rule needs a name');
    const groups = (names: string[] | undefined, key: string) => (names ?? []).map((n, j) => {
      const id = fixtureIpSet(b, gw, n);
      if (!id) b.fail(`${where}.${key}[${j}]`, `"${n}" is not an IP set of edge gateway ${gw.name}`);
      return id!;
    });
    const rule: FirewallRule = {
      id: b.random.uuid(), name: r.name, description: r.description ?? '', action: r.action ?? 'ALLOW', enabled: r.enabled ?? true,
      sourceGroupIds: groups(r.sources, 'sources'), destinationGroupIds: groups(r.destinations, 'destinations'),
      appPortProfileIds: (r.applications ?? []).map((n, j) => fixturePortProfile(b, n, `${where}.applications[${j}]`).id),
      ipProtocol: r.ipProtocol ?? 'IPV4_IPV6', logging: r.logging ?? false, direction: r.direction ?? 'IN_OUT', version: 0,
    };
    rulesOf(b.snap.edgeFirewall, gw).push(rule);
    return rule;
  },
};

/** The gateway's firewall, made with its first rule (the last one made is the gateway's: they are built in turn). */
function rulesOf(firewalls: EdgeFirewall[], gw: EdgeGateway): FirewallRule[] {
  let fw = firewalls[firewalls.length - 1];
  if (fw?.id !== gw.id) firewalls.push((fw = { id: gw.id, orgId: gw.orgId, rules: [] }));
  return fw.rules;
}
