/** NSX-T edge gateways through the CloudAPI, read as go-vcloud-director reads them (types.OpenAPIEdgeGateway). */
import { newSim, login, client } from '../support/sim.js';
import type { Simulator } from '../../src/sim.js';

const CLOUD = 'application/json;version=37.0';
const API = '/cloudapi/1.0.0';

describe('edge gateways (CloudAPI)', () => {
  let sim: Simulator;
  let sys: ReturnType<typeof client>;
  let acme: ReturnType<typeof client>;
  let globex: ReturnType<typeof client>;

  beforeAll(async () => {
    sim = await newSim();
    sys = client(sim, await login(sim, 'administrator', 'System'), CLOUD);
    acme = client(sim, await login(sim, 'acme-admin', 'acme'), CLOUD);
    globex = client(sim, await login(sim, 'globex-admin', 'globex'), CLOUD);
  });

  const list = async (c: ReturnType<typeof client>, query = '') => {
    const res = await c.get(`${API}/edgeGateways${query}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  it('lists every org\'s gateways for the provider and only its own to a tenant', async () => {
    expect((await list(sys)).values.map((g: any) => g.name).sort()).toEqual(['acme-edge', 'globex-edge']);
    expect((await list(acme)).values.map((g: any) => g.name)).toEqual(['acme-edge']);
    expect((await list(globex)).values.map((g: any) => g.name)).toEqual(['globex-edge']);
  });

  it('serves the gateway in the OpenAPIEdgeGateway shape: uplink, primary IP, sub-allocation, backing, owner', async () => {
    const [gw] = (await list(acme, '?filter=name==acme-edge')).values;
    expect(gw.id).toMatch(/^urn:vcloud:gateway:[0-9a-f-]{36}$/);
    expect(gw.gatewayBacking.gatewayType).toBe('NSXT_BACKED');
    expect(gw.ownerRef.name).toBe('acme-vdc');
    expect(gw.orgVdc.id).toBe(gw.ownerRef.id);
    expect(gw.orgRef.name).toBe('acme');
    expect(gw.orgVdcNetworkCount).toBe(1);
    expect(gw.edgeClusterConfig.primaryEdgeCluster.edgeClusterRef.name).toBe('edge-cluster-01');
    const [uplink] = gw.edgeGatewayUplinks;
    expect(uplink.uplinkName).toBe('ext-internet');
    expect(uplink.uplinkId).toMatch(/^urn:vcloud:network:/);
    const [subnet] = uplink.subnets.values;
    expect(subnet).toMatchObject({ gateway: '203.0.113.1', prefixLength: 24, primaryIp: '203.0.113.10', totalIpCount: 5, usedIpCount: 1, enabled: true });
    expect(subnet.ipRanges.values).toEqual([{ startAddress: '203.0.113.10', endAddress: '203.0.113.14' }]);

    const one = await acme.get(`${API}/edgeGateways/${gw.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(gw);
  });

  it('filters by owner VDC as Vdc.GetAllNsxtEdgeGateways does, and sorts', async () => {
    const [gw] = (await list(sys, '?filter=name==globex-edge')).values;
    const owned = await list(sys, `?filter=${encodeURIComponent(`ownerRef.id==${gw.ownerRef.id};name==globex-edge`)}`);
    expect(owned.values.map((g: any) => g.id)).toEqual([gw.id]);
    expect((await list(sys, '?sortDesc=name')).values.map((g: any) => g.name)).toEqual(['globex-edge', 'acme-edge']);
    expect((await sys.get(`${API}/edgeGateways?filter=bogus==1`)).status).toBe(400);
  });

  it('routed networks name their gateway in connection.routerRef; isolated ones have none', async () => {
    const [gw] = (await list(acme)).values;
    const nets = (await acme.get(`${API}/orgVdcNetworks`)).body.values;
    const web = nets.find((n: any) => n.name === 'acme-web');
    expect(web.connection).toEqual({ routerRef: { name: 'acme-edge', id: gw.id }, connectionType: 'INTERNAL', connected: true });
    expect(nets.find((n: any) => n.name === 'acme-db').connection).toBeNull();
    const routed = (await acme.get(`${API}/orgVdcNetworks?filter=${encodeURIComponent(`connection.routerRef.id==${gw.id}`)}`)).body.values;
    expect(routed.map((n: any) => n.name)).toEqual(['acme-web']);
  });

  it('external networks count the addresses sub-allocated to gateways as used', async () => {
    const [ext] = (await sys.get(`${API}/externalNetworks?filter=name==ext-internet`)).body.values;
    expect(ext.usedIpCount).toBe(5 + 3);
    expect(ext.subnets.values[0].usedIpCount).toBe(8);
  });

  it('answers 403 for another tenant\'s gateway and for an unknown id, alike', async () => {
    const [gw] = (await list(globex)).values;
    const other = await acme.get(`${API}/edgeGateways/${gw.id}`);
    expect(other.status).toBe(403);
    expect(other.body.minorErrorCode).toBe('ACCESS_TO_RESOURCE_IS_FORBIDDEN');
    const unknown = await acme.get(`${API}/edgeGateways/urn:vcloud:gateway:00000000-0000-4000-8000-000000000000`);
    expect(unknown.status).toBe(403);
  });

  it('needs the gateway view right (Console Access Only lacks it)', async () => {
    const dave = client(sim, await login(sim, 'dave', 'acme'), CLOUD);
    expect((await dave.get(`${API}/edgeGateways`)).status).toBe(403);
    const bob = client(sim, await login(sim, 'bob', 'acme'), CLOUD);
    expect((await bob.get(`${API}/edgeGateways`)).status).toBe(200);
  });
});
