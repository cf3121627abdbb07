/**
 * Each example scenario end to end: the test plays the client, drives the simulated clock by hand and
 * checks what a client sees at each point of the story, then that the run passed.
 */
import { resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import request from 'supertest';
import { newSim, login, client } from '../support/sim.js';
import { basic, raw, startTask, tenant } from '../support/faults.js';
import { loadScenarioFile } from '../../src/scenarios/loader.js';
import type { ScenarioRun } from '../../src/scenarios/runner.js';
import type { Simulator } from '../../src/sim.js';
import { bytes as uploadBytes, ovfDescriptor } from '../support/ovf.js';

let sim: Simulator;
beforeEach(async () => {
  sim = await newSim();
});
afterEach(() => sim.stop());

/** Starts an example with the clock frozen: the test moves it. */
const play = (name: string): ScenarioRun => sim.scenarios.start(loadScenarioFile(resolve('scenarios', `${name}.yaml`)), { speed: 0 });
/** Moves the clock to an offset from the start of the run. */
const at = (run: ScenarioRun, offsetMs: number) => sim.clock.advance(run.startedAt + offsetMs - sim.clock.now());
const S = 1000;
const M = 60_000;

describe('partition-one-org', () => {
  it('cuts acme off for 2 minutes while globex keeps working, then heals', async () => {
    const url = await sim.listen(0, '127.0.0.1');
    const acmeToken = await login(sim, 'alice', 'acme');
    const acmeGet = () => raw(`${url}/api/org`, { headers: { Authorization: `Bearer ${acmeToken}` } });
    const logins = (user: string, org: string) => raw(`${url}/api/sessions`, { method: 'POST', headers: { Authorization: basic(user, org) } });
    const run = play('partition-one-org');

    expect(await acmeGet()).toMatchObject({ kind: 'response', status: 200 });
    at(run, 30 * S);
    expect(await acmeGet()).toEqual({ kind: 'error', code: 'ECONNRESET' });
    expect(await logins('bob', 'acme')).toEqual({ kind: 'error', code: 'ECONNRESET' });
    expect(await logins('gina', 'globex')).toMatchObject({ kind: 'response', status: 200 });
    expect(await raw(`${url}/api/versions`)).toMatchObject({ kind: 'response', status: 200 });
    at(run, 2 * M + 29 * S);
    expect(await acmeGet()).toEqual({ kind: 'error', code: 'ECONNRESET' });
    at(run, 2 * M + 30 * S);
    expect(await acmeGet()).toMatchObject({ kind: 'response', status: 200 });
    at(run, 3 * M + 30 * S);
    expect(run.report()).toMatchObject({ status: 'passed', faults: { total: 3, byRule: { 'acme-partition': 3 } } });
  });

  it('fails when acme is left with work stuck after the partition', async () => {
    const run = play('partition-one-org');
    at(run, 1 * M);
    sim.faults.add({ match: { org: 'acme' }, action: 'task-stall' });
    startTask(sim, 'acme');
    at(run, 3 * M + 30 * S);
    expect(run.report().status).toBe('failed');
    expect(run.report().checks.filter((c) => !c.ok).map((c) => c.description)).toEqual(['no active tasks (org acme)']);
  });
});

describe('storage-exhaustion-mass-deploy', () => {
  it('takes acme-vdc\'s storage to zero from +1m to +4m while other tenants deploy', () => {
    const { vdc } = tenant(sim, 'acme');
    const run = play('storage-exhaustion-mass-deploy');
    at(run, 59 * S);
    expect(sim.capacityOverrides.size).toBe(0);
    at(run, 1 * M);
    expect([...sim.capacityOverrides]).toEqual([[vdc.id, { storageMB: 0 }]]);
    const globex = tenant(sim, 'globex').org.id;
    const background = () => [...sim.store.all('task')].filter((t) => t.orgId === globex);
    expect(background().length).toBeGreaterThan(0);
    at(run, 4 * M);
    expect(sim.capacityOverrides.size).toBe(0);
    at(run, 5 * M);
    expect(background().map((t) => t.status)).toEqual(Array(10).fill('success'));
    expect(run.report()).toMatchObject({ status: 'passed', faults: { total: 1, byRule: { 'acme-storage-full': 1 } } });
  });
});

describe('flapping-503', () => {
  it('answers about one request in five with 503 and Retry-After for 5 minutes', async () => {
    const run = play('flapping-503');
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) {
      const res = await request(sim.app).get('/api/versions');
      statuses.push(res.status);
      if (res.status === 503) expect(res.headers['retry-after']).toBe('5');
    }
    const failed = statuses.filter((s) => s === 503).length;
    expect(failed).toBeGreaterThan(25);
    expect(failed).toBeLessThan(55);
    expect(statuses.filter((s) => s !== 503 && s !== 200)).toEqual([]);
    at(run, 5 * M);
    for (let i = 0; i < 20; i++) expect((await request(sim.app).get('/api/versions')).status).toBe(200);
    at(run, 5 * M + 30 * S);
    expect(run.report()).toMatchObject({ status: 'passed', faults: { total: failed } });
  });
});

describe('stall-then-fail', () => {
  it('freezes deploy tasks at 50 % for 90 s, then fails them', () => {
    const run = play('stall-then-fail');
    const globex = tenant(sim, 'globex').org.id;
    const deploys = () => [...sim.store.all('task')].filter((t) => t.orgId === globex);
    at(run, 50 * S);
    expect(deploys()).toHaveLength(4);
    const first = deploys()[0];
    expect(first.status).toBe('running');
    expect(sim.tasks.progressOf(first)).toBe(50);
    at(run, 90 * S);
    expect(sim.tasks.progressOf(first)).toBe(50);
    at(run, 3 * M);
    expect(deploys().map((t) => [t.status, t.error?.message])).toEqual(Array(4).fill(['error', 'Timed out waiting for the host to respond.']));
    // Other operations are not affected.
    const other = startTask(sim, 'globex', 'vappPowerOff');
    at(run, 4 * M);
    expect(sim.store.get('task', other.id)!.status).toBe('success');
    at(run, 5 * M);
    expect(run.report().status).toBe('passed');
  });
});

describe('slow-cloud', () => {
  it('makes tasks ten times slower and holds API answers back', async () => {
    const run = play('slow-cloud');
    const started = Date.now();
    expect((await request(sim.app).get('/api/versions')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(60);
    expect((await request(sim.app).get('/_vcdsim/health')).status).toBe(200);
    const tasks = [...sim.store.all('task')];
    expect(tasks.map((t) => t.durationMs).every((d) => d >= 100_000)).toBe(true);
    at(run, 1 * M);
    expect(tasks.map((t) => sim.store.get('task', t.id)!.status)).toEqual(['running', 'running']);
    at(run, 10 * M);
    expect(run.report()).toMatchObject({ status: 'passed', checks: [{ ok: true }, { ok: true }] });
  });
});

describe('cascading-failure', () => {
  it('drops capacity, fails deploys, partitions acme, then recovers', async () => {
    const url = await sim.listen(0, '127.0.0.1');
    const { vdc } = tenant(sim, 'acme');
    const acmeLogin = () => raw(`${url}/api/sessions`, { method: 'POST', headers: { Authorization: basic('alice', 'acme') } });
    const run = play('cascading-failure');
    expect(sim.latency.get('vdcInstantiateVapp').baseMs).toBe(20000);
    at(run, 30 * S);
    expect(sim.capacityOverrides.get(vdc.id)).toEqual({ memoryMB: 8192, vms: 5 });
    at(run, 1 * M + 30 * S);
    expect(await acmeLogin()).toEqual({ kind: 'error', code: 'ECONNRESET' });
    expect((await client(sim, await login(sim, 'gina', 'globex')).get('/api/org')).status).toBe(200);
    at(run, 2 * M + 30 * S);
    expect(await acmeLogin()).toMatchObject({ kind: 'response', status: 200 });
    at(run, 3 * M);
    expect(sim.capacityOverrides.size).toBe(0);
    at(run, 5 * M);
    const report = run.report();
    expect(report.status).toBe('passed');
    expect(report.faults.byRule['deploys-fail']).toBeGreaterThanOrEqual(1);
    const failed = [...sim.store.all('task')].filter((t) => t.status === 'error');
    expect(failed.map((t) => t.error!.message)).toEqual(Array(report.faults.byRule['deploys-fail']).fill('The datastore is not accessible.'));
    expect(sim.latency.get('vdcInstantiateVapp').baseMs).toBe(8000);
  });
});

describe('nat-change-races-deploy', () => {
  it('keeps acme-edge busy for a minute: the DNAT rule of a fresh deploy is refused until then, then lands', async () => {
    const run = play('nat-change-races-deploy');
    const admin = client(sim, await login(sim, 'acme-admin', 'acme'), 'application/json;version=38.0');
    const gw = [...sim.store.all('edgeGateway')].find((g) => g.name === 'acme-edge')!;
    const nat = () => admin.post(`/cloudapi/1.0.0/edgeGateways/urn:vcloud:gateway:${gw.id}/nat/rules`).set('Content-Type', 'application/json')
      .send({ name: 'publish-web', type: 'DNAT', externalAddresses: '203.0.113.11', internalAddresses: '10.10.10.20', enabled: true });
    const deploy = startTask(sim, 'acme');
    at(run, 10 * S);
    const refused = await nat();
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ minorErrorCode: 'BUSY_ENTITY', message: expect.stringMatching(/gateway "acme-edge" is busy completing an operation\.$/) });
    at(run, 61 * S);
    expect(sim.store.get('task', deploy.id)!.status).toBe('success');
    expect((await nat()).status).toBe(202);
    at(run, 2 * M);
    expect(run.report()).toMatchObject({ status: 'passed' });
    expect(sim.store.count('natRule')).toBe(1);
  });

  it('fails when the orchestrator gives up on its NAT rule', () => {
    const run = play('nat-change-races-deploy');
    at(run, 2 * M);
    expect(run.report().status).toBe('failed');
    expect(run.report().checks.filter((c) => !c.ok).map((c) => c.description)).toHaveLength(1);
  });
});

describe('upload-interrupted', () => {
  /** A PUT of bytes over a real connection: its status, or the socket error's code (a fault may drop it). */
  const putBytes = (url: string, token: string, body: Buffer, range: string) => new Promise<number | string>((resolve) => {
    const req = httpRequest(url, { method: 'PUT', agent: false, headers: { Authorization: `Bearer ${token}`, 'Content-Range': range, 'Content-Length': String(body.length) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    req.end(body);
  });

  /** Starts an OVF upload as pyvcloud does and sends its descriptor: the template and the disk's transfer URL. */
  async function startUpload(c: ReturnType<typeof client>, name: string, diskBytes: number) {
    const acme = [...sim.store.all('catalog')].find((k) => k.name === 'acme-catalog')!;
    const res = await c.post(`/api/catalog/${acme.id}/action/upload`).set('Content-Type', 'application/vnd.vmware.vcloud.uploadVAppTemplateParams+xml')
      .send(`<UploadVAppTemplateParams xmlns="http://www.vmware.com/vcloud/v1.5" name="${name}"/>`);
    expect(res.status).toBe(201);
    const id = /vappTemplate-([0-9a-f-]+)/.exec(res.text)![1];
    expect((await c.put(`/transfer/${id}/descriptor.ovf`).set('Content-Type', 'text/xml').send(ovfDescriptor({ diskBytes }))).status).toBe(200);
    return { id, disk: `/transfer/${id}/disk1.vmdk` };
  }

  it('cuts the first disk chunk after 256 KiB; the chunk sent again continues the file, and the import holds for 2 minutes', async () => {
    const url = await sim.listen(0, '127.0.0.1');
    const token = await login(sim, 'carol', 'acme');
    const c = client(sim, token);
    const run = play('upload-interrupted');
    const data = uploadBytes(3 * 1024 * 1024);
    const { id, disk } = await startUpload(c, 'tiny-retried', data.length);
    const chunk = 1024 * 1024;
    const file = () => sim.store.get('vAppTemplate', id)!.upload!.files[1];
    // Chunks as go-vcloud-director and pyvcloud send them; the first loses its connection.
    expect(await putBytes(`${url}${disk}`, token, data.subarray(0, chunk), `bytes 0-${chunk - 1}/${data.length}`)).toBe('ECONNRESET');
    expect(file().bytesTransferred).toBe(262144);
    // The retry sends the same chunk: what arrived is skipped, the rest continues the file.
    for (let at = 0; at < data.length; at += chunk) {
      expect(await putBytes(`${url}${disk}`, token, data.subarray(at, at + chunk), `bytes ${at}-${at + chunk - 1}/${data.length}`)).toBe(200);
    }
    expect(file()).toMatchObject({ bytesTransferred: data.length, checksum: createHash('sha256').update(data).digest('hex') });
    const task = () => sim.store.get('task', sim.store.get('vAppTemplate', id)!.upload!.taskId!)!;
    at(run, 1 * M);
    expect(task()).toMatchObject({ status: 'running', progress: 99 });
    at(run, 2 * M);
    expect(sim.store.get('vAppTemplate', id)!.status).toBe(8);
    at(run, 10 * M + 30 * S);
    expect(run.report()).toMatchObject({ status: 'passed', faults: { byRule: { 'cut-upload': 1, 'slow-import': 1 } } });
  });

  it('fails when the uploader gives up and leaves the template half uploaded', async () => {
    const run = play('upload-interrupted');
    const c = client(sim, await login(sim, 'carol', 'acme'));
    await startUpload(c, 'tiny-abandoned', 4096);
    at(run, 10 * M + 30 * S);
    expect(run.report().status).toBe('failed');
    expect(run.report().checks.filter((c) => !c.ok).map((c) => c.description)).toEqual([
      'faults injected (rule cut-upload) = 1', 'requests (PUT /transfer/** reset) = 1', 'count of vAppTemplate ({"status":0}) = 0', 'no active tasks',
    ]);
  });
});

describe('ip-pool-exhausted', () => {
  it('refuses POOL addresses on acme-web from +1m to +3m, creating nothing, then recovers', async () => {
    const { findInventory, instantiate, instantiateBody } = await import('../support/vcd.js');
    const x = client(sim, await login(sim, 'acme-admin', 'acme'));
    const net = [...sim.store.all('network')].find((n) => n.name === 'acme-web')!;
    const { vdc, template } = await findInventory(x, 'acme-vdc', 'ubuntu-22.04');
    const deploy = (name: string) => instantiate(x, vdc, instantiateBody({ name, template, deploy: false, network: { name: 'acme-web', href: `http://vcd.test/api/network/${net.id}` } }));
    const run = play('ip-pool-exhausted');
    at(run, 1 * M);
    expect([...sim.capacityOverrides]).toEqual([[`ipPool:${net.id}`, { poolExhausted: true }]]);
    const vapps = sim.store.count('vApp');
    const refused = await deploy('no-address');
    expect([refused.status, /No IP addresses are left in the static pool of network &quot;acme-web&quot;/.test(refused.text)]).toEqual([400, true]);
    expect(sim.store.count('vApp')).toBe(vapps);
    at(run, 3 * M);
    expect(sim.capacityOverrides.size).toBe(0);
    expect((await deploy('has-address')).status).toBe(201);
    at(run, 4 * M);
    expect(run.report()).toMatchObject({ status: 'passed', faults: { total: 1, byRule: { 'acme-web-pool-empty': 1 } } });
  });
});
