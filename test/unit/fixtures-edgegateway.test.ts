/** Fixtures with edge gateways: uplinks checked against the external network, routed networks connected. */
import { buildFromFixture, readFixtureFile, type FixtureFile } from '../../src/resources/fixture.js';
import { Random } from '../../src/lib/random.js';

const NOW = '2024-05-01T10:00:00.000Z';
const build = (fx: FixtureFile) => buildFromFixture(fx, new Random(7), NOW);

function withGateways(gateways: unknown[], networks: unknown[] = [{ name: 'routed', gateway: '10.0.0.1' }]): FixtureFile {
  return {
    orgs: [
      { name: 'System', users: [{ name: 'administrator', password: 'p', role: 'System Administrator' }] },
      { name: 'acme', users: [{ name: 'a', password: 'p', role: 'vApp Author' }], vdcs: [{ name: 'vdc1', networks: networks as never, edgeGateways: gateways as never }] },
    ],
    provider: {
      vCenters: [{ name: 'vc', resourcePools: [{ name: 'rp' }] }],
      nsxtManagers: [{ name: 'nsx', tier0Routers: [{ name: 't0' }], edgeClusters: [{ name: 'ec1' }, { name: 'ec2' }] }],
      networkPools: [{ name: 'pool', nsxtManager: 'nsx' }],
      externalNetworks: [{ name: 'ext', nsxtManager: 'nsx', tier0Router: 't0', subnets: [{ gateway: '198.51.100.1', ipRanges: [{ start: '198.51.100.10', end: '198.51.100.20' }] }] }],
      providerVdcs: [{ name: 'pvdc', vCenter: 'vc', networkPool: 'pool', externalNetworks: ['ext'] }],
    },
  };
}

describe('fixture edge gateways', () => {
  it('builds a gateway with its uplink and connects the VDC\'s routed networks to it', () => {
    const snap = build(withGateways([{ name: 'edge', externalNetwork: 'ext', ipRanges: [{ start: '198.51.100.12', end: '198.51.100.14' }], edgeCluster: 'ec2' }],
      [{ name: 'routed', gateway: '10.0.0.1' }, { name: 'iso', fenceMode: 'isolated', gateway: '10.0.1.1' }]));
    const [gw] = snap.edgeGateway;
    expect(gw.name).toBe('edge');
    expect(gw.uplinks[0].subnets[0]).toMatchObject({ gateway: '198.51.100.1', prefixLength: 24, primaryIp: '198.51.100.12' });
    expect(gw.edgeClusterId).toBe(snap.nsxtManager[0].edgeClusters[1].id);
    expect(snap.network.find((n) => n.name === 'routed')!.edgeGatewayId).toBe(gw.id);
    expect(snap.network.find((n) => n.name === 'iso')!.edgeGatewayId).toBeUndefined();
  });

  it('takes the first free address of the external network when none is given', () => {
    const snap = build(withGateways([{ name: 'e1', externalNetwork: 'ext' }, { name: 'e2', externalNetwork: 'ext' }]));
    expect(snap.edgeGateway.map((g) => g.uplinks[0].subnets[0].primaryIp)).toEqual(['198.51.100.10', '198.51.100.11']);
  });

  it('adding gateways renumbers nothing else', () => {
    const a = build(withGateways([]));
    const b = build(withGateways([{ name: 'e1', externalNetwork: 'ext' }]));
    expect(b.org.map((o) => o.id)).toEqual(a.org.map((o) => o.id));
    expect(b.externalNetwork.map((o) => o.id)).toEqual(a.externalNetwork.map((o) => o.id));
    expect(b.network.map((o) => o.id)).toEqual(a.network.map((o) => o.id));
  });

  it('refuses bad gateways with a clear message', () => {
    expect(() => build(withGateways([{ externalNetwork: 'ext' }]))).toThrow(/needs a name/);
    expect(() => build(withGateways([{ name: 'e', externalNetwork: 'nope' }]))).toThrow(/externalNetwork "nope" does not exist \(one of: ext\)/);
    expect(() => build(withGateways([{ name: 'e', externalNetwork: 'ext', edgeCluster: 'x' }]))).toThrow(/not an edge cluster of NSX-T manager nsx/);
    expect(() => build(withGateways([{ name: 'e', externalNetwork: 'ext', primaryIp: '192.0.2.5' }]))).toThrow(/not in a subnet of external network ext/);
    expect(() => build(withGateways([{ name: 'e', externalNetwork: 'ext', primaryIp: '198.51.100.50' }]))).toThrow(/not within the static IP pool/);
    expect(() => build(withGateways([{ name: 'e', externalNetwork: 'ext', primaryIp: 'x' }]))).toThrow(/must be an IPv4 address/);
    expect(() => build(withGateways([{ name: 'e', externalNetwork: 'ext', primaryIp: '198.51.100.10', ipRanges: [{ start: '198.51.100.11', end: '198.51.100.12' }] }])))
      .toThrow(/not in the gateway's ipRanges/);
    expect(() => build(withGateways([{ name: 'e1', externalNetwork: 'ext', primaryIp: '198.51.100.15' }, { name: 'e2', externalNetwork: 'ext', ipRanges: [{ start: '198.51.100.14', end: '198.51.100.16' }] }])))
      .toThrow(/overlaps addresses already allocated/);
    expect(() => build(withGateways([{ name: 'e', externalNetwork: 'ext' }, { name: 'E', externalNetwork: 'ext' }]))).toThrow(/duplicate edge gateway name/);
    expect(() => build(withGateways([{ name: 'e', externalNetwork: 'ext' }], [{ name: 'n', gateway: '10.0.0.1', edgeGateway: 'other' }]))).toThrow(/"other" is not an edge gateway of VDC vdc1/);
    expect(() => build(withGateways([{ name: 'e', externalNetwork: 'ext' }], [{ name: 'n', fenceMode: 'isolated', gateway: '10.0.0.1', edgeGateway: 'e' }]))).toThrow(/only a natRouted network/);
  });

  it('the default fixture gives acme and globex a gateway each, their routed networks connected', () => {
    const snap = build(readFixtureFile('fixtures/default.yaml'));
    expect(snap.edgeGateway.map((g) => g.name)).toEqual(['acme-edge', 'globex-edge']);
    for (const n of snap.network.filter((x) => x.fenceMode === 'natRouted')) expect(snap.edgeGateway.some((g) => g.id === n.edgeGatewayId)).toBe(true);
  });
});
