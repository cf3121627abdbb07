/** Render-cache hits answered ahead of Express: the same answer, logs, metrics, faults and session rules. */
import request from 'supertest';
import { client, login, newSim, XML } from '../support/sim.js';
import type { Simulator } from '../../src/sim.js';

let sim: Simulator;
let token: string;
let c: ReturnType<typeof client>;
beforeEach(async () => {
  sim = await newSim();
  token = await login(sim, 'alice', 'acme');
  c = client(sim, token);
});

/** The render cache keeps a document from its second rendering: two GETs put /api/org there. */
const cacheOrg = async () => {
  await c.get('/api/org');
  return c.get('/api/org');
};

const requestsOf = async (route: string) => {
  const text = (await request(sim.app).get('/_vcdsim/metrics')).text;
  return text.split('\n').filter((l) => l.startsWith('vcdsim_http_requests_total{') && l.includes(`route="${route}"`));
};

it('a repeated GET gets the same document and headers, with its own request id, and counts under its route', async () => {
  const first = await cacheOrg();
  const second = await c.get('/api/org');
  expect(second.status).toBe(200);
  expect(second.text).toBe(first.text);
  expect(second.headers['content-type']).toBe(first.headers['content-type']);
  expect(second.headers['x-vmware-vcloud-request-id']).not.toBe(first.headers['x-vmware-vcloud-request-id']);
  expect(second.headers['x-vmware-vcloud-request-execution-time']).toMatch(/^\d+$/);
  expect(await requestsOf('/api/org')).toEqual([expect.stringMatching(/method="GET",route="\/api\/org",status="200"\} 3$/)]);
  expect(await requestsOf('unmatched')).toEqual([]);
  const log = sim.faults.requestLog.since(0, 10).entries.slice(1); // after the login
  expect(log.map((e) => [e.path, e.status, e.user, e.org])).toEqual(Array(3).fill(['/api/org', 200, 'alice', 'acme']));
  expect(log[2].id).toBe(second.headers['x-vmware-vcloud-request-id']);
});

it('a fault rule that fires on a cached document is decided once and acted on', async () => {
  await cacheOrg();
  sim.faults.add({ id: 'flap', match: { path: '/api/org' }, action: { type: 'error', status: 503, retryAfter: 5 }, count: 1 });
  const spoiled = await c.get('/api/org');
  expect(spoiled.status).toBe(503);
  expect(spoiled.headers['retry-after']).toBe('5');
  expect(spoiled.text).toContain('SERVICE_UNAVAILABLE');
  expect(sim.faults.get('flap')).toMatchObject({ matched: 1, fired: 1, state: 'spent' });
  expect((await c.get('/api/org')).status).toBe(200);
  expect(sim.faults.requestLog.since(0, 10).entries.slice(3).map((e) => [e.status, e.fault])).toEqual([[503, 'flap'], [200, undefined]]);
});

it('a session that expired while its document was cached answers 401 and ends', async () => {
  sim.config.sessionIdleClock = 'simulated'; // idle time on the clock the test moves
  await cacheOrg();
  sim.clock.advance(31 * 60_000);
  const res = await c.get('/api/org');
  expect(res.status).toBe(401);
  expect(res.text).toContain('The session has expired');
  expect((await c.get('/api/org')).status).toBe(401);
});

it('a GET the pipeline would refuse is refused the same way when its document is cached', async () => {
  await cacheOrg();
  const wrongAccept = await request(sim.app).get('/api/org').set('Host', 'vcd.test').set('Accept', 'text/plain').set('Authorization', `Bearer ${token}`);
  expect(wrongAccept.status).toBe(406);
  const tooLarge = await request(sim.app).get('/api/org').set('Host', 'vcd.test').set('Accept', XML).set('Authorization', `Bearer ${token}`)
    .set('Content-Type', 'application/*+xml').send(`<a>${'x'.repeat(1_100_000)}</a>`);
  expect(tooLarge.status).toBe(413);
});
