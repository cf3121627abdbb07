/**
 * The "done when", tried as a new user would: start vcdsim, partition one org through the
 * control API with the typed client, watch that org fail as the rule says while another keeps
 * working, and watch it heal when the window ends.
 */
import { startSimulator, ControlClient, ControlApiError, type RunningSimulator } from '../../src/index.js';
import { raw, basic } from '../support/faults.js';

let vcd: RunningSimulator;
let ctl: ControlClient;
beforeEach(async () => {
  vcd = await startSimulator({ speed: 0, logLevel: 'silent' });
  ctl = new ControlClient(vcd.url);
});
afterEach(() => vcd.stop());

const loginAs = (user: string, org: string) =>
  raw(`${vcd.url}/cloudapi/1.0.0/sessions`, { method: 'POST', headers: { Authorization: basic(user, org), Accept: 'application/json;version=37.0' } });
const getOrgs = (token: string) => raw(`${vcd.url}/api/org`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/*+json;version=37.0' } });
const tokenOf = (r: Awaited<ReturnType<typeof raw>>) => (r.kind === 'response' ? String(r.headers['x-vmware-vcloud-access-token']) : '');

describe('a partition of one org, through the control API', () => {
  it('fails that org as the rule says while the other keeps working, then heals', async () => {
    expect(await ctl.health()).toMatchObject({ status: 'ok', speed: 0, faultRules: 0 });
    const acme = tokenOf(await loginAs('alice', 'acme'));
    const globex = tokenOf(await loginAs('gina', 'globex'));

    const rule = await ctl.addFault({ id: 'acme-cut', match: { org: 'acme' }, action: { type: 'partition', mode: 'reset' }, duration: '2m' });
    expect(rule).toMatchObject({ id: 'acme-cut', state: 'active' });

    expect(await getOrgs(acme)).toEqual({ kind: 'error', code: 'ECONNRESET' });
    expect(await loginAs('bob', 'acme')).toEqual({ kind: 'error', code: 'ECONNRESET' });
    const other = await getOrgs(globex);
    expect(other).toMatchObject({ kind: 'response', status: 200 });
    expect(JSON.parse((other as { body: string }).body).org.map((o: { name: string }) => o.name)).toEqual(['globex']);

    await ctl.advance(119);
    expect(await getOrgs(acme)).toEqual({ kind: 'error', code: 'ECONNRESET' });
    await ctl.advance('1s');
    expect((await ctl.fault('acme-cut')).state).toBe('expired');
    expect(await getOrgs(acme)).toMatchObject({ kind: 'response', status: 200 });
    expect(await loginAs('bob', 'acme')).toMatchObject({ kind: 'response', status: 200 });

    const faults = await ctl.faultLog();
    expect(faults.entries.map((e) => [e.rule, e.request?.org, e.request?.path])).toEqual([
      ['acme-cut', 'acme', '/api/org'], ['acme-cut', 'acme', '/cloudapi/1.0.0/sessions'], ['acme-cut', 'acme', '/api/org'],
    ]);
    const requests = await ctl.requests({ since: 2 });
    expect(requests.entries.map((e) => [e.org, e.outcome, e.status])).toEqual([
      ['acme', 'reset', null], ['acme', 'reset', null], ['globex', 'answered', 200], ['acme', 'reset', null], ['acme', 'answered', 200], ['acme', 'answered', 200],
    ]);
  });
});

describe('the typed client', () => {
  it('reports refusals with their problems', async () => {
    const err = await ctl.addFault({ action: { type: 'error', status: 99 } }).catch((e) => e);
    expect(err).toBeInstanceOf(ControlApiError);
    expect(err.status).toBe(400);
    expect(err.problems).toEqual([{ path: 'action.status', message: 'must be at least 400, got 99' }]);
    expect(err.message).toBe('The fault rule is not valid.\naction.status: must be at least 400, got 99');
  });

  it('drives the rest of the control API', async () => {
    expect(await ctl.addFaults([{ id: 'a', action: 'reset', from: '1h' }, { id: 'b', action: 'timeout', from: '1h' }])).toHaveLength(2);
    expect((await ctl.faults()).map((r) => r.id)).toEqual(['a', 'b']);
    await ctl.removeFault('a');
    expect(await ctl.clearFaults()).toBe(1);
    expect((await ctl.setSpeed(0)).speed).toBe(0);
    expect(await ctl.setPolicy('vappDeploy', { mode: 'immediate' })).toEqual({ vappDeploy: { mode: 'immediate' } });
    expect(await ctl.policies()).toEqual({ vappDeploy: { mode: 'immediate' } });
    expect((await ctl.setLatency('vappDeploy', { baseMs: 1 })).baseMs).toBe(1);
    expect((await ctl.latency()).vappDeploy.baseMs).toBe(1);

    const run = await ctl.startScenarioFile('scenarios/flapping-503.yaml', { speed: 0 });
    expect((await ctl.scenarios()).runs.map((r) => r.status)).toEqual(['running']);
    await ctl.advance('5m30s');
    expect((await ctl.scenario(run.id)).status).toBe('passed');
    const second = await ctl.startScenario({ name: 'slow-cloud' }, { speed: 0 });
    expect((await ctl.stopScenario(second.id)).status).toBe('stopped');

    const snapshot = await ctl.snapshot();
    const other = await startSimulator({ speed: 0, logLevel: 'silent' });
    const otherCtl = new ControlClient(other.url);
    await otherCtl.importSnapshot(snapshot);
    expect(await otherCtl.snapshot()).toEqual(snapshot);
    await other.stop();

    await ctl.reset();
    expect(await ctl.health()).toMatchObject({ faultRules: 0, scenariosRunning: 0 });
    expect((await ctl.clock()).speed).toBe(0);
  });
});
