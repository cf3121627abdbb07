/** External networks written through the CloudAPI by the provider: tier-0 backing, subnets, ranges, tasks. */
import { newSim, login, client } from '../support/sim.js';
import { settleTask, type Accepted } from '../support/vcd.js';
import type { Simulator } from '../../src/sim.js';

const CLOUD = 'application/json;version=37.0';
const API = '/cloudapi/1.0.0';

describe('external networks (CloudAPI writes)', () => {
  let sim: Simulator;
  let sys: ReturnType<typeof client>;
  let mgrUrn: string;
  let spare: string;

  beforeAll(async () => {
    sim = await newSim();
    sys = client(sim, await login(sim, 'administrator', 'System'), CLOUD);
    const mgr = [...sim.store.all('nsxtManager')][0];
    mgrUrn = `urn:vcloud:nsxtmanager:${mgr.id}`;
    spare = mgr.tier0Routers.find((t) => t.name === 'tier0-spare')!.id;
  });

  const settle = (res: Accepted) => settleTask(sim, sys, res);

  const body = (name: string, subnets: unknown[], backingId = spare) => ({
    name, description: 'd',
    subnets: { values: subnets },
    networkBackings: { values: [{ backingId, backingType: 'NSXT_TIER0', networkProvider: { id: mgrUrn } }] },
  });
  const subnet = (gateway: string, prefixLength: number, ranges: [string, string][]) =>
    ({ gateway, prefixLength, enabled: true, dnsServer1: '', ipRanges: { values: ranges.map(([startAddress, endAddress]) => ({ startAddress, endAddress })) } });

  it('creates one on a free tier-0 router; the router is no longer importable', async () => {
    const task = await settle(await sys.post(`${API}/externalNetworks`).send(body('ext-lab', [subnet('198.18.0.1', 24, [['198.18.0.10', '198.18.0.19']])])));
    expect(task.status).toBe('success');
    const ext = (await sys.get(`${API}/externalNetworks?filter=name==ext-lab`)).body.values[0];
    expect(task.owner.id).toBe(ext.id);
    expect(ext).toMatchObject({ totalIpCount: 10, usedIpCount: 0 });
    expect(ext.networkBackings.values[0]).toMatchObject({ backingId: spare, backingType: 'NSXT_TIER0' });
    const importable = await sys.get(`${API}/nsxTResources/importableTier0Routers?filter=${encodeURIComponent(`_context==${mgrUrn}`)}`);
    expect(importable.body.values).toEqual([]);
    // The legacy view and the query type know it.
    expect((await sys.get(`/api/admin/extension/externalnet/${ext.id.split(':').pop()}`).set('Accept', 'application/*+xml;version=37.0')).status).toBe(200);
    const records = (await client(sim, await login(sim, 'administrator', 'System')).get('/api/query?type=externalNetwork&format=records')).text;
    expect(records).toContain('name="ext-lab"');
  });

  it('refuses bad networks with 400 and creates nothing', async () => {
    const before = sim.store.count('externalNetwork');
    const cases: [unknown, RegExp][] = [
      [body('ext-x', [subnet('198.18.1.1', 24, [])]), /already backs external network "ext-lab"/],
      [body('ext-x', [subnet('198.18.1.1', 24, [])], 'no-such-router'), /not a tier-0 router/],
      [body('ext-x', []), /at least one subnet/],
      [body('ext-x', [subnet('198.18.1.1', 24, [['198.18.2.1', '198.18.2.5']])]), /not in subnet/],
      [body('ext-x', [subnet('198.18.1.1', 24, [['198.18.1.1', '198.18.1.5']])]), /contains the gateway/],
      [body('ext-x', [subnet('198.18.1.1', 24, []), subnet('198.18.1.129', 25, [])]), /overlap/],
      [body('', [subnet('198.18.1.1', 24, [])]), /name is required/],
      [body('ext-x', [subnet('198.18.1.1', 40, [])]), /prefixLength/],
      [body('ext-internet', [subnet('198.18.1.1', 24, [])]), /already exists/],
    ];
    for (const [b, message] of cases) {
      const res = await sys.post(`${API}/externalNetworks`).send(b as object);
      expect([res.status, res.body.message]).toEqual([400, expect.stringMatching(message)]);
    }
    expect(sim.store.count('externalNetwork')).toBe(before);
    const acme = client(sim, await login(sim, 'acme-admin', 'acme'), CLOUD);
    expect((await acme.post(`${API}/externalNetworks`).send(body('ext-t', [subnet('198.18.1.1', 24, [])]))).status).toBe(403);
  });

  it('updates ranges, but never takes away addresses an edge gateway holds', async () => {
    const ext = (await sys.get(`${API}/externalNetworks?filter=name==ext-lab`)).body.values[0];
    const grown = structuredClone(ext);
    grown.subnets.values[0].ipRanges.values.push({ startAddress: '198.18.0.100', endAddress: '198.18.0.104' });
    expect((await settle(await sys.put(`${API}/externalNetworks/${ext.id}`).send(grown))).status).toBe('success');
    expect((await sys.get(`${API}/externalNetworks/${ext.id}`)).body.totalIpCount).toBe(15);
    // A gateway takes 198.18.0.100; shrinking the range under it is refused.
    const vdcUrn = (await sys.get(`${API}/vdcs?filter=name==acme-dev`)).body.values[0].id;
    const gwTask = await settle(await sys.post(`${API}/edgeGateways`).send({
      name: 'lab-edge', ownerRef: { id: vdcUrn },
      edgeGatewayUplinks: [{ uplinkId: ext.id, subnets: { values: [{ gateway: '198.18.0.1', prefixLength: 24, primaryIp: '198.18.0.100', enabled: true }] } }],
    }));
    expect(gwTask.status).toBe('success');
    expect((await sys.get(`${API}/externalNetworks/${ext.id}`)).body.usedIpCount).toBe(1);
    const shrunk = structuredClone(grown);
    shrunk.subnets.values[0].ipRanges.values.pop();
    const refused = await sys.put(`${API}/externalNetworks/${ext.id}`).send(shrunk);
    expect([refused.status, refused.body.message]).toEqual([400, expect.stringMatching(/Edge gateway "lab-edge" uses addresses/)]);
    // Deleting the network is refused while the gateway uses it; allowed once it is gone.
    const del = await sys.delete(`${API}/externalNetworks/${ext.id}`);
    expect([del.status, del.body.message]).toEqual([400, expect.stringMatching(/edge gateways use it \(lab-edge\)/)]);
    const gw = (await sys.get(`${API}/edgeGateways?filter=name==lab-edge`)).body.values[0];
    expect((await settle(await sys.delete(`${API}/edgeGateways/${gw.id}`))).status).toBe('success');
    expect((await settle(await sys.delete(`${API}/externalNetworks/${ext.id}`))).status).toBe('success');
    expect((await sys.get(`${API}/externalNetworks/${ext.id}`)).status).toBe(403);
  });

  it('refuses to delete an external network a provider VDC lists', async () => {
    const ext = (await sys.get(`${API}/externalNetworks?filter=name==ext-internet`)).body.values[0];
    const res = await sys.delete(`${API}/externalNetworks/${ext.id}`);
    expect(res.status).toBe(400);
  });
});
