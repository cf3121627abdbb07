/** The engine: seeded randomness, simulated clock, task engine policies and fault hooks. */
import { Random } from '../../src/lib/random.js';
import { Clock } from '../../src/engine/clock.js';
import { Store } from '../../src/store/store.js';
import { STORE_INDEXES } from '../../src/resources/kinds.js';
import { Latency } from '../../src/engine/latency.js';
import { FINISHED_TASKS_KEPT, TaskEngine } from '../../src/engine/tasks.js';
import { nextFreeIp, netmaskOf } from '../../src/lib/ippool.js';
import type { Network } from '../../src/store/types.js';

describe('Random', () => {
  it('gives the same UUIDs for the same seed, and valid v4 UUIDs', () => {
    const a = new Random(42);
    const b = new Random(42);
    const ids = Array.from({ length: 5 }, () => a.uuid());
    expect(Array.from({ length: 5 }, () => b.uuid())).toEqual(ids);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Random(43).uuid()).not.toBe(ids[0]);
  });

  it('resumes from a saved state', () => {
    const a = new Random(7);
    a.next();
    const copy = new Random(a.state());
    expect(copy.uuid()).toBe(a.uuid());
  });
});

describe('Clock', () => {
  it('fires timers in due order when advanced by hand, reading their due time', () => {
    const clock = new Clock(0, 1_000_000);
    const seen: number[] = [];
    clock.at(1_000_300, () => seen.push(clock.now()));
    clock.at(1_000_100, () => seen.push(clock.now()));
    const cancel = clock.after(200, () => seen.push(-1));
    cancel();
    clock.advance(250);
    expect(seen).toEqual([1_000_100]);
    expect(clock.now()).toBe(1_000_250);
    clock.advance(100);
    expect(seen).toEqual([1_000_100, 1_000_300]);
  });

  it('runs at its speed factor against real time', () => {
    let real = 0;
    const clock = new Clock(60, 0, () => real);
    real = 1000;
    expect(clock.now()).toBe(60_000);
    clock.setSpeed(0);
    real = 5000;
    expect(clock.now()).toBe(60_000);
    expect(() => clock.setSpeed(-1)).toThrow(RangeError);
  });
});

describe('TaskEngine', () => {
  function engine() {
    const store = new Store(1, STORE_INDEXES);
    const clock = new Clock(0, 0);
    const latency = new Latency(() => store.random);
    latency.set('op', { baseMs: 10_000, perVmMs: 0, perGbMs: 0, jitter: 0 });
    const tasks = new TaskEngine(store, clock, latency);
    const applied: string[] = [];
    tasks.register('mark', { apply: (p) => void applied.push(String(p.v)), rollback: (p) => void applied.push(`undo ${p.v}`) });
    const start = (v = 'x') => tasks.start({ operationName: 'op', operation: 'Op', orgId: 'o', userId: 'u', owner: { kind: 'vApp', id: 'a', name: 'a' }, action: { type: 'mark', params: { v } } });
    return { store, clock, tasks, applied, start };
  }

  it('moves queued → running → success on the clock, applying the effect at the end', () => {
    const { store, clock, tasks, applied, start } = engine();
    const t = start();
    expect(t.status).toBe('queued');
    clock.advance(200);
    expect(store.get('task', t.id)!.status).toBe('running');
    clock.advance(5000);
    expect(tasks.progressOf(store.get('task', t.id)!)).toBe(50);
    expect(applied).toEqual([]);
    clock.advance(5000);
    expect(store.get('task', t.id)).toMatchObject({ status: 'success', progress: 100 });
    expect(applied).toEqual(['x']);
    expect(tasks.activeCount()).toBe(0);
  });

  it('lets a fault hook slow, fail or stall a task', () => {
    const { store, clock, tasks, applied, start } = engine();
    const off = tasks.addHook(() => ({ durationFactor: 2 }));
    const slow = start('slow');
    clock.advance(10_200);
    expect(store.get('task', slow.id)!.status).toBe('running');
    clock.advance(10_000);
    expect(store.get('task', slow.id)!.status).toBe('success');
    off();

    tasks.addHook(() => ({ fail: { status: 500, minorCode: 'INTERNAL_SERVER_ERROR', message: 'injected' } }));
    const failing = start('fail');
    clock.advance(20_000);
    expect(store.get('task', failing.id)).toMatchObject({ status: 'error', error: { message: 'injected' } });
    expect(applied).toEqual(['slow', 'undo fail']);
  });

  it('freezes a stalled task halfway until the stall ends', () => {
    const { store, clock, tasks, start } = engine();
    tasks.addHook(() => ({ stallUntil: 60_000 }));
    const t = start();
    clock.advance(30_000);
    expect(store.get('task', t.id)!.status).toBe('running');
    expect(tasks.progressOf(store.get('task', t.id)!)).toBe(50);
    clock.advance(29_000);
    expect(tasks.progressOf(store.get('task', t.id)!)).toBe(50);
    clock.advance(6_000);
    expect(store.get('task', t.id)!.status).toBe('success');
  });

  it('cancels an active task and rolls it back; re-arms tasks after a reload', () => {
    const { store, clock, tasks, applied, start } = engine();
    const a = start('a');
    expect(tasks.cancel(a.id)).toBe(true);
    expect(store.get('task', a.id)).toMatchObject({ status: 'canceled', cancelRequested: true });
    expect(tasks.cancel(a.id)).toBe(false);
    const b = start('b');
    const snap = store.snapshot();
    store.load(structuredClone(snap));
    tasks.resume();
    clock.advance(20_000);
    expect(store.get('task', b.id)!.status).toBe('success');
    expect(applied).toEqual(['undo a', 'b']);
  });

  it('keeps the newest finished tasks and forgets the oldest beyond FINISHED_TASKS_KEPT, active ones never', () => {
    const { store, tasks, start } = engine();
    tasks.setPolicy('op', { mode: 'immediate' });
    const first = start('first');
    for (let i = 0; i < FINISHED_TASKS_KEPT; i++) start();
    expect(store.count('task')).toBe(FINISHED_TASKS_KEPT);
    expect(store.get('task', first.id)).toBeUndefined();
    tasks.setPolicy('op', { mode: 'clock' });
    const running = start();
    tasks.resume();
    expect(store.count('task')).toBe(FINISHED_TASKS_KEPT + 1);
    expect(store.get('task', running.id)?.status).toBe('queued');
  });
});

describe('IP pools', () => {
  it('hands out the lowest free address and skips the gateway', () => {
    const net = { gateway: '10.0.0.10', ipRanges: [{ start: '10.0.0.9', end: '10.0.0.12' }], allocatedIps: ['10.0.0.9'] } as Network;
    expect(nextFreeIp(net)).toBe('10.0.0.11');
    expect(nextFreeIp({ ...net, allocatedIps: ['10.0.0.9', '10.0.0.11', '10.0.0.12'] })).toBeUndefined();
    expect(netmaskOf(24)).toBe('255.255.255.0');
    expect(netmaskOf(22)).toBe('255.255.252.0');
  });
});
