/** The fault engine on its own: matching, odds, counts, windows on simulated time, task and capacity faults. */
import { newSim } from '../support/sim.js';
import { facts, startTask, tenant } from '../support/faults.js';
import type { Simulator } from '../../src/sim.js';
import { FaultConflict, globToRegExp } from '../../src/engine/faults.js';
import { RuleError } from '../../src/engine/fault-spec.js';
import { RingLog } from '../../src/lib/ringlog.js';

let sim: Simulator;
beforeEach(async () => {
  sim = await newSim();
});
afterEach(() => sim.stop());

const fired = (method: string, path: string, opts?: Parameters<typeof facts>[2]) => sim.faults.decide(facts(method, path, opts))?.rule;

describe('matching', () => {
  it('matches method and path globs, case-insensitively', () => {
    sim.faults.add({ id: 'deploys', match: { method: 'POST', path: '/api/vApp/*/action/*' }, action: { type: 'error', status: 500 } });
    expect(fired('POST', '/api/vApp/vapp-1/action/deploy')).toBe('deploys');
    expect(fired('post', '/API/VAPP/vapp-1/ACTION/deploy')).toBeUndefined(); // methods arrive upper-cased from Node
    expect(fired('POST', '/API/VAPP/vapp-1/ACTION/deploy')).toBe('deploys');
    expect(fired('GET', '/api/vApp/vapp-1/action/deploy')).toBeUndefined();
    expect(fired('POST', '/api/vApp/vapp-1')).toBeUndefined();
    expect(fired('POST', '/api/vApp/vapp-1/action/deploy/extra')).toBeUndefined();
  });

  it('lets ** cross segments and a trailing /** match the bare prefix', () => {
    const re = globToRegExp('/cloudapi/**');
    expect(['/cloudapi', '/cloudapi/1.0.0/sessions', '/CloudAPI/x'].every((p) => re.test(p))).toBe(true);
    expect(re.test('/cloudapix')).toBe(false);
    expect(globToRegExp('/api/v?pp/**/metadata').test('/api/vApp/vapp-1/metadata')).toBe(true);
  });

  it('matches a regular expression on the path', () => {
    sim.faults.add({ id: 're', match: { pathRegex: '^/api/(vdc|org)/' }, action: 'reset' });
    expect(fired('GET', '/api/vdc/123')).toBe('re');
    expect(fired('GET', '/api/org/123')).toBe('re');
    expect(fired('GET', '/api/catalog/123')).toBeUndefined();
  });

  it('matches resource kinds derived from the path', () => {
    sim.faults.add({ id: 'vms', match: { kind: 'vm' }, action: 'reset' });
    sim.faults.add({ id: 'vdcs', match: { kind: ['vdc'] }, action: 'timeout' });
    expect(fired('GET', '/api/vApp/vm-1234')).toBe('vms');
    expect(fired('GET', '/api/vApp/vapp-1234')).toBeUndefined();
    expect(fired('GET', '/api/admin/vdc/1')).toBe('vdcs');
    expect(fired('GET', '/cloudapi/1.0.0/vdcs')).toBe('vdcs');
    expect(fired('POST', '/api/vdc/1/action/instantiateVAppTemplate')).toBe('vdcs');
  });

  it('matches org and user by name, id or URN', () => {
    const acme = tenant(sim, 'acme');
    const globex = tenant(sim, 'globex');
    sim.faults.add({ id: 'by-name', match: { org: 'ACME' }, action: 'reset' });
    sim.faults.add({ id: 'by-urn', match: { org: `urn:vcloud:org:${globex.org.id}`, user: 'nobody' }, action: 'reset' });
    sim.faults.add({ id: 'by-user', match: { user: globex.user.id }, action: 'timeout' });
    expect(fired('GET', '/api/org', { principal: acme.principal })).toBe('by-name');
    expect(fired('GET', '/api/org', { principal: globex.principal })).toBe('by-user');
    expect(fired('GET', '/api/versions')).toBeUndefined();
  });

  it('matches API versions exactly or by bound', () => {
    sim.faults.add({ id: 'old', match: { version: '<36' }, action: 'reset' });
    sim.faults.add({ id: 'exact', match: { version: ['37.1'] }, action: 'reset' });
    expect(fired('GET', '/api/org', { version: '35.0' })).toBe('old');
    expect(fired('GET', '/api/org', { version: '37.1' })).toBe('exact');
    expect(fired('GET', '/api/org', { version: '38.1' })).toBeUndefined();
  });

  it('adds up latency rules and stops at the first rule that spoils the answer, in the order added', () => {
    sim.faults.add({ id: 'slow1', action: { type: 'latency', ms: 30 } });
    sim.faults.add({ id: 'first', match: { path: '/api/**' }, action: { type: 'error', status: 503 } });
    sim.faults.add({ id: 'slow2', match: { path: '/api/org' }, action: { type: 'latency', ms: 20 } });
    sim.faults.add({ id: 'second', match: { path: '/api/org' }, action: 'reset' });
    expect(sim.faults.decide(facts('GET', '/api/org'))).toMatchObject({ delayMs: 30, rule: 'first', action: { type: 'error', status: 503 } });
    sim.faults.remove('first');
    expect(sim.faults.decide(facts('GET', '/api/org'))).toMatchObject({ delayMs: 50, rule: 'second' });
    expect(sim.faults.decide(facts('GET', '/cloudapi/1.0.0/orgs'))).toEqual({ delayMs: 30 });
  });

  it('samples each latency distribution within its bounds', () => {
    const sample = (action: object) => {
      sim.faults.clear();
      sim.faults.add({ action: { type: 'latency', ...action } });
      return Array.from({ length: 200 }, () => sim.faults.decide(facts('GET', '/api/org'))!.delayMs);
    };
    expect(new Set(sample({ ms: 40 }))).toEqual(new Set([40]));
    const uniform = sample({ distribution: 'uniform', minMs: 10, maxMs: 20 });
    expect(Math.min(...uniform)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...uniform)).toBeLessThanOrEqual(20);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(sample({ distribution: 'normal', meanMs: 100, stddevMs: 10 }))).toBeGreaterThan(95);
    expect(mean(sample({ distribution: 'normal', meanMs: 100, stddevMs: 10 }))).toBeLessThan(105);
    const exp = sample({ distribution: 'exponential', meanMs: 50 });
    expect(Math.min(...exp)).toBeGreaterThanOrEqual(0);
    expect(mean(exp)).toBeGreaterThan(35);
    expect(mean(exp)).toBeLessThan(65);
  });

  it('refuses a second rule with the same id, and invalid rules with every problem named', () => {
    sim.faults.add({ id: 'x', action: 'reset' });
    expect(() => sim.faults.add({ id: 'x', action: 'reset' })).toThrow(FaultConflict);
    let err: RuleError | undefined;
    try {
      sim.faults.add({ match: { operation: 'x' }, action: { type: 'error', status: 200 }, probability: 2, until: '1m', duration: '2m' });
    } catch (e) {
      err = e as RuleError;
    }
    expect(err).toBeInstanceOf(RuleError);
    expect(err!.issues.text().split('\n')).toEqual([
      'action.status: must be at least 400, got 200',
      'probability: must be at most 1, got 2',
      'duration: give either until or duration, not both',
    ]);
  });
});

describe('odds, counts and skips', () => {
  const run = (n: number) => Array.from({ length: n }, () => (fired('GET', '/api/org') ? 1 : 0)).join('');

  it('fires with the given probability, the same way for the same seed', async () => {
    sim.faults.add({ action: 'reset', probability: 0.3 });
    const first = run(1000);
    const hits = [...first].filter((c) => c === '1').length;
    expect(hits).toBeGreaterThan(250);
    expect(hits).toBeLessThan(350);
    const again = await newSim();
    again.faults.add({ action: 'reset', probability: 0.3 });
    expect(Array.from({ length: 1000 }, () => (again.faults.decide(facts('GET', '/api/org')) ? 1 : 0)).join('')).toBe(first);
    const other = await newSim({ seed: 2 });
    other.faults.add({ action: 'reset', probability: 0.3 });
    expect(Array.from({ length: 1000 }, () => (other.faults.decide(facts('GET', '/api/org')) ? 1 : 0)).join('')).not.toBe(first);
  });

  it('does not draw ids from the same generator: faults leave the ids of new entities alone', async () => {
    const plain = await newSim();
    sim.faults.add({ action: 'reset', probability: 0.5 });
    run(10);
    expect(startTask(sim, 'acme').id).toBe(startTask(plain, 'acme').id);
  });

  it('fires N times, then is spent', () => {
    sim.faults.add({ id: 'twice', action: 'reset', count: 2 });
    expect(run(5)).toBe('11000');
    expect(sim.faults.get('twice')).toMatchObject({ state: 'spent', matched: 5, fired: 2 });
  });

  it('lets the first N matches through (retry logic is tested with exactly that)', () => {
    sim.faults.add({ id: 'third', action: 'reset', skip: 2, count: 1 });
    expect(run(5)).toBe('00100');
  });
});

describe('windows on simulated time', () => {
  it('opens after `from` and closes after `duration`, as the clock moves', () => {
    sim.faults.add({ id: 'w', action: 'reset', from: '30s', duration: '1m' });
    expect(sim.faults.get('w')!.state).toBe('pending');
    expect(fired('GET', '/api/org')).toBeUndefined();
    sim.clock.advance(30_000);
    expect(sim.faults.get('w')!.state).toBe('active');
    expect(fired('GET', '/api/org')).toBe('w');
    sim.clock.advance(59_999);
    expect(fired('GET', '/api/org')).toBe('w');
    sim.clock.advance(1);
    expect(sim.faults.get('w')!.state).toBe('expired');
    expect(fired('GET', '/api/org')).toBeUndefined();
  });

  it('takes absolute bounds as ISO date-times of simulated time', () => {
    const now = sim.clock.now();
    sim.faults.add({ id: 'abs', action: 'reset', from: new Date(now + 10_000).toISOString(), until: new Date(now + 20_000).toISOString() });
    const states = [0, 10_000, 10_000].map((ms) => {
      sim.clock.advance(ms);
      return fired('GET', '/api/org') ?? '-';
    });
    expect(states).toEqual(['-', 'abs', '-']);
  });
});

describe('task faults', () => {
  it('fails the tasks of an operation and org with the given error', () => {
    sim.faults.add({ id: 'fail', match: { operation: 'vdcInstantiateVapp', org: 'acme' }, action: { type: 'task-failure', status: 500, message: 'datastore gone' } });
    const failing = startTask(sim, 'acme');
    const other = startTask(sim, 'globex');
    const otherOp = startTask(sim, 'acme', 'vappDeploy');
    sim.clock.advance(60_000);
    expect(sim.store.get('task', failing.id)).toMatchObject({ status: 'error', error: { status: 500, minorCode: 'INTERNAL_SERVER_ERROR', message: 'datastore gone' } });
    expect(sim.store.get('task', other.id)!.status).toBe('success');
    expect(sim.store.get('task', otherOp.id)!.status).toBe('success');
    expect(sim.faults.faultLog.since(0).entries.map((e) => [e.rule, e.task?.id])).toEqual([['fail', failing.id]]);
  });

  it('multiplies task durations', async () => {
    const plain = await newSim();
    const base = startTask(plain, 'acme').durationMs;
    sim.faults.add({ action: { type: 'slow-tasks', factor: 10 } });
    expect(startTask(sim, 'acme').durationMs).toBe(base * 10);
  });

  it('stalls tasks halfway until the window ends, then lets them finish', () => {
    sim.faults.add({ id: 'stall', match: { operation: 'vdcInstantiateVapp' }, action: 'task-stall', duration: '5m' });
    const t = startTask(sim, 'acme');
    sim.clock.advance(60_000);
    expect(sim.store.get('task', t.id)!.status).toBe('running');
    expect(sim.tasks.progressOf(t)).toBe(50);
    sim.clock.advance(180_000);
    expect(sim.tasks.progressOf(t)).toBe(50);
    sim.clock.advance(60_000 + t.durationMs);
    expect(sim.store.get('task', t.id)!.status).toBe('success');
  });

  it('stalls for a while, then fails', () => {
    sim.faults.add({ action: { type: 'task-stall', for: '90s', fail: { message: 'host timeout' } } });
    const t = startTask(sim, 'acme');
    sim.clock.advance(90_000);
    expect(sim.store.get('task', t.id)!.status).toBe('running');
    sim.clock.advance(t.durationMs + 1000);
    expect(sim.store.get('task', t.id)).toMatchObject({ status: 'error', error: { message: 'host timeout' } });
  });

  it('leaves alone the tasks whose stall already ended when the rule is removed', () => {
    sim.faults.add({ id: 'brief', action: { type: 'task-stall', for: '10s' } });
    const t = startTask(sim, 'acme');
    const end = t.runAt + t.durationMs + 10_000;
    sim.clock.advance(t.runAt + t.durationMs / 2 + 10_000 + 1000 - sim.clock.now());
    sim.faults.remove('brief');
    sim.clock.advance(end - sim.clock.now());
    expect(sim.store.get('task', t.id)!.status).toBe('success');
  });

  it('resumes the tasks it stalled when the rule is removed early', () => {
    sim.faults.add({ id: 'forever', action: 'task-stall' });
    const t = startTask(sim, 'acme');
    sim.clock.advance(600_000);
    expect(sim.store.get('task', t.id)!.status).toBe('running');
    sim.faults.remove('forever');
    sim.clock.advance(t.durationMs);
    expect(sim.store.get('task', t.id)!.status).toBe('success');
  });
});

describe('capacity exhaustion', () => {
  it('lowers a VDC\'s capacity for its window, then restores it', () => {
    const { vdc } = tenant(sim, 'acme');
    sim.faults.add({ id: 'full', action: { type: 'exhaust', vdc: 'acme-vdc', storageMB: 0 }, from: '10s', duration: '1m' });
    expect(sim.capacityOverrides.size).toBe(0);
    sim.clock.advance(10_000);
    expect([...sim.capacityOverrides]).toEqual([[vdc.id, { storageMB: 0 }]]);
    sim.clock.advance(60_000);
    expect(sim.capacityOverrides.size).toBe(0);
    expect(sim.faults.faultLog.since(0).entries.map((e) => e.detail?.edge)).toEqual(['start', 'end']);
  });

  it('takes the lowest limit where windows overlap, cloud-wide or per org', () => {
    const acme = tenant(sim, 'acme');
    sim.faults.add({ id: 'cloud', action: { type: 'exhaust', memoryMB: 4096 } });
    sim.faults.add({ id: 'org', match: { org: 'acme' }, action: { type: 'exhaust', memoryMB: 8192, vms: 2 } });
    sim.faults.add({ id: 'vdc', action: { type: 'exhaust', vdc: acme.vdc.id, memoryMB: 1024 } });
    const acmeVdcs = sim.store.where('vdc', 'orgId', acme.org.id).map((v) => v.id);
    expect(sim.capacityOverrides.get('*')).toEqual({ memoryMB: 4096 });
    expect(sim.capacityOverrides.get(acme.vdc.id)).toEqual({ memoryMB: 1024, vms: 2 });
    expect(sim.capacityOverrides.get(acmeVdcs[1])).toEqual({ memoryMB: 8192, vms: 2 });
    sim.faults.remove('vdc');
    expect(sim.capacityOverrides.get(acme.vdc.id)).toEqual({ memoryMB: 8192, vms: 2 });
    sim.faults.clear();
    expect(sim.capacityOverrides.size).toBe(0);
  });
});

describe('the fault and request logs', () => {
  it('keeps the newest entries and says when a cursor fell behind', () => {
    const log = new RingLog<{ n: number }>(3);
    for (let n = 1; n <= 5; n++) log.push({ n });
    expect(log.since(0)).toMatchObject({ entries: [{ n: 3 }, { n: 4 }, { n: 5 }], next: 5, dropped: true });
    expect(log.since(3)).toMatchObject({ entries: [{ n: 4 }, { n: 5 }], dropped: false });
    expect(log.since(3, 1)).toMatchObject({ entries: [{ n: 4 }], next: 4 });
    log.clear();
    expect(log.since(5)).toMatchObject({ entries: [], next: 5, dropped: false });
    expect(log.push({ n: 6 }).seq).toBe(6);
  });
});
