/**
 * The control clients where users are (clients/python, clients/go), each run by its own test runner
 * (pytest, go test) against a vcdsim started from this build. Where the toolchain is missing the test is
 * skipped, loudly — except in CI (CI set), where that is a failure: .ci/run installs them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CLI = resolve('dist/cli.js');
const COMMAND = `${process.execPath} ${CLI}`;
const PYTHON = '/usr/bin/python3';

function toolchain(name: string, ok: boolean, why: string): boolean {
  if (ok) return true;
  if (process.env.CI) throw new Error(`${name}: ${why} — CI must have it (.ci/run installs it)`);
  process.stderr.write(`!!! SKIPPED the ${name} client test: ${why}\n`);
  return false;
}

const hasPytest = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import pytest'], { stdio: 'ignore' }).status === 0;
const hasGo = spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run npm run build (npm test does)');
});

test('Python: the pytest fixture starts vcdsim, adds faults, advances the clock and resets', () => {
  if (!toolchain('Python', hasPytest, `${PYTHON} with pytest is missing (apt-get install python3-pytest)`)) return;
  const r = spawnSync(PYTHON, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'clients/python/tests'], {
    encoding: 'utf8', timeout: 120_000,
    env: { ...process.env, VCDSIM_COMMAND: COMMAND, PYTHONPATH: resolve('clients/python'), PYTHONDONTWRITEBYTECODE: '1', VCDSIM_URL: '' },
  });
  expect([r.status, r.stdout + r.stderr]).toEqual([0, expect.stringMatching(/\d+ passed/)]);
}, 150_000);

test('Go: the testing helper starts vcdsim, adds faults, advances the clock and resets', () => {
  if (!toolchain('Go', hasGo, 'go is missing (apt-get install golang-go)')) return;
  const tmp = mkdtempSync(join(tmpdir(), 'vcdsim-go-'));
  try {
    const r = spawnSync('go', ['test', '-count=1', './...'], {
      cwd: resolve('clients/go'), encoding: 'utf8', timeout: 240_000,
      env: {
        ...process.env, VCDSIM_COMMAND: COMMAND, VCDSIM_URL: '',
        GOPROXY: 'off', GOFLAGS: '-mod=mod', GOSUMDB: 'off', GOTOOLCHAIN: 'local', GOCACHE: join(tmp, 'cache'), GOPATH: join(tmp, 'path'),
      },
    });
    expect([r.status, r.stdout + r.stderr]).toEqual([0, expect.stringMatching(/^ok\s+vcdsimtest/m)]);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}, 300_000);
