/**
 * IP addresses under concurrency, over real loopback HTTP: VMs racing for a small static pool, MANUAL
 * addresses racing for the same address, edge gateways racing for external addresses, then everything
 * deleted at once. No address is ever held twice, the pools' counts equal what VMs and gateways hold, and
 * deleted VMs, networks and gateways leave no allocation behind.
 */
import { newSim } from '../support/sim.js';
import { checkInvariants } from '../support/invariants.js';
import { loginAt } from '../support/http.js';
import { MT } from '../../src/wire/media.js';
import { ipToInt } from '../../src/lib/ippool.js';
import type { Simulator } from '../../src/sim.js';

const ACCEPT = 'application/*+json;version=37.0';
const CLOUD = 'application/json;version=37.0';
let sim: Simulator;
let base: string;

beforeAll(async () => {
  sim = await newSim();
  base = await sim.listen(0, '127.0.0.1');
});
afterAll(() => sim.stop());

/** Every address VMs hold on each org VDC network, by the VMs' own NICs. */
function heldByVms(): Map<string, string[]> {
  const held = new Map<string, string[]>();
  for (const vm of sim.store.all('vm')) {
    const vapp = sim.store.get('vApp', vm.vappId)!;
    for (const nic of vm.nics) {
      const netId = vapp.networks.find((n) => n.name === nic.network)?.networkId;
      if (netId && nic.ip) held.set(netId, [...(held.get(netId) ?? []), nic.ip]);
    }
  }
  return held;
}

function ipProblems(): string[] {
  const problems = checkInvariants(sim);
  const held = heldByVms();
  for (const net of sim.store.all('network')) {
    const mine = (held.get(net.id) ?? []).sort();
    if (new Set(mine).size !== mine.length) problems.push(`network ${net.name}: an address is held twice`);
    if (JSON.stringify([...net.allocatedIps].sort()) !== JSON.stringify(mine)) problems.push(`network ${net.name}: allocated ${net.allocatedIps.length}, VMs hold ${mine.length}`);
  }
  const ranges = [...sim.store.all('edgeGateway')].flatMap((g) => g.uplinks.flatMap((u) => u.subnets.flatMap((s) => s.ipRanges.map((r) => ({ g: g.name, ext: u.externalNetworkId, a: ipToInt(r.start), b: ipToInt(r.end) })))));
  for (const [i, r] of ranges.entries()) {
    for (const o of ranges.slice(i + 1)) if (r.ext === o.ext && r.a <= o.b && o.a <= r.b) problems.push(`gateways ${r.g} and ${o.g} hold the same external address`);
  }
  return problems;
}

it('never hands an address out twice, and what is deleted gives its addresses back', async () => {
  const admin = await loginAt(base, 'acme-admin', 'acme');
  const sysToken = await loginAt(base, 'administrator', 'System');
  const call = async (method: string, url: string, body?: string, type?: string, token = admin, accept = ACCEPT) => {
    const res = await fetch(url.startsWith('http') ? url : `${base}${url}`, { method, headers: { Authorization: `Bearer ${token}`, Accept: accept, ...(type ? { 'Content-Type': type } : {}) }, body });
    const text = await res.text();
    expect([method, url, res.status < 500 ? 'ok' : text]).toEqual([method, url, 'ok']);
    return { status: res.status, location: res.headers.get('location') ?? undefined, json: text ? JSON.parse(text) : undefined };
  };
  const settle = async () => {
    for (let i = 0; i < 200 && sim.tasks.activeCount(); i++) sim.clock.advance(5_000);
  };
  const vdc = [...sim.store.all('vdc')].find((v) => v.name === 'acme-vdc')!;

  // A network with a pool of 8 addresses.
  const created = await call('POST', '/cloudapi/1.0.0/orgVdcNetworks', JSON.stringify({
    name: 'race-net', ownerRef: { id: `urn:vcloud:vdc:${vdc.id}` }, networkType: 'ISOLATED',
    subnets: { values: [{ gateway: '10.90.0.1', prefixLength: 24, ipRanges: { values: [{ startAddress: '10.90.0.10', endAddress: '10.90.0.17' }] } }] },
  }), 'application/json', admin, CLOUD);
  expect(created.status).toBe(202);
  await settle();
  const net = [...sim.store.all('network')].find((n) => n.name === 'race-net')!;

  // Round 1: 20 single-VM vApps race for the 8 addresses.
  const template = [...sim.store.all('vAppTemplate')].find((t) => t.name === 'ubuntu-22.04')!;
  const body = (name: string) => `<InstantiateVAppTemplateParams xmlns="http://www.vmware.com/vcloud/v1.5" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1" name="${name}" powerOn="false">
    <InstantiationParams><NetworkConfigSection><ovf:Info>n</ovf:Info><NetworkConfig networkName="vm-network"><Configuration>
    <ParentNetwork href="${base}/api/network/${net.id}"/><FenceMode>bridged</FenceMode></Configuration></NetworkConfig></NetworkConfigSection></InstantiationParams>
    <Source href="${base}/api/vAppTemplate/vappTemplate-${template.id}"/></InstantiateVAppTemplateParams>`;
  const round1 = await Promise.all(Array.from({ length: 20 }, (_, i) =>
    call('POST', `/api/vdc/${vdc.id}/action/instantiateVAppTemplate`, body(`race-${i}`), MT.instantiateVAppTemplateParams)));
  expect(round1.filter((r) => r.status === 201)).toHaveLength(8);
  expect(round1.filter((r) => r.status === 400)).toHaveLength(12);
  await settle();
  expect(sim.store.get('network', net.id)!.allocatedIps).toHaveLength(8);
  expect(ipProblems()).toEqual([]);

  // Round 2: every VM asks for the same MANUAL address at once: exactly one gets it.
  const vms = sim.store.where('vm', 'vdcId', vdc.id).filter((v) => v.nics[0]?.ip?.startsWith('10.90.0.'));
  const section = `<NetworkConnectionSection xmlns="http://www.vmware.com/vcloud/v1.5" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1"><ovf:Info>n</ovf:Info>
    <PrimaryNetworkConnectionIndex>0</PrimaryNetworkConnectionIndex><NetworkConnection network="vm-network"><NetworkConnectionIndex>0</NetworkConnectionIndex>
    <IpAddress>10.90.0.99</IpAddress><IsConnected>true</IsConnected><IpAddressAllocationMode>MANUAL</IpAddressAllocationMode></NetworkConnection></NetworkConnectionSection>`;
  const round2 = await Promise.all(vms.map((vm) => call('PUT', `/api/vApp/vm-${vm.id}/networkConnectionSection/`, section, MT.networkConnectionSection)));
  expect(round2.filter((r) => r.status === 202)).toHaveLength(1);
  await settle();
  expect(ipProblems()).toEqual([]);
  expect(sim.store.get('network', net.id)!.allocatedIps).toHaveLength(8);

  // Round 3: 12 edge gateways race for 3 external addresses each (ext-internet has 191, 8 held by the fixture's).
  const ext = [...sim.store.all('externalNetwork')].find((e) => e.name === 'ext-internet')!;
  const extUsed = async () => (await call('GET', `/cloudapi/1.0.0/externalNetworks/urn:vcloud:network:${ext.id}`, undefined, undefined, sysToken, CLOUD)).json.usedIpCount;
  const usedBefore = await extUsed();
  const dev = [...sim.store.all('vdc')].find((v) => v.name === 'acme-dev')!;
  const round3 = await Promise.all(Array.from({ length: 12 }, (_, i) => call('POST', '/cloudapi/1.0.0/edgeGateways', JSON.stringify({
    name: `race-edge-${i}`, ownerRef: { id: `urn:vcloud:vdc:${dev.id}` },
    edgeGatewayUplinks: [{ uplinkId: `urn:vcloud:network:${ext.id}`, subnets: { values: [{ gateway: '203.0.113.1', prefixLength: 24, enabled: true, autoAllocateIpRanges: true, totalIpCount: 3 }] } }],
  }), 'application/json', sysToken, CLOUD)));
  expect(round3.every((r) => r.status === 202)).toBe(true);
  await settle();
  expect(ipProblems()).toEqual([]);
  expect(await extUsed()).toBe(usedBefore + 36);

  // Round 4: delete every vApp, gateway and the network at once; the network waits for its vApps.
  const deletes = [
    ...sim.store.where('vApp', 'vdcId', vdc.id).map((a) => call('DELETE', `/api/vApp/vapp-${a.id}`)),
    ...[...sim.store.all('edgeGateway')].filter((g) => g.name.startsWith('race-edge-')).map((g) => call('DELETE', `/cloudapi/1.0.0/edgeGateways/urn:vcloud:gateway:${g.id}`, undefined, undefined, sysToken, CLOUD)),
  ];
  const early = await call('DELETE', `/cloudapi/1.0.0/orgVdcNetworks/urn:vcloud:network:${net.id}`, undefined, undefined, admin, CLOUD);
  expect(early.status).toBe(400);
  await Promise.all(deletes);
  await settle();
  expect(sim.store.get('network', net.id)!.allocatedIps).toEqual([]);
  expect(await extUsed()).toBe(usedBefore);
  expect((await call('DELETE', `/cloudapi/1.0.0/orgVdcNetworks/urn:vcloud:network:${net.id}`, undefined, undefined, admin, CLOUD)).status).toBe(202);
  await settle();
  expect(sim.store.get('network', net.id)).toBeUndefined();
  expect(ipProblems()).toEqual([]);
  expect(sim.tasks.activeCount()).toBe(0);
});
