/**
 * DHCP on org VDC networks (and VM NICs in DHCP mode), the DNS forwarder and IPsec VPN tunnels of an edge
 * gateway, its used addresses, and the pool-exhaust fault, read as clients read them.
 */
import request from 'supertest';
import { newSim, login, client, xml } from '../support/sim.js';
import { findInventory, instantiate, instantiateBody, settleTask, waitTask, type Accepted } from '../support/vcd.js';
import type { Simulator } from '../../src/sim.js';

const JSON_38 = 'application/json;version=38.0';
const API = '/cloudapi/1.0.0';
type C = ReturnType<typeof client>;

let sim: Simulator;
let admin: C;
let gw: string;
let web: string;
let db: string;

const json = (r: { text: string }) => JSON.parse(r.text);
const post = (path: string, b: object) => admin.post(path).set('Content-Type', 'application/json').send(b);
const put = (path: string, b: object) => admin.put(path).set('Content-Type', 'application/json').send(b);

async function settle(res: Accepted): Promise<string> {
  const t = await settleTask(sim, admin, res, 1000);
  return t.status === 'error' ? `error: ${t.error?.message}` : t.status;
}
const details = async (res: { headers: Record<string, string> }) => json(await admin.get(res.headers.location).set('Accept', 'application/*+json;version=38.0')).details;

beforeEach(async () => {
  sim = await newSim();
  admin = client(sim, await login(sim, 'acme-admin', 'acme'), JSON_38);
  gw = json(await admin.get(`${API}/edgeGateways?filter=name==acme-edge`)).values[0].id;
  web = json(await admin.get(`${API}/orgVdcNetworks?filter=name==acme-web`)).values[0].id;
  db = json(await admin.get(`${API}/orgVdcNetworks?filter=name==acme-db`)).values[0].id;
});

const edgeDhcp = { enabled: true, mode: 'EDGE', leaseTime: 3600, dhcpPools: [{ enabled: true, ipRange: { startAddress: '10.10.10.210', endAddress: '10.10.10.220' } }], dnsServers: ['10.10.0.53'] };

describe('DHCP on org VDC networks', () => {
  it('is off until set; EDGE mode on a routed network, pools outside the static pool; the mode stays', async () => {
    expect((await admin.get(`${API}/orgVdcNetworks/${web}/dhcp`)).body).toEqual({ enabled: false, leaseTime: null, dhcpPools: [], mode: null, ipAddress: null, dnsServers: [] });
    expect(await settle(await put(`${API}/orgVdcNetworks/${web}/dhcp`, edgeDhcp))).toBe('success');
    expect((await admin.get(`${API}/orgVdcNetworks/${web}/dhcp`)).body).toEqual({
      enabled: true, leaseTime: 3600, mode: 'EDGE', ipAddress: null, dnsServers: ['10.10.0.53'],
      dhcpPools: [{ enabled: true, ipRange: { startAddress: '10.10.10.210', endAddress: '10.10.10.220' }, maxLeaseTime: null, defaultLeaseTime: null }],
    });
    const pool = (s: string, e: string) => ({ ...edgeDhcp, dhcpPools: [{ ipRange: { startAddress: s, endAddress: e } }] });
    for (const [why, b] of [
      ['overlaps the static pool', pool('10.10.10.150', '10.10.10.205')],
      ['outside the subnet', pool('10.10.11.1', '10.10.11.9')],
      ['holds the gateway', pool('10.10.10.1', '10.10.10.5')],
      ['reversed', pool('10.10.10.230', '10.10.10.220')],
      ['a short lease', { ...edgeDhcp, leaseTime: 10 }],
      ['three DNS servers', { ...edgeDhcp, dnsServers: ['1.1.1.1', '1.0.0.1', '8.8.8.8'] }],
      ['a new mode', { ...edgeDhcp, mode: 'NETWORK', ipAddress: '10.10.10.250' }],
      ['RELAY with pools', { ...edgeDhcp, mode: 'RELAY' }],
    ] as [string, object][]) {
      const res = await put(`${API}/orgVdcNetworks/${web}/dhcp`, b);
      expect([why, res.status]).toEqual([why, 400]);
    }
    // EDGE needs a gateway: the isolated network takes NETWORK mode, with its server's address outside the pools.
    expect((await put(`${API}/orgVdcNetworks/${db}/dhcp`, { ...edgeDhcp, dhcpPools: [] })).status).toBe(400);
    const netDhcp = { enabled: true, mode: 'NETWORK', dhcpPools: [{ ipRange: { startAddress: '10.10.20.200', endAddress: '10.10.20.210' } }] };
    expect((await put(`${API}/orgVdcNetworks/${db}/dhcp`, netDhcp)).status).toBe(400);
    expect((await put(`${API}/orgVdcNetworks/${db}/dhcp`, { ...netDhcp, ipAddress: '10.10.20.205' })).status).toBe(400);
    expect(await settle(await put(`${API}/orgVdcNetworks/${db}/dhcp`, { ...netDhcp, ipAddress: '10.10.20.250' }))).toBe('success');
    expect((await admin.get(`${API}/orgVdcNetworks/${db}/dhcp`)).body).toMatchObject({ mode: 'NETWORK', ipAddress: '10.10.20.250', leaseTime: 86400 });
    expect(await settle(await admin.delete(`${API}/orgVdcNetworks/${db}/dhcp`))).toBe('success');
    expect(sim.store.get('networkDhcp', db.split(':').pop()!)).toBeUndefined();
  });

  it('keeps bindings inside the subnet, outside the pools, one per MAC; versioned updates; DHCP goes after them', async () => {
    const BIND = `${API}/orgVdcNetworks/${web}/dhcp/bindings`;
    const binding = { name: 'printer', macAddress: '00:50:56:01:02:03', ipAddress: '10.10.10.240', bindingType: 'IPV4', leaseTime: 3600, dnsServers: ['10.10.0.53'], dhcpV4BindingConfig: { hostName: 'printer' }, version: { version: 0 } };
    expect((await post(BIND, binding)).status).toBe(400); // no DHCP yet
    expect(await settle(await put(`${API}/orgVdcNetworks/${web}/dhcp`, edgeDhcp))).toBe('success');
    const res = await post(BIND, binding);
    expect(await settle(res)).toBe('success');
    const id = await details(res);
    expect((await admin.get(`${BIND}/${id}`)).body).toEqual({
      id, name: 'printer', description: '', macAddress: '00:50:56:01:02:03', ipAddress: '10.10.10.240', leaseTime: 3600, dnsServers: ['10.10.0.53'],
      bindingType: 'IPV4', dhcpV4BindingConfig: { gatewayIpAddress: null, hostName: 'printer' }, dhcpV6BindingConfig: null, version: { version: 0 },
    });
    for (const [why, b, code] of [
      ['outside the subnet', { ...binding, name: 'x', macAddress: '00:50:56:00:00:01', ipAddress: '10.10.11.5' }, 'BAD_REQUEST'],
      ['in the static pool', { ...binding, name: 'x', macAddress: '00:50:56:00:00:01', ipAddress: '10.10.10.50' }, 'BAD_REQUEST'],
      ['in the DHCP pool', { ...binding, name: 'x', macAddress: '00:50:56:00:00:01', ipAddress: '10.10.10.215' }, 'BAD_REQUEST'],
      ['the same MAC', { ...binding, name: 'x', ipAddress: '10.10.10.241' }, 'BAD_REQUEST'],
      ['the same address', { ...binding, name: 'x', macAddress: '00:50:56:00:00:01' }, 'BAD_REQUEST'],
      ['a bad MAC', { ...binding, name: 'x', macAddress: 'printer', ipAddress: '10.10.10.241' }, 'BAD_REQUEST'],
      ['the same name', { ...binding, macAddress: '00:50:56:00:00:01', ipAddress: '10.10.10.241' }, 'DUPLICATE_NAME'],
    ] as [string, object, string][]) {
      const r = await post(BIND, b);
      expect([why, r.status, r.body.minorErrorCode]).toEqual([why, 400, code]);
    }
    expect((await put(`${BIND}/${id}`, { ...binding, ipAddress: '10.10.10.242', version: { version: 7 } })).status).toBe(400);
    expect(await settle(await put(`${BIND}/${id}`, { ...binding, ipAddress: '10.10.10.242' }))).toBe('success');
    expect(json(await admin.get(BIND)).values[0]).toMatchObject({ ipAddress: '10.10.10.242', version: { version: 1 } });
    expect((await admin.delete(`${API}/orgVdcNetworks/${web}/dhcp`)).status).toBe(400);
    expect(await settle(await admin.delete(`${BIND}/${id}`))).toBe('success');
    expect((await admin.get(`${BIND}/${id}`)).status).toBe(404);
    expect(await settle(await admin.delete(`${API}/orgVdcNetworks/${web}/dhcp`))).toBe('success');
  });

  it('gives a powered-on VM\'s DHCP NIC an address from the pool (its binding\'s, if it has one) and takes it back', async () => {
    expect(await settle(await put(`${API}/orgVdcNetworks/${web}/dhcp`, edgeDhcp))).toBe('success');
    const x = client(sim, await login(sim, 'acme-admin', 'acme'));
    const { vdc, template } = await findInventory(x, 'acme-vdc', 'three-tier-app');
    const res = await instantiate(x, vdc, instantiateBody({ name: 'dhcp-app', template, deploy: false, network: { name: 'acme-web', href: `http://vcd.test/api/network/${web.split(':').pop()}` } }));
    expect(res.status).toBe(201);
    await waitTask(sim, x, xml(res.text).doc.Tasks.Task[0].href);
    const vapp = [...sim.store.all('vApp')].find((a) => a.name === 'dhcp-app')!;
    const vms = sim.store.where('vm', 'vappId', vapp.id);
    // Their NICs in DHCP mode, one MAC bound to an address.
    for (const vm of vms) sim.store.update('vm', vm.id, { nics: vm.nics.map((n) => ({ ...n, mode: 'DHCP' as const, ip: undefined })) });
    const bound = vms[0].nics[0].mac;
    expect(await settle(await post(`${API}/orgVdcNetworks/${web}/dhcp/bindings`, { name: 'b', macAddress: bound, ipAddress: '10.10.10.250', bindingType: 'IPV4' }))).toBe('success');
    const on = await x.post(`/api/vApp/vapp-${vapp.id}/power/action/powerOn`);
    expect(on.status).toBe(202);
    await waitTask(sim, x, xml(on.text).doc.href);
    const ips = () => sim.store.where('vm', 'vappId', vapp.id).map((v) => v.nics[0].ip);
    expect(ips().sort()).toEqual(['10.10.10.210', '10.10.10.211', '10.10.10.250']);
    const leases = () => sim.store.get('networkDhcp', web.split(':').pop()!)!.leases.map((l) => l.ip).sort();
    expect(leases()).toEqual(['10.10.10.210', '10.10.10.211', '10.10.10.250']);
    const board = (await request(sim.app).get('/_vcdsim/ui/state').expect(200)).body.gateways.find((g: { name: string }) => g.name === 'acme-edge');
    expect(board).toMatchObject({ dhcpNetworks: 1, dhcpLeases: 3 });
    const del = await x.delete(`/api/vApp/vapp-${vapp.id}`);
    expect(del.status).toBe(400); // running
    const off = await x.post(`/api/vApp/vapp-${vapp.id}/action/undeploy`).set('Content-Type', 'application/vnd.vmware.vcloud.undeployVAppParams+xml')
      .send('<UndeployVAppParams xmlns="http://www.vmware.com/vcloud/v1.5"><UndeployPowerAction>powerOff</UndeployPowerAction></UndeployVAppParams>');
    await waitTask(sim, x, xml(off.text).doc.href);
    await waitTask(sim, x, xml((await x.delete(`/api/vApp/vapp-${vapp.id}`)).text).doc.href);
    expect(leases()).toEqual([]);
  });

  it('leaves nothing behind when the network goes', async () => {
    expect(await settle(await put(`${API}/orgVdcNetworks/${db}/dhcp`, { mode: 'NETWORK', ipAddress: '10.10.20.250', dhcpPools: [{ ipRange: { startAddress: '10.10.20.200', endAddress: '10.10.20.210' } }] }))).toBe('success');
    expect(await settle(await post(`${API}/orgVdcNetworks/${db}/dhcp/bindings`, { name: 'b', macAddress: '00:50:56:0a:0b:0c', ipAddress: '10.10.20.240', bindingType: 'IPV4' }))).toBe('success');
    expect(await settle(await admin.delete(`${API}/orgVdcNetworks/${db}`))).toBe('success');
    expect([sim.store.count('networkDhcp'), sim.store.count('dhcpBinding')]).toEqual([0, 0]);
  });
});

describe('the DNS forwarder of an edge gateway', () => {
  it('is off, listening on the service network, until set; zones are checked; version guards updates', async () => {
    const DNS = `${API}/edgeGateways/${gw}/dns`;
    expect((await admin.get(DNS)).body).toEqual({
      enabled: false, listenerIp: '192.168.255.228', snatRuleEnabled: false, snatRuleExternalIpAddress: null,
      defaultForwarderZone: null, conditionalForwarderZones: null, version: { version: 0 },
    });
    const cfg = {
      enabled: true, defaultForwarderZone: { displayName: 'public', upstreamServers: ['1.1.1.1', '8.8.8.8'] },
      conditionalForwarderZones: [{ displayName: 'corp', upstreamServers: ['10.0.0.53'], dnsDomainNames: ['corp.example.com'] }],
    };
    expect(await settle(await put(DNS, cfg))).toBe('success');
    const got = (await admin.get(DNS)).body;
    expect(got).toMatchObject({ enabled: true, defaultForwarderZone: { displayName: 'public', upstreamServers: ['1.1.1.1', '8.8.8.8'] }, version: { version: 1 } });
    expect(got.conditionalForwarderZones[0]).toMatchObject({ displayName: 'corp', dnsDomainNames: ['corp.example.com'] });
    for (const [why, b] of [
      ['no default zone', { enabled: true }],
      ['a bad upstream', { ...cfg, defaultForwarderZone: { displayName: 'p', upstreamServers: ['dns.google'] } }],
      ['four upstreams', { ...cfg, defaultForwarderZone: { displayName: 'p', upstreamServers: ['1.1.1.1', '1.0.0.1', '8.8.8.8', '8.8.4.4'] } }],
      ['a conditional zone without domains', { ...cfg, conditionalForwarderZones: [{ displayName: 'c', upstreamServers: ['10.0.0.53'] }] }],
      ['a listener not the gateway\'s', { ...cfg, listenerIp: '198.51.100.1' }],
      ['an old version', { ...got, version: { version: 0 } }],
    ] as [string, object][]) {
      const res = await put(DNS, b);
      expect([why, res.status]).toEqual([why, 400]);
    }
    expect(await settle(await put(DNS, { ...got, listenerIp: '203.0.113.14' }))).toBe('success');
    expect(json(await admin.get(`${API}/edgeGateways/${gw}/usedIpAddresses`)).values).toContainEqual({ category: 'DNS_FORWARDER', ipAddress: '203.0.113.14', networkRef: expect.objectContaining({ name: 'ext-internet' }) });
    expect(await settle(await admin.delete(DNS))).toBe('success');
    expect((await admin.get(DNS)).body).toMatchObject({ enabled: false, defaultForwarderZone: null });
  });
});

describe('IPsec VPN tunnels of an edge gateway', () => {
  const TUN = () => `${API}/edgeGateways/${gw}/ipsec/tunnels`;
  const tunnel = (name: string, o: object = {}) => ({
    name, enabled: true, preSharedKey: 'secret', localEndpoint: { localAddress: '203.0.113.12', localNetworks: ['10.10.10.0/24'] },
    remoteEndpoint: { remoteAddress: '198.51.100.7', remoteNetworks: ['192.168.0.0/16'] }, ...o,
  });

  it('creates tunnels on the gateway\'s own addresses, unique names; status, update, delete', async () => {
    const res = await post(TUN(), tunnel('to-branch'));
    expect(await settle(res)).toBe('success');
    const id = await details(res);
    const listed = json(await admin.get(TUN())).values;
    expect(listed).toHaveLength(1);
    expect(listed[0].preSharedKey).toBeUndefined();
    const t = (await admin.get(`${TUN()}/${id}`)).body;
    expect(t).toMatchObject({
      id, name: 'to-branch', preSharedKey: 'secret', securityType: 'DEFAULT', authenticationMode: 'PSK', connectorInitiationMode: 'INITIATOR',
      localEndpoint: { localId: '203.0.113.12', localAddress: '203.0.113.12', localNetworks: ['10.10.10.0/24'] },
      remoteEndpoint: { remoteId: '198.51.100.7', remoteAddress: '198.51.100.7', remoteNetworks: ['192.168.0.0/16'] }, version: { version: 0 },
    });
    expect((await admin.get(`${TUN()}/${id}/status`)).body).toEqual({ tunnelStatus: 'UP', ikeStatus: { ikeServiceStatus: 'UP', failReason: null } });
    for (const [why, b, code] of [
      ['an endpoint not the gateway\'s', tunnel('x', { localEndpoint: { localAddress: '203.0.113.99', localNetworks: ['10.10.10.0/24'] } }), 'BAD_REQUEST'],
      ['no local network', tunnel('x', { localEndpoint: { localAddress: '203.0.113.12' } }), 'BAD_REQUEST'],
      ['a bad remote network', tunnel('x', { remoteEndpoint: { remoteAddress: '198.51.100.7', remoteNetworks: ['everything'] } }), 'BAD_REQUEST'],
      ['no key', tunnel('x', { preSharedKey: '' }), 'BAD_REQUEST'],
      ['the same name', tunnel('TO-BRANCH'), 'DUPLICATE_NAME'],
    ] as [string, object, string][]) {
      const r = await post(TUN(), b);
      expect([why, r.status, r.body.minorErrorCode]).toEqual([why, 400, code]);
    }
    expect(json(await admin.get(`${API}/edgeGateways/${gw}/usedIpAddresses`)).values.map((u: { category: string; ipAddress: string }) => `${u.category} ${u.ipAddress}`))
      .toEqual(['PRIMARY_IP 203.0.113.10', 'IPsec_VPN 203.0.113.12']);
    // Connection properties: NSX-T's defaults, then the tunnel's own (CUSTOM), then the defaults again.
    expect((await admin.get(`${TUN()}/${id}/connectionProperties`)).body).toMatchObject({ securityType: 'DEFAULT', ikeConfiguration: { ikeVersion: 'IKE_V2', saLifeTime: 86400 }, dpdConfiguration: { probeInterval: 60 } });
    const custom = { securityType: 'CUSTOM', ikeConfiguration: { ikeVersion: 'IKE_V1', encryptionAlgorithms: ['AES_256'], digestAlgorithms: ['SHA2_512'], dhGroups: ['GROUP19'], saLifeTime: 28800 },
      tunnelConfiguration: { perfectForwardSecrecyEnabled: false, dfPolicy: 'CLEAR', encryptionAlgorithms: ['AES_256'], digestAlgorithms: ['SHA2_256'], dhGroups: ['GROUP19'], saLifeTime: 1800 },
      dpdConfiguration: { probeInterval: 10 } };
    expect(await settle(await put(`${TUN()}/${id}/connectionProperties`, custom))).toBe('success');
    expect((await admin.get(`${TUN()}/${id}/connectionProperties`)).body).toEqual(custom);
    for (const bad of [{ dpdConfiguration: { probeInterval: 2 } }, { ikeConfiguration: { ikeVersion: 'IKE_V3' } }, { tunnelConfiguration: { encryptionAlgorithms: ['AES_GCM_128'], digestAlgorithms: ['SHA1'] } },
      { ikeConfiguration: { dhGroups: ['GROUP14', 'GROUP19'] } }]) expect((await put(`${TUN()}/${id}/connectionProperties`, bad)).status).toBe(400);
    const customT = (await admin.get(`${TUN()}/${id}`)).body;
    expect(customT).toMatchObject({ securityType: 'CUSTOM', version: { version: 1 } });
    expect(await settle(await put(`${TUN()}/${id}`, { ...customT, securityType: 'DEFAULT' }))).toBe('success');
    expect((await admin.get(`${TUN()}/${id}/connectionProperties`)).body.securityType).toBe('DEFAULT');
    expect(await settle(await put(`${TUN()}/${id}`, { ...t, enabled: false, version: undefined }))).toBe('success');
    expect((await admin.get(`${TUN()}/${id}/status`)).body.tunnelStatus).toBe('DOWN');
    expect((await admin.get(`${TUN()}/${id}`)).body.version).toEqual({ version: 3 });
    expect(await settle(await admin.delete(`${TUN()}/${id}`))).toBe('success');
    expect((await admin.get(`${TUN()}/${id}`)).status).toBe(404);
  });

  it('takes one change at a time, lists NAT addresses as used, and goes with its gateway', async () => {
    const first = await post(TUN(), tunnel('a'));
    expect(first.status).toBe(202);
    const busy = await post(TUN(), tunnel('b'));
    expect([busy.status, busy.body.minorErrorCode]).toEqual([400, 'BUSY_ENTITY']);
    expect(await settle(first)).toBe('success');
    expect(await settle(await post(`${API}/edgeGateways/${gw}/nat/rules`, { name: 'snat', type: 'SNAT', externalAddresses: '203.0.113.13', internalAddresses: '10.10.10.0/24' }))).toBe('success');
    expect(await settle(await put(`${API}/edgeGateways/${gw}/dns`, { enabled: true, defaultForwarderZone: { displayName: 'p', upstreamServers: ['1.1.1.1'] } }))).toBe('success');
    const board = (await request(sim.app).get('/_vcdsim/ui/state').expect(200)).body.gateways.find((g: { name: string }) => g.name === 'acme-edge');
    expect(board).toMatchObject({ ipsecTunnels: 1, dnsForwarder: true, dhcpNetworks: 0, dhcpLeases: 0, natRules: 1 });
    const used = json(await admin.get(`${API}/edgeGateways/${gw}/usedIpAddresses`)).values;
    expect(used.map((u: { category: string }) => u.category).sort()).toEqual(['IPsec_VPN', 'PRIMARY_IP', 'SNAT']);
    sim.store.remove('edgeGateway', gw.split(':').pop()!);
    expect([sim.store.count('ipsecTunnel'), sim.store.count('gatewayDns')]).toEqual([0, 0]);
  });
});

describe('the pool-exhaust fault', () => {
  it('makes the next POOL allocation on the network fail as an exhausted pool does, until its window ends', async () => {
    const x = client(sim, await login(sim, 'acme-admin', 'acme'));
    const { vdc, template } = await findInventory(x, 'acme-vdc', 'ubuntu-22.04');
    const deploy = (name: string) => instantiate(x, vdc, instantiateBody({ name, template, deploy: false, network: { name: 'acme-web', href: `http://vcd.test/api/network/${web.split(':').pop()}` } }));
    sim.faults.add({ action: { type: 'pool-exhaust', network: 'acme-web' }, duration: '2m' });
    const vapps = sim.store.count('vApp');
    const full = await deploy('no-ip');
    expect(full.status).toBe(400);
    expect(full.text).toMatch(/No IP addresses are left in the static pool of network &quot;acme-web&quot;/);
    expect(sim.store.count('vApp')).toBe(vapps);
    sim.clock.advance(121_000);
    const ok = await deploy('has-ip');
    expect(ok.status).toBe(201);
  });
});
