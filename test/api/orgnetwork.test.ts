/** Org VDC networks written through the CloudAPI: routed to an edge gateway or isolated, as tasks. */
import { newSim, login, client, xml } from '../support/sim.js';
import { findInventory, instantiate, instantiateBody, settleTask, waitTask, type Accepted } from '../support/vcd.js';
import type { Simulator } from '../../src/sim.js';

const CLOUD = 'application/json;version=37.0';
const API = '/cloudapi/1.0.0';

describe('org VDC networks (CloudAPI writes)', () => {
  let sim: Simulator;
  let admin: ReturnType<typeof client>;
  let vdcUrn: string;
  let edgeUrn: string;

  beforeAll(async () => {
    sim = await newSim();
    admin = client(sim, await login(sim, 'acme-admin', 'acme'), CLOUD);
    vdcUrn = (await admin.get(`${API}/vdcs?filter=name==acme-vdc`)).body.values[0].id;
    edgeUrn = (await admin.get(`${API}/edgeGateways?filter=name==acme-edge`)).body.values[0].id;
  });

  const settle = (res: Accepted) => settleTask(sim, admin, res);

  const body = (name: string, gateway: string, ranges: [string, string][], routed = true, extra: Record<string, unknown> = {}) => ({
    name, ownerRef: { id: vdcUrn }, networkType: routed ? 'NAT_ROUTED' : 'ISOLATED',
    ...(routed ? { connection: { routerRef: { id: edgeUrn }, connectionType: 'INTERNAL' } } : {}),
    subnets: { values: [{ gateway, prefixLength: 24, dnsServer1: '10.0.0.53', dnsSuffix: 'example.test', ipRanges: { values: ranges.map(([startAddress, endAddress]) => ({ startAddress, endAddress })) } }] },
    ...extra,
  });
  const byName = async (name: string) => (await admin.get(`${API}/orgVdcNetworks?filter=name==${name}`)).body.values[0];

  it('creates a routed network on the VDC\'s edge gateway, PENDING until its task ends', async () => {
    const res = await admin.post(`${API}/orgVdcNetworks`).send(body('app-net', '10.50.0.1', [['10.50.0.10', '10.50.0.19']]));
    expect((await byName('app-net')).status).toBe('PENDING');
    const task = await settle(res);
    expect(task.status).toBe('success');
    const net = await byName('app-net');
    expect(task.owner.id).toBe(net.id);
    expect(net).toMatchObject({ networkType: 'NAT_ROUTED', status: 'REALIZED', orgVdcIsNsxTBacked: true, totalIpCount: 10, usedIpCount: 0 });
    expect(net.connection.routerRef).toEqual({ name: 'acme-edge', id: edgeUrn });
    expect(net.subnets.values[0]).toMatchObject({ gateway: '10.50.0.1', dnsServer1: '10.0.0.53', dnsSuffix: 'example.test' });
    expect((await admin.get(`${API}/edgeGateways/${edgeUrn}`)).body.orgVdcNetworkCount).toBe(2);
    // The legacy view serves it too.
    const legacy = await admin.get(`/api/network/${net.id.split(':').pop()}`).set('Accept', 'application/*+xml;version=37.0');
    expect(legacy.text).toContain('<FenceMode>natRouted</FenceMode>');
  });

  it('creates an isolated network', async () => {
    expect((await settle(await admin.post(`${API}/orgVdcNetworks`).send(body('iso-net', '10.51.0.1', [['10.51.0.10', '10.51.0.12']], false)))).status).toBe('success');
    const net = await byName('iso-net');
    expect(net.networkType).toBe('ISOLATED');
    expect(net.connection).toBeNull();
  });

  it('refuses what VCD refuses: overlap, pool outside the subnet, no gateway, another VDC\'s gateway, duplicates', async () => {
    const count = sim.store.count('network');
    const globexGw = (await client(sim, await login(sim, 'administrator', 'System'), CLOUD).get(`${API}/edgeGateways?filter=name==globex-edge`)).body.values[0].id;
    const cases: [unknown, RegExp][] = [
      [body('x', '10.50.0.129', []), /overlaps network "app-net"/],
      [body('x', '10.10.10.1', [], false), /overlaps network "acme-web"/],
      [body('x', '10.52.0.1', [['10.53.0.10', '10.53.0.20']]), /not in subnet/],
      [body('x', '10.52.0.1', [['10.52.0.1', '10.52.0.20']]), /contains the gateway/],
      [{ ...body('x', '10.52.0.1', []), connection: undefined }, /needs its edge gateway/],
      [{ ...body('x', '10.52.0.1', []), connection: { routerRef: { id: globexGw } } }, /does not exist/],
      [body('x', '10.52.0.1', [], true, { networkType: 'DIRECT' }), /networkType must be NAT_ROUTED, ISOLATED or OPAQUE/],
      [body('acme-web', '10.52.0.1', []), /already exists/],
      [{ ...body('x', '10.52.0.1', []), subnets: { values: [] } }, /needs a subnet/],
    ];
    for (const [b, message] of cases) {
      const res = await admin.post(`${API}/orgVdcNetworks`).send(b as object);
      expect([res.status, res.body.message]).toEqual([400, expect.stringMatching(message)]);
    }
    expect(sim.store.count('network')).toBe(count);
    const alice = client(sim, await login(sim, 'alice', 'acme'), CLOUD);
    expect((await alice.post(`${API}/orgVdcNetworks`).send(body('y', '10.54.0.1', []))).status).toBe(403);
  });

  it('refuses a network over the VDC\'s network quota', async () => {
    const dev = (await admin.get(`${API}/vdcs?filter=name==acme-dev`)).body.values[0].id;
    const vdc = [...sim.store.all('vdc')].find((v) => v.name === 'acme-dev')!;
    sim.store.update('vdc', vdc.id, { networkQuota: 1 });
    const res = await admin.post(`${API}/orgVdcNetworks`).send({ ...body('q', '10.60.0.1', [], false), ownerRef: { id: dev } });
    expect([res.status, res.body.message]).toEqual([400, expect.stringMatching(/maximum of 1 networks/)]);
  });

  it('updates DNS and ranges; a pool that would drop addresses VMs hold is refused; a network in use is not deleted', async () => {
    const xmlAdmin = client(sim, await login(sim, 'acme-admin', 'acme'));
    const net = await byName('app-net');
    const { vdc, template } = await findInventory(xmlAdmin, 'acme-vdc', 'ubuntu-22.04');
    const netHref = `http://vcd.test/api/network/${net.id.split(':').pop()}`;
    const vapp = xml((await instantiate(xmlAdmin, vdc, instantiateBody({ name: 'on-app-net', template, network: { name: 'app-net', href: netHref }, deploy: false }))).text).doc;
    await waitTask(sim, xmlAdmin, vapp.Tasks.Task[0].href);
    const used = await byName('app-net');
    expect(used.usedIpCount).toBe(1);

    const next = structuredClone(used);
    next.subnets.values[0].dnsServer2 = '10.0.0.54';
    next.subnets.values[0].ipRanges.values = [{ startAddress: '10.50.0.15', endAddress: '10.50.0.30' }];
    const shrink = await admin.put(`${API}/orgVdcNetworks/${used.id}`).send(next);
    expect([shrink.status, shrink.body.message]).toEqual([400, expect.stringMatching(/must keep the addresses VMs use \(10\.50\.0\.10\)/)]);
    next.subnets.values[0].ipRanges.values = [{ startAddress: '10.50.0.10', endAddress: '10.50.0.30' }];
    expect((await settle(await admin.put(`${API}/orgVdcNetworks/${used.id}`).send(next))).status).toBe('success');
    expect(await byName('app-net')).toMatchObject({ totalIpCount: 21, usedIpCount: 1 });

    const del = await admin.delete(`${API}/orgVdcNetworks/${used.id}`);
    expect([del.status, del.body.message]).toEqual([400, expect.stringMatching(/vApps use it \(on-app-net\)/)]);
    // Once the vApp is gone, the network goes, and its gateway counts one network less.
    const gone = await xmlAdmin.delete(vapp.href);
    await waitTask(sim, xmlAdmin, xml(gone.text).doc.href);
    expect((await settle(await admin.delete(`${API}/orgVdcNetworks/${used.id}`))).status).toBe('success');
    expect((await admin.get(`${API}/orgVdcNetworks/${used.id}`)).status).toBe(403);
    expect((await admin.get(`${API}/edgeGateways/${edgeUrn}`)).body.orgVdcNetworkCount).toBe(1);
  });
});

describe('IP addresses on org VDC networks', () => {
  let sim: Simulator;
  let admin: ReturnType<typeof client>;
  let x: ReturnType<typeof client>;
  let net: any;

  const settle = async (res: { status: number; headers: Record<string, string> }) => {
    expect(res.status).toBe(202);
    for (let i = 0; i < 100; i++) {
      const t = await admin.get(res.headers.location).set('Accept', 'application/*+json;version=37.0');
      if (!['queued', 'preRunning', 'running'].includes(t.body.status)) return t.body;
      sim.clock.advance(3000);
    }
    throw new Error('task did not end');
  };
  const allocated = async () => (await admin.get(`${API}/orgVdcNetworks/${net.id}/allocatedIpAddresses`)).body.values;
  const network = () => [...sim.store.all('network')].find((n) => n.name === 'ip-net')!;
  /** What VMs hold on the network, by their NICs: must equal the network's own bookkeeping. */
  const heldByVms = () => {
    const n = network();
    const ips: string[] = [];
    for (const a of sim.store.where('vApp', 'vdcId', n.vdcId)) {
      const names = new Set(a.networks.filter((v) => v.networkId === n.id).map((v) => v.name));
      for (const vm of sim.store.where('vm', 'vappId', a.id)) for (const nic of vm.nics) if (nic.ip && names.has(nic.network)) ips.push(nic.ip);
    }
    return ips.sort();
  };
  const nicSection = (ip: string, mode = 'MANUAL') => `<NetworkConnectionSection xmlns="http://www.vmware.com/vcloud/v1.5" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1">
    <ovf:Info>nics</ovf:Info><PrimaryNetworkConnectionIndex>0</PrimaryNetworkConnectionIndex>
    <NetworkConnection network="vm-network"><NetworkConnectionIndex>0</NetworkConnectionIndex>${ip ? `<IpAddress>${ip}</IpAddress>` : ''}
    <IsConnected>true</IsConnected><IpAddressAllocationMode>${mode}</IpAddressAllocationMode></NetworkConnection></NetworkConnectionSection>`;

  beforeAll(async () => {
    sim = await newSim();
    admin = client(sim, await login(sim, 'acme-admin', 'acme'), CLOUD);
    x = client(sim, await login(sim, 'acme-admin', 'acme'));
    const vdcUrn = (await admin.get(`${API}/vdcs?filter=name==acme-vdc`)).body.values[0].id;
    await settle(await admin.post(`${API}/orgVdcNetworks`).send({
      name: 'ip-net', ownerRef: { id: vdcUrn }, networkType: 'ISOLATED',
      subnets: { values: [{ gateway: '10.70.0.1', prefixLength: 24, ipRanges: { values: [{ startAddress: '10.70.0.10', endAddress: '10.70.0.11' }] } }] },
    }));
    net = (await admin.get(`${API}/orgVdcNetworks?filter=name==ip-net`)).body.values[0];
  });

  const deployOne = async (name: string) => {
    const { vdc, template } = await findInventory(x, 'acme-vdc', 'ubuntu-22.04');
    return instantiate(x, vdc, instantiateBody({ name, template, deploy: false, network: { name: 'ip-net', href: `http://vcd.test/api/network/${net.id.split(':').pop()}` } }));
  };

  it('POOL NICs take the lowest free addresses; an exhausted pool refuses the next VM and creates nothing', async () => {
    for (const name of ['ip-a', 'ip-b']) {
      const res = await deployOne(name);
      expect(res.status).toBe(201);
      await waitTask(sim, x, xml(res.text).doc.Tasks.Task[0].href);
    }
    expect((await allocated()).map((a: any) => [a.vAppName, a.ipAddress])).toEqual([['ip-a', '10.70.0.10'], ['ip-b', '10.70.0.11']]);
    const vapps = sim.store.count('vApp');
    const full = await deployOne('ip-c');
    expect(full.status).toBe(400);
    expect(full.text).toMatch(/No IP addresses are left in the static pool of network &quot;ip-net&quot;/);
    expect(sim.store.count('vApp')).toBe(vapps);
    expect((await admin.get(`${API}/orgVdcNetworks/${net.id}`)).body).toMatchObject({ usedIpCount: 2, totalIpCount: 2 });
    expect(network().allocatedIps.sort()).toEqual(heldByVms());
  });

  it('MANUAL addresses are checked against the subnet, the gateway and what others hold; the old address goes back', async () => {
    const vm = [...sim.store.all('vm')].find((v) => sim.store.get('vApp', v.vappId)!.name === 'ip-a')!;
    const put = (ip: string, mode?: string) => x.put(`/api/vApp/vm-${vm.id}/networkConnectionSection/`)
      .set('Content-Type', 'application/vnd.vmware.vcloud.networkConnectionSection+xml').send(nicSection(ip, mode));
    for (const [ip, why] of [['10.71.0.5', /not in the subnet 10\.70\.0\.1\/24/], ['10.70.0.1', /is the gateway/], ['10.70.0.11', /already in use/], ['10.70.0.300', /not a valid IPv4/]] as const) {
      const res = await put(ip);
      expect([ip, res.status, why.test(res.text)]).toEqual([ip, 400, true]);
    }
    const ok = await put('10.70.0.50');
    expect(ok.status).toBe(202);
    await waitTask(sim, x, xml(ok.text).doc.href);
    expect((await allocated()).map((a: any) => a.ipAddress).sort()).toEqual(['10.70.0.11', '10.70.0.50']);
    expect(network().allocatedIps.sort()).toEqual(heldByVms());
    // Back to POOL: the manual address is released and the freed pool address taken.
    const pool = await put('', 'POOL');
    await waitTask(sim, x, xml(pool.text).doc.href);
    expect((await allocated()).map((a: any) => a.ipAddress).sort()).toEqual(['10.70.0.10', '10.70.0.11']);
    expect(network().allocatedIps.sort()).toEqual(heldByVms());
  });

  it('deleting the vApps gives every address back', async () => {
    for (const a of sim.store.where('vApp', 'vdcId', network().vdcId)) {
      const res = await x.delete(`/api/vApp/vapp-${a.id}`);
      await waitTask(sim, x, xml(res.text).doc.href);
    }
    expect(network().allocatedIps).toEqual([]);
    expect(await allocated()).toEqual([]);
    expect((await settle(await admin.delete(`${API}/orgVdcNetworks/${net.id}`))).status).toBe('success');
  });
});

describe('org VDC networks through the legacy API', () => {
  let sim: Simulator;
  let x: ReturnType<typeof client>;
  let vdcId: string;

  beforeAll(async () => {
    sim = await newSim();
    x = client(sim, await login(sim, 'acme-admin', 'acme'));
    vdcId = [...sim.store.all('vdc')].find((v) => v.name === 'acme-vdc')!.id;
  });

  const network = (name: string, fence: string, gateway: string, mask: string, extra = '') => `<OrgVdcNetwork xmlns="http://www.vmware.com/vcloud/v1.5" name="${name}">
    <Description>legacy</Description><Configuration><IpScopes><IpScope><IsInherited>false</IsInherited><Gateway>${gateway}</Gateway><Netmask>${mask}</Netmask>
    <Dns1>10.0.0.53</Dns1><IpRanges><IpRange><StartAddress>${gateway.replace(/\.1$/, '.10')}</StartAddress><EndAddress>${gateway.replace(/\.1$/, '.20')}</EndAddress></IpRange></IpRanges>
    </IpScope></IpScopes><FenceMode>${fence}</FenceMode></Configuration>${extra}<IsShared>false</IsShared></OrgVdcNetwork>`;
  const post = (body: string) => x.post(`/api/admin/vdc/${vdcId}/networks`).set('Content-Type', 'application/vnd.vmware.vcloud.orgVdcNetwork+xml').send(body);

  it('the VDC offers the add link; a routed network names its EdgeGateway; 201 with the network and its task', async () => {
    const vdc = (await x.get(`/api/vdc/${vdcId}`)).text;
    expect(vdc).toContain(`<Link rel="add" href="http://vcd.test/api/admin/vdc/${vdcId}/networks" type="application/vnd.vmware.vcloud.orgVdcNetwork+xml"/>`);
    const gw = [...sim.store.all('edgeGateway')].find((g) => g.name === 'acme-edge')!;
    const res = await post(network('legacy-routed', 'natRouted', '10.66.0.1', '255.255.255.0', `<EdgeGateway href="http://vcd.test/api/admin/edgeGateway/${gw.id}"/>`));
    expect(res.status).toBe(201);
    const doc = xml(res.text).doc;
    expect(res.headers.location).toBe(doc.href);
    expect(doc.href).toMatch(/\/api\/admin\/network\//);
    await waitTask(sim, x, doc.Tasks.Task[0].href);
    const net = [...sim.store.all('network')].find((n) => n.name === 'legacy-routed')!;
    expect(net).toMatchObject({ fenceMode: 'natRouted', edgeGatewayId: gw.id, gateway: '10.66.0.1', prefixLength: 24, dns1: '10.0.0.53' });
    expect(net.ipRanges).toEqual([{ start: '10.66.0.10', end: '10.66.0.20' }]);
  });

  it('refuses overlaps, bad masks and direct networks with 400', async () => {
    for (const [body, why] of [
      [network('x1', 'isolated', '10.66.0.1', '255.255.255.128'), /overlaps network "legacy-routed"/],
      [network('x2', 'isolated', '10.67.0.1', '255.0.255.0'), /netmask/],
      [network('x3', 'bridged', '10.68.0.1', '255.255.255.0'), /direct/],
      [network('x4', 'natRouted', '10.69.0.1', '255.255.255.0'), /needs its edge gateway/],
    ] as const) {
      const res = await post(body);
      expect([res.status, why.test(res.text.replace(/&quot;/g, `"`))]).toEqual([400, true]);
    }
  });

  it('updates and deletes through /api/admin/network/{id}, each a task', async () => {
    const net = [...sim.store.all('network')].find((n) => n.name === 'legacy-routed')!;
    const put = await x.put(`/api/admin/network/${net.id}`).set('Content-Type', 'application/vnd.vmware.vcloud.orgVdcNetwork+xml')
      .send(network('legacy-renamed', 'natRouted', '10.66.0.1', '255.255.255.0'));
    expect(put.status).toBe(202);
    await waitTask(sim, x, xml(put.text).doc.href);
    expect(sim.store.get('network', net.id)!.name).toBe('legacy-renamed');
    const del = await x.delete(`/api/admin/network/${net.id}`);
    expect(del.status).toBe(202);
    await waitTask(sim, x, xml(del.text).doc.href);
    expect(sim.store.get('network', net.id)).toBeUndefined();
    // A vApp Author may not.
    const alice = client(sim, await login(sim, 'alice', 'acme'));
    const denied = await alice.post(`/api/admin/vdc/${vdcId}/networks`).set('Content-Type', 'application/vnd.vmware.vcloud.orgVdcNetwork+xml')
      .send(network('z', 'isolated', '10.71.0.1', '255.255.255.0'));
    expect(denied.status).toBe(403);
  });
});
