/** Edge gateway services through the CloudAPI, read as clients read them: application port profiles. */
import { newSim, login, client } from '../support/sim.js';
import type { Simulator } from '../../src/sim.js';

const JSON_38 = 'application/json;version=38.0';
const API = '/cloudapi/1.0.0';
type C = ReturnType<typeof client>;

let sim: Simulator;
let admin: C;
let vdcUrn: string;

/** Advances the clock until the task in `Location` ends; returns its status. */
async function settle(c: C, res: { status: number; headers: Record<string, string>; text: string }): Promise<string> {
  expect([res.status, res.text]).toEqual([202, '']);
  const href = res.headers.location;
  for (let i = 0; i < 100; i++) {
    const t = JSON.parse((await c.get(href).set('Accept', 'application/*+json;version=38.0')).text);
    if (!['queued', 'preRunning', 'running'].includes(t.status)) return t.status;
    sim.clock.advance(1000);
  }
  throw new Error('task did not end');
}

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

    expect(await settle(admin, await admin.delete(`${API}/applicationPortProfiles/${p.id}`))).toBe('success');
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
