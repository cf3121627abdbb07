/** The process around the API: the CLI, persistence across restarts, TLS. */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import https from 'node:https';
import { newSim, login, client, xml } from '../support/sim.js';
import { findInventory, instantiate, instantiateBody, waitTask } from '../support/vcd.js';
import { startTask } from '../support/faults.js';
import { configFrom } from '../../src/cli-config.js';
import { DEFAULT_FIXTURE } from '../../src/config.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'vcdsim-'));

describe('CLI', () => {
  it('reads flags over VCDSIM_* variables over defaults', () => {
    expect(configFrom([], {})).toMatchObject({ port: 8080, host: '127.0.0.1', fixture: DEFAULT_FIXTURE, seed: 1, speed: 1, tls: false });
    expect(configFrom([], { VCDSIM_PORT: '9000', VCDSIM_SPEED: '60', VCDSIM_TLS: '1' })).toMatchObject({ port: 9000, speed: 60, tls: true });
    expect(configFrom(['--port', '18080', '--seed', '7'], { VCDSIM_PORT: '9000' })).toMatchObject({ port: 18080, seed: 7 });
    expect(configFrom(['--tls'], {})).toMatchObject({ port: 8443 });
    expect(configFrom(['--help'], {})).toBe('help');
    expect(() => configFrom(['--port', 'x'], {})).toThrow(/--port/);
    expect(() => configFrom(['--log-level', 'loud'], {})).toThrow(/--log-level/);
    expect(() => configFrom(['--nope'], {})).toThrow();
  });

  it('starts, prints exactly one listening line, serves, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['dist/cli.js', '--port', '0', '--log-level', 'silent'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('\n')) resolve(out.split('\n')[0]);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      setTimeout(() => reject(new Error('no listening line')), 10_000).unref();
    });
    expect(line).toMatch(/^vcdsim listening on http:\/\/127\.0\.0\.1:\d+$/);
    const url = line.replace('vcdsim listening on ', '');
    const res = await fetch(`${url}/api/versions`);
    expect(res.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

describe('persistence (--data)', () => {
  it('keeps state across a restart', async () => {
    const dataFile = join(tmp(), 'state.json');
    const sim = await newSim({ dataFile });
    const c = client(sim, await login(sim, 'alice', 'acme'));
    const { vdc, template } = await findInventory(c, 'acme-vdc', 'ubuntu-22.04');
    const vapp = xml((await instantiate(c, vdc, instantiateBody({ name: 'kept', template }))).text).doc;
    await waitTask(sim, c, vapp.Tasks.Task[0].href);
    await sim.stop();
    expect(existsSync(dataFile)).toBe(true);

    const again = await newSim({ dataFile });
    const c2 = client(again, await login(again, 'alice', 'acme'));
    const res = await c2.get(vapp.href);
    expect(res.status).toBe(200);
    expect(xml(res.text).doc).toMatchObject({ name: 'kept', status: '8' });
    await again.stop();
  });

  it('resumes tasks that were running when the server stopped', async () => {
    const dataFile = join(tmp(), 'state.json');
    const sim = await newSim({ dataFile });
    const c = client(sim, await login(sim, 'alice', 'acme'));
    const { vdc, template } = await findInventory(c, 'acme-vdc', 'ubuntu-22.04');
    const vapp = xml((await instantiate(c, vdc, instantiateBody({ name: 'inflight', template }))).text).doc;
    await sim.stop();
    const again = await newSim({ dataFile });
    const c2 = client(again, await login(again, 'alice', 'acme'));
    expect((await waitTask(again, c2, vapp.Tasks.Task[0].href)).status).toBe('success');
    await again.stop();
  });

  it('replays the journal of changes the data file does not hold yet, as after a crash', async () => {
    const dir = tmp();
    const dataFile = join(dir, 'state.json');
    const sim = await newSim({ dataFile });
    const c = client(sim, await login(sim, 'alice', 'acme'));
    const { vdc, template } = await findInventory(c, 'acme-vdc', 'ubuntu-22.04');
    const vapp = xml((await instantiate(c, vdc, instantiateBody({ name: 'journaled', template }))).text).doc;
    await waitTask(sim, c, vapp.Tasks.Task[0].href);
    await new Promise((r) => setTimeout(r, 400));
    // The snapshot on disk predates the vApp; the journal beside it holds it.
    expect(readFileSync(dataFile, 'utf8')).not.toContain('journaled');
    expect(readdirSync(dir).some((f) => f.startsWith('.state.json.journal.'))).toBe(true);

    const again = await newSim({ dataFile });
    // The id generator goes on from where it was: ids made after the snapshot are not handed out again.
    expect(again.store.random.state()).toEqual(sim.store.random.state());
    const c2 = client(again, await login(again, 'alice', 'acme'));
    expect(xml((await c2.get(vapp.href)).text).doc).toMatchObject({ name: 'journaled', status: '8' });
    await again.stop();
    // Closing writes one whole snapshot and nothing else.
    expect(readFileSync(dataFile, 'utf8')).toContain('journaled');
    expect(readdirSync(dir).filter((f) => f.includes('journal'))).toEqual([]);
    await sim.stop();
  });

  it('journals the release of a stalled task: restarted from the data file, it runs on instead of stalling again', async () => {
    const dataFile = join(tmp(), 'state.json');
    const sim = await newSim({ dataFile });
    sim.faults.add({ id: 'freeze', match: { org: 'acme' }, action: 'task-stall' });
    const task = startTask(sim, 'acme');
    expect(sim.store.get('task', task.id)!.stallUntil).toBeNull();
    await new Promise((r) => setTimeout(r, 300)); // the stalled task is on disk (the journal)
    sim.faults.remove('freeze'); // releases the task
    expect(sim.store.get('task', task.id)!.stallUntil).toBe(sim.clock.now());
    await new Promise((r) => setTimeout(r, 300));
    // As after a crash: the data file and its journal, read while the first instance never closed.
    const again = await newSim({ dataFile });
    expect(again.store.get('task', task.id)!.stallUntil).not.toBeNull();
    again.clock.advance(task.durationMs + 1000);
    expect(again.store.get('task', task.id)!.status).toBe('success');
    await again.stop();
    await sim.stop();
  });

  it('keeps a reset: changes after it are never replayed onto the state before it', async () => {
    const dataFile = join(tmp(), 'state.json');
    const sim = await newSim({ dataFile });
    const c = client(sim, await login(sim, 'alice', 'acme'));
    const { vdc, template } = await findInventory(c, 'acme-vdc', 'ubuntu-22.04');
    const before = xml((await instantiate(c, vdc, instantiateBody({ name: 'before-reset', template }))).text).doc;
    await waitTask(sim, c, before.Tasks.Task[0].href);
    await new Promise((r) => setTimeout(r, 300));
    sim.reset();
    const c2 = client(sim, await login(sim, 'alice', 'acme'));
    const after = xml((await instantiate(c2, vdc, instantiateBody({ name: 'after-reset', template }))).text).doc;
    await waitTask(sim, c2, after.Tasks.Task[0].href);
    await new Promise((r) => setTimeout(r, 300));
    const again = await newSim({ dataFile });
    const names = [...again.store.all('vApp')].map((a) => a.name);
    expect(names).not.toContain('before-reset');
    expect(names).toContain('after-reset');
    await again.stop();
    await sim.stop();
  });

  it('refuses a corrupt or foreign data file with an error naming it', async () => {
    const dir = tmp();
    const corrupt = join(dir, 'corrupt.json');
    writeFileSync(corrupt, '{"version":1,"org":[');
    await expect(newSim({ dataFile: corrupt })).rejects.toThrow(corrupt);
    const foreign = join(dir, 'foreign.json');
    writeFileSync(foreign, '{"hello":"world"}');
    await expect(newSim({ dataFile: foreign })).rejects.toThrow(/not a vcdsim state file/);
    expect(readFileSync(corrupt, 'utf8')).toBe('{"version":1,"org":[');
  });
});

describe('--tls', () => {
  it('serves HTTPS with a generated self-signed certificate and https hrefs', async () => {
    const sim = await newSim({ tls: true });
    const url = await sim.listen(0, '127.0.0.1');
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const body = await new Promise<string>((resolve, reject) => {
      https.get(`${url}/api/versions`, { rejectUnauthorized: false }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve(text));
      }).on('error', reject);
    });
    expect(body).toContain(`<LoginUrl>${url}/cloudapi/1.0.0/sessions</LoginUrl>`);
    await sim.stop();
  });
});
