/** The fixture's `networks:` of an org VDC (a routed one's edge gateway is connected once gateways exist). */
import type { FenceMode, Network } from '../../store/types.js';
import type { FixtureMetadata, FixtureSection, FixtureSubnet } from '../fixture-section.js';
import type { VdcScope } from '../vdc/fixture.js';

/** An org VDC network's own fields; its `dhcp` is the DHCP section's. */
export interface FixtureNetwork extends FixtureSubnet {
  name: string;
  description?: string;
  fenceMode?: FenceMode;
  shared?: boolean;
  metadata?: FixtureMetadata;
  /** A natRouted network's edge gateway (an `edgeGateways` name of the VDC; the VDC's first when absent). */
  edgeGateway?: string;
}

export const networkFixture: FixtureSection<VdcScope, FixtureNetwork, Network> = {
  key: 'networks',
  parent: 'vdc',
  build(b, n, at, scope) {
    const { vdc } = scope;
    if (!n.name || !n.gateway) b.fail(at, 'a network needs name and gateway');
    const net: Network = {
      id: b.random.uuid(), orgId: vdc.orgId, vdcId: vdc.id, name: n.name, description: n.description ?? '',
      fenceMode: n.fenceMode ?? 'natRouted', gateway: n.gateway, prefixLength: n.prefixLength ?? 24,
      dns1: n.dns1 ?? '', dns2: n.dns2 ?? '', dnsSuffix: n.dnsSuffix ?? '', ipRanges: n.ipRanges ?? [],
      isShared: n.shared ?? false, allocatedIps: [], created: b.now, metadata: b.md(n.metadata, at),
    };
    b.snap.network.push(net);
    if (n.edgeGateway !== undefined && net.fenceMode !== 'natRouted') b.fail(`${at}.edgeGateway`, 'only a natRouted network connects to an edge gateway');
    if (net.fenceMode === 'natRouted') scope.routed.push({ at, net, gateway: n.edgeGateway });
    return net;
  },
};
