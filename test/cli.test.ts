/** `vcdsim --scenario FILE`: plays the scenario once listening, prints progress and a pass/fail report. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { ACTION_TYPES } from '../src/faults/actions/index.js';

const CLI = resolve('dist/cli.js');
let dir: string;
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run npm run build (npm test does)');
  dir = mkdtempSync(join(tmpdir(), 'vcdsim-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An example scenario with its clock frozen, so the CLI fast-forwards it. */
function frozenExample(name: string, edit: (text: string) => string = (t) => t): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, edit(readFileSync(resolve('scenarios', `${name}.yaml`), 'utf8').replace(/^speed: .*$/m, 'speed: 0')));
  return file;
}

function start(args: string[], killAfterMs = 15_000): { child: ChildProcess; output: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [CLI, '--port', '0', '--log-level', 'silent', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const killer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  const output = new Promise<{ code: number | null; stdout: string; stderr: string }>((done) =>
    child.on('exit', (code) => {
      clearTimeout(killer);
      done({ code, stdout, stderr });
    }));
  return { child, output };
}

describe('vcdsim --scenario', () => {
  it('plays an example, reports it passed and exits 0 with --exit-after-scenario', async () => {
    const { code, stdout } = await start(['--scenario', frozenExample('stall-then-fail'), '--exit-after-scenario']).output;
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^vcdsim listening on http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines).toContain('[+0s] stall-then-fail: timeline[0]: fault stall-then-fail: task-stall operation=vdcInstantiateVapp|vappDeploy until +5m; load: 4 × vdcInstantiateVapp in globex over 1m');
    expect(lines.slice(-5)).toEqual([
      'scenario stall-then-fail: PASSED after 5m of simulated time (2/2 steps)',
      '  ✓ +5m faults injected (rule stall-then-fail) >= 4',
      '  ✓ +5m count of task (org globex, {"operationName":"vdcInstantiateVapp","status":"error"}) >= 4',
      '  ✓ +5m no active tasks',
      '  faults injected: 4 (stall-then-fail: 4)',
    ]);
  });

  it('exits 1 when the scenario fails', async () => {
    const file = frozenExample('stall-then-fail', (t) => t.replace('min: 4 }\n      - noActiveTasks', 'min: 5 }\n      - noActiveTasks'));
    const { code, stdout } = await start(['--scenario', file, '--exit-after-scenario']).output;
    expect(code).toBe(1);
    expect(stdout).toContain('scenario stall-then-fail: FAILED');
    expect(stdout).toContain('✗ +5m count of task (org globex, {"operationName":"vdcInstantiateVapp","status":"error"}) >= 5 — found 4');
  });

  it('refuses an invalid scenario before listening, naming the line', async () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'name: broken\ntimeline:\n  - at: 0s\n    faults: { action: { type: error } }\n');
    const { code, stdout, stderr } = await start(['--scenario', file]).output;
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`vcdsim: ${file}:4:23: timeline[0].faults.action.status: must be a number, got nothing\n`);
  });

  it('keeps serving after the report unless told to exit', async () => {
    const { child, output } = start(['--scenario', frozenExample('flapping-503')]);
    let seen = '';
    await new Promise<void>((ready) => child.stdout!.on('data', (d) => {
      seen += d;
      if (seen.includes('faults injected:')) ready();
    }));
    const url = /listening on (\S+)/.exec(seen)![1];
    expect((await fetch(`${url}/api/versions`)).status).toBe(200);
    child.kill('SIGTERM');
    expect((await output).code).toBe(0);
  });
});

/** Runs a command to its end (bounded), with its output. */
function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.stdin!.end(opts.input ?? '');
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(killer);
      done({ code, stdout, stderr });
    });
  });
}

/** Starts vcdsim and resolves with its URL once the listening line is out. */
async function serving(args: string[] = []): Promise<{ url: string; stop: () => Promise<{ code: number | null; stdout: string; stderr: string }> }> {
  const { child, output } = start(args, 120_000);
  let seen = '';
  await new Promise<void>((ready, fail) => {
    child.stdout!.on('data', (d) => {
      seen += d;
      if (seen.includes('\n')) ready();
    });
    child.on('exit', () => fail(new Error(`vcdsim exited before listening: ${seen}`)));
  });
  const url = /listening on (\S+)/.exec(seen)![1];
  return { url, stop: () => (child.kill('SIGTERM'), output) };
}

describe('vcdsim itself', () => {
  it('--version prints the version and nothing else', async () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
    for (const flag of ['--version', '-v']) expect(await run(process.execPath, [CLI, flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('prints exactly the listening line on stdout', async () => {
    const sim = await serving();
    const { code, stdout } = await sim.stop();
    expect(code).toBe(0);
    expect(stdout).toMatch(/^vcdsim listening on http:\/\/127\.0\.0\.1:\d+\n$/);
  });

  it('says in one line that a port is in use, and exits 1', async () => {
    const first = await serving();
    const port = new URL(first.url).port;
    const second = await run(process.execPath, [CLI, '--port', port, '--log-level', 'silent']);
    await first.stop();
    expect(second.code).toBe(1);
    expect(second.stdout).toBe('');
    expect(second.stderr).toBe(`vcdsim: cannot listen on 127.0.0.1:${port}: the port is in use (another vcdsim?); choose another with --port\n`);
  });

  it('says in one line what else stops the start', async () => {
    const missing = await run(process.execPath, [CLI, '--port', '0', '--fixture', join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/^vcdsim: .*nope\.yaml/);
    const badFlag = await run(process.execPath, [CLI, '--speed', 'fast']);
    expect(badFlag).toEqual({ code: 2, stdout: '', stderr: 'vcdsim: --speed must be a non-negative number, got "fast"\nRun vcdsim --help for the options.\n' });
  });

  it('makes up a control token when reachable from other machines, and says so on stderr', async () => {
    const { child, output } = start(['--host', '0.0.0.0', '--log-level', 'warn', '--log-format', 'json']);
    let err = '';
    await new Promise<void>((ready) => child.stderr!.on('data', (d) => {
      err += d;
      if (err.includes('control API')) ready();
    }));
    child.kill('SIGTERM');
    await output;
    const line = JSON.parse(err.split('\n').find((l) => l.includes('control API'))!);
    expect(line.token).toMatch(/^[\w-]{20,}$/);
    expect(line.msg).toContain('VCDSIM_CONTROL_TOKEN');
  });
});

describe('the clock speed of a --scenario', () => {
  const flapping = () => {
    const file = join(dir, 'flapping-503.yaml');
    writeFileSync(file, readFileSync(resolve('scenarios', 'flapping-503.yaml'), 'utf8'));
    return file;
  };

  it('is --speed when given, over the scenario\'s own', async () => {
    const { code, stdout } = await start(['--scenario', flapping(), '--speed', '0', '--exit-after-scenario']).output;
    expect(code).toBe(0);
    expect(stdout).toMatch(/started.*clock speed 0\n/);
  });

  it('is the scenario\'s own without --speed, and --fast-forward jumps its waits', async () => {
    const started = Date.now();
    const { code, stdout } = await start(['--scenario', flapping(), '--fast-forward', '--exit-after-scenario']).output;
    expect(code).toBe(0);
    expect(stdout).toMatch(/started.*clock speed 10\n/);
    expect(stdout).toContain('scenario flapping-503: PASSED');
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 30_000);
});

describe('vcdsim ctl', () => {
  it('adds a fault, advances the clock, lists, fast-forwards a scenario and resets', async () => {
    const sim = await serving();
    const ctl = (...args: string[]) => run(process.execPath, [CLI, 'ctl', '--url', sim.url, ...args]);
    try {
      const added = await ctl('faults', 'add', '{"id":"cut","match":{"org":"acme"},"action":"partition","duration":"2m"}');
      expect(added.code).toBe(0);
      expect(JSON.parse(added.stdout)).toMatchObject({ id: 'cut', state: 'active' });
      const before = JSON.parse((await ctl('clock')).stdout).nowMs;
      const moved = JSON.parse((await ctl('clock', 'advance', '2m')).stdout);
      expect(moved.nowMs - before).toBeGreaterThanOrEqual(120_000);
      const listed = JSON.parse((await ctl('faults')).stdout);
      expect(listed.map((r: { id: string; state: string }) => [r.id, r.state])).toEqual([['cut', 'expired']]);
      // What it lists goes back in as it is, from stdin.
      expect((await ctl('faults', 'clear')).code).toBe(0);
      expect((await run(process.execPath, [CLI, 'ctl', '--url', sim.url, 'faults', 'add', '-'], { input: JSON.stringify(listed) })).code).toBe(0);
      const run1 = JSON.parse((await ctl('scenario', 'start', 'stall-then-fail', '--speed', '0', '--fast-forward')).stdout);
      expect(run1).toMatchObject({ name: 'stall-then-fail' });
      expect(await ctl('reset')).toEqual({ code: 0, stdout: '{\n  "reset": true\n}\n', stderr: '' });
      expect(JSON.parse((await ctl('faults')).stdout)).toEqual([]);
      const wrong = await ctl('faults', 'add', '{"action":{"type":"eror"}}');
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toBe(`vcdsim ctl: 400: The fault rule is not valid.\naction.type: "eror" is not one of: ${ACTION_TYPES.join(', ')}\n`);
      expect((await ctl('levitate')).code).toBe(2);
    } finally {
      await sim.stop();
    }
  }, 60_000);

  it('says plainly when nothing answers', async () => {
    const port = await new Promise<number>((done) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as AddressInfo;
        s.close(() => done(port));
      });
    });
    const r = await run(process.execPath, [CLI, 'ctl', '--url', `http://127.0.0.1:${port}`, 'health']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: `vcdsim ctl: nothing answers at http://127.0.0.1:${port} (is vcdsim running? --url)\n` });
  });
});
