/**
 * vcdsim driven by VMware's own go-vcloud-director (v2.22.0, unmodified, from ../shared/clients/go):
 * builds the Go program beside this file (govcd-checks), starts a simulator in this process, and runs
 * the checks against it — once over HTTP, once over TLS with a self-signed certificate. Every check is
 * a line `ok name` or `FAIL name: reason`; the test fails on any FAIL and prints the whole report.
 *
 * Without Go or without ../shared/clients the test is skipped with a message, except in CI (CI set),
 * where that is a failure.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Simulator } from '../../../src/sim.js';
import { run } from '../run.js';

const HERE = resolve(fileURLToPath(import.meta.url), '..');
const SHARED_GO = resolve(HERE, '../../../../shared/clients/go/github.com');
const GOVCD = join(SHARED_GO, 'vmware/go-vcloud-director/v2');
const CHECK_DEADLINE_S = 45; // each check's own deadline inside the program
// The whole program, whatever happens: about 50 s alone on 2 cores, and twice that beside other work.
const RUN_TIMEOUT_MS = 120_000;

function goVersion(): string | undefined {
  const r = spawnSync('go', ['version'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

const go = goVersion();
const missing = !go ? '`go` is not on PATH (apt-get install golang-go)' : !existsSync(GOVCD) ? `${GOVCD} is missing` : undefined;

/** Builds govcd-checks once per version of its sources (and of Go and govcd), into the temp dir. */
async function buildChecks(): Promise<string> {
  // The program finds ../fixtures beside the sources it was built from (runtime.Caller), so their folder is part of the key.
  const hash = createHash('sha256').update(go!).update(HERE);
  for (const f of readdirSync(HERE).filter((f) => f.endsWith('.go') || f === 'go.mod').sort()) hash.update(f).update(readFileSync(join(HERE, f)));
  hash.update(readFileSync(join(GOVCD, 'go.mod')));
  const dir = join(tmpdir(), `vcdsim-govcd-${hash.digest('hex').slice(0, 16)}`);
  const bin = join(dir, 'govcd-checks');
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  const partial = `${bin}.${process.pid}.partial`;
  const env = {
    ...process.env,
    GOPROXY: 'off', GOFLAGS: '-mod=mod', GOSUMDB: 'off', GOTOOLCHAIN: 'local', CGO_ENABLED: '0',
    GOCACHE: join(tmpdir(), 'vcdsim-govcd-gocache'), GOPATH: join(tmpdir(), 'vcdsim-govcd-gopath'),
  };
  const r = await run('go', ['build', '-o', partial, '.'], { cwd: HERE, env, timeoutMs: 150_000 });
  if (r.code !== 0) {
    rmSync(partial, { force: true });
    throw new Error(`go build failed (${r.timedOut ? 'timed out' : `exit ${r.code}`}):\n${r.out}${r.err}`);
  }
  renameSync(partial, bin);
  return bin;
}

/**
 * A simulator as the checks want it: every task completes on its first poll (it is still a real task:
 * queued in the answer, finished when read, its effect landing then, and cancelable before), except
 * guest shutdowns, left on the clock at 100× so one check watches a task run (a few simulated seconds).
 */
async function startSim(tls: boolean): Promise<{ sim: Simulator; url: string }> {
  const sim = await Simulator.create({ logLevel: 'silent', speed: 100, validateResponses: true, sessionIdleMinutes: 100_000, tls });
  sim.tasks.setPolicy('*', { mode: 'polls', polls: 1 });
  sim.tasks.setPolicy('vappShutdownGuest', { mode: 'clock' });
  return { sim, url: await sim.listen(0, '127.0.0.1') };
}

async function runChecks(bin: string, url: string, insecure: boolean): Promise<void> {
  const args = ['-url', url, '-timeout', `${CHECK_DEADLINE_S}s`, ...(insecure ? ['-insecure'] : [])];
  const r = await run(bin, args, { env: { ...process.env, GOVCD_API_VERSION: '' }, timeoutMs: RUN_TIMEOUT_MS });
  const report = `${r.out}${r.err ? `\n(stderr)\n${r.err}` : ''}`;
  const failures = r.out.split('\n').filter((l) => l.startsWith('FAIL '));
  const summary = /^(\d+) passed, (\d+) failed$/m.exec(r.out);
  if (r.timedOut || r.code !== 0 || failures.length > 0 || !summary) {
    console.log(`govcd-checks against ${url}:\n${report}`);
    throw new Error(
      r.timedOut ? `govcd-checks did not finish within ${RUN_TIMEOUT_MS / 1000} s`
        : `govcd-checks exited ${r.code} with ${failures.length} failing check(s):\n${failures.join('\n')}`,
    );
  }
}

if (missing) {
  if (process.env.CI) {
    test('go-vcloud-director checks (prerequisites)', () => {
      throw new Error(`cannot run the go-vcloud-director checks in CI: ${missing}`);
    });
  } else {
    console.warn(`SKIPPED: go-vcloud-director checks (test/clients/govcd): ${missing}`);
    test.skip('go-vcloud-director checks', () => undefined);
  }
} else {
  describe('go-vcloud-director v2.22.0 against vcdsim', () => {
    let bin: string;
    beforeAll(async () => {
      bin = await buildChecks();
    }, 150_000);

    for (const tls of [false, true]) {
      test(`over ${tls ? 'TLS (self-signed, insecure)' : 'HTTP'}`, async () => {
        const { sim } = await startSim(tls);
        try {
          await runChecks(bin, sim.url(), tls);
        } finally {
          await sim.stop();
        }
      }, RUN_TIMEOUT_MS + 10_000);
    }
  });
}
