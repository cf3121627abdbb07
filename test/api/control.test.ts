/** The control API under /_vcdsim: routes, JSON errors, access rules, reset and snapshots. */
import request from 'supertest';
import type { Request } from 'express';
import { newSim, login, client, XML } from '../support/sim.js';
import { startTask } from '../support/faults.js';
import type { Simulator } from '../../src/sim.js';
import { controlAccess } from '../../src/control/access.js';
import { ControlError } from '../../src/control/errors.js';
import { createLogger } from '../../src/logger.js';

let sim: Simulator;
beforeEach(async () => {
  sim = await newSim();
});
afterEach(() => sim.stop());

const ctl = () => request(sim.app);

describe('fault rules', () => {
  it('adds, lists, reads and removes rules', async () => {
    const added = await ctl().post('/_vcdsim/faults').send({ id: 'r1', match: { org: 'acme' }, action: 'partition', duration: '2m' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ id: 'r1', owner: 'api', action: { type: 'partition', mode: 'reset' }, match: { org: ['acme'] }, state: 'active', fired: 0 });
    expect(Date.parse(added.body.until) - Date.parse(added.body.from)).toBe(120_000);
    const two = await ctl().post('/_vcdsim/faults').send([{ action: 'reset' }, { action: { type: 'latency', ms: 5 } }]);
    expect(two.status).toBe(201);
    expect(two.body.map((r: { id: string }) => r.id)).toEqual(['fault-1', 'fault-2']);
    expect((await ctl().get('/_vcdsim/faults')).body.map((r: { id: string }) => r.id)).toEqual(['r1', 'fault-1', 'fault-2']);
    expect((await ctl().get('/_vcdsim/faults/r1')).body.id).toBe('r1');
    expect((await ctl().delete('/_vcdsim/faults/r1')).status).toBe(204);
    expect((await ctl().get('/_vcdsim/faults/r1')).status).toBe(404);
    expect((await ctl().delete('/_vcdsim/faults')).body).toEqual({ removed: 2 });
  });

  it('refuses invalid rules with every problem, and adds none of a list with one bad rule', async () => {
    const res = await ctl().post('/_vcdsim/faults').send([{ action: 'reset' }, { action: { type: 'eror', status: 500 }, match: { colour: 'red' } }]);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      status: 400,
      message: 'The fault rule is not valid.',
      problems: [{ path: '[1].action.type', message: expect.stringContaining('"eror" is not one of: error, latency') }],
    });
    expect(sim.faults.size).toBe(0);
    const task = await ctl().post('/_vcdsim/faults').send({ match: { method: 'GET' }, action: 'task-failure' });
    expect(task.body.error.problems).toEqual([{ path: 'match.method', message: 'unknown key "method" (expected one of: operation, kind, org, user)' }]);
    await ctl().post('/_vcdsim/faults').send({ id: 'x', action: 'reset' });
    expect((await ctl().post('/_vcdsim/faults').send({ id: 'x', action: 'reset' })).status).toBe(409);
    const notJson = await ctl().post('/_vcdsim/faults').set('Content-Type', 'application/json').send('{oops');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.message).toMatch(/not valid JSON/);
  });
});

describe('what the control API returns can be given back', () => {
  it('fault rules: the list, posted back as it is, makes the same rules', async () => {
    const rules = [
      { id: 'e', match: { method: 'POST', path: '/api/vApp/*/power/action/*' }, action: { type: 'error', status: 503, retryAfter: 5 }, probability: 0.2 },
      { id: 'l', action: { type: 'latency', distribution: 'uniform', minMs: 10, maxMs: 20 }, from: '30s', duration: '2m' },
      { id: 'f', match: { operation: 'vdcInstantiateVapp' }, action: { type: 'task-failure', message: 'The datastore is not accessible.' }, skip: 2, count: 1 },
      { id: 's', action: { type: 'task-stall', for: '90s', fail: true } },
      { id: 'p', match: { org: 'acme' }, action: 'partition', until: null },
      { id: 'x', action: { type: 'exhaust', vdc: 'acme-vdc', storageMB: 0 } },
      { id: 'r', action: { type: 'reset', after: true } },
    ];
    expect((await ctl().post('/_vcdsim/faults').send(rules)).status).toBe(201);
    const listed = (await ctl().get('/_vcdsim/faults')).body;
    expect(listed.find((r: { id: string }) => r.id === 'e').action).toEqual({ type: 'error', status: 503, minorCode: 'SERVICE_UNAVAILABLE', message: expect.any(String), after: false, retryAfter: 5 });
    expect(listed.find((r: { id: string }) => r.id === 'p').until).toBeNull();
    expect((await ctl().delete('/_vcdsim/faults')).body).toEqual({ removed: rules.length });
    const again = await ctl().post('/_vcdsim/faults').send(listed);
    expect(again.status).toBe(201);
    expect((await ctl().get('/_vcdsim/faults')).body).toEqual(listed);
    // One at a time too, into another simulator.
    const other = await newSim();
    for (const rule of listed) expect((await request(other.app).post('/_vcdsim/faults').send(rule)).status).toBe(201);
    expect((await request(other.app).get('/_vcdsim/faults')).body).toEqual(listed);
    await other.stop();
  });

  it('scenario runs: the report carries the scenario, and posting it back plays the same run', async () => {
    const first = (await ctl().post('/_vcdsim/scenarios').send({ name: 'stall-then-fail', speed: 0, fastForward: true })).body;
    await sim.scenarios.get(first.id)!.done;
    const report = (await ctl().get(`/_vcdsim/scenarios/${first.id}`)).body;
    expect(report.scenario).toMatchObject({ name: 'stall-then-fail', timeline: expect.any(Array) });
    await ctl().post('/_vcdsim/reset');
    const second = (await ctl().post('/_vcdsim/scenarios').send({ scenario: report.scenario, speed: 0, fastForward: true })).body;
    await sim.scenarios.get(second.id)!.done;
    const replay = (await ctl().get(`/_vcdsim/scenarios/${second.id}`)).body;
    expect(replay.scenario).toEqual(report.scenario);
    expect([replay.status, replay.steps, replay.checks, replay.faults]).toEqual([report.status, report.steps, report.checks, report.faults]);
  });
});

describe('clock, task policies and latency models', () => {
  it('reads the clock, sets its speed and advances it', async () => {
    const before = (await ctl().get('/_vcdsim/clock')).body;
    expect(before).toMatchObject({ speed: 0 });
    expect((await ctl().post('/_vcdsim/clock/advance').send({ seconds: 90 })).body.nowMs).toBe(before.nowMs + 90_000);
    expect((await ctl().post('/_vcdsim/clock/advance').send({ by: '2m' })).body.nowMs).toBe(before.nowMs + 210_000);
    expect((await ctl().post('/_vcdsim/clock/advance').send({ by: 'soon' })).status).toBe(400);
    expect((await ctl().post('/_vcdsim/clock/speed').send({ speed: 60 })).body.speed).toBe(60);
    expect(sim.clock.speed).toBe(60);
    expect((await ctl().post('/_vcdsim/clock/speed').send({ speed: -1 })).status).toBe(400);
  });

  it('advancing the clock runs tasks', async () => {
    const t = startTask(sim, 'acme');
    await ctl().post('/_vcdsim/clock/advance').send({ seconds: 60 });
    expect(sim.store.get('task', t.id)!.status).toBe('success');
  });

  it('sets task progression policies and latency models per operation', async () => {
    const res = await ctl().put('/_vcdsim/tasks/policies/vdcInstantiateVapp').send({ mode: 'polls', polls: 3 });
    expect(res.body).toEqual({ vdcInstantiateVapp: { mode: 'polls', polls: 3 } });
    expect((await ctl().get('/_vcdsim/tasks/policies')).body).toEqual(res.body);
    expect((await ctl().put('/_vcdsim/tasks/policies/x').send({ mode: 'polls' })).status).toBe(400);
    const model = await ctl().put('/_vcdsim/latency/vdcInstantiateVapp').send({ baseMs: 1000, jitter: 0 });
    expect(model.body).toEqual({ baseMs: 1000, perVmMs: 4000, perGbMs: 20, jitter: 0 });
    expect((await ctl().get('/_vcdsim/latency')).body.vdcInstantiateVapp).toEqual(model.body);
    expect((await ctl().put('/_vcdsim/latency/x').send({ baseMs: 'slow' })).status).toBe(400);
  });
});

describe('health, logs and errors', () => {
  it('reports health', async () => {
    const res = await ctl().get('/_vcdsim/health');
    expect(res.body).toMatchObject({ status: 'ok', name: 'vcdsim', speed: 0, faultRules: 0, scenariosRunning: 0, activeTasks: 0 });
  });

  it('serves the request and fault logs from a cursor', async () => {
    sim.faults.add({ match: { path: '/api/versions' }, action: { type: 'error', status: 500 }, count: 1 });
    await ctl().get('/api/versions');
    await ctl().get('/api/versions');
    const page = (await ctl().get('/_vcdsim/log/requests')).body;
    expect(page.entries.map((e: { status: number }) => e.status)).toEqual([500, 200]);
    expect((await ctl().get(`/_vcdsim/log/requests?since=${page.entries[0].seq}`)).body.entries).toHaveLength(1);
    expect((await ctl().get('/_vcdsim/log/faults')).body.entries).toMatchObject([{ action: 'error', request: { path: '/api/versions' } }]);
    expect((await ctl().get('/_vcdsim/log/faults?since=x')).status).toBe(400);
  });

  it('answers unknown control routes with a JSON 404', async () => {
    const res = await ctl().get('/_vcdsim/nothing');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('No control route GET /_vcdsim/nothing.');
  });
});

describe('access', () => {
  const fake = (remoteAddress: string, headers: Record<string, string> = {}, method = 'POST', path = '/faults') =>
    ({ socket: { remoteAddress }, method, path, headers: { host: '127.0.0.1:8080', ...headers } }) as unknown as Request;
  const verdict = (token: string | undefined, req: Request, open = false) => {
    try {
      let passed = false;
      controlAccess(token, open)(req, { locals: {} } as never, () => (passed = true));
      return passed ? 'allowed' : 'stalled';
    } catch (e) {
      return (e as ControlError).status;
    }
  };

  it('lets loopback clients in, and others only with the control token', () => {
    expect(verdict(undefined, fake('127.0.0.1'))).toBe('allowed');
    expect(verdict(undefined, fake('::1'))).toBe('allowed');
    expect(verdict(undefined, fake('::ffff:127.0.0.1'))).toBe('allowed');
    expect(verdict(undefined, fake('10.0.0.7'))).toBe(403);
    expect(verdict(undefined, fake('10.0.0.7', { 'x-vcdsim-control-token': 's3cret' }))).toBe(403);
    expect(verdict('s3cret', fake('10.0.0.7'))).toBe(401);
    expect(verdict('s3cret', fake('10.0.0.7', { 'x-vcdsim-control-token': 's3cret' }))).toBe('allowed');
    expect(verdict('s3cret', fake('10.0.0.7', { authorization: 'Bearer s3cret' }))).toBe('allowed');
    expect(verdict('s3cret', fake('10.0.0.7', { authorization: 'Bearer wrong' }))).toBe(401);
    expect(verdict('s3cret', fake('127.0.0.1', { 'x-vcdsim-control-token': 'wrong' }))).toBe(401);
  });

  it('lets every client in with --control-open, and still checks a token presented', () => {
    expect(verdict(undefined, fake('10.0.0.7'), true)).toBe('allowed');
    expect(verdict('s3cret', fake('10.0.0.7'), true)).toBe('allowed');
    expect(verdict('s3cret', fake('10.0.0.7', { 'x-vcdsim-control-token': 'wrong' }), true)).toBe(401);
    expect(verdict(undefined, fake('10.0.0.7', { origin: 'http://evil.example' }), true)).toBe(403);
  });

  it('lets anyone read the health', () => {
    expect(verdict(undefined, fake('10.0.0.7', {}, 'GET', '/health'))).toBe('allowed');
    expect(verdict('s3cret', fake('10.0.0.7', {}, 'GET', '/health'))).toBe('allowed');
    expect(verdict('s3cret', fake('10.0.0.7', {}, 'POST', '/health'))).toBe(401);
  });

  it('refuses a browser page from another origin unless it has the token', () => {
    expect(verdict(undefined, fake('127.0.0.1', { origin: 'http://evil.example' }))).toBe(403);
    expect(verdict(undefined, fake('127.0.0.1', { origin: 'http://127.0.0.1:8080' }))).toBe('allowed');
    expect(verdict('s3cret', fake('127.0.0.1', { origin: 'http://evil.example', 'x-vcdsim-control-token': 's3cret' }))).toBe('allowed');
  });

  it('applies through the app, with JSON errors', async () => {
    const guarded = await newSim({ controlToken: 's3cret' });
    expect((await request(guarded.app).get('/_vcdsim/clock')).status).toBe(200);
    const wrong = await request(guarded.app).get('/_vcdsim/clock').set('X-VCDSIM-Control-Token', 'nope');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ error: { status: 401, message: 'The control token is not valid.' } });
    expect((await request(guarded.app).get('/_vcdsim/clock').set('Authorization', 'Bearer s3cret')).status).toBe(200);
    await guarded.stop();
  });
});

describe('control actions', () => {
  it('are logged with who did what', async () => {
    let out = '';
    (sim as unknown as { log: unknown }).log = createLogger('info', (line) => (out += line), 'json');
    await request(sim.app).post('/_vcdsim/faults').send({ id: 'cut', match: { org: 'acme' }, action: 'partition' });
    await request(sim.app).post('/_vcdsim/clock/advance').send({ by: '2m' });
    await request(sim.app).post('/_vcdsim/reset');
    await request(sim.app).get('/_vcdsim/faults');
    const lines = out.trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.msg === 'control');
    expect(lines.map((l) => [l.action, l.status, l.auth, l.client])).toEqual([
      ['POST /_vcdsim/faults', 201, 'loopback', expect.stringMatching(/127\.0\.0\.1|::1/)],
      ['POST /_vcdsim/clock/advance', 200, 'loopback', expect.any(String)],
      ['POST /_vcdsim/reset', 204, 'loopback', expect.any(String)],
    ]);
    expect(lines[0].rules).toEqual(['cut']);
    expect(lines[1].advancedMs).toBe(120_000);
  });
});

describe('reset and snapshots', () => {
  it('resets to the fixture: inventory, rules, logs, runs', async () => {
    await login(sim, 'alice', 'acme');
    startTask(sim, 'acme');
    sim.faults.add({ action: { type: 'exhaust', vdc: '*', vms: 0 } });
    await ctl().post('/_vcdsim/scenarios').send({ name: 'flapping-503', speed: 0 });
    expect((await ctl().post('/_vcdsim/reset')).status).toBe(204);
    expect(sim.store.count('session')).toBe(0);
    expect(sim.store.count('task')).toBe(0);
    expect(sim.faults.size).toBe(0);
    expect(sim.capacityOverrides.size).toBe(0);
    expect(sim.faults.requestLog.since(0).entries).toHaveLength(0);
    expect(sim.scenarios.list().map((r) => r.status)).toEqual(['stopped']);
  });

  it('exports the whole state, and a fresh instance importing it serves the same documents', async () => {
    const token = await login(sim, 'alice', 'acme');
    const running = startTask(sim, 'acme');
    sim.clock.advance(1000);
    const exported = await ctl().get('/_vcdsim/snapshot');
    expect(exported.status).toBe(200);
    expect(exported.body.task.map((t: { id: string }) => t.id)).toEqual([running.id]);

    const fresh = await newSim();
    expect((await request(fresh.app).post('/_vcdsim/snapshot').send(exported.body)).status).toBe(204);
    expect(fresh.store.snapshot()).toEqual(JSON.parse(JSON.stringify(sim.store.snapshot())));

    const a = client(sim, token);
    const b = client(fresh, token);
    const orgList = await a.get('/api/org');
    const urls = ['/api/org', '/api/session', /href="(http:\/\/vcd\.test\/api\/org\/[^"]+)"/.exec(orgList.text)![1]];
    const org = await a.get(urls[2]);
    urls.push(...[...org.text.matchAll(/href="(http:\/\/vcd\.test\/api\/(?:vdc|catalog|network)\/[^"]+)"/g)].map((m) => m[1]));
    expect(urls.length).toBeGreaterThan(5);
    for (const url of urls) {
      const [x, y] = [await a.get(url), await b.get(url)];
      expect(y.status).toBe(200);
      expect(y.text).toBe(x.text);
    }
    // The imported task runs on in the new instance, and new ids continue the same sequence.
    fresh.clock.advance(60_000);
    expect(fresh.store.get('task', running.id)!.status).toBe('success');
    expect(startTask(fresh, 'globex').id).toBe(startTask(sim, 'globex').id);
    await fresh.stop();
  });

  it('refuses what is not a snapshot', async () => {
    const res = await ctl().post('/_vcdsim/snapshot').send({ org: 'x' });
    expect(res.status).toBe(400);
    expect((await ctl().post('/_vcdsim/snapshot').send({ version: 1, org: [{ name: 'no id' }] })).status).toBe(400);
    expect((await request(sim.app).get('/api/versions').set('Accept', XML)).status).toBe(200);
  });
});
