/** The scenario runner: steps at exact offsets however the clock moves, jumps, clean-up, pass/fail, control API. */
import request from 'supertest';
import { newSim, login, client } from '../support/sim.js';
import { startTask, tenant } from '../support/faults.js';
import { parseScenarioText } from '../../src/scenarios/loader.js';
import type { Simulator } from '../../src/sim.js';

let sim: Simulator;
beforeEach(async () => {
  sim = await newSim();
});
afterEach(() => sim.stop());

const scenario = (body: string) => parseScenarioText(`name: t\n${body}`, 't.yaml');

describe('the timeline', () => {
  it('plays each step at its exact offset, even when the clock is advanced in one go', () => {
    const run = sim.scenarios.start(scenario(`
timeline:
  - at: 10s
    faults: { id: r, action: reset, duration: 5s }
  - at: 20s
    note: halfway
  - at: 30s
    expect:
      - faults: { rule: r, max: 0 }
`));
    expect(run.report()).toMatchObject({ status: 'running', steps: { done: 0, total: 3, next: '+10s' } });
    sim.clock.advance(60_000);
    expect(run.status).toBe('passed');
    expect(run.progress.map((l) => l.slice(0, l.indexOf(']') + 1))).toEqual(['[+0s]', '[+10s]', '[+20s]', '[+30s]', '[+30s]']);
    expect(run.progress[1]).toBe('[+10s] t: timeline[0]: fault r: reset until +15s');
    expect(run.report()).toMatchObject({ steps: { done: 3, total: 3 }, elapsed: '30s', checks: [{ ok: true, at: '+30s', step: 'timeline[2]' }] });
  });

  it('jumps the clock with advance: tasks and later steps happen in between, in order', () => {
    const run = sim.scenarios.start(scenario(`
timeline:
  - at: 0s
    load: { org: globex, operation: vdcInstantiateVapp, count: 3 }
    advance: 5m
  - at: 1m
    expect:
      - noActiveTasks: true
      - count: { kind: task, where: { status: success }, equals: 3 }
`));
    // Nothing else moved the clock: the scenario did.
    expect(run.status).toBe('passed');
    expect(run.report().elapsed).toBe('1m');
    expect(sim.clock.now() - run.startedAt).toBe(300_000);
  });

  it('fast-forwards a whole run at once', async () => {
    const run = sim.scenarios.start(scenario(`
timeline:
  - at: 1h
    expect: [ { noActiveTasks: true } ]
`), { fastForward: true });
    const report = await run.done;
    expect(report.status).toBe('passed');
    expect(report.elapsed).toBe('1h');
  });

  it('fails when a check does not hold, saying what it found', async () => {
    sim.faults.add({ action: 'task-stall' });
    const stuck = startTask(sim, 'acme');
    const run = sim.scenarios.start(scenario(`
timeline:
  - at: 1m
    expect:
      - noActiveTasks: { org: acme }
      - count: { kind: vApp, org: acme, equals: 1 }
`), { fastForward: true });
    const report = await run.done;
    expect(report.status).toBe('failed');
    expect(report.checks).toEqual([
      { step: 'timeline[0]', at: '+1m', description: 'no active tasks (org acme)', ok: false, actual: `1 active: vdcInstantiateVapp on ${stuck.ownerName} (running)` },
      { step: 'timeline[0]', at: '+1m', description: 'count of vApp (org acme) = 1', ok: false, actual: '0' },
    ]);
  });

  it('counts the requests served during the run', () => {
    const run = sim.scenarios.start(scenario(`
timeline:
  - at: 0s
    faults: { id: e, match: { path: /api/versions }, action: { type: error, status: 500 }, count: 1 }
  - at: 1m
    expect:
      - requests: { path: /api/versions, status: 500, equals: 1 }
      - requests: { path: /api/*, outcome: answered, min: 2 }
      - faults: { rule: e, action: error, equals: 1 }
`));
    return Promise.all([request(sim.app).get('/api/versions'), request(sim.app).get('/api/versions')]).then(() => {
      sim.clock.advance(60_000);
      expect(run.checks.map((c) => c.ok)).toEqual([true, true, true]);
    });
  });
});

describe('setup and clean-up', () => {
  const text = `
seed: 9
speed: 0
setup:
  latency: { vdcInstantiateVapp: { baseMs: 99000 } }
  policies: { vappDeploy: { mode: polls, polls: 2 } }
  faults: { id: setup-rule, action: { type: latency, ms: 1 } }
  capacity: { vdc: acme-vdc, org: acme, vms: 0 }
timeline:
  - at: 0s
    faults: { action: reset, from: 1h }
  - at: 2m
    capacity: { vdc: acme-vdc, org: acme, restore: true }
  - at: 3m
    note: the end
`;

  it('applies the setup at the start and undoes everything the run did when it ends', () => {
    const acmeVdc = tenant(sim, 'acme').vdc.id;
    const run = sim.scenarios.start(scenario(text));
    expect(sim.latency.get('vdcInstantiateVapp').baseMs).toBe(99000);
    expect(sim.tasks.policyTable().vappDeploy).toEqual({ mode: 'polls', polls: 2 });
    expect(sim.faults.list().map((r) => [r.id, r.owner])).toEqual([
      ['setup-rule', `scenario:${run.id}`], [`capacity:acme:acme-vdc`, `scenario:${run.id}`], ['step0-fault1', `scenario:${run.id}`],
    ]);
    expect(sim.capacityOverrides.get(acmeVdc)).toEqual({ vms: 0 });
    sim.clock.advance(120_000);
    expect(sim.capacityOverrides.size).toBe(0);
    sim.clock.advance(60_000);
    expect(run.status).toBe('passed');
    expect(sim.faults.size).toBe(0);
    expect(sim.latency.get('vdcInstantiateVapp').baseMs).toBe(8000);
    expect(sim.tasks.policyTable().vappDeploy).toEqual({ mode: 'clock' });
  });

  it('does the same when stopped early, and keeps rules others added', () => {
    sim.faults.add({ id: 'mine', action: 'reset', from: '1h' });
    const run = sim.scenarios.start(scenario(text));
    run.stop();
    expect(run.report()).toMatchObject({ status: 'stopped', steps: { done: 1, total: 3 } });
    expect(sim.faults.list().map((r) => r.id)).toEqual(['mine']);
    expect(sim.capacityOverrides.size).toBe(0);
    expect(sim.latency.get('vdcInstantiateVapp').baseMs).toBe(8000);
  });

  it('fails a run whose step cannot be carried out', () => {
    sim.faults.add({ id: 'taken', action: 'reset', from: '1h' });
    const run = sim.scenarios.start(scenario('timeline:\n  - at: 5s\n    faults: { id: taken, action: reset }\n'));
    sim.clock.advance(5000);
    expect(run.report()).toMatchObject({ status: 'failed', error: 't.yaml:3 timeline[0]: a fault rule with id "taken" already exists' });
  });
});

describe('through the control API', () => {
  it('starts a run from YAML, reports its progress and stops it', async () => {
    const yaml = 'name: api\ntimeline:\n  - at: 1m\n    note: one\n  - at: 2m\n    note: two\n';
    const started = await request(sim.app).post('/_vcdsim/scenarios').send({ yaml, speed: 0 });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ id: 'run-1', name: 'api', status: 'running', steps: { done: 0, total: 2, next: '+1m' } });
    await request(sim.app).post('/_vcdsim/clock/advance').send({ by: '1m' });
    expect((await request(sim.app).get('/_vcdsim/scenarios/run-1')).body).toMatchObject({ steps: { done: 1, next: '+2m' } });
    const list = (await request(sim.app).get('/_vcdsim/scenarios')).body;
    expect(list.available).toEqual(expect.arrayContaining(['partition-one-org', 'flapping-503', 'slow-cloud']));
    expect(list.runs.map((r: { id: string }) => r.id)).toEqual(['run-1']);
    expect((await request(sim.app).delete('/_vcdsim/scenarios/run-1')).body.status).toBe('stopped');
  });

  it('starts an example by name, or a scenario given as JSON, fast-forwarded', async () => {
    const byName = await request(sim.app).post('/_vcdsim/scenarios').send({ name: 'stall-then-fail', fastForward: true });
    expect(byName.status).toBe(201);
    await sim.scenarios.get(byName.body.id)!.done;
    expect((await request(sim.app).get(`/_vcdsim/scenarios/${byName.body.id}`)).body.status).toBe('passed');
    const json = await request(sim.app).post('/_vcdsim/scenarios').send({ scenario: { name: 'json', timeline: [{ at: '10s', note: 'hi' }] }, fastForward: true });
    expect(json.status).toBe(201);
    expect((await sim.scenarios.get(json.body.id)!.done).status).toBe('passed');
  });

  it('refuses what it cannot play, saying why', async () => {
    const bad = await request(sim.app).post('/_vcdsim/scenarios').send({ yaml: 'name: x\ntimeline:\n  - at: soon\n' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.problems).toEqual([{ line: 3, col: 9, path: 'timeline[0].at', message: expect.stringContaining('must be a duration') }]);
    const json = await request(sim.app).post('/_vcdsim/scenarios').send({ scenario: { name: 'x' } });
    expect(json.body.error.problems).toEqual([{ path: 'timeline', message: expect.stringContaining('needs a timeline') }]);
    expect((await request(sim.app).post('/_vcdsim/scenarios').send({ name: 'nope' })).status).toBe(404);
    expect((await request(sim.app).post('/_vcdsim/scenarios').send({ name: '../package' })).status).toBe(400);
    expect((await request(sim.app).post('/_vcdsim/scenarios').send({ name: 'a', yaml: 'b' })).status).toBe(400);
    expect((await request(sim.app).get('/_vcdsim/scenarios/run-9')).status).toBe(404);
  });
});

describe('a client session during a run', () => {
  it('sees the faults the timeline adds', async () => {
    const c = client(sim, await login(sim, 'alice', 'acme'));
    sim.scenarios.start(scenario(`
timeline:
  - at: 30s
    faults: { match: { org: acme, path: /api/org }, action: { type: error, status: 503 }, duration: 30s }
  - at: 2m
    note: end
`));
    expect((await c.get('/api/org')).status).toBe(200);
    sim.clock.advance(30_000);
    expect((await c.get('/api/org')).status).toBe(503);
    sim.clock.advance(30_000);
    expect((await c.get('/api/org')).status).toBe(200);
  });
});
