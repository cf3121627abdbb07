/** /_vcdsim/metrics: Prometheus text that parses, bounded labels, tasks by outcome, inventory, hooks. */
import request from 'supertest';
import { newSim, login, client } from '../support/sim.js';
import { findInventory, instantiate, instantiateBody, waitTask } from '../support/vcd.js';
import { xml } from '../support/sim.js';
import type { Simulator } from '../../src/sim.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A strict reader of the Prometheus text format (0.0.4): every sample belongs to a declared family. */
function parseExposition(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  const help = new Set<string>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    let m;
    if ((m = /^# HELP ([a-zA-Z_:][\w:]*) .+$/.exec(line))) {
      help.add(m[1]);
      continue;
    }
    if ((m = /^# TYPE ([a-zA-Z_:][\w:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line))) {
      types.set(m[1], m[2]);
      continue;
    }
    // Values as Go's ParseFloat reads them (Prometheus does): NaN and Inf in any case.
    m = /^([a-zA-Z_:][\w:]*)(?:\{((?:[a-zA-Z_]\w*="(?:\\.|[^"\\])*",?)*)\})? (nan|[+-]?inf(?:inity)?|[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)$/i.exec(line);
    if (!m) throw new Error(`not a valid exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_]\w*)="((?:\\.|[^"\\])*)"/g)) labels[l[1]] = l[2];
    const family = m[1].replace(/_(bucket|sum|count)$/, '');
    if (!types.has(m[1]) && !types.has(family)) throw new Error(`sample ${m[1]} has no TYPE line`);
    if (!help.has(m[1]) && !help.has(family)) throw new Error(`sample ${m[1]} has no HELP line`);
    samples.push({ name: m[1], labels, value: /nan/i.test(m[3]) ? NaN : Number(m[3].replace(/inf(inity)?/i, 'Infinity')) });
  }
  return { types, samples };
}

async function scrape(sim: Simulator) {
  const res = await request(sim.app).get('/_vcdsim/metrics');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(res.text);
}

const value = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-/i;

let sim: Simulator;
beforeEach(async () => {
  sim = await newSim();
});

describe('/_vcdsim/metrics', () => {
  it('counts requests by route template (never a raw URL), method and status, with latency histograms', async () => {
    const c = client(sim, await login(sim, 'alice', 'acme'));
    const { vdc, template } = await findInventory(c, 'acme-vdc', 'ubuntu-22.04');
    const created = await instantiate(c, vdc, instantiateBody({ name: 'metered', template }));
    expect(created.status).toBe(201);
    const vapp = xml(created.text).doc;
    await c.get(vapp.href).expect(200);
    await c.get(vapp.href).expect(200);
    await c.get('/api/vApp/vapp-00000000-0000-0000-0000-000000000000').expect(403);
    await c.get('/api/no/such/thing').expect(404);

    const { types, samples } = await scrape(sim);
    expect(types.get('vcdsim_http_requests_total')).toBe('counter');
    expect(types.get('vcdsim_http_request_duration_seconds')).toBe('histogram');
    expect(value(samples, 'vcdsim_http_requests_total', { method: 'GET', route: '/api/vApp/vapp-:id', status: '200' })).toBe(2);
    expect(value(samples, 'vcdsim_http_requests_total', { method: 'GET', route: '/api/vApp/vapp-:id', status: '403' })).toBe(1);
    expect(value(samples, 'vcdsim_http_requests_total', { method: 'POST', route: '/api/vdc/:id/action/instantiateVAppTemplate', status: '201' })).toBe(1);
    expect(value(samples, 'vcdsim_http_requests_total', { route: 'unmatched', status: '404' })).toBe(1);
    expect(value(samples, 'vcdsim_http_request_duration_seconds_count', { method: 'GET', route: '/api/vApp/vapp-:id' })).toBe(3);
    // Bounded cardinality: no id in any label, and the scrape itself is not counted.
    expect(samples.filter((s) => Object.values(s.labels).some((v) => UUID.test(v)))).toEqual([]);
    expect(samples.filter((s) => s.labels.route?.startsWith('/_vcdsim'))).toEqual([]);
  });

  it('counts tasks by operation and final state, with their simulated duration, and inventory on each scrape', async () => {
    const c = client(sim, await login(sim, 'alice', 'acme'));
    const { vdc, template } = await findInventory(c, 'acme-vdc', 'three-tier-app');
    const vapp = xml((await instantiate(c, vdc, instantiateBody({ name: 'tiers', template }))).text).doc;
    let m = await scrape(sim);
    expect(value(m.samples, 'vcdsim_tasks_started_total', { operation: 'vdcInstantiateVapp' })).toBe(1);
    expect(value(m.samples, 'vcdsim_tasks_active', { operation: 'vdcInstantiateVapp' })).toBe(1);
    expect(value(m.samples, 'vcdsim_inventory', { kind: 'vApp' })).toBe(1);
    expect(value(m.samples, 'vcdsim_inventory', { kind: 'vm' })).toBe(3);

    await waitTask(sim, c, vapp.Tasks.Task[0].href);
    m = await scrape(sim);
    expect(value(m.samples, 'vcdsim_tasks_finished_total', { operation: 'vdcInstantiateVapp', status: 'success' })).toBe(1);
    expect(value(m.samples, 'vcdsim_tasks_active')).toBe(0);
    expect(value(m.samples, 'vcdsim_task_duration_seconds_count', { operation: 'vdcInstantiateVapp', status: 'success' })).toBe(1);
    expect(value(m.samples, 'vcdsim_task_duration_seconds_sum', { operation: 'vdcInstantiateVapp' })).toBeGreaterThan(1);

    // A canceled task ends as canceled.
    const power = await c.post(`${vapp.href}/power/action/powerOn`);
    expect(power.status).toBe(202);
    await c.post(`${xml(power.text).doc.href}/action/cancel`).expect(204);
    m = await scrape(sim);
    expect(value(m.samples, 'vcdsim_tasks_finished_total', { operation: 'vappDeploy', status: 'canceled' }) +
      value(m.samples, 'vcdsim_tasks_finished_total', { operation: 'vappPowerOn', status: 'canceled' })).toBe(1);

    // A reset does not count the fixture's tasks again and empties the active gauge.
    sim.reset();
    m = await scrape(sim);
    expect(value(m.samples, 'vcdsim_inventory', { kind: 'vApp' })).toBe(0);
    expect(value(m.samples, 'vcdsim_tasks_active')).toBe(0);
    expect(value(m.samples, 'vcdsim_tasks_started_total')).toBe(2);
  });

  it('takes fault and scenario reports through its hooks', async () => {
    let rules = [{ state: 'active' }, { state: 'active' }, { state: 'expired' }];
    sim.metrics.faultRules(() => rules);
    sim.metrics.faultFired('flapping-503', 'error');
    sim.metrics.faultFired('flapping-503', 'error');
    sim.metrics.faultFired('stall', 'task-stall');
    sim.metrics.scenarioProgress({ scenario: 'partition', stepsDone: 2, steps: 5, state: 'running' });
    let m = await scrape(sim);
    expect(value(m.samples, 'vcdsim_fault_rules', { state: 'active' })).toBe(2);
    expect(value(m.samples, 'vcdsim_fault_rules', { state: 'expired' })).toBe(1);
    expect(value(m.samples, 'vcdsim_faults_fired_total', { rule: 'flapping-503', action: 'error' })).toBe(2);
    expect(value(m.samples, 'vcdsim_faults_fired_total', { action: 'task-stall' })).toBe(1);
    expect(value(m.samples, 'vcdsim_scenario_steps_done', { scenario: 'partition' })).toBe(2);
    expect(value(m.samples, 'vcdsim_scenario_state', { scenario: 'partition', state: 'running' })).toBe(1);

    rules = [];
    sim.metrics.scenarioProgress({ scenario: 'partition', stepsDone: 5, steps: 5, state: 'passed' });
    m = await scrape(sim);
    expect(value(m.samples, 'vcdsim_fault_rules')).toBe(0);
    expect(value(m.samples, 'vcdsim_scenario_state', { scenario: 'partition', state: 'running' })).toBe(0);
    expect(value(m.samples, 'vcdsim_scenario_state', { scenario: 'partition', state: 'passed' })).toBe(1);
  });

  it('keeps one registry per simulator, so instances in one process never mix', async () => {
    const other = await newSim();
    await request(sim.app).get('/api/versions').expect(200);
    await request(sim.app).get('/api/versions').expect(200);
    await request(other.app).get('/api/versions').expect(200);
    other.metrics.collectProcessMetrics();
    const [a, b] = [await scrape(sim), await scrape(other)];
    expect(value(a.samples, 'vcdsim_http_requests_total', { route: '/api/versions' })).toBe(2);
    expect(value(b.samples, 'vcdsim_http_requests_total', { route: '/api/versions' })).toBe(1);
    // Process metrics only where asked for (the CLI asks).
    expect(a.types.has('process_cpu_seconds_total')).toBe(false);
    expect(b.types.has('process_cpu_seconds_total')).toBe(true);
  });
});

describe('/_vcdsim/health', () => {
  it('answers ok with the version, outside the VCD pipeline (no session, no request id)', async () => {
    const res = await request(sim.app).get('/_vcdsim/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/), activeTasks: 0 });
    expect(res.headers['x-vmware-vcloud-request-id']).toBeUndefined();
  });
});
