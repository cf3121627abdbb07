/** Fixtures with edge gateway static routes (`services.staticRoutes`): built onto the gateway, bad ones refused with their line. */
import { readFileSync } from 'node:fs';
import { FixtureError } from '../../src/resources/fixture.js';
import { buildFromText } from '../support/fixture-text.js';

const base = readFileSync('fixtures/default.yaml', 'utf8');
const GATEWAY_LINE = '            edgeCluster: edge-cluster-01\n';
/** The line of the first route written after acme-edge's edge cluster (then `services:`, `staticRoutes:`). */
const FIRST = base.slice(0, base.indexOf(GATEWAY_LINE)).split('\n').length + 3;
const at = (pattern: string, line = FIRST) => new RegExp(pattern.replace('LINE', String(line)));

const load = (routes: string) => buildFromText(base.replace(GATEWAY_LINE, `${GATEWAY_LINE}            services:\n              staticRoutes:\n${routes}`), 1);

describe('fixture static routes', () => {
  it('builds each route on its gateway, with admin distance 1 when absent', () => {
    const snap = load('                - { name: to-branch, networkCidr: 172.30.0.0/16, nextHops: [{ ipAddress: 203.0.113.1, adminDistance: 5 }], description: Branch }\n'
      + '                - { name: to-lab, networkCidr: 10.99.0.0/24, nextHops: [{ ipAddress: 203.0.113.2 }] }\n');
    const gw = snap.edgeGateway.find((g) => g.name === 'acme-edge')!;
    expect(snap.staticRoute.map((r) => ({ name: r.name, gw: r.edgeGatewayId, org: r.orgId, cidr: r.networkCidr, hops: r.nextHops, d: r.description }))).toEqual([
      { name: 'to-branch', gw: gw.id, org: gw.orgId, cidr: '172.30.0.0/16', hops: [{ ipAddress: '203.0.113.1', adminDistance: 5 }], d: 'Branch' },
      { name: 'to-lab', gw: gw.id, org: gw.orgId, cidr: '10.99.0.0/24', hops: [{ ipAddress: '203.0.113.2', adminDistance: 1 }], d: '' },
    ]);
  });

  it.each([
    ['                - { name: r, networkCidr: 172.30.0.0, nextHops: [{ ipAddress: 203.0.113.1 }] }\n', at(String.raw`staticRoutes\[0\]\.networkCidr \(line LINE\): "172\.30\.0\.0" is not an IPv4 network in CIDR form`)],
    ['                - { name: r, networkCidr: 10.0.0.0/8, nextHops: [] }\n', at(String.raw`staticRoutes\[0\]\.nextHops \(line LINE\): a static route needs at least one next hop`)],
    ['                - { name: r, networkCidr: 10.0.0.0/8, nextHops: [{ ipAddress: 203.0.113.1, adminDistance: 300 }] }\n', at(String.raw`nextHops\[0\]\.adminDistance \(line LINE\): adminDistance must be a whole number from 1 to 255`)],
    ['                - { name: r, networkCidr: 10.0.0.0/8, nextHops: [{ ipAddress: 203.0.113.1 }] }\n                - { name: R, networkCidr: 10.1.0.0/16, nextHops: [{ ipAddress: 203.0.113.1 }] }\n', at(String.raw`staticRoutes\[1\] \(line LINE\): duplicate static route name R`, FIRST + 1)],
    ['                - { name: r, networkCidr: 10.0.0.0/8, nextHops: [{ ipAddress: gateway }] }\n', at(String.raw`nextHops\[0\]\.ipAddress \(line LINE\): "gateway" is not an IPv4 address`)],
  ])('refuses %s', (routes, message) => {
    expect(() => load(routes)).toThrow(FixtureError);
    expect(() => load(routes)).toThrow(message);
  });
});
