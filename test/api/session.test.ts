/** Logging in and out the way pyvcloud and go-vcloud-director do. */
import request from 'supertest';
import { newSim, login, client, xml, findLink, XML } from '../support/sim.js';
import type { Simulator } from '../../src/sim.js';

let sim: Simulator;
beforeEach(async () => {
  sim = await newSim();
});

describe('GET /api/versions', () => {
  it('lists 37.0 and 36.0 with CloudAPI login URLs built from the Host header, without auth', async () => {
    const res = await request(sim.app).get('/api/versions').set('Host', 'vcd.example:9443');
    expect(res.status).toBe(200);
    const { root, doc } = xml(res.text);
    expect(root).toBe('SupportedVersions');
    expect(doc.xmlns).toBe('http://www.vmware.com/vcloud/versions');
    const byVersion = new Map(doc.VersionInfo.map((v: any) => [v.Version, v]));
    // Patch levels too, as VCD 10.5.1 lists them: go-vcloud-director asks for 37.1 once it sees it.
    for (const v of ['33.0', '36.0', '37.0', '37.1', '37.2', '37.3', '38.1']) expect(byVersion.get(v)).toBeDefined();
    const v37: any = byVersion.get('37.0');
    expect(v37.deprecated).toBe('false');
    expect(v37.LoginUrl).toBe('http://vcd.example:9443/cloudapi/1.0.0/sessions');
    expect(v37.ProviderLoginUrl).toBe('http://vcd.example:9443/cloudapi/1.0.0/sessions/provider');
    expect((byVersion.get('35.0') as any).LoginUrl).toBe('http://vcd.example:9443/api/sessions');
  });
});

describe('CloudAPI login', () => {
  it('answers 200 with a long bearer token and the Session JSON (pyvcloud requires exactly 200)', async () => {
    const res = await request(sim.app)
      .post('/cloudapi/1.0.0/sessions')
      .set('Accept', 'application/json;version=36.0')
      .auth('alice@acme', 'password');
    expect(res.status).toBe(200);
    const token = res.headers['x-vmware-vcloud-access-token'];
    expect(token.length).toBeGreaterThan(32);
    expect(res.headers['x-vmware-vcloud-token-type']).toBe('Bearer');
    expect(res.headers['content-type']).toBe('application/json;version=36.0');
    expect(res.body).toMatchObject({ user: { name: 'alice' }, org: { name: 'acme' }, roles: ['vApp Author'] });
    expect(res.body.id).toMatch(/^urn:vcloud:session:[0-9a-f-]{36}$/);
  });

  it('logs the System administrator in on the provider endpoint (go sends Accept application/*)', async () => {
    const res = await request(sim.app)
      .post('/cloudapi/1.0.0/sessions/provider')
      .set('Accept', 'application/*;version=37.0')
      .auth('administrator@System', 'password');
    expect(res.status).toBe(200);
    expect(res.body.org.name).toBe('System');
  });

  it('refuses a tenant user on the provider endpoint with 401, as VCD does', async () => {
    const res = await request(sim.app).post('/cloudapi/1.0.0/sessions/provider').set('Accept', 'application/*;version=37.0').auth('acme-admin@acme', 'password');
    expect(res.status).toBe(401);
    expect(res.body.minorErrorCode).toBe('NOT_AUTHENTICATED');
    expect(res.headers['x-vmware-vcloud-access-token']).toBeUndefined();
  });

  it.each([
    ['wrong password', 'alice@acme', 'nope'],
    ['unknown org', 'alice@nowhere', 'password'],
    ['user of another org', 'alice@globex', 'password'],
  ])('refuses a %s with 401 and the CloudAPI error JSON', async (_what, user, password) => {
    const res = await request(sim.app).post('/cloudapi/1.0.0/sessions').set('Accept', 'application/json;version=37.0').auth(user, password);
    expect(res.status).toBe(401);
    expect(res.body.minorErrorCode).toBe('NOT_AUTHENTICATED');
    expect(res.body.message).toMatch(/^\[ [0-9a-f-]{36} \] /);
    expect(res.headers['x-vmware-vcloud-access-token']).toBeUndefined();
  });
});

describe('legacy login', () => {
  it('POST /api/sessions returns the Session document and both token headers', async () => {
    const res = await request(sim.app).post('/api/sessions').set('Accept', 'application/*+xml;version=32.0').auth('acme-admin@acme', 'password');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.vmware.vcloud.session+xml;version=32.0');
    expect(res.headers['x-vcloud-authorization']).toBeTruthy();
    expect(res.headers['x-vmware-vcloud-access-token']).toBe(res.headers['x-vcloud-authorization']);
    const { root, doc } = xml(res.text);
    expect(root).toBe('Session');
    expect(doc).toMatchObject({ user: 'acme-admin', org: 'acme', roles: 'Organization Administrator' });
    expect(doc.xmlns).toBe('http://www.vmware.com/vcloud/v1.5');
  });

  it('a bad password gets 401 with an XML Error document', async () => {
    const res = await request(sim.app).post('/api/sessions').set('Accept', XML).auth('acme-admin@acme', 'bad');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/vnd\.vmware\.vcloud\.error\+xml;version=37\.0/);
    const { root, doc } = xml(res.text);
    expect(root).toBe('Error');
    expect(doc.majorErrorCode).toBe('401');
  });
});

describe('GET /api/session (what pyvcloud does right after a CloudAPI login)', () => {
  it('carries the links pyvcloud navigates by rel and type', async () => {
    const token = await login(sim, 'alice', 'acme');
    const res = await client(sim, token).get('/api/session');
    expect(res.status).toBe(200);
    const { doc } = xml(res.text);
    expect(findLink(doc, 'down', 'application/vnd.vmware.vcloud.orgList+xml').href).toBe('http://vcd.test/api/org/');
    expect(findLink(doc, 'down', 'application/vnd.vmware.vcloud.org+xml', 'acme').href).toMatch(/\/api\/org\/[0-9a-f-]{36}$/);
    expect(findLink(doc, 'down', 'application/vnd.vmware.vcloud.query.queryList+xml').href).toBe('http://vcd.test/api/query');
    expect(findLink(doc, 'remove').type).toBeUndefined();
    // A vApp Author is no administrator: no admin link.
    expect(() => findLink(doc, 'down', 'application/vnd.vmware.admin.vcloud+xml')).toThrow();
    expect(doc.AuthorizedLocations.Location.OrgName).toBe('acme');
  });

  it('accepts the token in each header clients use', async () => {
    const token = await login(sim, 'bob', 'acme');
    for (const [name, value] of [
      ['Authorization', `Bearer ${token}`],
      ['Authorization', `bearer ${token}`],
      ['X-VMWARE-VCLOUD-ACCESS-TOKEN', token],
      ['x-vcloud-authorization', token],
    ]) {
      const res = await request(sim.app).get('/api/session').set('Accept', XML).set(name, value);
      expect(res.status).toBe(200);
    }
  });

  it('answers 401 without a token or with a forged one', async () => {
    expect((await request(sim.app).get('/api/session').set('Accept', XML)).status).toBe(401);
    const res = await request(sim.app).get('/api/org').set('Accept', XML).set('Authorization', 'Bearer forged');
    expect(res.status).toBe(401);
    expect(xml(res.text).root).toBe('Error');
  });
});

describe('logout and expiry', () => {
  it('DELETE /api/session and DELETE /cloudapi/1.0.0/sessions both end the session', async () => {
    for (const path of ['/api/session', '/cloudapi/1.0.0/sessions', '/cloudapi/1.0.0/sessions/provider']) {
      const token = await login(sim, 'administrator', 'System');
      const c = client(sim, token);
      expect((await c.delete(path)).status).toBe(204);
      expect((await c.get('/api/session')).status).toBe(401);
    }
  });

  it('takes the token header twice, as go-vcloud-director\'s Disconnect sends it', async () => {
    const token = await login(sim, 'alice', 'acme');
    const res = await request(sim.app).delete('/cloudapi/1.0.0/sessions')
      .set('Accept', 'application/*+xml;version=37.0')
      .set('X-VMWARE-VCLOUD-ACCESS-TOKEN', [token, token] as unknown as string);
    expect(res.status).toBe(204);
    expect((await client(sim, token).get('/api/session')).status).toBe(401);
  });

  it('GET and DELETE /cloudapi/1.0.0/sessions/{id} work on the caller\'s own session only', async () => {
    const token = await login(sim, 'alice', 'acme');
    const c = client(sim, token, 'application/json;version=37.0');
    const current = await c.get('/cloudapi/1.0.0/sessions/current');
    expect(current.status).toBe(200);
    expect((await c.get(`/cloudapi/1.0.0/sessions/${current.body.id}`)).body.user.name).toBe('alice');
    const other = await login(sim, 'bob', 'acme');
    const otherId = (await client(sim, other, 'application/json;version=37.0').get('/cloudapi/1.0.0/sessions/current')).body.id;
    expect((await c.delete(`/cloudapi/1.0.0/sessions/${otherId}`)).status).toBe(403);
    expect((await c.delete(`/cloudapi/1.0.0/sessions/${current.body.id}`)).status).toBe(204);
  });

  it('measures idle time in real time by default: simulated hours pass, the client has not paused', async () => {
    const token = await login(sim, 'alice', 'acme');
    const c = client(sim, token);
    sim.clock.advance(3 * 60 * 60_000);
    expect((await c.get('/api/org')).status).toBe(200);
  });

  it('expires a session after the idle timeout in real time', async () => {
    const quick = await newSim();
    const c = client(quick, await login(quick, 'alice', 'acme'));
    quick.config.sessionIdleMinutes = 0.5 / 60; // half a second
    expect((await c.get('/api/org')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect((await c.get('/api/org')).status).toBe(200); // the pause was shorter; the request renews it
    await new Promise((r) => setTimeout(r, 700));
    const res = await c.get('/api/org');
    expect(res.status).toBe(401);
    expect(res.text).toContain('The session has expired');
    await quick.stop();
  });

  it('expires a session after the idle timeout on the simulated clock, when asked to', async () => {
    sim.config.sessionIdleClock = 'simulated';
    const token = await login(sim, 'alice', 'acme');
    const c = client(sim, token);
    sim.clock.advance(29 * 60_000);
    expect((await c.get('/api/org')).status).toBe(200);
    sim.clock.advance(31 * 60_000);
    const res = await c.get('/api/org');
    expect(res.status).toBe(401);
  });
});
