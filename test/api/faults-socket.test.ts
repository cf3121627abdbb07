/**
 * reset, timeout and partition at the socket level, against a real server on 127.0.0.1: what a client's
 * HTTP stack sees (a reset connection, no answer at all), and that stop() lets hung connections go.
 */
import { newSim } from '../support/sim.js';
import { basic, raw } from '../support/faults.js';
import type { Simulator } from '../../src/sim.js';

let sim: Simulator;
let url: string;
beforeEach(async () => {
  sim = await newSim();
  url = await sim.listen(0, '127.0.0.1');
});
afterEach(() => sim.stop());

const loginAs = (user: string, org: string, timeoutMs = 2000) =>
  raw(`${url}/api/sessions`, { method: 'POST', headers: { Authorization: basic(user, org), Accept: 'application/*+xml;version=37.0' }, timeoutMs });

/** The request log entry for the newest request, once the server has seen the exchange end. */
async function lastLogged() {
  for (let i = 0; i < 50; i++) {
    const e = sim.faults.requestLog.since(0).entries.at(-1);
    if (e) return e;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('nothing logged');
}

describe('reset', () => {
  it('drops the connection: no status line, the client sees ECONNRESET', async () => {
    sim.faults.add({ id: 'rst', match: { path: '/api/versions' }, action: 'reset' });
    expect(await raw(`${url}/api/versions`)).toEqual({ kind: 'error', code: 'ECONNRESET' });
    expect(await lastLogged()).toMatchObject({ path: '/api/versions', status: null, outcome: 'reset', fault: 'rst' });
    expect((await raw(`${url}/api/org`)).kind).toBe('response');
  });

  it('with after: true, carries the request out and loses the answer', async () => {
    sim.faults.add({ match: { path: '/api/sessions' }, action: { type: 'reset', after: true }, count: 1 });
    const sessions = sim.store.count('session');
    expect(await loginAs('alice', 'acme')).toEqual({ kind: 'error', code: 'ECONNRESET' });
    expect(sim.store.count('session')).toBe(sessions + 1);
  });
});

describe('timeout', () => {
  it('accepts the request and never answers, until the client gives up', async () => {
    sim.faults.add({ id: 'hang', match: { path: '/api/versions' }, action: 'timeout' });
    const started = Date.now();
    expect(await raw(`${url}/api/versions`, { timeoutMs: 300 })).toEqual({ kind: 'timeout' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(await lastLogged()).toMatchObject({ status: null, outcome: 'hung', fault: 'hang' });
    expect((await raw(`${url}/api/org`)).kind).toBe('response');
  });

  it('lets hung and delayed requests go when the simulator stops', async () => {
    sim.faults.add({ match: { path: '/api/versions' }, action: 'timeout' });
    sim.faults.add({ match: { path: '/api/org' }, action: { type: 'latency', ms: 60_000 } });
    const hung = raw(`${url}/api/versions`, { timeoutMs: 10_000 });
    const delayed = raw(`${url}/api/org`, { timeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await sim.stop();
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await hung).kind).toBe('error');
    expect(await delayed).toMatchObject({ kind: 'response', status: 401 });
  });
});

describe('partition', () => {
  it('cuts one org off for its window (connections reset, logins too), then heals', async () => {
    sim.faults.add({ id: 'cut', match: { org: 'acme' }, action: 'partition', duration: '2m' });
    expect(await loginAs('alice', 'acme')).toEqual({ kind: 'error', code: 'ECONNRESET' });
    expect(await loginAs('gina', 'globex')).toMatchObject({ kind: 'response', status: 200 });
    sim.clock.advance(120_000);
    expect(await loginAs('alice', 'acme')).toMatchObject({ kind: 'response', status: 200 });
  });

  it('can hang instead, as a partition that drops packets does', async () => {
    sim.faults.add({ match: { path: '/cloudapi/**' }, action: { type: 'partition', mode: 'hang' } });
    expect(await raw(`${url}/cloudapi/1.0.0/sessions`, { method: 'POST', headers: { Authorization: basic('alice', 'acme') }, timeoutMs: 200 })).toEqual({ kind: 'timeout' });
    expect(await loginAs('alice', 'acme')).toMatchObject({ kind: 'response', status: 200 });
  });
});
