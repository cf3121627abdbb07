/** Fault rules seen by clients over HTTP (in process): error documents, org and user rules, latency, logs. */
import request from 'supertest';
import { newSim, login, client, xml, XML, JSON_ACCEPT } from '../support/sim.js';
import { basic } from '../support/faults.js';
import type { Simulator } from '../../src/sim.js';

let sim: Simulator;
beforeEach(async () => {
  sim = await newSim();
});
afterEach(() => sim.stop());

describe('error', () => {
  it('answers with a VCD Error document in the negotiated format, with Retry-After', async () => {
    sim.faults.add({ id: 'busy', match: { path: '/api/org' }, action: { type: 'error', status: 503, minorCode: 'BUSY_ENTITY', retryAfter: 5 } });
    const c = client(sim, await login(sim, 'alice', 'acme'));
    const res = await c.get('/api/org');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.headers['content-type']).toBe('application/vnd.vmware.vcloud.error+xml;version=37.0');
    const { root, doc } = xml(res.text);
    expect(root).toBe('Error');
    expect(doc).toMatchObject({ majorErrorCode: '503', minorErrorCode: 'BUSY_ENTITY' });
    expect(doc.message).toBe(`[ ${res.headers['x-vmware-vcloud-request-id']} ] The service is temporarily unavailable. Try again later.`);

    const json = await client(sim, await login(sim, 'alice', 'acme'), JSON_ACCEPT).get('/api/org');
    expect(json.headers['content-type']).toBe('application/vnd.vmware.vcloud.error+json;version=37.0');
    expect(json.body).toMatchObject({ majorErrorCode: 503, minorErrorCode: 'BUSY_ENTITY' });
  });

  it('answers CloudAPI requests with its JSON error, and applies before authentication (logins, versions)', async () => {
    sim.faults.add({ id: 'cloud', match: { path: '/cloudapi/**' }, action: { type: 'error', status: 500 } });
    sim.faults.add({ id: 'versions', match: { path: '/api/versions' }, action: { type: 'error', status: 429, retryAfter: '1m' } });
    const res = await request(sim.app).post('/cloudapi/1.0.0/sessions').set('Accept', 'application/json;version=37.0').set('Authorization', basic('alice', 'acme'));
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ minorErrorCode: 'INTERNAL_SERVER_ERROR', message: expect.stringContaining('An internal error occurred.') });
    const versions = await request(sim.app).get('/api/versions');
    expect(versions.status).toBe(429);
    expect(versions.headers['retry-after']).toBe('60');
    expect(xml(versions.text).doc.minorErrorCode).toBe('TOO_MANY_REQUESTS');
  });

  it('hits one org only: its logins and its sessions, while other orgs keep working', async () => {
    const acmeToken = await login(sim, 'alice', 'acme');
    sim.faults.add({ id: 'acme-down', match: { org: 'acme' }, action: { type: 'error', status: 502 } });
    expect((await client(sim, acmeToken).get('/api/org')).status).toBe(502);
    const acmeLogin = await request(sim.app).post('/api/sessions').set('Accept', XML).set('Authorization', basic('bob', 'acme'));
    expect(acmeLogin.status).toBe(502);
    expect((await client(sim, await login(sim, 'gina', 'globex')).get('/api/org')).status).toBe(200);
    expect((await request(sim.app).get('/api/versions')).status).toBe(200);
  });

  it('matches a user at login, before authentication', async () => {
    sim.faults.add({ match: { user: 'bob' }, action: { type: 'error', status: 401 } });
    expect((await request(sim.app).post('/api/sessions').set('Accept', XML).set('Authorization', basic('bob', 'acme'))).status).toBe(401);
    expect((await request(sim.app).post('/api/sessions').set('Accept', XML).set('Authorization', basic('alice', 'acme'))).status).toBe(200);
  });

  it('with after: true, carries the request out and replaces only its answer', async () => {
    const token = await login(sim, 'alice', 'acme');
    sim.faults.add({ match: { method: 'DELETE', path: '/api/session' }, action: { type: 'error', status: 500, after: true }, count: 1 });
    const c = client(sim, token);
    const res = await c.delete('/api/session');
    expect(res.status).toBe(500);
    expect(xml(res.text).doc.minorErrorCode).toBe('INTERNAL_SERVER_ERROR');
    // The logout happened although the client was told it failed.
    expect((await c.get('/api/org')).status).toBe(401);
  });
});

describe('latency', () => {
  it('holds answers for real milliseconds', async () => {
    sim.faults.add({ match: { path: '/api/versions' }, action: { type: 'latency', ms: 150 } });
    const started = Date.now();
    const res = await request(sim.app).get('/api/versions');
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    const quick = Date.now();
    await request(sim.app).get('/api/org');
    expect(Date.now() - quick).toBeLessThan(140);
  });
});

describe('the control API', () => {
  it('is never faulted', async () => {
    sim.faults.add({ action: 'reset' });
    sim.faults.add({ match: { path: '/**' }, action: { type: 'error', status: 500 } });
    expect((await request(sim.app).get('/_vcdsim/health')).status).toBe(200);
  });
});

describe('logs', () => {
  it('records every exchange and every injected fault, readable from a cursor', async () => {
    const token = await login(sim, 'alice', 'acme');
    const cursor = sim.faults.requestLog.last;
    sim.faults.add({ id: 'once', match: { path: '/api/org' }, action: { type: 'error', status: 500 }, count: 1 });
    const c = client(sim, token);
    await c.get('/api/org');
    await c.get('/api/org');
    await request(sim.app).get('/_vcdsim/health');
    const page = sim.faults.requestLog.since(cursor);
    expect(page.entries.map((e) => [e.method, e.path, e.status, e.outcome, e.org, e.user, e.fault])).toEqual([
      ['GET', '/api/org', 500, 'answered', 'acme', 'alice', 'once'],
      ['GET', '/api/org', 200, 'answered', 'acme', 'alice', undefined],
    ]);
    expect(page.next).toBe(cursor + 2);
    expect(sim.faults.requestLog.since(page.next).entries).toEqual([]);
    const faults = sim.faults.faultLog.since(0).entries;
    expect(faults).toHaveLength(1);
    expect(faults[0]).toMatchObject({ rule: 'once', action: 'error', request: { method: 'GET', path: '/api/org', org: 'acme', user: 'alice' }, detail: { status: 500 } });
    expect(faults[0].request!.id).toBe(page.entries[0].id);
  });
});
