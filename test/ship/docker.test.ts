/**
 * The image, built and run for real where a Docker daemon and a node:20-slim base image are there
 * (scripts/docker-base.sh makes one without a registry): from the host, health answers without a token,
 * the control API refuses requests without the token, and with it a fault is added and fires, the clock
 * is advanced and the simulator reset — the README's CI recipe. Skipped, saying why, where Docker is not
 * (test/ship/package.test.ts runs the Dockerfile's steps outside Docker everywhere).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const TOKEN = 'smoke-secret';
const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8', timeout: 480_000, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const works = (...args: string[]) => spawnSync('docker', args, { stdio: 'ignore', timeout: 30_000 }).status === 0;

const why = !works('info') ? 'no Docker daemon here'
  : !works('image', 'inspect', 'node:20-slim') ? 'no node:20-slim image in the local store (without a registry: scripts/docker-base.sh)'
  : undefined;
if (why) process.stderr.write(`!!! SKIPPED the Docker smoke test: ${why}\n`);
const maybe = why ? it.skip : it;

/** One GET that gives up after 2 s (through docker-proxy a probe can hang while the server starts); the
 * timer is a plain one, so the event loop has something to wait for meanwhile. */
async function probe(url: string): Promise<Response | undefined> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 2000);
  try {
    return await fetch(url, { signal: abort.signal });
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

let container: string | undefined;
afterAll(() => {
  if (container) spawnSync('docker', ['rm', '-f', container], { stdio: 'ignore' });
});

maybe('docker build, docker run: a fault added and the clock advanced from the host', async () => {
  docker('build', '-q', '-t', 'vcdsim:smoke', resolve('.'));
  container = docker('run', '-d', '-p', '127.0.0.1::8080', '-e', `VCDSIM_CONTROL_TOKEN=${TOKEN}`, '-e', 'VCDSIM_SPEED=0', 'vcdsim:smoke');
  const port = docker('port', container, '8080').split('\n')[0].split(':').pop();
  const url = `http://127.0.0.1:${port}`;
  let health: Response | undefined;
  for (let i = 0; i < 100 && !health?.ok; i++) {
    health = await probe(`${url}/_vcdsim/health`);
    if (!health?.ok) await new Promise((r) => setTimeout(r, 200));
  }
  expect(health?.status).toBe(200); // no token needed: the port mapping makes the host a non-loopback client

  const json = { 'Content-Type': 'application/json' };
  const withToken = { ...json, 'X-VCDSIM-Control-Token': TOKEN };
  const rule = { id: 'down', match: { path: '/api/versions' }, action: { type: 'error', status: 503, retryAfter: 5 }, duration: '2m' };
  expect((await fetch(`${url}/_vcdsim/faults`, { method: 'POST', headers: json, body: JSON.stringify(rule) })).status).toBe(401);
  expect((await fetch(`${url}/_vcdsim/faults`, { method: 'POST', headers: withToken, body: JSON.stringify(rule) })).status).toBe(201);
  const spoiled = await fetch(`${url}/api/versions`);
  expect([spoiled.status, spoiled.headers.get('retry-after')]).toEqual([503, '5']);
  const clock = await (await fetch(`${url}/_vcdsim/clock/advance`, { method: 'POST', headers: withToken, body: JSON.stringify({ by: '2m' }) })).json() as { speed: number };
  expect(clock.speed).toBe(0);
  expect((await fetch(`${url}/api/versions`)).status).toBe(200);
  // The shell client from the host, as a CI step would use it.
  const ctl = spawnSync(process.execPath, [resolve('dist/cli.js'), 'ctl', '--url', url, 'reset'], { encoding: 'utf8', env: { ...process.env, VCDSIM_CONTROL_TOKEN: TOKEN } });
  expect([ctl.status, ctl.stderr]).toEqual([0, '']);
  // Every control action is in the container's log, with who did it.
  const logs = spawnSync('docker', ['logs', container], { encoding: 'utf8' }).stderr;
  const actions = logs.split('\n').filter((l) => l.includes('"msg":"control"')).map((l) => JSON.parse(l));
  expect(actions.map((a) => [a.action, a.status, a.auth])).toEqual([
    ['POST /_vcdsim/faults', 401, undefined], ['POST /_vcdsim/faults', 201, 'token'], ['POST /_vcdsim/clock/advance', 200, 'token'], ['POST /_vcdsim/reset', 204, 'token'],
  ]);
  docker('stop', container);
}, 600_000);
