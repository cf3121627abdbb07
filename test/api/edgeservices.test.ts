/** Edge gateway services through the CloudAPI, read as clients read them: application port profiles. */
import request from 'supertest';
import { newSim, login, client } from '../support/sim.js';
import { settleTask, type Accepted } from '../support/vcd.js';
import type { Simulator } from '../../src/sim.js';

const JSON_38 = 'application/json;version=38.0';
const API = '/cloudapi/1.0.0';
type C = ReturnType<typeof client>;

let sim: Simulator;
let admin: C;
let vdcUrn: string;

/** Advances the clock until the task in `Location` ends; returns its status. */
const settle = async (c: C, res: Accepted): Promise<string> => (await settleTask(sim, c, res, 1000)).status;

beforeEach(async () => {
  sim = await newSim();
  admin = client(sim, await login(sim, 'acme-admin', 'acme'), JSON_38);
  vdcUrn = JSON.parse((await admin.get(`${API}/vdcs?filter=name==acme-vdc`)).text).values[0].id;
});

const profileBody = (name: string, ports: unknown[] = [{ protocol: 'TCP', destinationPorts: ['8080'] }]) =>
  ({ name, scope: 'TENANT', contextEntityId: vdcUrn, applicationPorts: ports });

describe('application port profiles', () => {
  it('lists NSX-T\'s SYSTEM profiles to every tenant, paged and filtered', async () => {
    const page = JSON.parse((await admin.get(`${API}/applicationPortProfiles?filter=scope==SYSTEM&pageSize=10`)).text);
    expect(page.resultTotal).toBeGreaterThan(40);
    expect(page.values).toHaveLength(10);
    const https = JSON.parse((await admin.get(`${API}/applicationPortProfiles?filter=(name==HTTPS;scope==SYSTEM)`)).text).values[0];
    expect(https).toMatchObject({ scope: 'SYSTEM', orgRef: null, usableForNAT: true, applicationPorts: [{ protocol: 'TCP', destinationPorts: ['443'] }] });
    expect((await admin.get(`${API}/applicationPortProfiles/${https.id}`)).body).toEqual(https);
  });

  it('creates a TENANT profile with a task, updates and deletes it', async () => {
    const created = await admin.post(`${API}/applicationPortProfiles`).set('Content-Type', 'application/json').send(profileBody('web'));
    // Not there until its task succeeds.
    expect(JSON.parse((await admin.get(`${API}/applicationPortProfiles?filter=name==web`)).text).resultTotal).toBe(0);
    expect(await settle(admin, created)).toBe('success');
    const task = JSON.parse((await admin.get(created.headers.location).set('Accept', 'application/*+json;version=38.0')).text);
    const p = (await admin.get(`${API}/applicationPortProfiles/${task.owner.id}`)).body;
    expect(p).toMatchObject({ name: 'web', scope: 'TENANT', contextEntityId: vdcUrn, orgRef: { name: 'acme' }, usableForNAT: true });

    const upd = await admin.put(`${API}/applicationPortProfiles/${p.id}`).set('Content-Type', 'application/json')
      .send({ ...p, description: 'two', applicationPorts: [{ protocol: 'UDP', destinationPorts: ['53', '5000-5010'] }] });
    expect(await settle(admin, upd)).toBe('success');
    expect((await admin.get(`${API}/applicationPortProfiles/${p.id}`)).body).toMatchObject({ description: 'two', usableForNAT: false });

    // Two deletes accepted while the profile is there: one task removes it, the other finds it gone and fails.
    const deletes = [await admin.delete(`${API}/applicationPortProfiles/${p.id}`), await admin.delete(`${API}/applicationPortProfiles/${p.id}`)];
    const ends = [await settle(admin, deletes[0]), await settle(admin, deletes[1])];
    expect([...ends].sort()).toEqual(['error', 'success']);
    const failed = JSON.parse((await admin.get(deletes[ends.indexOf('error')].headers.location).set('Accept', 'application/*+json;version=38.0')).text);
    expect(failed.error.message).toMatch(/\] The application port profile no longer exists\.$/);
    expect((await admin.get(`${API}/applicationPortProfiles/${p.id}`)).status).toBe(403);
  });

  it('refuses bad profiles with VCD\'s 400 and changes nothing', async () => {
    const post = (b: unknown) => admin.post(`${API}/applicationPortProfiles`).set('Content-Type', 'application/json').send(b as object);
    for (const b of [
      profileBody('x', [{ protocol: 'SCTP', destinationPorts: ['1'] }]),
      profileBody('x', [{ protocol: 'TCP', destinationPorts: ['0'] }]),
      profileBody('x', [{ protocol: 'TCP', destinationPorts: ['90-80'] }]),
      profileBody('x', [{ protocol: 'ICMPv4', destinationPorts: ['1'] }]),
      profileBody('x', []),
      profileBody(''),
      { ...profileBody('x'), scope: 'SYSTEM' },
      { ...profileBody('x'), contextEntityId: 'urn:vcloud:org:1' },
    ]) {
      const res = await post(b);
      expect([JSON.stringify(b), res.status, res.body.minorErrorCode]).toEqual([JSON.stringify(b), 400, 'BAD_REQUEST']);
    }
    expect(await settle(admin, await post(profileBody('dup')))).toBe('success');
    expect((await post(profileBody('DUP'))).body.minorErrorCode).toBe('DUPLICATE_NAME');
    // A tenant cannot make PROVIDER profiles, nor change SYSTEM ones.
    const mgr = sim.store.all('nsxtManager').next().value!;
    expect((await post({ ...profileBody('p'), scope: 'PROVIDER', contextEntityId: `urn:vcloud:nsxtManager:${mgr.id}` })).status).toBe(403);
    const ssh = JSON.parse((await admin.get(`${API}/applicationPortProfiles?filter=name==SSH`)).text).values[0];
    expect((await admin.delete(`${API}/applicationPortProfiles/${ssh.id}`)).status).toBe(400);
    expect([...sim.store.all('appPortProfile')].map((p) => p.name)).toEqual(['dup']);
  });

  it('keeps TENANT profiles to their org; PROVIDER profiles serve everyone', async () => {
    expect(await settle(admin, await admin.post(`${API}/applicationPortProfiles`).set('Content-Type', 'application/json').send(profileBody('acme-only')))).toBe('success');
    const sys = client(sim, await login(sim, 'administrator', 'System'), JSON_38);
    const mgr = sim.store.all('nsxtManager').next().value!;
    const res = await sys.post(`${API}/applicationPortProfiles`).set('Content-Type', 'application/json')
      .send({ name: 'shared', scope: 'PROVIDER', contextEntityId: `urn:vcloud:nsxtManager:${mgr.id}`, applicationPorts: [{ protocol: 'TCP', destinationPorts: ['7000'] }] });
    expect(await settle(sys, res)).toBe('success');
    const globex = client(sim, await login(sim, 'globex-admin', 'globex'), JSON_38);
    const names = JSON.parse((await globex.get(`${API}/applicationPortProfiles?filter=scope!=SYSTEM`)).text).values.map((p: { name: string }) => p.name);
    expect(names).toEqual(['shared']);
    const acmeOnly = [...sim.store.all('appPortProfile')].find((p) => p.name === 'acme-only')!;
    expect((await globex.get(`${API}/applicationPortProfiles/urn:vcloud:applicationPortProfile:${acmeOnly.id}`)).status).toBe(403);
    // A vApp Author may read profiles but not make them.
    const alice = client(sim, await login(sim, 'alice', 'acme'), JSON_38);
    expect((await alice.get(`${API}/applicationPortProfiles`)).status).toBe(200);
    expect((await alice.post(`${API}/applicationPortProfiles`).set('Content-Type', 'application/json').send(profileBody('a'))).status).toBe(403);
  });
});

describe('firewall groups, firewall rules and NAT rules of an edge gateway', () => {
  let gw: string;
  const json = (r: { text: string }) => JSON.parse(r.text);
  const post = (path: string, b: object) => admin.post(path).set('Content-Type', 'application/json').send(b);
  const put = (path: string, b: object) => admin.put(path).set('Content-Type', 'application/json').send(b);
  const natBody = (name: string, o: object = {}) => ({ name, type: 'DNAT', externalAddresses: '203.0.113.11', internalAddresses: '10.10.10.5', enabled: true, ...o });

  beforeEach(async () => {
    gw = json(await admin.get(`${API}/edgeGateways?filter=name==acme-edge`)).values[0].id;
  });

  async function ipSet(name: string, ipAddresses = ['192.0.2.1']): Promise<string> {
    const res = await post(`${API}/firewallGroups`, { name, typeValue: 'IP_SET', ownerRef: { id: gw }, ipAddresses });
    expect(await settle(admin, res)).toBe('success');
    return json(await admin.get(res.headers.location).set('Accept', 'application/*+json;version=38.0')).owner.id;
  }

  it('keeps IP sets per gateway, lists them in its context, and refuses a group in use', async () => {
    const id = await ipSet('clients', ['192.0.2.1', '198.51.100.0/24', '10.0.0.1-10.0.0.9']);
    const g = (await admin.get(`${API}/firewallGroups/${id}`)).body;
    expect(g).toMatchObject({ name: 'clients', typeValue: 'IP_SET', ownerRef: { name: 'acme-edge', id: gw }, ipAddresses: ['192.0.2.1', '198.51.100.0/24', '10.0.0.1-10.0.0.9'] });
    expect(json(await admin.get(`${API}/firewallGroups/summaries?filter=_context==${gw}`)).values.map((x: { name: string }) => x.name)).toEqual(['clients']);
    expect(json(await admin.get(`${API}/firewallGroups/summaries?filter=(typeValue==IP_SET;_context==${gw})`)).resultTotal).toBe(1);
    for (const bad of [['300.0.0.1'], ['10.0.0.9-10.0.0.1'], ['10.0.0.0/33']]) {
      expect((await post(`${API}/firewallGroups`, { name: 'bad', typeValue: 'IP_SET', ownerRef: { id: gw }, ipAddresses: bad })).status).toBe(400);
    }
    expect((await post(`${API}/firewallGroups`, { name: 'CLIENTS', typeValue: 'IP_SET', ownerRef: { id: gw }, ipAddresses: [] })).body.minorErrorCode).toBe('DUPLICATE_NAME');
    const rules = { userDefinedRules: [{ name: 'r', action: 'ALLOW', enabled: true, ipProtocol: 'IPV4', direction: 'IN', sourceFirewallGroups: [{ id }] }] };
    expect(await settle(admin, await put(`${API}/edgeGateways/${gw}/firewall/rules`, rules))).toBe('success');
    expect((await admin.delete(`${API}/firewallGroups/${id}`)).status).toBe(400);
    expect(await settle(admin, await admin.delete(`${API}/edgeGateways/${gw}/firewall/rules`))).toBe('success');
    expect(await settle(admin, await admin.delete(`${API}/firewallGroups/${id}`))).toBe('success');
    expect(sim.store.count('firewallGroup')).toBe(0);
  });

  it('keeps firewall rules in the order sent, refuses missing groups and profiles, deletes one or all', async () => {
    const id = await ipSet('admins');
    const https = json(await admin.get(`${API}/applicationPortProfiles?filter=name==HTTPS`)).values[0].id;
    const rule = (name: string, o: object = {}) => ({ name, action: 'ALLOW', enabled: true, ipProtocol: 'IPV4', direction: 'IN_OUT', ...o });
    const rules = [rule('a', { sourceFirewallGroups: [{ id }], applicationPortProfiles: [{ id: https }] }), rule('b', { actionValue: 'REJECT' }), rule('c')];
    expect(await settle(admin, await put(`${API}/edgeGateways/${gw}/firewall/rules`, { userDefinedRules: rules }))).toBe('success');
    const fw = (await admin.get(`${API}/edgeGateways/${gw}/firewall/rules`)).body;
    expect(fw.userDefinedRules.map((r: { name: string }) => r.name)).toEqual(['a', 'b', 'c']);
    expect(fw.userDefinedRules[1]).toMatchObject({ action: 'DROP', actionValue: 'REJECT' });
    expect(fw.userDefinedRules[0].applicationPortProfiles).toEqual([{ name: 'HTTPS', id: https }]);
    expect(fw.defaultRules).toHaveLength(1);
    // Reordered with their ids: the same rules, a new order, a new version.
    const reordered = [fw.userDefinedRules[2], fw.userDefinedRules[0], fw.userDefinedRules[1]];
    expect(await settle(admin, await put(`${API}/edgeGateways/${gw}/firewall/rules`, { userDefinedRules: reordered }))).toBe('success');
    const again = (await admin.get(`${API}/edgeGateways/${gw}/firewall/rules`)).body.userDefinedRules;
    expect(again.map((r: { id: string }) => r.id)).toEqual(reordered.map((r: { id: string }) => r.id));
    expect(again[0].version.version).toBe(1);
    for (const bad of [
      [rule('x', { sourceFirewallGroups: [{ id: 'urn:vcloud:firewallGroup:00000000-0000-4000-8000-000000000000' }] })],
      [rule('x', { applicationPortProfiles: [{ id: 'urn:vcloud:applicationPortProfile:00000000-0000-4000-8000-000000000000' }] })],
      [rule('x', { direction: 'SIDEWAYS' })],
      [rule('')],
    ]) expect((await put(`${API}/edgeGateways/${gw}/firewall/rules`, { userDefinedRules: bad })).status).toBe(400);
    expect((await admin.get(`${API}/edgeGateways/${gw}/firewall/rules/${again[1].id}`)).body.name).toBe('a');
    expect(await settle(admin, await admin.delete(`${API}/edgeGateways/${gw}/firewall/rules/${again[1].id}`))).toBe('success');
    expect((await admin.get(`${API}/edgeGateways/${gw}/firewall/rules/${again[1].id}`)).status).toBe(404);
    expect((await admin.get(`${API}/edgeGateways/${gw}/firewall/rules`)).body.userDefinedRules).toHaveLength(2);
  });

  it('creates NAT rules of every type inside the gateway\'s allocation, by priority, and refuses the rest', async () => {
    for (const b of [
      natBody('dnat', { priority: 20, dnatExternalPort: '8080' }),
      natBody('snat', { type: 'SNAT', externalAddresses: '203.0.113.10', internalAddresses: '10.10.10.0/24', priority: 5 }),
      natBody('no-snat', { type: 'NO_SNAT', externalAddresses: '', internalAddresses: '10.10.10.0/24' }),
      natBody('no-dnat', { type: 'NO_DNAT', internalAddresses: '' }),
      natBody('reflexive', { type: 'REFLEXIVE', externalAddresses: '203.0.113.12-203.0.113.13' }),
      natBody('legacy', { ruleType: 'DNAT', type: undefined, externalAddresses: '203.0.113.14' }),
    ]) expect([b.name, await settle(admin, await post(`${API}/edgeGateways/${gw}/nat/rules`, b))]).toEqual([b.name, 'success']);
    const rules = json(await admin.get(`${API}/edgeGateways/${gw}/nat/rules`)).values;
    expect(rules.map((r: { name: string }) => r.name)).toEqual(['legacy', 'no-dnat', 'no-snat', 'reflexive', 'snat', 'dnat']);
    expect(rules.find((r: { name: string }) => r.name === 'reflexive')).toMatchObject({ type: 'REFLEXIVE', ruleType: null });
    for (const [why, b] of [
      ['outside the allocation', natBody('x', { externalAddresses: '203.0.113.99' })],
      ['a range running outside', natBody('x', { externalAddresses: '203.0.113.13-203.0.113.15' })],
      ['no internal address', natBody('x', { internalAddresses: '' })],
      ['NO_SNAT with external', natBody('x', { type: 'NO_SNAT' })],
      ['a bad type', natBody('x', { type: 'MASQUERADE' })],
      ['a bad port', natBody('x', { dnatExternalPort: '99999' })],
      ['a negative priority', natBody('x', { priority: -1 })],
      ['a missing profile', natBody('x', { applicationPortProfile: { id: 'urn:vcloud:applicationPortProfile:00000000-0000-4000-8000-000000000000' } })],
    ] as [string, object][]) {
      const res = await post(`${API}/edgeGateways/${gw}/nat/rules`, b);
      expect([why, res.status]).toEqual([why, 400]);
    }
    expect((await post(`${API}/edgeGateways/${gw}/nat/rules`, natBody('DNAT'))).body.minorErrorCode).toBe('DUPLICATE_NAME');
    expect(sim.store.count('natRule')).toBe(6);
  });

  it('updates a NAT rule at its current version only, and deletes it', async () => {
    expect(await settle(admin, await post(`${API}/edgeGateways/${gw}/nat/rules`, natBody('web')))).toBe('success');
    const r = json(await admin.get(`${API}/edgeGateways/${gw}/nat/rules`)).values[0];
    expect(await settle(admin, await put(`${API}/edgeGateways/${gw}/nat/rules/${r.id}`, { ...r, externalAddresses: '203.0.113.12' }))).toBe('success');
    const after = (await admin.get(`${API}/edgeGateways/${gw}/nat/rules/${r.id}`)).body;
    expect(after).toMatchObject({ externalAddresses: '203.0.113.12', version: { version: 1 } });
    // The version read before the update is stale now.
    expect((await put(`${API}/edgeGateways/${gw}/nat/rules/${r.id}`, { ...r, description: 'stale' })).status).toBe(400);
    expect(await settle(admin, await admin.delete(`${API}/edgeGateways/${gw}/nat/rules/${r.id}`))).toBe('success');
    expect((await admin.get(`${API}/edgeGateways/${gw}/nat/rules/${r.id}`)).status).toBe(404);
  });

  it('is busy while a change is applied: a concurrent one gets VCD\'s busy error', async () => {
    const first = await post(`${API}/edgeGateways/${gw}/nat/rules`, natBody('first'));
    expect(first.status).toBe(202);
    for (const res of [
      await post(`${API}/edgeGateways/${gw}/nat/rules`, natBody('second')),
      await put(`${API}/edgeGateways/${gw}/firewall/rules`, { userDefinedRules: [] }),
      await admin.delete(`${API}/edgeGateways/${gw}/firewall/rules`),
    ]) {
      expect(res.status).toBe(400);
      expect(res.body.minorErrorCode).toBe('BUSY_ENTITY');
      expect(res.body.message).toMatch(/The entity gateway "acme-edge" is busy completing an operation\.$/);
    }
    expect(await settle(admin, first)).toBe('success');
    expect(await settle(admin, await post(`${API}/edgeGateways/${gw}/nat/rules`, natBody('second', { externalAddresses: '203.0.113.12' })))).toBe('success');
  });

  it('stays busy while a fault rule stalls its change (task-stall on kind edgeGateway), until the stall ends', async () => {
    sim.faults.add({ id: 'hold-edge', match: { kind: 'edgeGateway' }, action: { type: 'task-stall', for: '2m' } });
    const first = await post(`${API}/edgeGateways/${gw}/nat/rules`, natBody('held'));
    sim.clock.advance(60_000);
    expect((await post(`${API}/edgeGateways/${gw}/nat/rules`, natBody('next', { externalAddresses: '203.0.113.12' }))).body.minorErrorCode).toBe('BUSY_ENTITY');
    sim.faults.remove('hold-edge');
    expect(await settle(admin, first)).toBe('success');
  });

  it('keeps other tenants out and asks for the gateway rights', async () => {
    const globex = client(sim, await login(sim, 'globex-admin', 'globex'), JSON_38);
    expect((await globex.get(`${API}/edgeGateways/${gw}/nat/rules`)).status).toBe(403);
    expect((await globex.post(`${API}/edgeGateways/${gw}/nat/rules`).set('Content-Type', 'application/json').send(natBody('x'))).status).toBe(403);
    const alice = client(sim, await login(sim, 'alice', 'acme'), JSON_38);
    expect((await alice.post(`${API}/edgeGateways/${gw}/nat/rules`).set('Content-Type', 'application/json').send(natBody('x'))).status).toBe(403);
    expect((await alice.get(`${API}/edgeGateways/${gw}/firewall/rules`)).status).toBe(403);
  });

  it('shows each gateway\'s rule counts, and its busy state, on the dashboard', async () => {
    const gateways = async () => (await request(sim.app).get('/_vcdsim/ui/state').expect(200)).body.gateways as { name: string; natRules: number; firewallRules: number; firewallGroups: number; busy: boolean }[];
    const first = await post(`${API}/edgeGateways/${gw}/nat/rules`, natBody('shown'));
    expect((await gateways()).find((g) => g.name === 'acme-edge')).toMatchObject({ natRules: 0, busy: true });
    expect(await settle(admin, first)).toBe('success');
    await ipSet('shown');
    expect((await gateways()).find((g) => g.name === 'acme-edge')).toEqual(expect.objectContaining({ natRules: 1, firewallRules: 0, firewallGroups: 1, busy: false }));
  });

  it('keeps static routes with their next hops; the new route\'s id is in its task\'s Details', async () => {
    const route = { name: 'branch', networkCidr: '10.50.0.0/16', nextHops: [{ ipAddress: '203.0.113.1', adminDistance: 2 }] };
    const res = await post(`${API}/edgeGateways/${gw}/routing/staticRoutes`, route);
    expect(await settle(admin, res)).toBe('success');
    const id = json(await admin.get(res.headers.location).set('Accept', 'application/*+json;version=38.0')).details;
    expect((await admin.get(`${API}/edgeGateways/${gw}/routing/staticRoutes/${id}`)).body)
      .toEqual({ id, name: 'branch', description: '', networkCidr: '10.50.0.0/16', nextHops: [{ ipAddress: '203.0.113.1', adminDistance: 2, scope: null }], systemOwned: false });
    for (const bad of [{ ...route, name: 'x', networkCidr: '10.0.0.0' }, { ...route, name: 'x', nextHops: [] }, { ...route, name: 'x', nextHops: [{ ipAddress: 'gw' }] },
      { ...route, name: 'x', nextHops: [{ ipAddress: '203.0.113.1', adminDistance: 0 }] }]) {
      expect((await post(`${API}/edgeGateways/${gw}/routing/staticRoutes`, bad)).status).toBe(400);
    }
    expect((await post(`${API}/edgeGateways/${gw}/routing/staticRoutes`, route)).body.minorErrorCode).toBe('DUPLICATE_NAME');
    expect(await settle(admin, await put(`${API}/edgeGateways/${gw}/routing/staticRoutes/${id}`, { ...route, description: 'd' }))).toBe('success');
    expect(json(await admin.get(`${API}/edgeGateways/${gw}/routing/staticRoutes`)).values[0].description).toBe('d');
    expect(await settle(admin, await admin.delete(`${API}/edgeGateways/${gw}/routing/staticRoutes/${id}`))).toBe('success');
    expect(sim.store.count('staticRoute')).toBe(0);
  });

  it('leaves nothing behind when the gateway goes', async () => {
    const id = await ipSet('gone');
    expect(await settle(admin, await post(`${API}/edgeGateways/${gw}/nat/rules`, natBody('gone')))).toBe('success');
    expect(await settle(admin, await put(`${API}/edgeGateways/${gw}/firewall/rules`, { userDefinedRules: [{ name: 'r', action: 'ALLOW', sourceFirewallGroups: [{ id }] }] }))).toBe('success');
    expect(await settle(admin, await post(`${API}/edgeGateways/${gw}/routing/staticRoutes`, { name: 'r', networkCidr: '10.9.0.0/16', nextHops: [{ ipAddress: '203.0.113.1' }] }))).toBe('success');
    sim.store.remove('edgeGateway', gw.split(':').pop()!);
    expect([sim.store.count('natRule'), sim.store.count('firewallGroup'), sim.store.count('edgeFirewall'), sim.store.count('staticRoute')]).toEqual([0, 0, 0, 0]);
  });
});
