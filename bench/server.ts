/**
 * A server for the benchmarks, in a child process of its own (bench/lib.ts forks it): a bare node:http
 * server or a bare Express 5 app answering one fixed document (the baselines), or a simulator. Over IPC
 * it answers questions only the server's own process can: memory (after a GC), event-loop delay, and
 * how late tasks finished in real time.
 */
import { createServer } from 'node:http';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Simulator } from '../src/sim.js';
import type { Config } from '../src/config.js';
import { ACTIVE } from '../src/engine/tasks.js';
import { ENTITY_KINDS, type Task } from '../src/store/types.js';

export type ServerSpec =
  | { kind: 'http' | 'express'; path: string; contentType: string; body: string }
  | { kind: 'vcdsim'; config: Partial<Config> };

export type ServerReply =
  | { type: 'listening'; url: string }
  | { type: 'result'; seq: number; result: unknown }
  | { type: 'error'; seq: number; message: string };

type Ask = { type: 'ask'; seq: number; cmd: string; args: Record<string, unknown> };

let stop: () => Promise<void> = async () => {};
let sim: Simulator | undefined;
let eld: IntervalHistogram | undefined;
let taskWatch: TaskWatch | undefined;

process.on('message', (m: { type: 'start'; spec: ServerSpec } | Ask | { type: 'stop' }) => {
  if (m.type === 'start') start(m.spec).then((url) => send({ type: 'listening', url }), fail);
  else if (m.type === 'stop') stop().then(() => process.exit(0), fail);
  else {
    Promise.resolve()
      .then(() => answer(m.cmd, m.args))
      .then((result) => send({ type: 'result', seq: m.seq, result }), (e: Error) => send({ type: 'error', seq: m.seq, message: e.message }));
  }
});
// The parent went away: never linger.
process.on('disconnect', () => process.exit(0));

function send(r: ServerReply): void {
  process.send!(r);
}

function fail(e: unknown): void {
  process.stderr.write(`bench server: ${(e as Error)?.stack ?? e}\n`);
  process.exit(1);
}

async function start(spec: ServerSpec): Promise<string> {
  if (spec.kind === 'vcdsim') {
    sim = await Simulator.create({ logLevel: 'warn', ...spec.config });
    const url = await sim.listen(0, '127.0.0.1');
    stop = () => sim!.stop();
    // As the vcdsim command does after it listens: the figures are of a server in use, not of its first request.
    await sim.warmUp();
    return url;
  }
  const body = Buffer.from(spec.body, 'base64');
  const headers = { 'Content-Type': spec.contentType, 'Content-Length': String(body.length) };
  let server;
  if (spec.kind === 'http') {
    server = createServer((_req, res) => {
      res.writeHead(200, headers);
      res.end(body);
    });
  } else {
    // The same settings vcdsim runs Express with, and the same way of sending bytes.
    const app = express();
    app.disable('x-powered-by');
    app.disable('etag');
    app.get(spec.path, (_req, res) => {
      res.status(200);
      res.setHeader('Content-Type', spec.contentType);
      res.setHeader('Content-Length', body.length);
      res.end(body);
    });
    server = createServer(app);
  }
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  stop = () => new Promise((r) => {
    server.close(() => r());
    server.closeAllConnections();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function answer(cmd: string, args: Record<string, unknown>): unknown {
  switch (cmd) {
    case 'memory': {
      if (args.gc) {
        if (!global.gc) throw new Error('memory after GC needs --expose-gc');
        global.gc();
      }
      const m = process.memoryUsage();
      return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external };
    }
    case 'eld-start':
      eld?.disable();
      eld = monitorEventLoopDelay({ resolution: 1 });
      eld.enable();
      return {};
    case 'eld-stop': {
      if (!eld) throw new Error('eld-start first');
      eld.disable();
      const r = { p50: eld.percentile(50) / 1e6, p99: eld.percentile(99) / 1e6, max: eld.max / 1e6, mean: eld.mean / 1e6 };
      eld = undefined;
      return r;
    }
    case 'rewrite': {
      // The simulator keeps its persistence private; the benchmark times a whole rewrite of the data file.
      const persistence = (needSim() as unknown as { persistence?: { rewrite(): Promise<void> } }).persistence;
      if (!persistence) throw new Error('no --data');
      const t0 = performance.now();
      return persistence.rewrite().then(() => ({ ms: performance.now() - t0 }));
    }
    case 'counts': {
      const store = needSim().store;
      return Object.fromEntries(ENTITY_KINDS.map((k) => [k, store.count(k)]));
    }
    case 'tasks-watch':
      taskWatch = new TaskWatch(needSim());
      return {};
    case 'tasks-report':
      if (!taskWatch) throw new Error('tasks-watch first');
      return taskWatch.report();
    default:
      throw new Error(`unknown command ${cmd}`);
  }
}

function needSim(): Simulator {
  if (!sim) throw new Error('not a simulator');
  return sim;
}

/**
 * Records, for every task created from now on, its real age when it ends read in simulated time, against
 * the time it was given (queue time plus duration) on the running clock.
 */
class TaskWatch {
  private readonly born = new Map<string, { real: number; sim: number }>();
  private readonly errors: number[] = [];
  private peak = 0;
  private firstFinish = 0;
  private lastFinish = 0;

  constructor(private readonly s: Simulator) {
    s.store.onChange((kind, id, entity) => {
      const t = entity as Task | undefined;
      if (kind !== 'task' || !t) return;
      if (ACTIVE.has(t.status)) {
        if (!this.born.has(id)) this.born.set(id, { real: performance.now(), sim: s.clock.now() });
        this.peak = Math.max(this.peak, s.tasks.activeCount());
        return;
      }
      const born = this.born.get(id);
      if (!born) return;
      const real = performance.now();
      const expected = t.runAt + t.durationMs - born.sim;
      const observed = (real - born.real) * s.clock.speed;
      this.errors.push(Math.abs(observed - expected) / expected);
      this.firstFinish ||= real;
      this.lastFinish = real;
    });
  }

  report(): { started: number; finished: number; peak: number; within1pct: number; p99: number; max: number; finishSeconds: number } {
    const sorted = Float64Array.from(this.errors).sort();
    return {
      started: this.born.size,
      finished: sorted.length,
      peak: this.peak,
      within1pct: sorted.filter((e) => e <= 0.01).length,
      p99: sorted[Math.floor(0.99 * (sorted.length - 1))] ?? NaN,
      max: sorted[sorted.length - 1] ?? NaN,
      finishSeconds: (this.lastFinish - this.firstFinish) / 1000,
    };
  }
}
