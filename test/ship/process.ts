/** Starting vcdsim as a separate process, the way users and containers do, and stopping it. */
import { spawn, type ChildProcess } from 'node:child_process';

export interface Server {
  url: string;
  proc: ChildProcess;
  stdout: string[];
  stderr: string[];
  /** Resolves when the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const LISTENING = /^vcdsim listening on (https?:\/\/\S+)$/;
const started = new Set<ChildProcess>();

/**
 * Spawns `command` (in its own process group, so a wrapper such as npx and its child stop together)
 * and waits for the first stdout line to be the listening line.
 */
export function startServer(command: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Server> {
  const proc = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  started.add(proc);
  const stdout: string[] = [];
  const stderr: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.once('exit', (code, signal) => {
      started.delete(proc);
      resolve({ code, signal });
    });
  });
  lines(proc.stderr!, (l) => stderr.push(l));
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`no listening line within ${opts.timeoutMs ?? 20000} ms`)), opts.timeoutMs ?? 20000);
    const fail = (e: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stopGroup(proc, 'SIGKILL');
      reject(new Error(`${e.message}\nstdout: ${stdout.join('\n')}\nstderr: ${stderr.join('\n')}`));
    };
    void exited.then(({ code, signal }) => fail(new Error(`exited (${code ?? signal}) before listening`)));
    lines(proc.stdout!, (l) => {
      stdout.push(l);
      if (stdout.length !== 1) return;
      const m = LISTENING.exec(l);
      if (!m) return fail(new Error(`the first stdout line is not the listening line: ${l}`));
      settled = true;
      clearTimeout(timer);
      resolve({ url: m[1], proc, stdout, stderr, exited });
    });
  });
}

function lines(stream: NodeJS.ReadableStream, each: (line: string) => void): void {
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buf += chunk;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      each(buf.slice(0, i));
      buf = buf.slice(i + 1);
    }
  });
}

/** Signals the process group this helper started (the process and any child it spawned). */
export function stopGroup(proc: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): void {
  if (proc.pid === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
  try {
    process.kill(-proc.pid, signal);
  } catch {
    // Already gone.
  }
}

/** For afterAll: kills whatever this helper started and is still running. */
export function killStarted(): void {
  for (const p of started) stopGroup(p, 'SIGKILL');
}

/** Resolves with the exit, or rejects after `ms`. */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms))),
  ]);
}

/**
 * The environment a child process (a build step, a server) sees: the path, home and locale, proxies, npm's
 * registry and cache settings; not what the test runner adds (NODE_OPTIONS, NODE_ENV, npm's variables).
 */
export function hostEnv(): NodeJS.ProcessEnv {
  const keep = /^(PATH|HOME|USER|LANG|LC_ALL|TMPDIR|TZ|CI|(HTTPS?|NO)_PROXY|npm_config_(registry|cache|userconfig|proxy|https_proxy|noproxy|strict_ssl|cafile))$/i;
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => keep.test(k)));
}
