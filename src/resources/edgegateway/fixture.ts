/**
 * The fixture's `edgeGateways:` of an org VDC: NSX-T edge gateways with an uplink to an external network of
 * the provider side (so they build after it), and the routed networks connected to them. Their `services:`
 * (IP sets, firewall rules, NAT rules, static routes, IPsec tunnels, DNS) are their kinds' sections.
 */
import type { EdgeGateway } from '../../store/types.js';
import { intToIp, ipToInt } from '../../lib/ippool.js';
import { inRanges, inSubnet, isIpv4, rangeProblem } from '../../lib/iprange.js';
import { findByName, type FixtureBuild, type FixtureSection } from '../fixture-section.js';
import type { VdcScope } from '../vdc/fixture.js';

/** An NSX-T edge gateway of an org VDC: its uplink to an external network, primary IP and sub-allocated ranges. */
export interface FixtureEdgeGateway {
  name: string;
  description?: string;
  /** An external network of the `provider:` section. */
  externalNetwork: string;
  /** The gateway's address on the uplink (the first address of `ipRanges`, or the first free one, when absent). */
  primaryIp?: string;
  /** Addresses of the external network's pool sub-allocated to the gateway (the primary IP alone when absent). */
  ipRanges?: { start: string; end: string }[];
  /** An edge cluster of the external network's NSX-T manager (its first when absent). */
  edgeCluster?: string;
  dedicated?: boolean;
}

export const edgeGatewayFixture: FixtureSection<VdcScope, FixtureEdgeGateway, EdgeGateway> = {
  key: 'edgeGateways',
  parent: 'vdc',
  build(b, g, at, { vdc }, names) {
    const { snap, random, fail } = b;
    if (!g?.name) fail(at, 'an edge gateway needs a name');
    if (names.has(g.name.toLowerCase())) fail(at, `duplicate edge gateway name ${g.name} in VDC ${vdc.name}`);
    names.add(g.name.toLowerCase());
    const ext = findByName(b, at, snap.externalNetwork, g.externalNetwork, 'externalNetwork', 'external networks');
    const mgr = snap.nsxtManager.find((m) => m.id === ext.nsxtManagerId)!;
    const cluster = g.edgeCluster === undefined ? mgr.edgeClusters[0] : mgr.edgeClusters.find((c) => c.name === g.edgeCluster);
    if (!cluster) fail(`${at}.edgeCluster`, `edgeCluster "${g.edgeCluster ?? ''}" is not an edge cluster of NSX-T manager ${mgr.name}`);
    const taken = snap.edgeGateway.flatMap((o) => o.uplinks.filter((u) => u.externalNetworkId === ext.id).flatMap((u) => u.subnets.flatMap((s) => s.ipRanges)));
    let primary = g.primaryIp ?? g.ipRanges?.[0]?.start;
    if (primary === undefined) {
      const free = ext.subnets.flatMap((s) => s.ipRanges).flatMap((r) => {
        for (let ip = ipToInt(r.start); ip <= ipToInt(r.end); ip++) if (!inRanges(intToIp(ip), taken)) return [intToIp(ip)];
        return [];
      });
      if (!free.length) fail(`${at}.externalNetwork`, `external network ${ext.name} has no free address left`);
      primary = free[0];
    }
    if (!isIpv4(primary)) fail(`${at}.primaryIp`, `primaryIp must be an IPv4 address, not "${String(primary)}"`);
    const subnet = ext.subnets.find((s) => inSubnet(primary!, s.gateway, s.prefixLength));
    if (!subnet) fail(`${at}.primaryIp`, `${primary} is not in a subnet of external network ${ext.name}`);
    const ipRanges = g.ipRanges ?? [{ start: primary!, end: primary! }];
    const problem = rangeProblem(ipRanges, subnet!, subnet!.ipRanges, taken);
    if (problem) fail(`${at}.ipRanges`, problem);
    if (!inRanges(primary!, ipRanges)) fail(`${at}.primaryIp`, `${primary} is not in the gateway's ipRanges`);
    const gw: EdgeGateway = {
      id: random.uuid(), orgId: vdc.orgId, vdcId: vdc.id, name: g.name, description: g.description ?? '',
      uplinks: [{
        externalNetworkId: ext.id, dedicated: g.dedicated ?? false,
        subnets: [{ gateway: subnet!.gateway, prefixLength: subnet!.prefixLength, primaryIp: primary!, ipRanges, enabled: true }],
      }],
      edgeClusterId: cluster!.id, distributedRoutingEnabled: false, serviceNetworkDefinition: '192.168.255.225/27', created: b.now,
    };
    snap.edgeGateway.push(gw);
    return gw;
  },
  /** Routed networks of the VDC: to the gateway they name, or the VDC's first. */
  after(b, { vdc, routed }) {
    const built = b.snap.edgeGateway.filter((g) => g.vdcId === vdc.id);
    for (const r of routed) {
      const gw = r.gateway === undefined ? built[0] : built.find((g) => g.name === r.gateway);
      if (!gw && r.gateway !== undefined) b.fail(`${r.at}.edgeGateway`, `edgeGateway "${r.gateway}" is not an edge gateway of VDC ${vdc.name}`);
      if (gw) r.net.edgeGatewayId = gw.id;
    }
  },
};

/** A service's name, taken once on its gateway: `<thing> needs a name`, `duplicate <what> name <name> on edge gateway <gw>`. */
export function serviceName(b: FixtureBuild, where: string, names: Set<string>, name: string | undefined, gw: EdgeGateway, thing: string): void {
  if (!name) b.fail(where, `${thing} needs a name`);
  if (names.has(name!.toLowerCase())) b.fail(where, `duplicate ${thing.replace(/^an? /, '')} name ${name} on edge gateway ${gw.name}`);
  names.add(name!.toLowerCase());
}
