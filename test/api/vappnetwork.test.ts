/** vApp networks through networkConfigSection: isolated, routed, fenced and direct; pools; removal. */
import { newSim, login, client, xml, findLink, JSON_ACCEPT } from '../support/sim.js';
import { findInventory, getXml, instantiate, instantiateBody, waitTask, type Client } from '../support/vcd.js';
import { MT } from '../../src/wire/media.js';
import type { Simulator } from '../../src/sim.js';

const NS = 'xmlns="http://www.vmware.com/vcloud/v1.5" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1"';

let sim: Simulator;
let c: Client;
let vdc: any;
let web: { href: string; id: string };

const scope = (gw: string, start: string, end: string) =>
  `<IpScopes><IpScope><IsInherited>false</IsInherited><Gateway>${gw}</Gateway><Netmask>255.255.255.0</Netmask><IsEnabled>true</IsEnabled><IpRanges><IpRange><StartAddress>${start}</StartAddress><EndAddress>${end}</EndAddress></IpRange></IpRanges></IpScope></IpScopes>`;
const FEATURES = '<Features><FirewallService><IsEnabled>true</IsEnabled><DefaultAction>drop</DefaultAction><LogDefaultAction>false</LogDefaultAction>'
  + '<FirewallRule><IsEnabled>true</IsEnabled><Description>ssh</Description><Policy>allow</Policy><Protocols><Tcp>true</Tcp></Protocols><Port>22</Port>'
  + '<DestinationIp>Any</DestinationIp><SourcePort>-1</SourcePort><SourceIp>Any</SourceIp></FirewallRule></FirewallService>'
  + '<NatService><IsEnabled>true</IsEnabled><NatType>ipTranslation</NatType><Policy>allowTraffic</Policy></NatService></Features>';

function section(vapp: any, extra: string) {
  // What clients do: the section as read, plus their changes.
  const keep = ([] as any[]).concat(vapp.NetworkConfigSection.NetworkConfig ?? []).map((n: any) =>
    n.Configuration.ParentNetwork
      ? `<NetworkConfig networkName="${n.networkName}"><Configuration><ParentNetwork href="${n.Configuration.ParentNetwork.href}"/><FenceMode>${n.Configuration.FenceMode}</FenceMode></Configuration></NetworkConfig>`
      : `<NetworkConfig networkName="${n.networkName}"><Configuration>${scope(n.Configuration.IpScopes.IpScope.Gateway, n.Configuration.IpScopes.IpScope.IpRanges.IpRange.StartAddress, n.Configuration.IpScopes.IpScope.IpRanges.IpRange.EndAddress)}<FenceMode>isolated</FenceMode></Configuration></NetworkConfig>`);
  return `<NetworkConfigSection ${NS}><ovf:Info/>${keep.join('')}${extra}</NetworkConfigSection>`;
}

async function act(res: { status: number; text: string }, outcome = 'success') {
  expect([res.status, res.text.slice(0, 400)]).toEqual([202, expect.anything()]);
  const task = await waitTask(sim, c, xml(res.text).doc.href);
  expect(task.status).toBe(outcome);
  return task;
}

const put = (vapp: any, extra: string) =>
  c.put(`${vapp.href}/networkConfigSection/`).set('Content-Type', MT.networkConfigSection).send(section(vapp, extra));
const configs = (vapp: any) => ([] as any[]).concat(vapp.NetworkConfigSection.NetworkConfig ?? []);
const byName = (vapp: any, name: string) => configs(vapp).find((n: any) => n.networkName === name);

async function newVApp(name: string) {
  const { template } = await findInventory(c, 'acme-vdc', 'ubuntu-22.04');
  const vapp = xml((await instantiate(c, vdc, instantiateBody({ name, template, network: { name: 'acme-web', href: web.href } }))).text).doc;
  await waitTask(sim, c, vapp.Tasks.Task[0].href);
  return getXml(c, vapp.href);
}

/** Moves the VM's only NIC to `network` in POOL mode; answers its address. */
async function connect(vm: any, network: string): Promise<string | undefined> {
  await act(await c.put(`${vm.href}/networkConnectionSection/`).set('Content-Type', MT.networkConnectionSection)
    .send(`<NetworkConnectionSection ${NS}><ovf:Info/><PrimaryNetworkConnectionIndex>0</PrimaryNetworkConnectionIndex><NetworkConnection network="${network}"><NetworkConnectionIndex>0</NetworkConnectionIndex><IsConnected>true</IsConnected><IpAddressAllocationMode>POOL</IpAddressAllocationMode></NetworkConnection></NetworkConnectionSection>`));
  const nc = (await getXml(c, `${vm.href}/networkConnectionSection/`)).NetworkConnection;
  return ([] as any[]).concat(nc)[0].IpAddress;
}

beforeEach(async () => {
  sim = await newSim();
  c = client(sim, await login(sim, 'acme-admin', 'acme'));
  vdc = (await findInventory(c, 'acme-vdc', 'ubuntu-22.04')).vdc;
  const net = [...sim.store.all('network')].find((n) => n.name === 'acme-web')!;
  web = { id: net.id, href: `http://vcd.test/api/network/${net.id}` };
});

it('isolated, routed, fenced and direct vApp networks: kept as given, each with its own href and repair link', async () => {
  let vapp = await newVApp('nets');
  await act(await put(vapp, [
    `<NetworkConfig networkName="iso"><Description>lab</Description><Configuration>${scope('192.168.7.1', '192.168.7.10', '192.168.7.11')}<FenceMode>isolated</FenceMode></Configuration></NetworkConfig>`,
    `<NetworkConfig networkName="routed"><Configuration>${scope('172.16.5.1', '172.16.5.10', '172.16.5.20')}<ParentNetwork href="${web.href}"/><FenceMode>natRouted</FenceMode>${FEATURES}</Configuration></NetworkConfig>`,
    `<NetworkConfig networkName="fenced"><Configuration><ParentNetwork href="${web.href}"/><FenceMode>natRouted</FenceMode></Configuration></NetworkConfig>`,
  ].join('')));
  vapp = await getXml(c, vapp.href);
  const iso = byName(vapp, 'iso');
  expect(iso).toMatchObject({ Description: 'lab', Configuration: { FenceMode: 'isolated', IpScopes: { IpScope: { IsInherited: 'false', Gateway: '192.168.7.1' } } } });
  expect(iso.href).toMatch(/\/api\/network\/[0-9a-f-]{36}$/);
  expect(findLink(iso, 'repair').href).toMatch(/\/api\/admin\/network\/[0-9a-f-]{36}\/action\/reset$/);
  const routed = byName(vapp, 'routed');
  expect(routed.Configuration).toMatchObject({ FenceMode: 'natRouted', ParentNetwork: { name: 'acme-web' }, IpScopes: { IpScope: { IsInherited: 'false', Gateway: '172.16.5.1' } } });
  expect(routed.Configuration.Features.FirewallService).toMatchObject({ IsEnabled: 'true', DefaultAction: 'drop', FirewallRule: { Description: 'ssh', Port: '22' } });
  expect(routed.Configuration.Features.NatService).toMatchObject({ NatType: 'ipTranslation' });
  const fenced = byName(vapp, 'fenced');
  expect(fenced.Configuration).toMatchObject({ FenceMode: 'natRouted', IpScopes: { IpScope: { IsInherited: 'true' } } });
  // The template's network, direct to acme-web, is there too; ids survive a PUT that keeps the network.
  expect(byName(vapp, 'vm-network').Configuration).toMatchObject({ FenceMode: 'bridged', ParentNetwork: { name: 'acme-web' } });
  // JSON clients read the same.
  const j = client(sim, await login(sim, 'acme-admin', 'acme'), JSON_ACCEPT);
  const json = (await j.get(`${vapp.href}/networkConfigSection/`)).body;
  expect(JSON.stringify(json.networkConfig.find((n: any) => n.networkName === 'routed').configuration)).toContain('firewallService');
  const doc = await getXml(c, routed.href);
  expect(doc).toMatchObject({ name: 'routed', Configuration: { FenceMode: 'natRouted', ParentNetwork: { name: 'acme-web' } } });
  expect(findLink(doc, 'up').href).toBe(vapp.href);
  await act(await c.post(findLink(iso, 'repair').href));
  await act(await put(vapp, ''));
  expect(byName(await getXml(c, vapp.href), 'iso').href).toBe(iso.href);
});

it('VMs on isolated and routed vApp networks draw addresses from their pools; the org pool is left alone', async () => {
  let vapp = await newVApp('pools');
  await act(await put(vapp, [
    `<NetworkConfig networkName="iso"><Configuration>${scope('192.168.7.1', '192.168.7.10', '192.168.7.11')}<FenceMode>isolated</FenceMode></Configuration></NetworkConfig>`,
    `<NetworkConfig networkName="routed"><Configuration>${scope('172.16.5.1', '172.16.5.10', '172.16.5.20')}<ParentNetwork href="${web.href}"/><FenceMode>natRouted</FenceMode></Configuration></NetworkConfig>`,
  ].join('')));
  vapp = await getXml(c, vapp.href);
  const vm = vapp.Children.Vm[0];
  const orgUsed = () => sim.store.get('network', web.id)!.allocatedIps.length;
  const before = orgUsed();
  expect(await connect(vm, 'iso')).toBe('192.168.7.10');
  // The org pool got its address back when the NIC left acme-web.
  expect(orgUsed()).toBe(before - 1);
  expect(await connect(vm, 'routed')).toBe('172.16.5.10');
  expect(orgUsed()).toBe(before - 1);
  // Two VMs on a two-address pool, then it is exhausted.
  await act(await c.post(`${vapp.href}/action/recomposeVApp`).set('Content-Type', MT.recomposeVAppParams)
    .send(`<RecomposeVAppParams ${NS}><CreateItem name="second"><NetworkConnectionSection><ovf:Info/><NetworkConnection network="iso"><NetworkConnectionIndex>0</NetworkConnectionIndex><IsConnected>true</IsConnected><IpAddressAllocationMode>POOL</IpAddressAllocationMode></NetworkConnection></NetworkConnectionSection></CreateItem>`
      + `<CreateItem name="third"><NetworkConnectionSection><ovf:Info/><NetworkConnection network="iso"><NetworkConnectionIndex>0</NetworkConnectionIndex><IsConnected>true</IsConnected><IpAddressAllocationMode>POOL</IpAddressAllocationMode></NetworkConnection></NetworkConnectionSection></CreateItem></RecomposeVAppParams>`));
  vapp = await getXml(c, vapp.href);
  const ips = vapp.Children.Vm.map((v: any) => ([] as any[]).concat(v.NetworkConnectionSection.NetworkConnection)[0].IpAddress).sort();
  expect(ips).toEqual(['172.16.5.10', '192.168.7.10', '192.168.7.11']);
  const full = await c.post(`${vapp.href}/action/recomposeVApp`).set('Content-Type', MT.recomposeVAppParams)
    .send(`<RecomposeVAppParams ${NS}><CreateItem name="fourth"><NetworkConnectionSection><ovf:Info/><NetworkConnection network="iso"><NetworkConnectionIndex>0</NetworkConnectionIndex><IsConnected>true</IsConnected><IpAddressAllocationMode>POOL</IpAddressAllocationMode></NetworkConnection></NetworkConnectionSection></CreateItem></RecomposeVAppParams>`);
  expect([full.status, xml(full.text).doc.minorErrorCode]).toEqual([400, 'OPERATION_LIMITS_EXCEEDED']);
  // A VM deleted gives its address back.
  const second = vapp.Children.Vm.find((v: any) => v.name === 'second');
  await act(await c.delete(second.href));
  await act(await c.post(`${vapp.href}/action/recomposeVApp`).set('Content-Type', MT.recomposeVAppParams)
    .send(`<RecomposeVAppParams ${NS}><CreateItem name="fifth"><NetworkConnectionSection><ovf:Info/><NetworkConnection network="iso"><NetworkConnectionIndex>0</NetworkConnectionIndex><IsConnected>true</IsConnected><IpAddressAllocationMode>POOL</IpAddressAllocationMode></NetworkConnection></NetworkConnectionSection></CreateItem></RecomposeVAppParams>`));
  vapp = await getXml(c, vapp.href);
  const fifth = vapp.Children.Vm.find((v: any) => v.name === 'fifth');
  expect(([] as any[]).concat(fifth.NetworkConnectionSection.NetworkConnection)[0].IpAddress).toMatch(/^192\.168\.7\.1[01]$/);
});

it('a network in use cannot be removed or re-plumbed; an unused one is removed by its href', async () => {
  let vapp = await newVApp('removal');
  await act(await put(vapp, `<NetworkConfig networkName="spare"><Configuration><FenceMode>isolated</FenceMode></Configuration></NetworkConfig>`));
  vapp = await getXml(c, vapp.href);
  // vm-network (direct to acme-web) is in use by the VM.
  const inUse = await c.put(`${vapp.href}/networkConfigSection/`).set('Content-Type', MT.networkConfigSection)
    .send(`<NetworkConfigSection ${NS}><ovf:Info/></NetworkConfigSection>`);
  expect(inUse.status).toBe(400);
  expect((await c.delete(byName(vapp, 'vm-network').href)).status).toBe(400);
  const replumb = await c.put(`${vapp.href}/networkConfigSection/`).set('Content-Type', MT.networkConfigSection)
    .send(`<NetworkConfigSection ${NS}><ovf:Info/><NetworkConfig networkName="vm-network"><Configuration><FenceMode>isolated</FenceMode></Configuration></NetworkConfig></NetworkConfigSection>`);
  expect(replumb.status).toBe(400);
  // A natRouted network needs its parent.
  const orphan = await put(vapp, `<NetworkConfig networkName="x"><Configuration><FenceMode>natRouted</FenceMode></Configuration></NetworkConfig>`);
  expect(orphan.status).toBe(400);
  await act(await c.delete(byName(vapp, 'spare').href));
  vapp = await getXml(c, vapp.href);
  expect(configs(vapp).map((n: any) => n.networkName)).toEqual(['vm-network']);
  // Org VDC network ids, unknown ids and other tenants' vApp networks: 403.
  expect((await c.delete(`/api/network/${web.id}`)).status).toBe(403);
  const globex = client(sim, await login(sim, 'globex-admin', 'globex'));
  const res = await globex.delete(byName(vapp, 'vm-network').href);
  expect(res.status).toBe(403);
  expect(res.text).not.toContain('removal');
});

it('vAppNetwork query records: one per vApp network, its subnet and vApp; tenants see their own', async () => {
  const vapp = await newVApp('queried');
  await act(await put(vapp, `<NetworkConfig networkName="iso"><Configuration>${scope('192.168.9.1', '192.168.9.10', '192.168.9.20')}<FenceMode>isolated</FenceMode></Configuration></NetworkConfig>`));
  const res = xml((await c.get('/api/query?type=vAppNetwork&format=records&filter=vAppName==queried&sortAsc=name')).text).doc;
  const recs = ([] as any[]).concat(res.VAppNetworkRecord ?? []);
  expect(recs.map((r: any) => [r.name, r.gateway, r.isIpScopeInherited])).toEqual([['iso', '192.168.9.1', 'false'], ['vm-network', '10.10.10.1', 'true']]);
  expect(recs[0].vApp).toBe(vapp.href);
  expect(recs[0].href).toBe(byName(await getXml(c, vapp.href), 'iso').href);
  const globex = client(sim, await login(sim, 'globex-admin', 'globex'));
  expect((await globex.get('/api/query?type=vAppNetwork&format=records')).text).not.toContain('queried');
});
