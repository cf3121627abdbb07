/**
 * NSX-T VDC groups through the CloudAPI (types.VdcGroup), their networks and edge gateways, and imported
 * (OPAQUE) org VDC networks of NSX-T segments.
 */
import { newSim, login, client, xml } from '../support/sim.js';
import { findInventory, instantiate, instantiateBody, settleTask, waitTask, type Accepted } from '../support/vcd.js';
import type { Simulator } from '../../src/sim.js';

const CLOUD = 'application/json;version=38.0';
const API = '/cloudapi/1.0.0';
type C = ReturnType<typeof client>;

describe('VDC groups', () => {
  let sim: Simulator;
  let sys: C;
  let acme: C;
  let globex: C;
  const urnOf = (kind: 'vdc' | 'vdcGroup', name: string) =>
    `urn:vcloud:${kind}:${[...sim.store.all(kind)].find((e) => e.name === name)!.id}`;

  beforeAll(async () => {
    sim = await newSim();
    sys = client(sim, await login(sim, 'administrator', 'System'), CLOUD);
    acme = client(sim, await login(sim, 'acme-admin', 'acme'), CLOUD);
    globex = client(sim, await login(sim, 'globex-admin', 'globex'), CLOUD);
  });

  /** A CloudAPI change: 202 with its task in Location, run to its end. */
  const settle = (c: C, res: Accepted) => settleTask(sim, c, res);
  const refused = async (res: Promise<{ status: number; body: any }>, status: number, message: RegExp) => {
    const r = await res;
    expect([r.status, r.body.message]).toEqual([status, expect.stringMatching(message)]);
  };
  const group = (name: string, vdcs: string[], extra: Record<string, unknown> = {}) => ({
    name, description: 'd', networkProviderType: 'NSX_T', type: 'LOCAL', participatingOrgVdcs: vdcs.map((id) => ({ vdcRef: { id } })), ...extra,
  });
  const network = (name: string, ownerId: string, gateway: string, extra: Record<string, unknown> = {}) => ({
    name, ownerRef: { id: ownerId }, networkType: 'ISOLATED',
    subnets: { values: [{ gateway, prefixLength: 24, ipRanges: { values: [{ startAddress: gateway.replace(/\.1$/, '.10'), endAddress: gateway.replace(/\.1$/, '.20') }] } }] },
    ...extra,
  });

  it('lists the fixture\'s group to its org and the provider, in the types.VdcGroup shape', async () => {
    const mine = (await acme.get(`${API}/vdcGroups`)).body.values;
    expect(mine.map((g: any) => g.name)).toEqual(['acme-group']);
    expect(mine[0]).toMatchObject({
      id: expect.stringMatching(/^urn:vcloud:vdcGroup:/), orgId: expect.stringMatching(/^urn:vcloud:org:/), status: 'REALIZED',
      type: 'LOCAL', networkProviderType: 'NSX_T', dfwEnabled: false, participatingOrgVdcCount: 2,
    });
    expect(mine[0].participatingOrgVdcs.map((p: any) => p.vdcRef.name)).toEqual(['acme-vdc', 'acme-dev']);
    expect(mine[0].participatingOrgVdcs[0]).toMatchObject({ networkProviderScope: 'nsxt-01', faultDomainTag: 'pvdc-gold', remoteOrg: false });
    expect((await globex.get(`${API}/vdcGroups`)).body.values).toEqual([]);
    expect((await sys.get(`${API}/vdcGroups?filter=name==acme-group`)).body.values).toHaveLength(1);
    expect((await globex.get(`${API}/vdcGroups/${mine[0].id}`)).status).toBe(403);
  });

  it('offers candidate VDCs of one NSX-T manager: the org\'s to a tenant, every org\'s to the provider', async () => {
    const q = (vdc: string) => `${API}/vdcGroups/networkingCandidateVdcs?filter=${encodeURIComponent(`_context==LOCAL;_context==${vdc}`)}&filterEncoded=true&links=true`;
    expect((await acme.get(q(urnOf('vdc', 'acme-vdc')))).body.values.map((v: any) => v.name)).toEqual(['acme-vdc', 'acme-dev']);
    expect((await sys.get(q(urnOf('vdc', 'acme-vdc')))).body.values.map((v: any) => v.name)).toEqual(['acme-vdc', 'acme-dev', 'globex-vdc']);
    // Starting from a group (VdcGroup.Update) gives the same.
    expect((await acme.get(q(urnOf('vdcGroup', 'acme-group')))).body.values).toHaveLength(2);
    expect((await acme.get(`${API}/vdcGroups/networkingCandidateVdcs`)).status).toBe(400);
    expect((await acme.get(q(urnOf('vdc', 'globex-vdc')))).status).toBe(403);
  });

  it('creates, renames and deletes a group as tasks; refuses another org\'s VDC, NSX-V, no VDCs, a duplicate name', async () => {
    const vdc = urnOf('vdc', 'acme-vdc');
    const count = sim.store.count('vdcGroup');
    await refused(acme.post(`${API}/vdcGroups`).send(group('cross', [vdc, urnOf('vdc', 'globex-vdc')])), 403, /./);
    await refused(acme.post(`${API}/vdcGroups`).send(group('v', [vdc], { networkProviderType: 'NSX_V' })), 400, /NSX_T/);
    await refused(acme.post(`${API}/vdcGroups`).send(group('none', [])), 400, /at least one participating VDC/);
    await refused(acme.post(`${API}/vdcGroups`).send(group('acme-group', [vdc])), 400, /already exists/);
    await refused(acme.post(`${API}/vdcGroups`).send(group('twice', [vdc, vdc])), 400, /named twice/);
    expect(sim.store.count('vdcGroup')).toBe(count);

    const res = await acme.post(`${API}/vdcGroups`).send(group('g1', [vdc]));
    const task = await settle(acme, res);
    expect(task.status).toBe('success');
    const g = (await acme.get(`${API}/vdcGroups/${task.owner.id}`)).body;
    expect(g).toMatchObject({ name: 'g1', status: 'REALIZED', participatingOrgVdcCount: 1 });
    expect((await settle(acme, await acme.put(`${API}/vdcGroups/${g.id}`).send({ ...g, name: 'g1-renamed', participatingOrgVdcs: [...g.participatingOrgVdcs, { vdcRef: { id: urnOf('vdc', 'acme-dev') } }] }))).status).toBe('success');
    expect((await acme.get(`${API}/vdcGroups/${g.id}`)).body).toMatchObject({ name: 'g1-renamed', participatingOrgVdcCount: 2 });
    expect((await settle(acme, await acme.delete(`${API}/vdcGroups/${g.id}`))).status).toBe('success');
    expect((await acme.get(`${API}/vdcGroups/${g.id}`)).status).toBe(403);
  });

  it('the distributed firewall: the provider turns it on (a default policy appears), the tenant may not', async () => {
    const g = urnOf('vdcGroup', 'acme-group');
    expect((await acme.get(`${API}/vdcGroups/${g}/dfwPolicies`)).body).toEqual({ enabled: false, defaultPolicy: null });
    expect((await acme.put(`${API}/vdcGroups/${g}/dfwPolicies`).send({ enabled: true })).status).toBe(403);
    expect((await settle(sys, await sys.put(`${API}/vdcGroups/${g}/dfwPolicies`).send({ enabled: true }))).status).toBe('success');
    const on = (await acme.get(`${API}/vdcGroups/${g}/dfwPolicies`)).body;
    expect(on).toMatchObject({ enabled: true, defaultPolicy: { name: 'Default_VdcGroup_acme-group', enabled: true } });
    expect((await settle(acme, await acme.put(`${API}/vdcGroups/${g}/dfwPolicies/default`).send({ name: 'allow-all', enabled: false }))).status).toBe('success');
    expect((await acme.get(`${API}/vdcGroups/${g}/dfwPolicies/default`)).body).toMatchObject({ name: 'allow-all', enabled: false });
    expect((await acme.get(`${API}/vdcGroups/${g}`)).body.dfwEnabled).toBe(true);
    expect((await settle(sys, await sys.put(`${API}/vdcGroups/${g}/dfwPolicies`).send({ enabled: false }))).status).toBe('success');
    expect((await acme.get(`${API}/vdcGroups/${g}/dfwPolicies/default`)).status).toBe(400);
  });

  it('a group network serves every VDC of the group; a VDC whose vApps use it may not leave; a group with networks stays', async () => {
    const g = urnOf('vdcGroup', 'acme-group');
    const task = await settle(acme, await acme.post(`${API}/orgVdcNetworks`).send(network('shared-net', g, '10.60.0.1')));
    expect(task.status).toBe('success');
    const net = (await acme.get(`${API}/orgVdcNetworks/${task.owner.id}`)).body;
    expect(net).toMatchObject({ ownerRef: { id: g, name: 'acme-group' }, orgVdc: null, networkType: 'ISOLATED' });
    expect((await acme.get(`${API}/orgVdcNetworks?filter=${encodeURIComponent(`ownerRef.id==${g}`)}`)).body.values.map((n: any) => n.name)).toEqual(['shared-net']);
    // Subnets and names are checked against every VDC of the group.
    await refused(acme.post(`${API}/orgVdcNetworks`).send(network('x', urnOf('vdc', 'acme-dev'), '10.60.0.1')), 400, /overlaps network "shared-net"/);
    await refused(acme.post(`${API}/orgVdcNetworks`).send(network('acme-dev-net', g, '10.61.0.1')), 400, /already exists/);
    // A routed group network needs a gateway of the group.
    const acmeEdge = (await acme.get(`${API}/edgeGateways?filter=name==acme-edge`)).body.values[0].id;
    await refused(acme.post(`${API}/orgVdcNetworks`).send(network('r', g, '10.62.0.1', { networkType: 'NAT_ROUTED', connection: { routerRef: { id: acmeEdge } } })), 400, /does not belong to VDC group/);

    // acme-dev lists it and instantiates a vApp on it.
    const admin = client(sim, await login(sim, 'acme-admin', 'acme'));
    const { vdc, template } = await findInventory(admin, 'acme-dev', 'ubuntu-22.04');
    const listed = vdc.AvailableNetworks.Network;
    const ref = (Array.isArray(listed) ? listed : [listed]).find((n: any) => n.name === 'shared-net');
    expect(ref).toBeDefined();
    const vapp = xml((await instantiate(admin, vdc, instantiateBody({ name: 'dev-on-shared', template, network: { name: 'shared-net', href: ref.href } }))).text).doc;
    await waitTask(sim, admin, vapp.Tasks.Task[0].href);

    const theGroup = (await acme.get(`${API}/vdcGroups/${g}`)).body;
    await refused(acme.put(`${API}/vdcGroups/${g}`).send({ ...theGroup, participatingOrgVdcs: [theGroup.participatingOrgVdcs[0]] }), 400, /acme-dev.*cannot leave.*dev-on-shared/);
    await refused(acme.delete(`${API}/vdcGroups/${g}`), 400, /has org VDC networks \(shared-net\)/);
    await refused(acme.delete(`${API}/orgVdcNetworks/${net.id}`), 400, /vApps use it/);

    await waitTask(sim, admin, xml((await admin.delete(vapp.href)).text).doc.href);
    expect((await settle(acme, await acme.delete(`${API}/orgVdcNetworks/${net.id}`))).status).toBe('success');
    expect((await settle(acme, await acme.put(`${API}/vdcGroups/${g}`).send({ ...theGroup, participatingOrgVdcs: [theGroup.participatingOrgVdcs[0]] }))).status).toBe('success');
    expect((await acme.get(`${API}/vdcGroups/${g}`)).body.participatingOrgVdcCount).toBe(1);
  });

  it('an edge gateway moves into a group (empty of networks), routes its networks, and keeps the group', async () => {
    const g = urnOf('vdcGroup', 'acme-group');
    const edge = (await sys.get(`${API}/edgeGateways?filter=name==acme-edge`)).body.values[0];
    // acme-edge routes acme-web: it cannot move while it does.
    await refused(sys.put(`${API}/edgeGateways/${edge.id}`).send({ ...edge, ownerRef: { id: g }, orgVdc: null }), 400, /cannot be moved: org VDC networks/);
    const spare = await settle(sys, await sys.post(`${API}/edgeGateways`).send({
      name: 'group-edge', ownerRef: { id: g }, edgeGatewayUplinks: [{ uplinkId: edge.edgeGatewayUplinks[0].uplinkId, subnets: { values: [{ gateway: '203.0.113.1', prefixLength: 24, primaryIp: '203.0.113.50', enabled: true }] } }],
    }));
    expect(spare.status).toBe('success');
    const gw = (await sys.get(`${API}/edgeGateways/${spare.owner.id}`)).body;
    expect(gw.ownerRef).toEqual({ name: 'acme-group', id: g });
    expect(gw.orgVdc.name).toBe('acme-vdc');
    const routed = await settle(acme, await acme.post(`${API}/orgVdcNetworks`).send(network('group-routed', g, '10.63.0.1', { networkType: 'NAT_ROUTED', connection: { routerRef: { id: gw.id } } })));
    expect(routed.status).toBe('success');
    expect((await sys.get(`${API}/edgeGateways/${gw.id}`)).body.orgVdcNetworkCount).toBe(1);
    // A VDC network may not use a group's gateway.
    await refused(acme.post(`${API}/orgVdcNetworks`).send(network('v', urnOf('vdc', 'acme-vdc'), '10.64.0.1', { networkType: 'NAT_ROUTED', connection: { routerRef: { id: gw.id } } })), 400, /belongs to a VDC group/);
    await refused(acme.delete(`${API}/vdcGroups/${g}`), 400, /has org VDC networks/);
    expect((await settle(acme, await acme.delete(`${API}/orgVdcNetworks/${routed.owner.id}`))).status).toBe('success');
    await refused(acme.delete(`${API}/vdcGroups/${g}`), 400, /edge gateway "group-edge" belongs to it/);
    // Back to its VDC, then the group may go.
    expect((await settle(sys, await sys.put(`${API}/edgeGateways/${gw.id}`).send({ ...gw, ownerRef: { id: gw.orgVdc.id } }))).status).toBe('success');
    expect((await sys.get(`${API}/edgeGateways/${gw.id}`)).body.ownerRef.name).toBe('acme-vdc');
    expect((await settle(acme, await acme.delete(`${API}/vdcGroups/${g}`))).status).toBe('success');
  });
});

describe('imported networks (OPAQUE) of NSX-T segments', () => {
  let sim: Simulator;
  let sys: C;
  let vdc: string;

  beforeAll(async () => {
    sim = await newSim();
    sys = client(sim, await login(sim, 'administrator', 'System'), CLOUD);
    vdc = `urn:vcloud:vdc:${[...sim.store.all('vdc')].find((v) => v.name === 'acme-vdc')!.id}`;
  });

  const imported = (name: string, segment: string, gateway: string) => ({
    name, ownerRef: { id: vdc }, networkType: 'OPAQUE', backingNetworkId: segment,
    subnets: { values: [{ gateway, prefixLength: 24, ipRanges: { values: [] } }] },
  });

  it('lists importable segments, imports one once, and gives it back on delete', async () => {
    const list = async () => (await sys.get(`${API}/nsxTResources/importableSegments?filter=${encodeURIComponent(`orgVdcId==${vdc}`)}`)).body.values;
    const segments = await list();
    expect(segments.map((s: any) => [s.name, s.alreadyImported])).toEqual([['seg-legacy-app', false], ['seg-backup', false]]);
    const seg = segments[0].switchId;
    expect((await sys.get(`${API}/nsxTResources/importableSegments`)).status).toBe(400);

    const res = await sys.post(`${API}/orgVdcNetworks`).send(imported('legacy', seg, '10.70.0.1'));
    expect(res.status).toBe(202);
    let task = await sys.get(res.headers.location).set('Accept', 'application/*+json;version=38.0');
    for (let i = 0; i < 50 && task.body.status !== 'success'; i++) {
      sim.clock.advance(3000);
      task = await sys.get(res.headers.location).set('Accept', 'application/*+json;version=38.0');
    }
    const net = (await sys.get(`${API}/orgVdcNetworks/${task.body.owner.id}`)).body;
    expect(net).toMatchObject({ networkType: 'OPAQUE', backingNetworkId: seg, backingNetworkType: 'IMPORTED_T_LOGICAL_SWITCH' });
    expect((await list()).find((s: any) => s.switchId === seg).alreadyImported).toBe(true);
    // go-vcloud-director's list offers only the segments not imported yet.
    const switches = await sys.get(`/network/orgvdcnetworks/importableswitches/?orgVdc=${vdc.split(':').pop()}`).set('Accept', 'application/json');
    expect(switches.body.map((s: any) => s.name)).toEqual(['seg-backup']);

    const again = await sys.post(`${API}/orgVdcNetworks`).send(imported('again', seg, '10.71.0.1'));
    expect([again.status, again.body.message]).toEqual([400, expect.stringMatching(/already imported/)]);
    const unknown = await sys.post(`${API}/orgVdcNetworks`).send(imported('unknown', '00000000-0000-4000-8000-000000000000', '10.72.0.1'));
    expect([unknown.status, unknown.body.message]).toEqual([400, expect.stringMatching(/not an importable segment/)]);
    const acme = client(sim, await login(sim, 'acme-admin', 'acme'), CLOUD);
    expect((await acme.post(`${API}/orgVdcNetworks`).send(imported('tenant', segments[1].switchId, '10.73.0.1'))).status).toBe(403);
    expect((await acme.get(`${API}/nsxTResources/importableSegments?filter=orgVdcId==${vdc}`)).status).toBe(403);
    // The type stays.
    expect((await sys.put(`${API}/orgVdcNetworks/${net.id}`).send({ ...net, networkType: 'ISOLATED' })).status).toBe(400);

    const del = await sys.delete(`${API}/orgVdcNetworks/${net.id}`);
    expect(del.status).toBe(202);
    for (let i = 0; i < 50 && sim.store.get('network', net.id.split(':').pop()!); i++) {
      await sys.get(del.headers.location).set('Accept', 'application/*+json;version=38.0');
      sim.clock.advance(3000);
    }
    expect((await list()).every((s: any) => !s.alreadyImported)).toBe(true);
  });

  it('org VDC network query records carry the admin href, as pyvcloud expects', async () => {
    const admin = client(sim, await login(sim, 'acme-admin', 'acme'));
    const res = await admin.get('/api/query?type=orgVdcNetwork&format=records');
    const records = xml(res.text).doc.OrgVdcNetworkRecord;
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) expect(r.href).toMatch(/\/api\/admin\/network\/[0-9a-f-]{36}$/);
  });
});

describe('a VDC deleted out of its group', () => {
  it('leaves the group (its group networks move to the next VDC); the group goes with its last VDC', async () => {
    const sim = await newSim();
    const sys = client(sim, await login(sim, 'administrator', 'System'));
    const vdc = (name: string) => [...sim.store.all('vdc')].find((v) => v.name === name)!;
    const group = [...sim.store.all('vdcGroup')].find((g) => g.name === 'acme-group')!;
    const acme = vdc('acme-vdc');
    sim.store.insert('network', {
      id: sim.store.newId(), orgId: acme.orgId, vdcId: acme.id, vdcGroupId: group.id, name: 'stretched', description: '', fenceMode: 'isolated',
      gateway: '10.91.0.1', prefixLength: 24, dns1: '', dns2: '', dnsSuffix: '', ipRanges: [], isShared: false, allocatedIps: [], created: '',
    });
    const del = async (id: string) => {
      const res = await sys.delete(`/api/admin/vdc/${id}?force=true&recursive=true`);
      expect(res.status).toBe(202);
      await waitTask(sim, sys, xml(res.text).doc.href);
    };
    await del(acme.id);
    const after = sim.store.get('vdcGroup', group.id)!;
    expect(after.vdcIds).toEqual([vdc('acme-dev').id]);
    expect([...sim.store.all('network')].find((n) => n.name === 'stretched')!.vdcId).toBe(vdc('acme-dev').id);
    await del(vdc('acme-dev').id);
    expect(sim.store.get('vdcGroup', group.id)).toBeUndefined();
    expect([...sim.store.all('network')].find((n) => n.name === 'stretched')).toBeUndefined();
  });
});
