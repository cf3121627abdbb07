/** `vcdsim --scenario FILE`: plays the scenario once listening, prints progress and a pass/fail report. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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

function start(args: string[]): { child: ChildProcess; output: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [CLI, '--port', '0', '--log-level', 'silent', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
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
