/** The dashboard's networks and edge gateways per VDC, with the IP use of each. */
import request from 'supertest';
import { newSim, login, client, xml } from '../support/sim.js';
import { findInventory, instantiate, instantiateBody, waitTask } from '../support/vcd.js';
import type { Simulator } from '../../src/sim.js';
import type { DashboardState } from '../../src/dashboard/state.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await newSim();
});
afterAll(() => sim.stop());

const state = async (): Promise<DashboardState> => (await request(sim.app).get('/_vcdsim/ui/state').expect(200)).body;
const vdcNamed = (s: DashboardState, name: string) => s.orgs.flatMap((o) => o.vdcs).find((v) => v.name === name)!;

it('lists networks with their pool use and gateways with the external addresses they hold', async () => {
  let vdc = vdcNamed(await state(), 'acme-vdc');
  expect(vdc.edgeGateways).toEqual([{ name: 'acme-edge', busy: false, uplinks: ['ext-internet'], ips: { used: 1, limit: 5, unit: 'IPs' }, networks: 1 }]);
  expect(vdc.networks.map((n) => [n.name, n.fenceMode, n.edgeGateway])).toEqual([['acme-db', 'isolated', undefined], ['acme-web', 'natRouted', 'acme-edge']]);
  expect(vdc.networks[1].ips).toEqual({ used: 0, limit: 191, unit: 'IPs' });
  expect((await state()).counts.edgeGateways).toBe(2);

  const c = client(sim, await login(sim, 'alice', 'acme'));
  const inv = await findInventory(c, 'acme-vdc', 'three-tier-app');
  const net = [...sim.store.all('network')].find((n) => n.name === 'acme-web')!;
  const vapp = xml((await instantiate(c, inv.vdc, instantiateBody({ name: 'shop', template: inv.template, network: { name: 'acme-web', href: `http://vcd.test/api/network/${net.id}` } }))).text).doc;
  await waitTask(sim, c, vapp.Tasks.Task[0].href);
  vdc = vdcNamed(await state(), 'acme-vdc');
  expect(vdc.networks.find((n) => n.name === 'acme-web')!.ips.used).toBe(3);
  const page = (await request(sim.app).get('/_vcdsim/ui').expect(200)).text;
  expect(page).toContain('renderNetworks');
});

it('shows each org\'s VDC groups under networking: their VDCs, the DFW and the networks they own', async () => {
  const acme = (await state()).orgs.find((o) => o.name === 'acme')!;
  expect(acme.vdcGroups).toEqual([{ name: 'acme-group', vdcs: ['acme-vdc', 'acme-dev'], dfwEnabled: false, dfwRules: 0, firewallGroups: 0, networks: [], edgeGateways: [] }]);
  const g = [...sim.store.all('vdcGroup')].find((x) => x.name === 'acme-group')!;
  const vdc = [...sim.store.all('vdc')].find((v) => v.name === 'acme-vdc')!;
  sim.store.insert('network', {
    id: sim.store.newId(), orgId: acme.id, vdcId: vdc.id, vdcGroupId: g.id, name: 'stretched', description: '', fenceMode: 'isolated',
    gateway: '10.90.0.1', prefixLength: 24, dns1: '', dns2: '', dnsSuffix: '', ipRanges: [{ start: '10.90.0.10', end: '10.90.0.19' }],
    isShared: false, allocatedIps: [], created: '',
  });
  const s = await state();
  const group = s.orgs.find((o) => o.name === 'acme')!.vdcGroups[0];
  expect(group.networks.map((n) => [n.name, n.ips.limit])).toEqual([['stretched', 10]]);
  // A group's network shows under the group, not under the VDC it is recorded in.
  expect(vdcNamed(s, 'acme-vdc').networks.map((n) => n.name)).not.toContain('stretched');
  expect(s.counts.vdcGroups).toBe(1);
  expect((await request(sim.app).get('/_vcdsim/ui').expect(200)).text).toContain('renderVdcGroup');
  // With its DFW on, the count of its rules.
  sim.store.update('vdcGroup', g.id, { dfwEnabled: true });
  for (const name of ['a', 'b']) {
    sim.store.insert('dfwRule', {
      id: sim.store.newId(), orgId: acme.id, vdcGroupId: g.id, position: 0, name, description: '', comments: '', action: 'ALLOW', enabled: true,
      sourceGroupIds: [], destinationGroupIds: [], sourceGroupsExcluded: false, destinationGroupsExcluded: false, appPortProfileIds: [],
      ipProtocol: 'IPV4_IPV6', logging: false, direction: 'IN_OUT', version: 0,
    });
  }
  expect((await state()).orgs.find((o) => o.name === 'acme')!.vdcGroups[0]).toMatchObject({ dfwEnabled: true, dfwRules: 2 });
  expect((await request(sim.app).get('/_vcdsim/ui').expect(200)).text).toContain("plural(g.dfwRules, 'rule', 'rules')");
  // And the firewall groups it owns.
  sim.store.insert('firewallGroup', { id: sim.store.newId(), orgId: acme.id, vdcGroupId: g.id, name: 'admins', description: '', type: 'IP_SET', ipAddresses: ['192.0.2.1'], memberIds: [] });
  expect((await state()).orgs.find((o) => o.name === 'acme')!.vdcGroups[0]).toMatchObject({ firewallGroups: 1 });
  expect((await request(sim.app).get('/_vcdsim/ui').expect(200)).text).toContain("plural(g.firewallGroups, 'firewall group', 'firewall groups')");
});
