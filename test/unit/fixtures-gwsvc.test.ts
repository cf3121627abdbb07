/** Fixtures with DHCP on networks (and bindings), IPsec VPN tunnels and DNS forwarders, checked as the API checks them. */
import { buildFromFixture, FixtureError, type FixtureFile } from '../../src/resources/fixture.js';
import { Random } from '../../src/lib/random.js';

const build = (fx: FixtureFile) => buildFromFixture(fx, new Random(7), '2024-05-01T10:00:00.000Z');

function withServices(services: unknown, dhcp?: unknown, fenceMode = 'natRouted'): FixtureFile {
  return {
    orgs: [
      { name: 'System', users: [{ name: 'administrator', password: 'p', role: 'System Administrator' }] },
      {
        name: 'acme', users: [{ name: 'a', password: 'p', role: 'vApp Author' }],
        vdcs: [{
          name: 'vdc1',
          networks: [{ name: 'net', fenceMode, gateway: '10.0.0.1', prefixLength: 24, ipRanges: [{ start: '10.0.0.10', end: '10.0.0.99' }], dhcp } as never],
          edgeGateways: [{ name: 'edge', externalNetwork: 'ext', ipRanges: [{ start: '198.51.100.12', end: '198.51.100.14' }], services } as never],
        }],
      },
    ],
    provider: {
      vCenters: [{ name: 'vc', resourcePools: [{ name: 'rp' }] }],
      nsxtManagers: [{ name: 'nsx', tier0Routers: [{ name: 't0' }], edgeClusters: [{ name: 'ec1' }] }],
      networkPools: [{ name: 'pool', nsxtManager: 'nsx' }],
      externalNetworks: [{ name: 'ext', nsxtManager: 'nsx', tier0Router: 't0', subnets: [{ gateway: '198.51.100.1', ipRanges: [{ start: '198.51.100.10', end: '198.51.100.20' }] }] }],
      providerVdcs: [{ name: 'pvdc', vCenter: 'vc', networkPool: 'pool', externalNetworks: ['ext'] }],
    },
  };
}

const tunnel = { name: 'branch', localAddress: '198.51.100.13', localNetworks: ['10.0.0.0/24'], remoteAddress: '203.0.113.7', preSharedKey: 'k' };

describe('fixture gateway and network services', () => {
  it('builds tunnels, the DNS forwarder, and DHCP with bindings on the routed network', () => {
    const snap = build(withServices(
      { ipsecTunnels: [tunnel], dns: { upstreamServers: ['1.1.1.1'], conditionalZones: [{ name: 'corp', upstreamServers: ['10.0.0.53'], domains: ['corp.example.com'] }] } },
      { pools: [{ start: '10.0.0.200', end: '10.0.0.210' }], bindings: [{ name: 'printer', macAddress: '00:50:56:01:02:03', ipAddress: '10.0.0.150' }] },
    ));
    const [gw] = snap.edgeGateway;
    const [net] = snap.network;
    expect(snap.ipsecTunnel).toEqual([expect.objectContaining({ name: 'branch', edgeGatewayId: gw.id, localId: '198.51.100.13', enabled: true })]);
    expect(snap.gatewayDns).toEqual([expect.objectContaining({ id: gw.id, enabled: true, listenerIp: '192.168.255.228' })]);
    expect(snap.networkDhcp).toEqual([expect.objectContaining({ id: net.id, mode: 'EDGE', pools: [{ start: '10.0.0.200', end: '10.0.0.210', enabled: true }], leases: [] })]);
    expect(snap.dhcpBinding).toEqual([expect.objectContaining({ networkId: net.id, macAddress: '00:50:56:01:02:03', ipAddress: '10.0.0.150' })]);
  });

  it.each([
    [{ ipsecTunnels: [{ ...tunnel, localAddress: '198.51.100.19' }] }, undefined, /ipsecTunnels\[0\]\.localAddress.*not an address allocated to edge gateway edge/],
    [{ ipsecTunnels: [tunnel, { ...tunnel, name: 'BRANCH' }] }, undefined, /duplicate IPsec VPN tunnel name BRANCH/],
    [{ dns: { upstreamServers: [] } }, undefined, /dns\.upstreamServers.*one to three upstream servers/],
    [undefined, { pools: [{ start: '10.0.0.90', end: '10.0.0.120' }] }, /dhcp\.pools\[0\].*overlaps a static IP pool of network net/],
    [undefined, { mode: 'NETWORK', pools: [{ start: '10.0.0.200', end: '10.0.0.210' }] }, /dhcp\.ipAddress/],
    [undefined, { pools: [{ start: '10.0.0.200', end: '10.0.0.210' }], bindings: [{ name: 'b', macAddress: '00:50:56:01:02:03', ipAddress: '10.0.1.5' }] }, /bindings\[0\]\.ipAddress/],
  ])('refuses %j %j', (services, dhcp, message) => {
    expect(() => build(withServices(services, dhcp))).toThrow(FixtureError);
    expect(() => build(withServices(services, dhcp))).toThrow(message);
  });

  it('refuses EDGE DHCP on an isolated network', () => {
    expect(() => build(withServices(undefined, { pools: [{ start: '10.0.0.200', end: '10.0.0.210' }] }, 'isolated'))).toThrow(/needs a network routed through an edge gateway/);
  });
});
