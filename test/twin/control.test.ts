/**
 * The digital twin over the control API: the diff of now against a given snapshot or fixture, a what-if
 * run, verify of an uploaded recording with the fitted latency model set on the running simulator, and a
 * capture of another vcdsim on loopback as a job (its fixture starts a twin that diffs clean). Bad input
 * is 400 with its problems; runs are one at a time; no password reaches a job, an answer or the logs.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { ControlClient, startSimulator, type RunningSimulator } from '../../src/index.js';
import { record } from '../../src/twin/record.js';
import { inventoryFrom } from '../../src/twin/diff.js';
import { deployVApp, flowLogin } from './flow.js';
import { killStarted, startServer, stopGroup, type Server } from '../ship/process.js';

jest.setTimeout(120_000);

const PASSWORD = 'Ctl-Tw1n-S3cret';
const dir = mkdtempSync(join(tmpdir(), 'vcdsim-twin-control-'));
const base = readFileSync('fixtures/default.yaml', 'utf8').replaceAll('password: password', `password: ${PASSWORD}`)
  .replace('{ name: Gold, limitMB: 2048000, default: true }', '{ name: Gold, limitMB: 0, default: true }');
const fixture = join(dir, 'source.yaml');
writeFileSync(fixture, base);
const KNOWN = { baseMs: 12_000, perVmMs: 5_000, perGbMs: 20, jitter: 0.02 };
const slowFixture = join(dir, 'slow.yaml');
writeFileSync(slowFixture, `${base}\nlatency:\n  vdcInstantiateVapp: ${JSON.stringify(KNOWN)}\n`);

const running: RunningSimulator[] = [];
const logs: string[] = [];
async function start(extra: Record<string, unknown> = {}): Promise<RunningSimulator> {
  const s = await startSimulator({ fixture, speed: 2000, logLevel: 'warn', ...extra });
  running.push(s);
  return s;
}
afterAll(async () => {
  for (const s of running) await s.stop();
});

async function ctl(s: { url: string }, method: string, path: string, body?: unknown): Promise<{ status: number; body: any; text: string; headers: Headers }> {
  const res = await fetch(`${s.url}/_vcdsim${path}`, {
    method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch { /* YAML */ }
  // What the twin routes answer (snapshots carry the fixture's users as they are, and are not theirs).
  if (!path.startsWith('/snapshot')) logs.push(text);
  return { status: res.status, body: parsed, text, headers: res.headers };
}

// The simulator whose control API is driven: a process logging every request at debug level, answers
// checked against the OpenAPI document.
let sim: Server;
beforeAll(async () => {
  sim = await startServer(process.execPath, [
    'dist/cli.js', '--port', '0', '--fixture', fixture, '--speed', '2000', '--log-level', 'debug', '--log-format', 'json', '--validate-responses',
  ], { cwd: process.cwd(), env: { ...process.env } });
});
afterAll(async () => {
  stopGroup(sim.proc);
  await sim.exited;
  killStarted();
});

describe('POST /_vcdsim/diff', () => {
  test('now against the fixture, a given fixture or a given snapshot', async () => {
    const f = await flowLogin(sim.url, 'acme-admin', 'acme', PASSWORD);
    await deployVApp(f, { vdc: 'acme-vdc', template: 'ubuntu-22.04', network: 'acme-web', name: 'diffed' });
    const none = await ctl(sim, 'POST', '/diff', {});
    expect(none.status).toBe(200);
    expect(none.body.added).toContainEqual({ kind: 'vApp', key: 'acme/acme-vdc/diffed' });
    expect(none.body).toEqual((await ctl(sim, 'GET', '/diff')).body);
    // A fixture as YAML: one without globex shows globex's entities as added.
    const noGlobex = base.slice(0, base.indexOf('  - name: globex')) + base.slice(base.indexOf('# The provider side'));
    const given = await ctl(sim, 'POST', '/diff', { fixture: noGlobex });
    expect(given.status).toBe(200);
    expect(given.body.added).toContainEqual({ kind: 'org', key: 'globex' });
    // A snapshot of now: no differences.
    const snap = await ctl(sim, 'GET', '/snapshot');
    const same = await ctl(sim, 'POST', '/diff', { snapshot: snap.body });
    expect(same.body).toEqual({ added: [], removed: [], changed: [], ignored: 0 });
    const ignored = await ctl(sim, 'POST', '/diff', { ignore: ['vApp', 'vm', 'task', 'network', 'vdc', 'storageProfile', 'edgeGateway'] });
    expect(ignored.body.added).toEqual([]);
    expect(ignored.body.ignored).toBeGreaterThan(0);
  });

  test('bad input is 400 with what is wrong', async () => {
    const twoOf = await ctl(sim, 'POST', '/diff', { snapshot: {}, fixture: 'orgs: []' });
    expect(twoOf).toMatchObject({ status: 400, body: { error: { message: 'Give snapshot or fixture, not both.' } } });
    const badSnap = await ctl(sim, 'POST', '/diff', { snapshot: { hello: 1 } });
    expect(badSnap.status).toBe(400);
    expect(badSnap.body.error.message).toMatch(/neither a snapshot .* nor a fixture/);
    const unknown = await ctl(sim, 'POST', '/diff', { colour: 'red', ignore: 'vm' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.problems.map((p: { path: string }) => p.path)).toEqual(['colour']);
  });
});

describe('POST /_vcdsim/whatif', () => {
  const yaml = `name: small-change
timeline:
  - at: 0s
    change: true
    do:
      - instantiate: { org: acme, vdc: acme-vdc, template: ubuntu-22.04, network: acme-web, name: 'w-{i}', count: 5, spread: 1m }
  - at: 2m
    note: a look around
`;
  test('the report the CLI prints, as JSON and text, faster than real time; this simulator left alone', async () => {
    const before = (await ctl(sim, 'GET', '/snapshot')).text;
    const res = await ctl(sim, 'POST', '/whatif', { yaml, seed: 3 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ scenario: '<request>', seed: 3, clock: 'fast-forward' });
    expect(res.body.change.tasks.byOperation.vdcInstantiateVapp).toMatchObject({ started: 5, succeeded: 5 });
    expect(res.body.baseline.tasks.started).toBe(0);
    expect(res.body.speedFactor).toBeGreaterThan(60);
    expect(res.body.text).toContain('what-if: <request>');
    expect((await ctl(sim, 'GET', '/snapshot')).text).toBe(before);
  });

  test('a given fixture, bad options, and one run at a time', async () => {
    const small = base.replace('vmQuota: 40', 'vmQuota: 2');
    const capped = await ctl(sim, 'POST', '/whatif', { yaml, fixture: small });
    expect(capped.status).toBe(200);
    expect(capped.body.fixture).toBe('<request>');
    expect(capped.body.change.attempts.refused + capped.body.change.tasks.failed).toBeGreaterThan(0);
    const slow = await ctl(sim, 'POST', '/whatif', { yaml, speed: 2 });
    expect(slow.status).toBe(400);
    expect(slow.body.error.problems).toEqual([{ path: 'speed', message: 'must be 0 (fast-forward) or at least 60, got 2' }]);
    const badFixture = await ctl(sim, 'POST', '/whatif', { yaml, fixture: 'orgs:\n  - name: x\n    vdcs:\n      - { name: v, allocationModel: Nope }\n' });
    expect(badFixture.status).toBe(400);
    expect(badFixture.body.error.message).toMatch(/line 4/);
    const badScenario = await ctl(sim, 'POST', '/whatif', { yaml: 'name: x\ntimeline:\n  - at: soon\n' });
    expect(badScenario.status).toBe(400);
    expect(badScenario.body.error.problems[0]).toMatchObject({ line: 3 });
    // At 60× real time, the two minutes of each run take two seconds: a second what-if meanwhile is refused.
    const first = ctl(sim, 'POST', '/whatif', { yaml, speed: 60 });
    await new Promise((r) => setTimeout(r, 500));
    const second = await ctl(sim, 'POST', '/whatif', { yaml });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toBe('A what-if is running; one what-if or verify runs at a time.');
    expect((await first).status).toBe(200);
  });
});

describe('POST /_vcdsim/verify', () => {
  test('an uploaded recording: off with the default model, then fit into this simulator and within ±10 %', async () => {
    const source = await start({ fixture: slowFixture, seed: 5 });
    const file = join(dir, 'flow.jsonl');
    const rec = await record({ target: source.url, out: file });
    const f = await flowLogin(rec.url, 'acme-admin', 'acme', PASSWORD);
    const templates = ['ubuntu-22.04', 'rocky-9', 'three-tier-app', 'k8s-cluster'];
    for (const [i, template] of [...templates, ...templates].entries()) await deployVApp(f, { vdc: 'acme-vdc', template, network: 'acme-web', name: `v${i}` });
    await rec.stop();
    const jsonl = readFileSync(file, 'utf8');

    const target = await start();
    const off = await ctl(target, 'POST', '/verify', { jsonl, user: 'acme-admin', org: 'acme', password: PASSWORD, fit: true });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ recording: '<request>', ok: false });
    expect(off.body.operations[0]).toMatchObject({ operation: 'vdcInstantiateVapp', tasks: 8, predicted: 8 });
    const fitted = off.body.fitted.vdcInstantiateVapp;
    expect(Math.abs(fitted.perVmMs - KNOWN.perVmMs) / KNOWN.perVmMs).toBeLessThan(0.2);
    // The running simulator now has the fitted model…
    expect((await ctl(target, 'GET', '/latency')).body.vdcInstantiateVapp).toEqual(fitted);
    // …and a verify against a fixture with it (a path this time) is within ±10 %.
    const fittedFixture = join(dir, 'fitted.yaml');
    writeFileSync(fittedFixture, `${base}\nlatency:\n  vdcInstantiateVapp: ${JSON.stringify(fitted)}\n`);
    const on = await ctl(target, 'POST', '/verify', { recording: file, fixture: fittedFixture, user: 'acme-admin', org: 'acme' });
    expect(on.status).toBe(200);
    expect(on.body.ok).toBe(true);
    expect(on.body.text).toContain('Every operation within ±10 %');
  });

  test('bad input is 400', async () => {
    const none = await ctl(sim, 'POST', '/verify', { user: 'acme-admin', org: 'acme' });
    expect(none.body.error.message).toMatch(/exactly one of recording/);
    const missing = await ctl(sim, 'POST', '/verify', { recording: join(dir, 'nope.jsonl'), user: 'acme-admin', org: 'acme' });
    expect(missing.status).toBe(400);
    const torn = await ctl(sim, 'POST', '/verify', { jsonl: '{"type":"recording"}\n{oops\n', user: 'acme-admin', org: 'acme', password: 'x' });
    expect(torn.status).toBe(400);
    expect(torn.body.error.message).toBe('the recording:2 is not a JSON line');
    const hashed = await ctl(sim, 'POST', '/verify', { jsonl: '{"type":"recording"}\n', user: 'nobody', org: 'acme' });
    expect(hashed.status).toBe(400);
    expect(hashed.body.error.message).toMatch(/no plain password for nobody@acme/);
  });
});

test('files are named by path only by loopback clients: with the control token, send their text', async () => {
  const guarded = await start({ controlToken: 'ctl-token' });
  const post = (path: string, body: unknown) => fetch(`${guarded.url}/_vcdsim${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-vcdsim-control-token': 'ctl-token' }, body: JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: await r.json() as any }));
  const rec = await post('/verify', { recording: '/etc/hostname', user: 'acme-admin', org: 'acme' });
  expect(rec).toMatchObject({ status: 403, body: { error: { message: 'A recording given by path is read only for loopback clients; send its text instead.' } } });
  const fx = await post('/whatif', { yaml: 'name: x\ntimeline: [{ at: 0s, note: n }]\n', fixture: fixture });
  expect(fx.status).toBe(403);
  const text = await post('/whatif', { yaml: 'name: x\ntimeline: [{ at: 0s, note: n }]\n', fixture: base });
  expect(text.status).toBe(200);
});

describe('captures', () => {
  test('a capture of a vcdsim on loopback, as a job: its fixture starts a twin that diffs clean', async () => {
    const source = await start();
    const f = await flowLogin(source.url, 'acme-admin', 'acme', PASSWORD);
    await deployVApp(f, { vdc: 'acme-vdc', template: 'three-tier-app', network: 'acme-web', name: 'captured', powerOn: true });
    const started = await ctl(sim, 'POST', '/captures', { from: source.url, user: 'administrator', org: 'System', password: PASSWORD, rps: 1000 });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'running', from: source.url, user: 'administrator', org: 'System', rps: 1000 });
    expect(started.headers.get('location')).toBe(`/_vcdsim/captures/${started.body.id}`);
    expect((await ctl(sim, 'POST', '/captures', { from: source.url, user: 'administrator', org: 'System', password: PASSWORD })).status).toBe(409);
    // The library's client polls it.
    const job = await new ControlClient(sim.url).waitForCapture(started.body.id, { intervalMs: 100 });
    expect(job).toMatchObject({ status: 'succeeded', notCaptured: [], refused: [] });
    logs.push(JSON.stringify(job));
    expect(job.counts).toMatchObject({ orgs: 3, vApps: 1, vms: 3 });
    expect(job.progress).toContain('  vApp acme/acme-vdc/captured: 3 VMs');
    const yaml = await ctl(sim, 'GET', `/captures/${job.id}/fixture`);
    expect(yaml.status).toBe(200);
    expect(yaml.text).toBe(job.fixture);
    const list = await ctl(sim, 'GET', '/captures');
    expect(list.body).toEqual([expect.objectContaining({ id: job.id, status: 'succeeded', refused: 0 })]);
    expect(list.body[0].fixture).toBeUndefined();

    const twinFixture = join(dir, 'captured.yaml');
    writeFileSync(twinFixture, yaml.text);
    const twin = await start({ fixture: twinFixture });
    const d = await ctl(twin, 'POST', '/diff', { snapshot: inventoryFrom((await ctl(source, 'GET', '/snapshot')).body), uncaptured: true });
    expect(d.body).toMatchObject({ added: [], removed: [], changed: [] });
    await flowLogin(twin.url, 'acme-admin', 'acme', job.passwords!['acme-admin@acme']);

    expect((await ctl(sim, 'DELETE', `/captures/${job.id}`)).status).toBe(204);
    expect((await ctl(sim, 'GET', `/captures/${job.id}`)).status).toBe(404);
  });

  test('only loopback, with valid options; a refused login is a failed job without the password', async () => {
    const remote = await ctl(sim, 'POST', '/captures', { from: 'http://10.0.0.8', user: 'a', org: 'System', password: 'p' });
    expect(remote.status).toBe(400);
    expect(remote.body.error.problems).toEqual([{ path: 'from', message: 'captures read from loopback addresses only (localhost, 127.x, ::1), not 10.0.0.8' }]);
    const bad = await ctl(sim, 'POST', '/captures', { from: 'ftp://127.0.0.1', org: 'System', password: 1, rps: 5000 });
    expect(bad.body.error.problems.map((p: { path: string }) => p.path).sort()).toEqual(['from', 'password', 'rps', 'user']);
    const wrong = await ctl(sim, 'POST', '/captures', { from: sim.url, user: 'administrator', org: 'System', password: 'Wr0ng-Pa55word' });
    expect(wrong.status).toBe(202);
    let job = wrong.body;
    for (let i = 0; i < 100 && job.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await ctl(sim, 'GET', `/captures/${job.id}`)).body;
    }
    expect(job).toMatchObject({ status: 'failed', error: 'login as administrator@System answered 401' });
    expect(JSON.stringify(job)).not.toContain('Wr0ng-Pa55word');
  });
});

test('no password given to the twin routes reaches an answer, a job, the request log or the logs', async () => {
  const requestLog = await ctl(sim, 'GET', '/log/requests');
  const logged = sim.stderr.join('\n');
  expect(logged).toContain('POST /_vcdsim/captures');
  expect(logged).toContain('POST /_vcdsim/verify');
  for (const text of [...logs, requestLog.text, logged]) {
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('Wr0ng-Pa55word');
  }
});
