/**
 * Verify: how far the twin's predictions are from what really happened. The recording's requests are
 * replayed against a twin started in process from a fixture; each task the recording saw end is paired
 * with the task the replay started in its place (by the ids the replay learned), and the twin's duration
 * and outcome compared with the recorded ones, per operation: median error and the share within ±10 %.
 *
 * Fit: the same pairs give, per operation, the size of each task (VMs, GB of disk, as the twin counted
 * them) beside its observed duration; a least-squares fit of base + per VM + per GB (terms the recording
 * does not vary keep their current value) and the spread of what is left (jitter) makes a latency model
 * that is written into the fixture's `latency:` section, which vcdsim reads on start.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { LatencyModel } from '../engine/latency.js';
import { QUEUE_MS } from '../engine/tasks.js';
import type { Task } from '../store/types.js';
import { readRecording, replay, type ReplayReport } from './replay.js';
import { taskState } from './record.js';
import type { SimulatorFactory } from './whatif.js';

export interface VerifyOptions {
  recording: string;
  fixture: string;
  user: string;
  org: string;
  /** The user's password in the twin (default: the fixture's, when it is written there in plain). */
  password?: string;
  /** Clock speed of the twin while the replay runs (default 1000: only the ids and sizes matter, not the pace). */
  speed?: number;
  seed?: number;
  /** The error a prediction may have and still count as right (default 0.1: ±10 %). */
  tolerance?: number;
}

export interface Pair {
  operation: string;
  recordedTask: string;
  /** The twin's task, when the replay started one in its place. */
  twinTask?: string;
  observedMs: number;
  /** Where the observed figure comes from: the VCD's task dates, or the client's view. */
  source: 'server' | 'client';
  predictedMs?: number;
  observedStatus: string;
  predictedStatus?: string;
  vms?: number;
  diskGb?: number;
}

export interface OperationError {
  operation: string;
  tasks: number;
  /** Tasks with a prediction (paired with a twin task). */
  predicted: number;
  observedMedianMs: number;
  predictedMedianMs: number | null;
  /** Median of |predicted − observed| / observed. */
  medianError: number | null;
  /** Share of predictions within the tolerance. */
  withinTolerance: number | null;
  /** Tasks whose outcome (success, error…) differs. */
  outcomeMismatches: number;
  ok: boolean;
}

export interface VerifyReport {
  recording: string;
  fixture: string;
  tolerance: number;
  operations: OperationError[];
  pairs: Pair[];
  /** Requests the replay answered otherwise than recorded (documents, statuses). */
  replay: { requests: number; matched: number };
  /** The twin's latency models of the operations met (what a fit starts from). */
  models: Record<string, LatencyModel>;
  ok: boolean;
}

export async function verify(makeSim: SimulatorFactory, opts: VerifyOptions): Promise<VerifyReport> {
  const tolerance = opts.tolerance ?? 0.1;
  const observed = observations(opts.recording);
  const password = opts.password ?? fixturePassword(opts.fixture, opts.user, opts.org);
  const sim = await makeSim({ fixture: opts.fixture, seed: opts.seed ?? 1, speed: opts.speed ?? 1000, logLevel: 'error' });
  const sizes = new Map<string, { vms: number; diskGb: number }>();
  let report: ReplayReport;
  try {
    // The size of each task the twin starts, as its latency model is asked for it.
    const duration = sim.latency.duration.bind(sim.latency);
    let last: { vms: number; diskGb: number } | undefined;
    sim.latency.duration = (op: string, vms: number, diskGb = 0) => {
      last = { vms, diskGb };
      return duration(op, vms, diskGb);
    };
    sim.store.onChange((kind, id, entity, previous) => {
      if (kind === 'task' && entity && !previous && last) {
        sizes.set(id, last);
        last = undefined;
      }
    });
    const url = await sim.listen(0, '127.0.0.1');
    report = await replay(opts.recording, { against: url, user: opts.user, org: opts.org, password });
    const pairs: Pair[] = observed.map((o) => {
      const twinTask = report.ids[o.recordedTask];
      const t = twinTask ? sim.store.get('task', twinTask) : undefined;
      if (!t) return o;
      return { ...o, twinTask, predictedMs: predicted(t), predictedStatus: t.status, ...sizes.get(t.id) };
    });
    const operations = [...new Set(pairs.map((p) => p.operation))].sort().map((op) => errorOf(op, pairs.filter((p) => p.operation === op), tolerance));
    return {
      recording: opts.recording, fixture: opts.fixture, tolerance, operations, pairs,
      replay: { requests: report.requests, matched: report.matched },
      models: Object.fromEntries([...new Set(pairs.map((p) => p.operation))].map((op) => [op, sim.latency.get(op)])), ok: operations.length > 0 && operations.every((o) => o.ok),
    };
  } finally {
    await sim.stop();
  }
}

/** The twin's duration of a task, as its dates will say once it ends (queue included, as VCD's startTime counts it). */
function predicted(t: Task): number {
  if (t.endTime) return Date.parse(t.endTime) - Date.parse(t.startTime);
  return t.runAt + t.durationMs - Date.parse(t.startTime);
}

/** Every task the recording saw end, with its observed duration. */
export function observations(file: string): Pair[] {
  const out: Pair[] = [];
  for (const e of readRecording(file).exchanges) {
    if (!e.task) continue;
    let serverMs = e.task.serverMs;
    if (serverMs === undefined && e.responseBody) {
      const t = taskState(e.responseBody);
      const ms = Date.parse(t?.endTime ?? '') - Date.parse(t?.startTime ?? '');
      if (Number.isFinite(ms) && ms >= 0) serverMs = ms;
    }
    out.push({
      operation: e.task.operation, recordedTask: e.task.id.toLowerCase(), observedStatus: e.task.status,
      observedMs: serverMs ?? e.task.observedMs, source: serverMs === undefined ? 'client' : 'server',
    });
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function errorOf(operation: string, pairs: Pair[], tolerance: number): OperationError {
  const withPrediction = pairs.filter((p) => p.predictedMs !== undefined);
  const errors = withPrediction.map((p) => Math.abs(p.predictedMs! - p.observedMs) / Math.max(1, p.observedMs));
  const mismatches = withPrediction.filter((p) => p.predictedStatus !== p.observedStatus).length;
  const medianError = errors.length ? round(median(errors), 4) : null;
  return {
    operation, tasks: pairs.length, predicted: withPrediction.length,
    observedMedianMs: Math.round(median(pairs.map((p) => p.observedMs))),
    predictedMedianMs: withPrediction.length ? Math.round(median(withPrediction.map((p) => p.predictedMs!))) : null,
    medianError,
    withinTolerance: errors.length ? round(errors.filter((e) => e <= tolerance).length / errors.length, 4) : null,
    outcomeMismatches: mismatches,
    ok: medianError !== null && medianError <= tolerance && mismatches === 0,
  };
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The user's password as the fixture writes it (capture writes generated passwords in plain). */
export function fixturePassword(fixture: string, user: string, org: string): string {
  const doc = parseDocument(readFileSync(fixture, 'utf8')).toJS() as { orgs?: { name: string; users?: { name: string; password: unknown }[] }[] };
  const o = doc.orgs?.find((x) => x.name.toLowerCase() === org.toLowerCase());
  const pw = o?.users?.find((u) => u.name === user)?.password;
  if (typeof pw !== 'string' || pw.startsWith('scrypt$')) {
    throw new Error(`the fixture has no plain password for ${user}@${org}: give one through --password-env`);
  }
  return pw;
}

/**
 * Fits a latency model per operation from the paired tasks: base + per VM + per GB by least squares on
 * the durations less the queue time (terms the recording does not vary keep `current`'s value; none goes
 * negative), jitter from the spread of what the fit leaves (a uniform ±j has a standard deviation of j/√3).
 */
export function fitLatency(pairs: Pair[], current: (op: string) => LatencyModel): Record<string, LatencyModel> {
  const out: Record<string, LatencyModel> = {};
  for (const op of [...new Set(pairs.map((p) => p.operation))].sort()) {
    const rows = pairs.filter((p) => p.operation === op && p.vms !== undefined && p.observedStatus === 'success')
      .map((p) => ({ x: [1, p.vms!, p.diskGb ?? 0], y: Math.max(0, p.observedMs - QUEUE_MS) }));
    if (!rows.length) continue;
    const was = current(op);
    const coef = [was.baseMs, was.perVmMs, was.perGbMs];
    // The terms the data can tell: the base always, per VM and per GB where they vary.
    let free = [0, 1, 2].filter((j) => j === 0 || new Set(rows.map((r) => r.x[j])).size > 1);
    for (;;) {
      const fixedPart = (x: number[]) => [0, 1, 2].filter((j) => !free.includes(j)).reduce((s, j) => s + coef[j] * x[j], 0);
      const solved = leastSquares(rows.map((r) => free.map((j) => r.x[j])), rows.map((r) => r.y - fixedPart(r.x)));
      if (!solved) {
        free = [0];
        continue;
      }
      const negative = free.filter((j, k) => solved[k] < 0 && j !== 0);
      if (negative.length && free.length > 1) {
        for (const j of negative) coef[j] = 0;
        free = free.filter((j) => !negative.includes(j));
        continue;
      }
      free.forEach((j, k) => (coef[j] = Math.max(0, solved[k])));
      break;
    }
    const nominal = (x: number[]) => coef[0] * x[0] + coef[1] * x[1] + coef[2] * x[2];
    const rel = rows.map((r) => (nominal(r.x) > 0 ? r.y / nominal(r.x) - 1 : 0));
    const mean = rel.reduce((s, r) => s + r, 0) / rel.length;
    const sd = Math.sqrt(rel.reduce((s, r) => s + (r - mean) ** 2, 0) / Math.max(1, rel.length - 1));
    out[op] = {
      baseMs: Math.round(coef[0]), perVmMs: Math.round(coef[1]), perGbMs: round(coef[2], 2),
      jitter: rows.length > 1 ? Math.min(0.5, round(Math.sqrt(3) * sd, 3)) : was.jitter,
    };
  }
  return out;
}

/** Solves the normal equations (A'A) c = A'y; undefined when they are singular. */
function leastSquares(a: number[][], y: number[]): number[] | undefined {
  const n = a[0]?.length ?? 0;
  if (!n || a.length < n) return undefined;
  const m = Array.from({ length: n }, (_, i) => [
    ...Array.from({ length: n }, (_, j) => a.reduce((s, r) => s + r[i] * r[j], 0)),
    a.reduce((s, r, k) => s + r[i] * y[k], 0),
  ]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    if (Math.abs(m[p][c]) < 1e-9 * Math.max(1, Math.abs(m[c][c]))) return undefined;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

/** Writes the fitted models into a fixture's `latency:` section (other operations and the rest of the file kept). */
export function writeLatency(fixture: string, out: string, models: Record<string, LatencyModel>): void {
  const doc = parseDocument(readFileSync(fixture, 'utf8'));
  for (const [op, m] of Object.entries(models)) doc.setIn(['latency', op], doc.createNode(m, { flow: true }));
  writeFileSync(out, doc.toString());
}

/** The report as text: one line per operation. */
export function formatVerify(r: VerifyReport): string {
  const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)} %`);
  const rows = r.operations.map((o) => [
    o.operation, String(o.tasks), `${(o.observedMedianMs / 1000).toFixed(2)} s`,
    o.predictedMedianMs === null ? '-' : `${(o.predictedMedianMs / 1000).toFixed(2)} s`,
    pct(o.medianError), pct(o.withinTolerance), String(o.outcomeMismatches), o.ok ? 'ok' : 'OFF',
  ]);
  const head = ['operation', 'tasks', 'observed', 'predicted', 'median error', `within ±${Math.round(r.tolerance * 100)} %`, 'outcomes differ', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((x) => x[i].length)) + 2);
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('').trimEnd();
  const lines = [line(head), ...rows.map(line)];
  const unpaired = r.pairs.filter((p) => p.predictedMs === undefined).length;
  if (unpaired) lines.push(`${unpaired} recorded tasks had no counterpart in the twin.`);
  const client = r.pairs.filter((p) => p.source === 'client').length;
  if (client) lines.push(`${client} recorded tasks carried no dates: their durations are as the client saw them.`);
  lines.push(`Replay: ${r.replay.matched} of ${r.replay.requests} requests answered as recorded.`);
  lines.push(r.ok ? `Every operation within ±${Math.round(r.tolerance * 100)} % (median).` : `Not every operation within ±${Math.round(r.tolerance * 100)} % (median), or outcomes differ: try --fit.`);
  return `${lines.join('\n')}\n`;
}
