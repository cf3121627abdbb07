/**
 * Logs and startup feedback: structured JSON lines on stderr (one per request, with its id, route,
 * status, duration, user/org and any fault), a human form for terminals, --log-level, progress while a
 * large fixture loads, and stdout left to the listening line.
 */
import express from 'express';
import request from 'supertest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, prettyWriter } from '../../src/logger.js';
import { Metrics } from '../../src/observe/metrics.js';
import { observeRequests } from '../../src/observe/http.js';
import { Store } from '../../src/store/store.js';
import { STORE_INDEXES } from '../../src/resources/kinds.js';
import { hostEnv, killStarted, startServer, within } from './process.js';
import { loginAt } from '../support/http.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const CLI = join(ROOT, 'dist/cli.js');

afterAll(() => killStarted());

/** Runs the built CLI, lets `drive` talk to it, stops it with SIGTERM and returns what it printed. */
async function session(args: string[], drive: (url: string) => Promise<void>) {
  const server = await startServer(process.execPath, [CLI, '--port', '0', '--speed', '0', ...args], { cwd: ROOT, env: hostEnv() });
  await drive(server.url);
  server.proc.kill('SIGTERM');
  expect(await within(server.exited, 10_000, 'exit')).toEqual({ code: 0, signal: null });
  return { url: server.url, stdout: server.stdout, stderr: server.stderr };
}

describe('the CLI logs', () => {
  it('writes one JSON line per request on stderr, and nothing but the listening line on stdout', async () => {
    let requestId = '';
    const out = await session(['--log-format', 'json'], async (url) => {
      const token = await loginAt(url, 'alice', 'acme');
      const orgs = await fetch(`${url}/api/org`, { headers: { Accept: 'application/*+json;version=37.0', Authorization: `Bearer ${token}` } });
      expect(orgs.status).toBe(200);
      requestId = orgs.headers.get('x-vmware-vcloud-request-id')!;
      expect((await fetch(`${url}/api/org`, { headers: { Authorization: 'Bearer nope' } })).status).toBe(401);
    });
    expect(out.stdout).toEqual([`vcdsim listening on ${out.url}`]);
    const lines = out.stderr.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const l of lines) expect(l).toMatchObject({ time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), level: expect.any(String), msg: expect.any(String) });

    const orgs = lines.find((l) => l.reqId === requestId);
    expect(orgs).toMatchObject({ level: 'info', msg: 'request', method: 'GET', path: '/api/org', route: '/api/org', status: 200, user: 'alice', org: 'acme' });
    expect(typeof orgs!.ms).toBe('number');
    expect(lines.find((l) => l.msg === 'request' && l.status === 401)).toMatchObject({ method: 'GET', route: '/api/org' });
    expect(lines.find((l) => l.msg === 'request' && l.route === '/cloudapi/1.0.0/sessions')).toMatchObject({ method: 'POST', status: 200 });

    // Where everything is, right after start.
    const urls = lines.filter((l) => ['VCD API', 'dashboard', 'metrics'].includes(String(l.msg)));
    expect(urls.map((l) => l.url)).toEqual([`${out.url}/api`, `${out.url}/_vcdsim/ui`, `${out.url}/_vcdsim/metrics`]);
    expect(lines.find((l) => l.msg === 'inventory ready')).toMatchObject({ orgs: 3, vdcs: 3, templates: 7 });
    expect(lines.some((l) => l.msg === 'shutting down' && l.signal === 'SIGTERM')).toBe(true);
  });

  it('--log-level warn keeps request and startup lines out', async () => {
    const out = await session(['--log-level', 'warn', '--log-format', 'json'], async (url) => {
      expect((await fetch(`${url}/api/versions`)).status).toBe(200);
    });
    expect(out.stderr).toEqual([]);
    expect(out.stdout).toEqual([`vcdsim listening on ${out.url}`]);
  });

  it('reports progress while a large fixture loads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vcdsim-big-'));
    try {
      const file = join(dir, 'big.json');
      writeFileSync(file, JSON.stringify(bigFixture(400)));
      const out = await session(['--log-format', 'json', '--fixture', file], async () => {});
      const msgs = out.stderr.map((l) => JSON.parse(l) as Record<string, unknown>);
      const at = (msg: string) => msgs.findIndex((l) => l.msg === msg);
      expect(msgs[at('loading')]).toMatchObject({ file, mb: expect.any(Number) });
      expect(msgs[at('loading')].mb as number).toBeGreaterThan(1);
      expect(at('loading')).toBeLessThan(at('fixture parsed'));
      expect(at('fixture parsed')).toBeLessThan(at('inventory built'));
      expect(at('inventory built')).toBeLessThan(at('inventory ready'));
      expect(msgs[at('inventory ready')]).toMatchObject({ orgs: 401, vdcs: 800 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('request lines', () => {
  it('name the fault that touched a request, and exchanges cut short', async () => {
    const lines: Record<string, unknown>[] = [];
    const log = createLogger('info', (l) => lines.push(JSON.parse(l)));
    const metrics = new Metrics({ store: new Store(1, STORE_INDEXES) });
    const app = express();
    app.use((req, _res, next) => {
      req.ctx = { requestId: 'req-1', base: '', format: 'xml', version: '38.1', isSysAdmin: false };
      next();
    });
    app.use(observeRequests({ metrics, log }));
    // Stand-ins for what the fault gate does: spoil an answer, or drop the connection.
    app.get('/api/vApp/vapp-:id', (req, res) => {
      req.ctx.fault = { rule: 'flapping-503', action: 'error' };
      res.status(503).end();
    });
    app.get('/api/org', (req, res) => {
      req.ctx.fault = { rule: 'cut', action: 'reset' };
      res.socket?.destroy();
    });
    await request(app).get('/api/vApp/vapp-42').expect(503);
    await expect(request(app).get('/api/org')).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 20));

    expect(lines[0]).toMatchObject({ level: 'warn', msg: 'request', reqId: 'req-1', route: '/api/vApp/vapp-:id', status: 503, fault: 'flapping-503 (error)' });
    expect(lines[1]).toMatchObject({ level: 'info', msg: 'request', route: '/api/org', status: 'aborted', fault: 'cut (reset)' });
    const text = (await metrics.scrape()).body;
    expect(text).toContain('vcdsim_http_requests_total{method="GET",route="/api/vApp/vapp-:id",status="503"} 1');
    expect(text).toContain('vcdsim_http_requests_total{method="GET",route="/api/org",status="aborted"} 1');
  });

  it('read like an access log in the human form', () => {
    const out: string[] = [];
    const write = prettyWriter(false, (s) => out.push(s));
    write(`${JSON.stringify({ time: '2025-01-02T03:04:05.678Z', level: 'info', msg: 'request', reqId: 'r-9', method: 'GET', path: '/api/org', route: '/api/org', status: 200, ms: 1.5, user: 'alice', org: 'acme' })}\n`);
    write(`${JSON.stringify({ time: '2025-01-02T03:04:05.999Z', level: 'warn', msg: 'inventory ready', orgs: 3, file: '/a b.yaml' })}\n`);
    expect(out).toEqual([
      '03:04:05.678 INFO  GET /api/org 200 1.5ms user=alice org=acme reqId=r-9\n',
      '03:04:05.999 WARN  inventory ready orgs=3 file="/a b.yaml"\n',
    ]);
  });
});

/** An inventory of `orgs` tenants (two VDCs, a catalog of templates each): well over a megabyte. */
function bigFixture(orgs: number) {
  return {
    orgs: [
      { name: 'System', users: [{ name: 'administrator', password: 'password', role: 'System Administrator' }] },
      ...Array.from({ length: orgs }, (_, i) => ({
        name: `org${i + 1}`,
        description: `Generated tenant number ${i + 1}, with a longer description to give the file some weight`,
        users: Array.from({ length: 4 }, (_, u) => ({ name: `user${u + 1}`, password: 'password', role: 'vApp Author', fullName: `User ${u + 1} of org ${i + 1}` })),
        vdcs: [1, 2].map((v) => ({
          name: `org${i + 1}-vdc${v}`,
          cpu: { limitMhz: 64000 },
          memory: { limitMB: 131072 },
          storageProfiles: [{ name: 'Gold', limitMB: 2048000, default: true }],
          networks: [{ name: `org${i + 1}-vdc${v}-net`, gateway: '10.0.0.1', ipRanges: [{ start: '10.0.0.10', end: '10.0.0.200' }] }],
        })),
        catalogs: [{
          name: `org${i + 1}-catalog`,
          vdc: `org${i + 1}-vdc1`,
          templates: Array.from({ length: 6 }, (_, t) => ({
            name: `template-${t + 1}`,
            description: 'A generated template with three VMs',
            vms: ['web', 'app', 'db'].map((n) => ({ name: n, os: 'ubuntu64Guest', cpus: 2, memoryMB: 4096, disksMB: [20480, 10240] })),
          })),
        }],
      })),
    ],
  };
}
