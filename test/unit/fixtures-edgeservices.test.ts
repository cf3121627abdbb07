/** Fixtures with edge gateway services: IP sets, ordered firewall rules and NAT rules, checked as the API checks them. */
import { buildFromFixture, FixtureError, type FixtureFile } from '../../src/resources/fixture.js';
import { Random } from '../../src/lib/random.js';
import { SYSTEM_PROFILES } from '../../src/resources/appportprofile/system.js';

const build = (fx: FixtureFile) => buildFromFixture(fx, new Random(7), '2024-05-01T10:00:00.000Z');

function withServices(services: unknown): FixtureFile {
  return {
    orgs: [
      { name: 'System', users: [{ name: 'administrator', password: 'p', role: 'System Administrator' }] },
      {
        name: 'acme', users: [{ name: 'a', password: 'p', role: 'vApp Author' }],
        vdcs: [{ name: 'vdc1', edgeGateways: [{ name: 'edge', externalNetwork: 'ext', ipRanges: [{ start: '198.51.100.12', end: '198.51.100.14' }], services } as never] }],
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

describe('fixture edge gateway services', () => {
  it('builds IP sets, firewall rules in order and NAT rules on the gateway', () => {
    const snap = build(withServices({
      ipSets: [{ name: 'office', ipAddresses: ['192.0.2.0/24', '203.0.113.5'] }],
      firewallRules: [
        { name: 'office-ssh', sources: ['office'], applications: ['SSH'] },
        { name: 'web', applications: ['HTTP', 'HTTPS'], direction: 'IN' },
      ],
      natRules: [
        { name: 'web-in', type: 'DNAT', externalAddresses: '198.51.100.13', internalAddresses: '10.0.0.10', application: 'HTTPS', priority: 5 },
        { name: 'out', type: 'SNAT', externalAddresses: '198.51.100.12', internalAddresses: '10.0.0.0/24' },
      ],
    }));
    const [gw] = snap.edgeGateway;
    expect(snap.firewallGroup).toEqual([expect.objectContaining({ name: 'office', edgeGatewayId: gw.id, orgId: gw.orgId, type: 'IP_SET' })]);
    const fw = snap.edgeFirewall.find((f) => f.id === gw.id)!;
    expect(fw.rules.map((r) => r.name)).toEqual(['office-ssh', 'web']);
    expect(fw.rules[0].sourceGroupIds).toEqual([snap.firewallGroup[0].id]);
    expect(fw.rules[1].appPortProfileIds).toEqual(['HTTP', 'HTTPS'].map((n) => SYSTEM_PROFILES.find((p) => p.name === n)!.id));
    expect(snap.natRule.map((r) => [r.name, r.type, r.priority])).toEqual([['web-in', 'DNAT', 5], ['out', 'SNAT', 0]]);
  });

  it.each([
    [{ natRules: [{ name: 'x', type: 'DNAT', externalAddresses: '198.51.100.19', internalAddresses: '10.0.0.1' }] }, /natRules\[0\]\.externalAddresses.*198\.51\.100\.19 is not an address allocated to edge gateway edge/],
    [{ natRules: [{ name: 'x', type: 'SNAT', externalAddresses: '198.51.100.12', internalAddresses: '10.0.0.0/24' }, { name: 'X', type: 'NO_SNAT', internalAddresses: '10.0.1.0/24' }] }, /duplicate NAT rule name X/],
    [{ natRules: [{ name: 'x', type: 'NO_SNAT', externalAddresses: '198.51.100.12', internalAddresses: '10.0.0.1' }] }, /a NO_SNAT rule takes no externalAddresses/],
    [{ natRules: [{ name: 'x', type: 'MASQ' }] }, /type must be one of/],
    [{ firewallRules: [{ name: 'x', sources: ['nobody'] }] }, /firewallRules\[0\]\.sources\[0\].*"nobody" is not an IP set of edge gateway edge/],
    [{ firewallRules: [{ name: 'x', applications: ['GOPHER'] }] }, /"GOPHER" is not a SYSTEM application port profile/],
    [{ ipSets: [{ name: 's', ipAddresses: ['300.0.0.1'] }] }, /ipSets\[0\]\.ipAddresses\[0\]/],
  ])('refuses %j', (services, message) => {
    expect(() => build(withServices(services))).toThrow(FixtureError);
    expect(() => build(withServices(services))).toThrow(message);
  });
});
