/** An edge gateway's `services.dns` in the fixture: the DNS forwarder, upstream servers of its default zone and conditional zones by domain. */
import type { EdgeGateway, GatewayDns } from '../../store/types.js';
import { inRanges, isIpv4 } from '../../lib/iprange.js';
import type { FixtureSection } from '../fixture-section.js';
import { allocatedRanges } from '../edgegateway/model.js';

export interface FixtureGatewayDns {
  enabled?: boolean; listenerIp?: string; upstreamServers: string[];
  conditionalZones?: { name: string; upstreamServers: string[]; domains: string[] }[];
}

/** Where a fixture's DNS forwarder listens unless it names an address: VCD's default on the service network. */
export const DEFAULT_LISTENER_IP = '192.168.255.228';

export const gatewayDnsFixture: FixtureSection<EdgeGateway, FixtureGatewayDns, GatewayDns> = {
  key: 'services.dns',
  parent: 'edgeGateway',
  single: true,
  build(b, dns, where, gw) {
    const { fail, random } = b;
    const servers = (list: string[] | undefined, w: string) => {
      if (!list?.length || list.length > 3) fail(w, 'a DNS zone needs one to three upstream servers');
      list!.forEach((s) => { if (!isIpv4(s)) fail(w, `"${s}" is not an IPv4 address`); });
      return list!;
    };
    const listenerIp = dns.listenerIp ?? DEFAULT_LISTENER_IP;
    if (dns.listenerIp !== undefined && (!isIpv4(listenerIp) || !inRanges(listenerIp, allocatedRanges(gw)))) fail(`${where}.listenerIp`, `"${listenerIp}" is not an address allocated to edge gateway ${gw.name}`);
    const entity: GatewayDns = {
      id: gw.id, orgId: gw.orgId, enabled: dns.enabled ?? true, listenerIp, snatRuleEnabled: false,
      defaultZone: { id: random.uuid(), displayName: 'default', upstreamServers: servers(dns.upstreamServers, `${where}.upstreamServers`), dnsDomainNames: [] },
      conditionalZones: (dns.conditionalZones ?? []).map((z, i) => {
        if (!z?.name || !z.domains?.length) fail(`${where}.conditionalZones[${i}]`, 'a conditional zone needs a name and domains');
        return { id: random.uuid(), displayName: z.name, upstreamServers: servers(z.upstreamServers, `${where}.conditionalZones[${i}].upstreamServers`), dnsDomainNames: z.domains };
      }),
      version: 1,
    };
    b.snap.gatewayDns.push(entity);
    return entity;
  },
};
