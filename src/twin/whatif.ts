/**
 * What-if: play a planned change (a scenario) against a fixture's state in process, and beside it a
 * baseline run without the change (the scenario less its `change: true` steps; when none is marked, the
 * fixture left alone), then compare: tasks run and failed and why, requests refused and why, capacity
 * peaks per VDC, IP pool use per network, and when each run settled, all in simulated time. Both runs
 * start from the same fixture and seed, so the same inputs give the same report.
 *
 * The clock is frozen and jumped from event to event (or, with a speed, runs at that many times real
 * time); the report says how many times faster than real time the simulation ran.
 */
import type { Config } from '../config.js';
import type { ScenarioHost } from '../scenarios/host.js';
import type { RunReport, ScenarioRunner } from '../scenarios/runner.js';
import type { Scenario } from '../scenarios/schema.js';
import type { Attempt } from '../scenarios/operations.js';
import type { Network, Task, Vdc, Vm } from '../store/types.js';
import { vdcUsage } from '../engine/capacity.js';
import { poolSize } from '../lib/ippool.js';
import { formatDuration } from '../lib/validate.js';

/** What the what-if needs of a simulator (the Simulator class has it; twin/ may not import it). */
export interface TwinSimulator extends ScenarioHost {
  readonly scenarios: ScenarioRunner;
  listen(port?: number, host?: string): Promise<string>;
  stop(): Promise<void>;
}
export type SimulatorFactory = (config: Partial<Config>) => Promise<TwinSimulator>;

export interface WhatIfOptions {
  fixture: string;
  scenario: Scenario;
  /** Seeds ids, latency jitter and fault decisions of both runs (default: the scenario's seed, else 1). */
  seed?: number;
  /** Simulated seconds per real second; 0 or unset: as fast as the machine goes (events jumped through). */
  speed?: number;
  /** Give up waiting for tasks to settle after this much simulated time past the last step (default 24 h). */
  settleLimitMs?: number;
  onProgress?: (line: string) => void;
}

export interface Count {
  what: string;
  reason: string;
  n: number;
}

export interface VdcPeak {
  vdc: string;
  cpuMhz: { start: number; peak: number; limit: number };
  memoryMB: { start: number; peak: number; limit: number };
  storageMB: { start: number; peak: number; limit: number };
  vms: { start: number; peak: number; limit: number };
  runningVms: { start: number; peak: number };
}

export interface PoolUse {
  network: string;
  size: number;
  start: number;
  peak: number;
  end: number;
}

export interface RunOutcome {
  run: 'baseline' | 'change';
  /** The scenario's own verdict (its expect checks), or `none` for a baseline without a scenario. */
  status: string;
  checks: { held: number; total: number; failed: string[] };
  tasks: { started: number; succeeded: number; failed: number; canceled: number; aborted: number; active: number; byOperation: Record<string, { started: number; succeeded: number; failed: number }> };
  /** Why tasks did not succeed: operation, message (numbers as #), how many. */
  taskFailures: Count[];
  attempts: { made: number; refused: number };
  /** Why `do` requests were refused before any task: operation, message, how many. */
  refusals: Count[];
  faultsInjected: number;
  /** Simulated time from the start until the last task ended (null: tasks were still running at the limit). */
  settledMs: number | null;
  settled: string;
  /** Simulated time covered, real time spent, and their ratio. */
  simulatedMs: number;
  wallMs: number;
  speedFactor: number;
  vdcs: VdcPeak[];
  networks: PoolUse[];
}

export interface WhatIfReport {
  fixture: string;
  scenario: string;
  seed: number;
  /** How the clock ran: `fast-forward`, or the speed asked for. */
  clock: string;
  baseline: RunOutcome;
  change: RunOutcome;
  /** Both runs: simulated time over real time (the issue's bar is 60×). */
  speedFactor: number;
}

const DAY = 86_400_000;
/** How far the clock jumps at a time while waiting for tasks to settle (fast-forward). */
const SETTLE_STEP_MS = 10_000;

export async function whatIf(makeSim: SimulatorFactory, opts: WhatIfOptions): Promise<WhatIfReport> {
  const seed = opts.seed ?? opts.scenario.seed ?? 1;
  const base = baselineOf(opts.scenario);
  opts.onProgress?.(`baseline: ${base ? `${base.timeline.length} of ${opts.scenario.timeline.length} steps (those not marked change)` : 'the fixture left alone'}`);
  const change = await playOne(makeSim, opts, 'change', { ...opts.scenario, seed }, seed);
  const baseline = await playOne(makeSim, opts, 'baseline', base && { ...base, seed }, seed, change.simulatedMs);
  const sim = baseline.simulatedMs + change.simulatedMs;
  const wall = baseline.wallMs + change.wallMs;
  return {
    fixture: opts.fixture, scenario: opts.scenario.source ?? opts.scenario.name, seed,
    clock: opts.speed ? `${opts.speed}× real time` : 'fast-forward',
    baseline, change, speedFactor: ratio(sim, wall),
  };
}

/** The scenario less the steps marked `change`; undefined when nothing is left (or nothing was marked). */
export function baselineOf(s: Scenario): Scenario | undefined {
  const marked = [s.setup, ...s.timeline].some((st) => st?.change);
  if (!marked) return undefined;
  const timeline = s.timeline.filter((st) => !st.change);
  if (!timeline.length) return undefined;
  return { ...s, name: `${s.name} (baseline)`, setup: s.setup?.change ? undefined : s.setup, timeline };
}

async function playOne(
  makeSim: SimulatorFactory, opts: WhatIfOptions, run: RunOutcome['run'], scenario: Scenario | undefined, seed: number, spanMs = 0,
): Promise<RunOutcome> {
  const paced = !!opts.speed && opts.speed > 0;
  const sim = await makeSim({ fixture: opts.fixture, seed, speed: 0, logLevel: 'error' });
  // The clock's real timers do not keep a process alive (a simulator serving does): a paced run must.
  const keepAlive = paced ? setInterval(() => {}, 1000) : undefined;
  try {
    const watch = new Watch(sim);
    const started = performance.now();
    const t0 = sim.clock.now();
    let report: RunReport | undefined;
    let attempts: Attempt[] = [];
    if (scenario) {
      const r = sim.scenarios.start(scenario, paced ? { speed: opts.speed } : { speed: 0, fastForward: true });
      report = await r.done;
      attempts = r.attempts;
    } else if (!paced) {
      // Nothing to play: the fixture on its own for as long as the change ran.
      sim.clock.advance(spanMs);
    } else {
      sim.clock.setSpeed(opts.speed!);
      await sleep(spanMs / opts.speed!);
    }
    // Then until every task has ended (or the limit).
    const limit = sim.clock.now() + (opts.settleLimitMs ?? DAY);
    while (sim.tasks.activeCount() > 0 && sim.clock.now() < limit) {
      if (paced) await sleep(20);
      else {
        sim.clock.advance(Math.min(SETTLE_STEP_MS, limit - sim.clock.now()));
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    if (paced) sim.clock.setSpeed(0);
    const wallMs = performance.now() - started;
    const end = sim.clock.now();
    const active = sim.tasks.activeCount();
    const settledAt = active ? null : (watch.lastTaskEnd ?? t0) - t0;
    const outcome = summarize(sim, watch, run, report, attempts, t0);
    const simulatedMs = Math.max(0, end - t0);
    Object.assign(outcome, {
      settledMs: settledAt === null ? null : Math.round(settledAt),
      settled: settledAt === null ? `not within ${formatDuration(opts.settleLimitMs ?? DAY)} (${active} tasks still active)` : formatDuration(Math.round(settledAt)),
      simulatedMs: Math.round(simulatedMs), wallMs: Math.round(wallMs * 10) / 10, speedFactor: ratio(simulatedMs, wallMs),
    });
    opts.onProgress?.(`${run}: ${outcome.tasks.started} tasks, settled after ${outcome.settled}, ${formatDuration(Math.round(simulatedMs))} simulated in ${(wallMs / 1000).toFixed(2)} s`);
    return outcome;
  } finally {
    clearInterval(keepAlive);
    await sim.stop();
  }
}

const ratio = (simMs: number, wallMs: number) => (wallMs > 0 ? Math.round(simMs / wallMs) : 0);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Follows the store while a run plays: tasks, VDC usage and IP pools, at their peaks. */
class Watch {
  readonly tasks = new Map<string, Task>();
  lastTaskEnd?: number;
  readonly vdcs = new Map<string, { vdc: Vdc; start: Figures; peak: Figures }>();
  readonly pools = new Map<string, { start: number; peak: number }>();

  constructor(private readonly sim: TwinSimulator) {
    for (const vdc of sim.store.all('vdc')) {
      const f = this.figures(vdc);
      this.vdcs.set(vdc.id, { vdc, start: f, peak: { ...f } });
    }
    for (const n of sim.store.all('network')) this.pools.set(n.id, { start: n.allocatedIps.length, peak: n.allocatedIps.length });
    sim.store.onChange((kind, id, entity, previous) => {
      if (kind === 'task' && entity) {
        const t = entity as Task;
        this.tasks.set(id, t);
        if (t.endTime && !(previous as Task | undefined)?.endTime) this.lastTaskEnd = sim.clock.now();
      } else if (kind === 'vm') {
        this.touch(((entity ?? previous) as Vm).vdcId);
      } else if (kind === 'network' && entity) {
        const p = this.pools.get(id);
        const used = (entity as Network).allocatedIps.length;
        if (p) p.peak = Math.max(p.peak, used);
        else this.pools.set(id, { start: 0, peak: used });
      }
    });
  }

  private touch(vdcId: string): void {
    const v = this.vdcs.get(vdcId);
    const vdc = this.sim.store.get('vdc', vdcId);
    if (!v || !vdc) return;
    const f = this.figures(vdc);
    for (const k of Object.keys(f) as (keyof Figures)[]) v.peak[k] = Math.max(v.peak[k], f[k]);
  }

  /** Usage now: CPU and memory of deployed VMs, storage of everything stored, VMs that exist. */
  private figures(vdc: Vdc): Figures {
    const u = vdcUsage(this.sim.store, vdc);
    return { cpuMhz: u.cpuUsedMhz, memoryMB: u.memoryUsedMB, storageMB: u.storageUsedMB, vms: u.vmCount, runningVms: u.runningVmCount };
  }
}

interface Figures {
  cpuMhz: number;
  memoryMB: number;
  storageMB: number;
  vms: number;
  runningVms: number;
}

/** A message with its figures blanked, so failures of one cause count together. */
const reasonOf = (message: string) => message.replace(/\d+(\.\d+)?/g, '#');

function tally(items: { what: string; reason: string }[]): Count[] {
  const by = new Map<string, Count>();
  for (const i of items) {
    const key = `${i.what}\u0000${i.reason}`;
    const c = by.get(key) ?? { what: i.what, reason: i.reason, n: 0 };
    c.n++;
    by.set(key, c);
  }
  return [...by.values()].sort((a, b) => b.n - a.n || a.what.localeCompare(b.what) || a.reason.localeCompare(b.reason));
}

function summarize(sim: TwinSimulator, w: Watch, run: RunOutcome['run'], report: RunReport | undefined, attempts: Attempt[], t0: number): RunOutcome {
  const tasks: RunOutcome['tasks'] = { started: 0, succeeded: 0, failed: 0, canceled: 0, aborted: 0, active: 0, byOperation: {} };
  const failures: { what: string; reason: string }[] = [];
  for (const t of w.tasks.values()) {
    const now = sim.store.get('task', t.id) ?? t;
    const op = (tasks.byOperation[now.operationName] ??= { started: 0, succeeded: 0, failed: 0 });
    tasks.started++;
    op.started++;
    if (now.status === 'success') {
      tasks.succeeded++;
      op.succeeded++;
    } else if (now.status === 'error') {
      tasks.failed++;
      op.failed++;
      failures.push({ what: now.operationName, reason: reasonOf(now.error?.message ?? 'failed') });
    } else if (now.status === 'canceled' || now.status === 'aborted') {
      tasks[now.status]++;
      failures.push({ what: now.operationName, reason: now.status });
    } else tasks.active++;
  }
  const refused = attempts.filter((a) => a.refused);
  const checks = report?.checks ?? [];
  const vdcs: VdcPeak[] = [];
  for (const { vdc, start, peak } of w.vdcs.values()) {
    const org = sim.store.get('org', vdc.orgId)?.name ?? vdc.orgId;
    const storageLimit = sim.store.where('storageProfile', 'vdcId', vdc.id).reduce((s, p) => (s < 0 || p.limitMB <= 0 ? -1 : s + p.limitMB), 0);
    vdcs.push({
      vdc: `${org}/${vdc.name}`,
      cpuMhz: { start: start.cpuMhz, peak: peak.cpuMhz, limit: vdc.cpu.limit },
      memoryMB: { start: start.memoryMB, peak: peak.memoryMB, limit: vdc.memory.limit },
      storageMB: { start: start.storageMB, peak: peak.storageMB, limit: Math.max(0, storageLimit) },
      vms: { start: start.vms, peak: peak.vms, limit: vdc.vmQuota },
      runningVms: { start: start.runningVms, peak: peak.runningVms },
    });
  }
  const networks: PoolUse[] = [];
  for (const [id, p] of w.pools) {
    const n = sim.store.get('network', id);
    if (!n) continue;
    const vdc = sim.store.get('vdc', n.vdcId);
    const org = sim.store.get('org', n.orgId)?.name ?? n.orgId;
    networks.push({ network: `${org}/${vdc?.name ?? '-'}/${n.name}`, size: poolSize(n), start: p.start, peak: p.peak, end: n.allocatedIps.length });
  }
  vdcs.sort((a, b) => a.vdc.localeCompare(b.vdc));
  networks.sort((a, b) => a.network.localeCompare(b.network));
  void t0;
  return {
    run, status: report?.status ?? 'none',
    checks: { held: checks.filter((c) => c.ok).length, total: checks.length, failed: checks.filter((c) => !c.ok).map((c) => `${c.at} ${c.description} — found ${c.actual}`) },
    tasks, taskFailures: tally(failures),
    attempts: { made: attempts.length, refused: refused.length },
    refusals: tally(refused.map((a) => ({ what: a.op, reason: reasonOf(a.refused!.message) }))),
    faultsInjected: report?.faults.total ?? 0,
    settledMs: null, settled: '', simulatedMs: 0, wallMs: 0, speedFactor: 0, vdcs, networks,
  };
}

/** The report as text: baseline and change side by side, then why things failed, then the speed. */
export function formatWhatIf(r: WhatIfReport): string {
  const { baseline: b, change: c } = r;
  const rows: [string, string, string][] = [];
  const row = (label: string, f: (o: RunOutcome) => string) => rows.push([label, f(b), f(c)]);
  row('scenario', (o) => (o.status === 'none' ? 'none' : `${o.status}${o.checks.total ? ` (${o.checks.held}/${o.checks.total} checks)` : ''}`));
  row('tasks started', (o) => String(o.tasks.started));
  row('  succeeded', (o) => String(o.tasks.succeeded));
  row('  failed', (o) => String(o.tasks.failed));
  if (b.tasks.canceled + c.tasks.canceled + b.tasks.aborted + c.tasks.aborted) row('  canceled/aborted', (o) => `${o.tasks.canceled}/${o.tasks.aborted}`);
  row('requests refused', (o) => `${o.attempts.refused} of ${o.attempts.made}`);
  row('faults injected', (o) => String(o.faultsInjected));
  row('settled after', (o) => o.settled);
  const pct = (peak: number, limit: number) => (limit > 0 ? `${peak}/${limit} (${Math.round((peak / limit) * 100)} %)` : `${peak} (no limit)`);
  const vdcKeys = [...new Set([...b.vdcs, ...c.vdcs].map((v) => v.vdc))];
  for (const key of vdcKeys) {
    const of = (o: RunOutcome) => o.vdcs.find((v) => v.vdc === key);
    const moved = (v?: VdcPeak) => !!v && (v.cpuMhz.peak !== v.cpuMhz.start || v.memoryMB.peak !== v.memoryMB.start || v.vms.peak !== v.vms.start || v.storageMB.peak !== v.storageMB.start);
    if (!moved(of(b)) && !moved(of(c))) continue;
    rows.push([`VDC ${key} peaks`, '', '']);
    row('  CPU MHz', (o) => (of(o) ? pct(of(o)!.cpuMhz.peak, of(o)!.cpuMhz.limit) : '-'));
    row('  memory MB', (o) => (of(o) ? pct(of(o)!.memoryMB.peak, of(o)!.memoryMB.limit) : '-'));
    row('  storage MB', (o) => (of(o) ? pct(of(o)!.storageMB.peak, of(o)!.storageMB.limit) : '-'));
    row('  VMs', (o) => (of(o) ? pct(of(o)!.vms.peak, of(o)!.vms.limit) : '-'));
    row('  running VMs', (o) => (of(o) ? String(of(o)!.runningVms.peak) : '-'));
  }
  const netKeys = [...new Set([...b.networks, ...c.networks].map((n) => n.network))];
  for (const key of netKeys) {
    const of = (o: RunOutcome) => o.networks.find((n) => n.network === key);
    if (![of(b), of(c)].some((n) => n && n.peak !== n.start)) continue;
    row(`IPs ${key} peak`, (o) => (of(o) ? `${of(o)!.peak}/${of(o)!.size}` : '-'));
  }
  const w0 = Math.max(...rows.map((x) => x[0].length)) + 2;
  const w1 = Math.max('baseline'.length, ...rows.map((x) => x[1].length)) + 2;
  const lines = [`what-if: ${r.scenario} on ${r.fixture} (seed ${r.seed}, ${r.clock})`, '', `${''.padEnd(w0)}${'baseline'.padEnd(w1)}change`];
  for (const [l, x, y] of rows) lines.push(`${l.padEnd(w0)}${x.padEnd(w1)}${y}`.trimEnd());
  for (const o of [b, c]) {
    if (o.taskFailures.length) {
      lines.push('', `Tasks that did not succeed (${o.run}):`);
      for (const f of o.taskFailures) lines.push(`  ${f.n} × ${f.what}: ${f.reason}`);
    }
    if (o.refusals.length) {
      lines.push('', `Requests refused (${o.run}):`);
      for (const f of o.refusals) lines.push(`  ${f.n} × ${f.what}: ${f.reason}`);
    }
    if (o.checks.failed.length) {
      lines.push('', `Checks that did not hold (${o.run}):`);
      for (const f of o.checks.failed) lines.push(`  ${f}`);
    }
  }
  lines.push('', `Simulated ${formatDuration(b.simulatedMs + c.simulatedMs)} in ${((b.wallMs + c.wallMs) / 1000).toFixed(2)} s of real time: ${r.speedFactor}× real time (baseline ${b.speedFactor}×, change ${c.speedFactor}×).`);
  return `${lines.join('\n')}\n`;
}
