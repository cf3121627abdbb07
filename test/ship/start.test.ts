/**
 * `npm start` as the README promises it: built at install (`prepare`), so it starts in about a second;
 * with `--silent` (`-s`) stdout holds exactly the listening line — without it npm prints its own banner
 * on stdout first, which the README says too.
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { hostEnv } from './process.js';

interface Started { ms: number; stdout: string; code: number | null }

/** Runs `npm start …`, stops it (its whole process group) once the listening line is out. */
function npmStart(npmArgs: string[]): Promise<Started> {
  return started('npm', [...npmArgs, '--']);
}

/** Runs a command with vcdsim's arguments appended; stops it (its whole process group) once the listening line is out. */
function started(command: string, args: string[]): Promise<Started> {
  const begun = Date.now();
  const proc = spawn(command, [...args, '--port', '0', '--log-level', 'silent'], {
    cwd: resolve('.'), env: hostEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  let stdout = '';
  let ms = -1;
  const killer = setTimeout(() => process.kill(-proc.pid!, 'SIGKILL'), 20_000);
  proc.stdout!.on('data', (d) => {
    stdout += d;
    if (ms < 0 && /vcdsim listening on \S+\n/.test(stdout)) {
      ms = Date.now() - begun;
      process.kill(-proc.pid!, 'SIGTERM');
    }
  });
  return new Promise((done) => proc.on('exit', (code) => {
    clearTimeout(killer);
    done({ ms, stdout, code });
  }));
}

it('npm start --silent: exactly the listening line on stdout, in about a second (no build on start)', async () => {
  const built = statSync('dist/cli.js').mtimeMs;
  const direct = await started(process.execPath, ['dist/cli.js']);
  const { ms, stdout } = await npmStart(['start', '--silent']);
  expect(stdout).toMatch(/^vcdsim listening on http:\/\/127\.0\.0\.1:\d+\n$/);
  process.stderr.write(`listening after: npm start --silent ${ms} ms, node dist/cli.js ${direct.ms} ms\n`);
  // npm adds its own start-up to vcdsim's, nothing more: no TypeScript build (that took 14-18 s).
  expect(statSync('dist/cli.js').mtimeMs).toBe(built);
  expect(ms).toBeLessThan(direct.ms * 2 + 3000);
}, 60_000);

it('npm start: npm\'s banner first, then the listening line (as the README says)', async () => {
  const { stdout } = await npmStart(['start']);
  expect(stdout).toMatch(/^\n> vcdsim@[\d.]+ start\n> node dist\/cli\.js --port 0 --log-level silent\n\nvcdsim listening on \S+\n$/);
}, 60_000);
