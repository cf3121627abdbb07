/** NSX-T edge gateways through the CloudAPI, read as go-vcloud-director reads them (types.OpenAPIEdgeGateway). */
import { newSim, login, client } from '../support/sim.js';
import { settleTask, type Accepted } from '../support/vcd.js';
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
    // The legacy OrgVdcNetwork names it too.
    const legacy = await acme.get(`/api/network/${web.id.split(':').pop()}`).set('Accept', 'application/*+xml;version=37.0');
    expect(legacy.text).toMatch(new RegExp(`<EdgeGateway href="[^"]*/api/admin/edgeGateway/${gw.id.split(':').pop()}"[^>]*name="acme-edge"`));
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

  it('the edgeGateway query type lists the caller\'s gateways; routed network records name theirs', async () => {
    const xmlAcme = client(sim, await login(sim, 'acme-admin', 'acme'));
    const res = await xmlAcme.get('/api/query?type=edgeGateway&format=records');
    expect(res.status).toBe(200);
    const records = [...res.text.matchAll(/<EdgeGatewayRecord [^>]*>/g)].map((m) => m[0]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatch(/name="acme-edge"/);
    expect(records[0]).toMatch(/numberOfOrgNetworks="1"/);
    expect(records[0]).toMatch(/isBusy="false"/);
    expect(records[0]).toMatch(/orgVdcName="acme-vdc"/);
    expect(records[0]).toMatch(/href="[^"]*\/api\/admin\/edgeGateway\/[0-9a-f-]{36}"/);
    const nets = (await xmlAcme.get('/api/query?type=orgVdcNetwork&format=records&fields=name,connectedTo&filter=name==acme-web')).text;
    expect(nets).toMatch(/connectedTo="acme-edge"/);
  });

  it('needs the gateway view right (Console Access Only lacks it)', async () => {
    const dave = client(sim, await login(sim, 'dave', 'acme'), CLOUD);
    expect((await dave.get(`${API}/edgeGateways`)).status).toBe(403);
    const bob = client(sim, await login(sim, 'bob', 'acme'), CLOUD);
    expect((await bob.get(`${API}/edgeGateways`)).status).toBe(200);
  });
});

describe('edge gateway create, update, delete (CloudAPI, tasks)', () => {
  let sim: Simulator;
  let sys: ReturnType<typeof client>;
  let acme: ReturnType<typeof client>;
  let vdcUrn: string;
  let extUrn: string;

  beforeAll(async () => {
    sim = await newSim();
    sys = client(sim, await login(sim, 'administrator', 'System'), CLOUD);
    acme = client(sim, await login(sim, 'acme-admin', 'acme'), CLOUD);
    vdcUrn = (await sys.get(`${API}/vdcs?filter=name==acme-dev`)).body.values[0].id;
    extUrn = (await sys.get(`${API}/externalNetworks?filter=name==ext-internet`)).body.values[0].id;
  });

  /** Polls the task in `Location` (JSON, as govcd reads it) while advancing the clock. */
  async function settle(res: Accepted) {
    expect(res.headers.location).toMatch(/\/api\/task\/[0-9a-f-]{36}$/);
    return settleTask(sim, sys, res);
  }

  const body = (name: string, primaryIp: string | undefined, ranges: [string, string][], extra: Record<string, unknown> = {}) => ({
    name, ownerRef: { id: vdcUrn },
    edgeGatewayUplinks: [{
      uplinkId: extUrn, connected: true,
      subnets: { values: [{ gateway: '203.0.113.1', prefixLength: 24, enabled: true, primaryIp, ipRanges: { values: ranges.map(([startAddress, endAddress]) => ({ startAddress, endAddress })) }, ...extra }] },
    }],
  });

  it('creates a gateway as a task whose Owner is the gateway; it is PENDING until the task ends', async () => {
    const res = await sys.post(`${API}/edgeGateways`).send(body('dev-edge', '203.0.113.60', [['203.0.113.60', '203.0.113.63']]));
    const pending = (await sys.get(`${API}/edgeGateways?filter=name==dev-edge`)).body.values[0];
    expect(pending.status).toBe('PENDING');
    const task = await settle(res);
    expect(task.status).toBe('success');
    expect(task.operationName).toBe('edgeGatewayCreate');
    expect(task.owner.id).toBe(pending.id);
    const gw = (await sys.get(`${API}/edgeGateways/${pending.id}`)).body;
    expect(gw.status).toBe('REALIZED');
    expect(gw.orgVdc.name).toBe('acme-dev');
    expect(gw.orgVdcNetworkCount).toBe(0);
    expect(gw.edgeGatewayUplinks[0].subnets.values[0]).toMatchObject({ primaryIp: '203.0.113.60', totalIpCount: 4 });
    // The tenant sees it; the legacy admin view shows its uplink.
    expect((await acme.get(`${API}/edgeGateways/${gw.id}`)).status).toBe(200);
    const legacy = await acme.get(`/api/admin/edgeGateway/${gw.id.split(':').pop()}`).set('Accept', 'application/*+xml;version=37.0');
    expect(legacy.status).toBe(200);
    expect(legacy.text).toContain('<IpAddress>203.0.113.60</IpAddress>');
  });

  it('auto-allocates addresses, primary first, and adds a primary IP outside the ranges to them', async () => {
    const task = await settle(await sys.post(`${API}/edgeGateways`).send(body('auto-edge', undefined, [], { autoAllocateIpRanges: true, totalIpCount: 3 })));
    expect(task.status).toBe('success');
    const gw = (await sys.get(`${API}/edgeGateways?filter=name==auto-edge`)).body.values[0];
    const sub = gw.edgeGatewayUplinks[0].subnets.values[0];
    expect(sub.totalIpCount).toBe(3);
    expect(sub.primaryIp).toBe(sub.ipRanges.values[0].startAddress);
    // Free addresses come lowest first, skipping those held by acme-edge (10-14) and globex-edge (20-22).
    expect(sub.ipRanges.values.map((r: any) => r.startAddress)).toEqual(['203.0.113.15', '203.0.113.16', '203.0.113.17']);
    await settle(await sys.delete(`${API}/edgeGateways/${gw.id}`));
  });

  it('refuses what VCD refuses, with 400 and nothing created', async () => {
    const count = sim.store.count('edgeGateway');
    const cases: [unknown, RegExp][] = [
      [body('x1', '203.0.113.250', []), /outside the static IP pool/],
      [body('x2', '198.51.100.5', []), /outside the static IP pool/],
      [body('x3', undefined, [['203.0.113.12', '203.0.113.13']]), /overlaps addresses already allocated/],
      [body('x4', '203.0.113.70', [['203.0.113.71', '203.0.113.70']]), /ends before it starts/],
      [{ ...body('x5', undefined, []), edgeGatewayUplinks: [] }, /needs an uplink/],
      [{ ...body('x6', undefined, []), ownerRef: undefined }, /owner VDC is required/],
      [body('', '203.0.113.71', []), /name is required/],
      [{ ...body('x7', undefined, []), edgeGatewayUplinks: [{ uplinkId: 'urn:vcloud:network:00000000-0000-4000-8000-000000000000', subnets: { values: [] } }] }, /does not exist/],
      [{ ...body('x8', '203.0.113.72', []), edgeClusterConfig: { primaryEdgeCluster: { backingId: 'nope' } } }, /not an edge cluster/],
    ];
    for (const [b, message] of cases) {
      const res = await sys.post(`${API}/edgeGateways`).send(b as object);
      expect([res.status, res.body.message]).toEqual([400, expect.stringMatching(message)]);
    }
    const dup = await sys.post(`${API}/edgeGateways`).send(body('acme-edge', '203.0.113.73', []));
    expect([dup.status, dup.body.minorErrorCode]).toEqual([400, 'DUPLICATE_NAME']);
    expect(sim.store.count('edgeGateway')).toBe(count);
  });

  it('is the provider\'s: an org administrator may not create, change or delete a gateway', async () => {
    expect((await acme.post(`${API}/edgeGateways`).send(body('t-edge', '203.0.113.80', []))).status).toBe(403);
    const [gw] = (await acme.get(`${API}/edgeGateways?filter=name==acme-edge`)).body.values;
    expect((await acme.put(`${API}/edgeGateways/${gw.id}`).send({ ...gw, description: 'mine' })).status).toBe(403);
    expect((await acme.delete(`${API}/edgeGateways/${gw.id}`)).status).toBe(403);
  });

  it('updates land when the task succeeds; a second change while one runs is BUSY_ENTITY', async () => {
    const [gw] = (await sys.get(`${API}/edgeGateways?filter=name==dev-edge`)).body.values;
    const next = structuredClone(gw);
    next.name = 'dev-edge-2';
    next.edgeGatewayUplinks[0].subnets.values[0].ipRanges.values.push({ startAddress: '203.0.113.90', endAddress: '203.0.113.91' });
    const res = await sys.put(`${API}/edgeGateways/${gw.id}`).send(next);
    expect(res.status).toBe(202);
    expect((await sys.get(`${API}/edgeGateways/${gw.id}`)).body).toMatchObject({ name: 'dev-edge', status: 'CONFIGURING' });
    const record = (await client(sim, await login(sim, 'administrator', 'System')).get('/api/query?type=edgeGateway&format=records&filter=name==dev-edge')).text;
    expect(record).toMatch(/isBusy="true"/);
    const busy = await sys.put(`${API}/edgeGateways/${gw.id}`).send({ ...gw, description: 'x' });
    expect([busy.status, busy.body.minorErrorCode]).toEqual([400, 'BUSY_ENTITY']);
    expect((await settle(res)).status).toBe('success');
    const after = (await sys.get(`${API}/edgeGateways/${gw.id}`)).body;
    expect(after.name).toBe('dev-edge-2');
    expect(after.edgeGatewayUplinks[0].subnets.values[0].totalIpCount).toBe(6);
    // Moving to another VDC is refused.
    const moved = await sys.put(`${API}/edgeGateways/${gw.id}`).send({ ...after, ownerRef: { id: (await sys.get(`${API}/vdcs?filter=name==acme-vdc`)).body.values[0].id } });
    expect(moved.status).toBe(400);
  });

  it('an update whose addresses were taken while its task ran fails, and changes nothing', async () => {
    const [gw] = (await sys.get(`${API}/edgeGateways?filter=name==dev-edge-2`)).body.values;
    const next = structuredClone(gw);
    next.edgeGatewayUplinks[0].subnets.values[0].ipRanges.values.push({ startAddress: '203.0.113.95', endAddress: '203.0.113.95' });
    const res = await sys.put(`${API}/edgeGateways/${gw.id}`).send(next);
    const race = await settle(await sys.post(`${API}/edgeGateways`).send(body('race-edge', '203.0.113.95', [])));
    expect(race.status).toBe('success');
    const task = await settle(res);
    expect(task.status).toBe('error');
    expect((await sys.get(`${API}/edgeGateways/${gw.id}`)).body.edgeGatewayUplinks[0].subnets.values[0].totalIpCount).toBe(6);
    const raced = (await sys.get(`${API}/edgeGateways?filter=name==race-edge`)).body.values[0];
    await settle(await sys.delete(`${API}/edgeGateways/${raced.id}`));
  });

  it('refuses to delete a gateway with routed networks; deletes one without, releasing its addresses', async () => {
    const [acmeEdge] = (await sys.get(`${API}/edgeGateways?filter=name==acme-edge`)).body.values;
    const refused = await sys.delete(`${API}/edgeGateways/${acmeEdge.id}`);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/org VDC networks are connected to it \(acme-web\)/);
    const extUsed = async () => (await sys.get(`${API}/externalNetworks/${extUrn}`)).body.usedIpCount;
    const before = await extUsed();
    const [gw] = (await sys.get(`${API}/edgeGateways?filter=name==dev-edge-2`)).body.values;
    expect((await settle(await sys.delete(`${API}/edgeGateways/${gw.id}`))).status).toBe('success');
    expect((await sys.get(`${API}/edgeGateways/${gw.id}`)).status).toBe(403);
    expect(await extUsed()).toBe(before - 6);
  });

  it('a creation that fails leaves no gateway and no addresses held', async () => {
    sim.faults.add({ match: { operation: 'edgeGatewayCreate' }, action: { type: 'task-failure', message: 'NSX-T said no' }, count: 1 });
    const task = await settle(await sys.post(`${API}/edgeGateways`).send(body('doomed-edge', '203.0.113.99', [])));
    expect(task.status).toBe('error');
    expect((await sys.get(`${API}/edgeGateways?filter=name==doomed-edge`)).body.resultTotal).toBe(0);
    const again = await settle(await sys.post(`${API}/edgeGateways`).send(body('doomed-edge', '203.0.113.99', [])));
    expect(again.status).toBe('success');
  });
});
