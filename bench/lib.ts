/**
 * What every benchmark section shares: servers in child processes (so the load generator and the server
 * each have a core of their own), autocannon runs with exact latency percentiles, loopback HTTP helpers
 * and markdown formatting.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { request, Agent } from 'node:http';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { ServerSpec, ServerReply } from './server.js';

const SERVER_SCRIPT = fileURLToPath(new URL('./server.js', import.meta.url));

export interface Server {
  url: string;
  pid: number;
  /** Asks the server process something (memory, event-loop delay, task timings…). */
  ask<T = Record<string, unknown>>(cmd: string, args?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

/** Starts a bare baseline or a simulator in a child process and waits until it listens. */
export async function startServer(spec: ServerSpec, nodeArgs: string[] = []): Promise<Server & { startMs: number }> {
  const t0 = performance.now();
  const child = fork(SERVER_SCRIPT, [], { execArgv: nodeArgs, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  let seq = 0;
  const waiting = new Map<number, (r: ServerReply) => void>();
  const ready = new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${spec.kind} server exited (${code}) before listening`)));
    child.on('message', (m: ServerReply) => {
      if (m.type === 'listening') resolve(m.url);
      else waiting.get(m.seq)?.(m);
    });
  });
  child.send({ type: 'start', spec });
  const url = await ready;
  const startMs = performance.now() - t0;
  child.removeAllListeners('exit');
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    url,
    pid: child.pid!,
    startMs,
    ask: <T>(cmd: string, args: Record<string, unknown> = {}) =>
      new Promise<T>((resolve, reject) => {
        const id = ++seq;
        waiting.set(id, (r) => {
          waiting.delete(id);
          if (r.type === 'error') reject(new Error(r.message));
          else if (r.type === 'result') resolve(r.result as T);
        });
        child.send({ type: 'ask', seq: id, cmd, args });
      }),
    stop: () => stopChild(child, exited),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null) return;
  child.send({ type: 'stop' });
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Runs a program (a peer mock server) until `ready` answers; loopback only. */
export async function startProgram(cmd: string, args: string[], ready: () => Promise<boolean>, timeoutMs = 30_000): Promise<{ stop(): Promise<void> }> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr = (stderr + c).slice(-2000)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const until = performance.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${cmd} exited (${child.exitCode}): ${stderr.trim()}`);
    if (await ready().catch(() => false)) break;
    if (performance.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`${cmd} did not answer within ${timeoutMs / 1000} s`);
    }
    await sleep(200);
  }
  return {
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  /** Non-2xx answers and socket errors/timeouts. */
  bad: number;
  /** The same by what went wrong: a status code, `errors` (sockets) or `timeouts`. */
  badKinds: Record<string, number>;
}

/** Non-2xx answers and errors of several runs: `0`, or the count with what they were (`3 (400 ×2, errors ×1)`). */
export function badOf(results: Pick<LoadResult, 'bad' | 'badKinds'>[]): string {
  const kinds: Record<string, number> = {};
  for (const r of results) for (const [k, n] of Object.entries(r.badKinds)) kinds[k] = (kinds[k] ?? 0) + n;
  const total = results.reduce((n, r) => n + r.bad, 0);
  return total ? `**${total}** (${Object.entries(kinds).map(([k, n]) => `${k} ×${n}`).join(', ')})` : '0';
}

export interface LoadOptions {
  url: string;
  connections?: number;
  seconds: number;
  headers?: Record<string, string>;
  requests?: autocannon.Request[];
  setupClient?: (client: autocannon.Client) => void;
  /** Seconds of load first, not counted. */
  warmup?: number;
  /** Makes every URL unique (`_=<id>`), so no answer comes from the render cache. */
  unique?: boolean;
}

/**
 * One autocannon run. Latencies are taken from every response (autocannon's own histogram counts whole
 * milliseconds, too coarse for sub-millisecond answers).
 */
export async function load(o: LoadOptions): Promise<LoadResult> {
  if (o.warmup) await load({ ...o, seconds: o.warmup, warmup: 0 });
  const times: number[] = [];
  const badKinds: Record<string, number> = {};
  const count = (kind: string, n = 1) => {
    if (n) badKinds[kind] = (badKinds[kind] ?? 0) + n;
  };
  let instance!: autocannon.Instance;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon({
      url: o.unique ? `${o.url}${o.url.includes('?') ? '&' : '?'}_=[<id>]` : o.url,
      idReplacement: o.unique,
      connections: o.connections ?? 10,
      duration: o.seconds,
      headers: o.headers,
      requests: o.requests,
      setupClient: o.setupClient,
      timeout: 10,
    }, (err, result) => (err ? reject(err) : resolve(result)));
  });
  instance.on('response', (_client, status, _bytes, ms) => {
    if (status >= 200 && status < 300) times.push(ms);
    else count(String(status));
  });
  const result = await done;
  count('errors', result.errors);
  count('timeouts', result.timeouts);
  const bad = Object.values(badKinds).reduce((a, b) => a + b, 0);
  return { rps: times.length / o.seconds, ...percentiles(times), requests: times.length, bad, badKinds };
}

export function percentiles(times: number[]): { p50: number; p99: number } {
  if (!times.length) return { p50: NaN, p99: NaN };
  const sorted = Float64Array.from(times).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p99: at(0.99) };
}

const agent = new Agent({ keepAlive: true, maxSockets: 32 });

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A plain loopback HTTP exchange (setup and checks, not measured load). */
export function http(method: string, url: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function control(base: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await http(method, `${base}/_vcdsim${path}`, { 'Content-Type': 'application/json' }, body === undefined ? undefined : JSON.stringify(body));
  if (res.status >= 300) throw new Error(`control ${method} ${path}: ${res.status} ${res.body.toString().slice(0, 300)}`);
  return res.body.length ? JSON.parse(res.body.toString()) : undefined;
}

export const XML = 'application/*+xml;version=37.0';
export const JSON_TYPE = 'application/*+json;version=37.0';

/** Logs in (tenant or provider) and returns the headers of an authenticated XML request. */
export async function login(base: string, user: string, org: string): Promise<Record<string, string>> {
  const path = org === 'System' ? '/cloudapi/1.0.0/sessions/provider' : '/cloudapi/1.0.0/sessions';
  const res = await http('POST', `${base}${path}`, {
    Accept: 'application/json;version=37.0',
    Authorization: `Basic ${Buffer.from(`${user}@${org}:password`).toString('base64')}`,
  });
  if (res.status !== 200) throw new Error(`login ${user}@${org}: ${res.status}`);
  return { Accept: XML, Authorization: `Bearer ${String(res.headers['x-vmware-vcloud-access-token'])}` };
}

export function agentClose(): void {
  agent.destroy();
}

/** `12,345`, `1.23`: figures for tables. */
export const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en') : '—');
export const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '—');
export const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : '—');
export const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;

export function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** A target's verdict line. */
export function verdict(met: boolean, what: string, figure: string): string {
  return `- **${met ? 'MET' : 'NOT MET'}** — ${what}: ${figure}`;
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * A ratio of two servers' throughput measured in rounds, each round running both back to back: the median
 * of the rounds' ratios. Throughput drifts over a run (by a third on a busy machine); a ratio of two
 * medians taken across that drift moved with it.
 */
export const pairedRatio = (measured: number[], baseline: number[]) => median(measured.map((x, r) => x / baseline[r]));
