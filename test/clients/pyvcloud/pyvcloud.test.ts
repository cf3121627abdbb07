/**
 * vcdsim driven by VMware's own pyvcloud (unmodified, from ../shared/clients/python): starts the built
 * vcdsim binary on a free loopback port and runs checks.py against it with Debian's /usr/bin/python3 — once over HTTP, once over
 * TLS with a self-signed certificate (verify_ssl_certs=False). Every check is a line `ok name` or
 * `FAIL name: reason`; the test fails on any FAIL and prints the whole report.
 *
 * Without /usr/bin/python3, pyvcloud's dependencies (lxml, requests, yaml, humanfriendly, pygments,
 * dateutil) or ../shared/clients, the test is skipped with a message, except in CI (CI set), where that
 * is a failure.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../../../src/config.js';
import { run } from '../run.js';

const HERE = resolve(fileURLToPath(import.meta.url), '..');
const SHARED_PY = resolve(HERE, '../../../../shared/clients/python');
const CHECKS = join(HERE, 'checks.py');
const CLI = resolve(PACKAGE_ROOT, 'dist/cli.js');
const PYTHON = '/usr/bin/python3';
const CHECK_DEADLINE_S = 20; // each check's own deadline inside checks.py (SIGALRM)
const RUN_TIMEOUT_MS = 90_000; // the whole program, whatever happens (three upload_ovf calls sleep 5 s each)

function prerequisites(): string | undefined {
  if (!existsSync(join(SHARED_PY, 'pyvcloud/vcd/client.py'))) return `${SHARED_PY}/pyvcloud is missing`;
  if (!existsSync(PYTHON)) return `${PYTHON} is missing (apt-get install python3)`;
  const deps = 'import lxml, requests, yaml, humanfriendly, pygments, dateutil; import pyvcloud.vcd.vapp';
  const cwd = mkdtempSync(join(tmpdir(), 'vcdsim-pyvcloud-probe-')); // pyvcloud.vcd.vapp writes vcd_sdk.log here
  try {
    const r = spawnSync(PYTHON, ['-c', deps], { cwd, encoding: 'utf8', env: { ...process.env, PYTHONPATH: SHARED_PY }, timeout: 30_000 });
    if (r.status !== 0) {
      const why = (r.stderr || r.error?.message || '').trim().split('\n').pop();
      return `${PYTHON} cannot import pyvcloud's dependencies (${why}); apt-get install python3-lxml python3-requests python3-yaml python3-humanfriendly python3-pygments python3-dateutil`;
    }
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
  return undefined;
}

/**
 * The built binary (npm test builds it first), as a user runs it: the TypeScript sources under ts-jest
 * serve about half as fast, and this suite has a minute for two runs. Tasks run on the simulated clock at
 * 100× — real tasks, queued then running then done, their effects landing when they end — so the longest
 * (a 4-VM instantiate, ~30 simulated seconds) takes a third of a second and is still running when the
 * cancel check cancels it. Sessions never idle out meanwhile; every answer is checked against the
 * OpenAPI document (a mismatch would be a 500 the checks see).
 */
async function startSim(tls: boolean): Promise<{ url: string; stop: () => Promise<void> }> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm test does)`);
  const args = [CLI, '--port', '0', '--host', '127.0.0.1', '--speed', '100', '--session-idle', '100000', '--validate-responses', '--log-level', 'warn', ...(tls ? ['--tls'] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`vcdsim did not start within 20 s:\n${log}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /vcdsim listening on (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`vcdsim exited with ${code}:\n${log}`));
    });
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((ok) => child.once('exit', ok));
    child.kill('SIGTERM');
    await exited;
  };
  return { url, stop };
}

async function runChecks(url: string, insecure: boolean): Promise<void> {
  const cwd = mkdtempSync(join(tmpdir(), 'vcdsim-pyvcloud-')); // pyvcloud writes its logs into the cwd
  try {
    const args = [CHECKS, '--url', url, '--timeout', String(CHECK_DEADLINE_S), ...(insecure ? ['--insecure'] : [])];
    const env = { ...process.env, PYTHONPATH: SHARED_PY, PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1' };
    const r = await run(PYTHON, args, { cwd, env, timeoutMs: RUN_TIMEOUT_MS });
    const report = `${r.out}${r.err ? `\n(stderr)\n${r.err}` : ''}`;
    const failures = r.out.split('\n').filter((l) => l.startsWith('FAIL '));
    const summary = /^(\d+) passed, (\d+) failed$/m.exec(r.out);
    if (r.timedOut || r.code !== 0 || failures.length > 0 || !summary || Number(summary[1]) === 0) {
      console.log(`pyvcloud checks against ${url}:\n${report}`);
      throw new Error(
        r.timedOut ? `checks.py did not finish within ${RUN_TIMEOUT_MS / 1000} s`
          : `checks.py exited ${r.code} with ${failures.length} failing check(s):\n${failures.join('\n')}`,
      );
    }
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

const missing = prerequisites();

if (missing) {
  if (process.env.CI) {
    test('pyvcloud checks (prerequisites)', () => {
      throw new Error(`cannot run the pyvcloud checks in CI: ${missing}`);
    });
  } else {
    console.warn(`SKIPPED: pyvcloud checks (test/clients/pyvcloud): ${missing}`);
    test.skip('pyvcloud checks', () => undefined);
  }
} else {
  describe('pyvcloud against vcdsim', () => {
    for (const tls of [false, true]) {
      test(`over ${tls ? 'TLS (self-signed, verify_ssl_certs=False)' : 'HTTP'}`, async () => {
        const sim = await startSim(tls);
        try {
          await runChecks(sim.url, tls);
        } finally {
          await sim.stop();
        }
      }, RUN_TIMEOUT_MS + 10_000);
    }
  });
}
