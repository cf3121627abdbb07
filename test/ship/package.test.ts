/**
 * The shipped artifacts, tried as a new user would. SLOW (about a minute): it installs packages from the
 * registry (npm's cache makes repeat runs faster).
 *
 * - The Dockerfile's own steps, run outside Docker (test/ship/dockerfile.ts), build the image's file
 *   system; its ENTRYPOINT with its ENV serves, passes its HEALTHCHECK and stops cleanly on SIGTERM,
 *   finishing a request in flight and flushing pending writes to the data volume.
 * - The tarball that build packs installs into a scratch project, where `npx vcdsim` and
 *   `import { startSimulator } from 'vcdsim'` work, types included.
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { emulate, hostPath, type Emulated } from './dockerfile.js';
import { hostEnv, killStarted, startServer, stopGroup, within } from './process.js';

const run = promisify(execFile);
const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const BASIC = `Basic ${Buffer.from('alice@acme:password').toString('base64')}`;

let work: string;
let image: Emulated;
let tarball: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'vcdsim-ship-'));
  image = await emulate(join(ROOT, 'Dockerfile'), ROOT, join(work, 'docker'));
  tarball = join(image.roots.build, `build/pack/vcdsim-${VERSION}.tgz`);
}, 300_000);

afterAll(() => {
  killStarted();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the Docker image recipe, run outside Docker', () => {
  it('builds a slim runtime: the published package with production dependencies, a non-root user, 0.0.0.0', () => {
    const rt = image.runtime;
    expect(image.stages.map((s) => s.base)).toEqual(['node:20-slim', 'node:20-slim']);
    expect(rt.user).toBe('node');
    expect(rt.env).toMatchObject({ NODE_ENV: 'production', VCDSIM_HOST: '0.0.0.0' });
    // The port follows the CLI's default (8080, 8443 with --tls), so it is not pinned by the image.
    expect(rt.env.VCDSIM_PORT).toBeUndefined();
    expect(rt.expose).toEqual(expect.arrayContaining(['8080', '8443']));
    expect(rt.volumes).toContain('/data');
    expect(rt.entrypoint).toEqual(['node', 'dist/cli.js']);
    expect(rt.healthcheck.args[0]).toBe('node');
    expect(rt.stopSignal).toBe('SIGTERM');

    const app = (p: string) => existsSync(hostPath(image, p));
    for (const p of ['dist/cli.js', 'dist/index.js', 'dist/index.d.ts', 'dist/healthcheck.js', 'fixtures/default.yaml', 'package.json', 'node_modules/express', 'node_modules/prom-client', 'node_modules/pino']) {
      expect([p, app(p)]).toEqual([p, true]);
    }
    for (const p of ['src', 'test', 'tsconfig.json', 'node_modules/typescript', 'node_modules/jest', 'node_modules/playwright-core', 'node_modules/@types/jest', 'node_modules/@types/supertest']) {
      expect([p, app(p)]).toEqual([p, false]);
    }
    expect(existsSync(hostPath(image, '/data'))).toBe(true);
  });

  it("starts with the image's entrypoint and env, is healthy, and on SIGTERM finishes in-flight requests and flushes writes", async () => {
    const rt = image.runtime;
    const dataFile = hostPath(image, '/data/state.json');
    const env = {
      ...hostEnv(),
      ...rt.env,
      // Loopback only on this machine; the image's 0.0.0.0 is checked above.
      VCDSIM_HOST: '127.0.0.1',
      VCDSIM_PORT: '0',
      VCDSIM_DATA: dataFile,
    };
    const cwd = hostPath(image, rt.workdir);
    const [cmd, ...args] = [...rt.entrypoint, ...rt.cmd];
    const server = await startServer(cmd === 'node' ? process.execPath : cmd, args, { cwd, env });
    const port = new URL(server.url).port;

    const health = await fetch(`${server.url}/_vcdsim/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', version: VERSION });
    const [hcCmd, ...hcArgs] = rt.healthcheck.args;
    await run(hcCmd === 'node' ? process.execPath : hcCmd, hcArgs, { cwd, env: { ...env, VCDSIM_PORT: port } });

    // A change whose write is still pending (writes are coalesced for 100 ms) when SIGTERM arrives.
    const login = await fetch(`${server.url}/cloudapi/1.0.0/sessions`, { method: 'POST', headers: { Accept: 'application/json;version=37.0', Authorization: BASIC } });
    expect(login.status).toBe(200);
    const token = login.headers.get('x-vmware-vcloud-access-token');

    // A request in flight: headers sent, body not finished.
    const body = '{"note":"in flight"}';
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => (answer += c));
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    await new Promise<void>((r) => socket.once('connect', () => r()));
    socket.write(
      `POST /cloudapi/1.0.0/sessions HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: application/json;version=37.0\r\n` +
        `Authorization: ${BASIC}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`,
    );
    await new Promise((r) => setTimeout(r, 150));

    server.proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 150));
    // No longer accepting connections…
    await expect(fetch(`${server.url}/_vcdsim/health`)).rejects.toThrow();
    // …but the request in flight is answered.
    socket.end(body.slice(5));
    await within(closed, 5000, 'the in-flight request');
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);

    const exit = await within(server.exited, 10_000, 'exit after SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(server.stdout).toEqual([`vcdsim listening on ${server.url}`]);
    expect(server.stderr.some((l) => /shutting down/.test(l))).toBe(true);

    // Both sessions reached the data file: the one whose write was pending and the one made in flight.
    const saved = JSON.parse(readFileSync(dataFile, 'utf8')) as { session: { tokenHash: string }[] };
    expect(saved.session).toHaveLength(2);
    expect(saved.session.map((s) => s.tokenHash)).toContain(createHash('sha256').update(token!).digest('hex'));

    // The health check now fails.
    await expect(run(hcCmd === 'node' ? process.execPath : hcCmd, hcArgs, { cwd, env: { ...env, VCDSIM_PORT: port } })).rejects.toMatchObject({ code: 1 });
  }, 60_000);

  it("README's Docker section only uses settings the CLI knows", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Docker'), readme.indexOf('\n## ', readme.indexOf('## Docker') + 1));
    expect(section).toContain('docker build -t vcdsim .');
    expect(section).toContain('docker run --rm -p 8080:8080 vcdsim');
    const help = readFileSync(join(ROOT, 'src/cli-config.ts'), 'utf8');
    const vars = [...section.matchAll(/\b(VCDSIM_[A-Z_]+)/g)].map((m) => m[1]);
    expect(vars.length).toBeGreaterThan(0);
    for (const v of new Set(vars)) expect([v, help.includes(v)]).toEqual([v, true]);
  });
});

describe('the npm package', () => {
  it('packs the bin executable with its shebang, the library with its types, and no sources or tests', async () => {
    const { stdout } = await run('tar', ['-tvzf', tarball]);
    const entries = stdout.split('\n').filter(Boolean);
    const mode = (path: string) => entries.find((e) => e.endsWith(` package/${path}`))?.split(/\s+/)[0];
    expect(mode('dist/cli.js')).toMatch(/^-rwx/);
    for (const p of ['dist/index.js', 'dist/index.d.ts', 'fixtures/default.yaml', 'README.md', 'package.json']) expect([p, mode(p)]).toEqual([p, expect.any(String)]);
    expect(entries.filter((e) => / package\/(src|test)\//.test(e))).toEqual([]);
    const { stdout: cli } = await run('tar', ['-xzOf', tarball, 'package/dist/cli.js']);
    expect(cli.split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  describe('installed from the tarball into a scratch project', () => {
    let scratch: string;
    beforeAll(async () => {
      scratch = join(work, 'scratch');
      mkdirSync(scratch);
      writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', version: '1.0.0', private: true, type: 'module' }));
      await run('npm', ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline'], { cwd: scratch, env: hostEnv() });
    }, 120_000);

    it('runs `npx vcdsim --port 0` and prints the listening line first', async () => {
      const server = await startServer('npx', ['vcdsim', '--port', '0', '--log-level', 'info'], { cwd: scratch, env: hostEnv() });
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const versions = await fetch(`${server.url}/api/versions`);
      expect(versions.status).toBe(200);
      // Where things are comes after the listening line, on stderr.
      expect(server.stderr.join('\n')).toContain(`${server.url}/_vcdsim/ui`);
      stopGroup(server.proc, 'SIGTERM');
      await within(server.exited, 10_000, 'npx vcdsim exit');
      expect(server.stdout[0]).toBe(`vcdsim listening on ${server.url}`);
    }, 30_000);

    it('starts an in-process simulator with startSimulator(), logs in and lists orgs', async () => {
      writeFileSync(
        join(scratch, 'suite.mjs'),
        `import { startSimulator } from 'vcdsim';
const vcd = await startSimulator();
const login = await fetch(vcd.url + '/cloudapi/1.0.0/sessions', { method: 'POST', headers: { Accept: 'application/json;version=37.0', Authorization: ${JSON.stringify(BASIC)} } });
const token = login.headers.get('x-vmware-vcloud-access-token');
const orgs = await fetch(vcd.url + '/api/org', { headers: { Accept: 'application/*+json;version=37.0', Authorization: 'Bearer ' + token } });
console.log(JSON.stringify({ url: vcd.url, login: login.status, status: orgs.status, body: await orgs.json() }));
await vcd.stop();
`,
      );
      // The script must end on its own: stop() leaves nothing running.
      const { stdout } = await run(process.execPath, ['suite.mjs'], { cwd: scratch, env: hostEnv(), timeout: 20_000 });
      const out = JSON.parse(stdout);
      expect(out.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(out.login).toBe(200);
      expect(out.status).toBe(200);
      expect(JSON.stringify(out.body)).toContain('acme');
    }, 30_000);

    it("resolves the library's types through package.json exports", async () => {
      writeFileSync(
        join(scratch, 'check.ts'),
        `import { startSimulator, type RunningSimulator } from 'vcdsim';
const vcd: RunningSimulator = await startSimulator({ seed: 7 });
const url: string = vcd.url;
const stop: () => Promise<void> = vcd.stop;
export { url, stop };
`,
      );
      const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
      await run(process.execPath, [tsc, '--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', 'check.ts'], { cwd: scratch });
    }, 30_000);
  });
});
