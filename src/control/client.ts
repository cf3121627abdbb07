/**
 * A typed client for the control API, for other projects' tests:
 *
 *   const ctl = new ControlClient('http://127.0.0.1:8080', { token });
 *   await ctl.addFault({ match: { org: 'acme' }, action: 'partition', duration: '2m' });
 *   await ctl.advance(120);
 *
 * It uses the built-in fetch and imports only types, so it loads nothing of the simulator.
 */
import type { FaultRuleInput } from '../faults/spec.js';
import type { FaultEvent, RequestRecord, RuleView } from '../faults/engine.js';
import type { LogPage } from '../lib/ringlog.js';
import type { RunReport } from '../scenarios/runner.js';
import type { ProgressionPolicy } from '../engine/tasks.js';
import type { LatencyModel } from '../engine/latency.js';
import type { Snapshot } from '../store/types.js';
import type { InventoryDiff } from '../twin/diff.js';
import type { ProblemJson } from './errors.js';
import type { WhatIfReport } from '../twin/whatif.js';
import type { VerifyReport } from '../twin/verify.js';
import type { CaptureJob } from './twin.js';

export type { FaultRuleInput, FaultActionInput } from '../faults/spec.js';
export type { FaultEvent, RequestRecord, RuleView } from '../faults/engine.js';
export type { LogPage } from '../lib/ringlog.js';
export type { RunReport } from '../scenarios/runner.js';

export interface ControlClientOptions {
  /** The control token, when the simulator was started with one and this client is not on loopback. */
  token?: string;
  /** Another fetch implementation (a test double, a proxy-aware fetch). */
  fetch?: typeof fetch;
}

export interface Health {
  status: 'ok';
  name: string;
  version: string;
  now: string;
  speed: number;
  uptimeSeconds: number;
  faultRules: number;
  scenariosRunning: number;
  activeTasks: number;
}

export interface ClockState {
  now: string;
  nowMs: number;
  speed: number;
}

export type ScenarioSource = { name: string } | { yaml: string } | { scenario: unknown };

export interface ScenarioStartOptions {
  speed?: number;
  fastForward?: boolean;
}

/** A refusal from the control API: its status, message and, for invalid rules or scenarios, each problem. */
export class ControlApiError extends Error {
  constructor(readonly status: number, message: string, readonly problems: ProblemJson[] = []) {
    super(problems.length ? `${message}\n${problems.map((p) => `${p.line ? `line ${p.line}: ` : ''}${p.path}: ${p.message}`).join('\n')}` : message);
  }
}

export class ControlClient {
  private readonly base: string;
  private readonly fetch: typeof fetch;

  constructor(baseUrl: string, private readonly options: ControlClientOptions = {}) {
    this.base = `${baseUrl.replace(/\/+$/, '')}/_vcdsim`;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  health(): Promise<Health> {
    return this.call('GET', '/health');
  }

  faults(): Promise<RuleView[]> {
    return this.call('GET', '/faults');
  }

  fault(id: string): Promise<RuleView> {
    return this.call('GET', `/faults/${encodeURIComponent(id)}`);
  }

  addFault(rule: FaultRuleInput): Promise<RuleView> {
    return this.call('POST', '/faults', rule);
  }

  /** Adds several rules at once: none is added unless all are valid. */
  addFaults(rules: FaultRuleInput[]): Promise<RuleView[]> {
    return this.call('POST', '/faults', rules);
  }

  async removeFault(id: string): Promise<void> {
    await this.call('DELETE', `/faults/${encodeURIComponent(id)}`);
  }

  async clearFaults(): Promise<number> {
    return (await this.call<{ removed: number }>('DELETE', '/faults')).removed;
  }

  scenarios(): Promise<{ available: string[]; runs: RunReport[] }> {
    return this.call('GET', '/scenarios');
  }

  startScenario(source: ScenarioSource, options: ScenarioStartOptions = {}): Promise<RunReport> {
    return this.call('POST', '/scenarios', { ...source, ...options });
  }

  /** Reads a scenario file here and sends its text, so the file need not be on the simulator's machine. */
  async startScenarioFile(file: string, options: ScenarioStartOptions = {}): Promise<RunReport> {
    const { readFile } = await import('node:fs/promises');
    return this.startScenario({ yaml: await readFile(file, 'utf8') }, options);
  }

  scenario(id: string): Promise<RunReport> {
    return this.call('GET', `/scenarios/${encodeURIComponent(id)}`);
  }

  stopScenario(id: string): Promise<RunReport> {
    return this.call('DELETE', `/scenarios/${encodeURIComponent(id)}`);
  }

  clock(): Promise<ClockState> {
    return this.call('GET', '/clock');
  }

  setSpeed(speed: number): Promise<ClockState> {
    return this.call('POST', '/clock/speed', { speed });
  }

  /** Moves simulated time forward: a number of seconds, or a duration such as '2m'. */
  advance(by: number | string): Promise<ClockState> {
    return this.call('POST', '/clock/advance', typeof by === 'number' ? { seconds: by } : { by });
  }

  policies(): Promise<Record<string, ProgressionPolicy>> {
    return this.call('GET', '/tasks/policies');
  }

  setPolicy(operationName: string, policy: ProgressionPolicy): Promise<Record<string, ProgressionPolicy>> {
    return this.call('PUT', `/tasks/policies/${encodeURIComponent(operationName)}`, policy);
  }

  latency(): Promise<Record<string, LatencyModel>> {
    return this.call('GET', '/latency');
  }

  setLatency(operationName: string, model: Partial<LatencyModel>): Promise<LatencyModel> {
    return this.call('PUT', `/latency/${encodeURIComponent(operationName)}`, model);
  }

  /** Back to the fixture: inventory, no fault rules, empty logs, no running scenario. */
  async reset(): Promise<void> {
    await this.call('POST', '/reset');
  }

  snapshot(): Promise<Snapshot> {
    return this.call('GET', '/snapshot');
  }

  /** What changed since the fixture, entity by entity (`history`: tasks and sessions too). */
  diff(options: { history?: boolean } = {}): Promise<InventoryDiff> {
    return this.call('GET', `/diff${options.history ? '?history=true' : ''}`);
  }

  /** Now against a given snapshot or fixture (YAML text or JSON), or the fixture; `uncaptured` leaves out what a capture cannot carry. */
  diffAgainst(options: { snapshot?: Snapshot; fixture?: string | object; history?: boolean; ignore?: string[]; uncaptured?: boolean } = {}): Promise<InventoryDiff> {
    return this.call('POST', '/diff', options);
  }

  /** A what-if run (`vcdsim whatif`) against this simulator's fixture, or the one given (path, YAML text or JSON). */
  whatIf(scenario: ScenarioSource, options: { fixture?: string | object; seed?: number; speed?: number } = {}): Promise<WhatIfReport & { text: string }> {
    return this.call('POST', '/whatif', { ...scenario, ...options });
  }

  /** `vcdsim verify` of a recording (a path, or its JSON lines); `fit` sets the fitted latency models on this simulator. */
  verify(recording: { recording: string } | { jsonl: string }, options: {
    user: string; org: string; password?: string; fixture?: string | object; seed?: number; tolerance?: number; fit?: boolean;
  }): Promise<VerifyReport & { text: string; fitted?: Record<string, LatencyModel> }> {
    return this.call('POST', '/verify', { ...recording, ...options });
  }

  /** Starts capturing a VCD on loopback; poll with capture(id) or wait with waitForCapture(id). */
  startCapture(from: string, credentials: { user: string; org: string; password: string }, options: { rps?: number } = {}): Promise<CaptureJob> {
    return this.call('POST', '/captures', { from, ...credentials, ...options });
  }

  capture(id: string): Promise<CaptureJob> {
    return this.call('GET', `/captures/${encodeURIComponent(id)}`);
  }

  /** Polls a capture job until it has ended (succeeded or failed), every `intervalMs`. */
  async waitForCapture(id: string, options: { intervalMs?: number; timeoutMs?: number } = {}): Promise<CaptureJob> {
    const until = Date.now() + (options.timeoutMs ?? 600_000);
    for (;;) {
      const job = await this.capture(id);
      if (job.status !== 'running') return job;
      if (Date.now() > until) throw new Error(`capture ${id} still running after ${options.timeoutMs ?? 600_000} ms`);
      await new Promise((r) => setTimeout(r, options.intervalMs ?? 250));
    }
  }

  async importSnapshot(snapshot: Snapshot): Promise<void> {
    await this.call('POST', '/snapshot', snapshot);
  }

  requests(cursor: { since?: number; limit?: number } = {}): Promise<LogPage<RequestRecord>> {
    return this.call('GET', `/log/requests${query(cursor)}`);
  }

  faultLog(cursor: { since?: number; limit?: number } = {}): Promise<LogPage<FaultEvent>> {
    return this.call('GET', `/log/faults${query(cursor)}`);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.options.token) headers['X-VCDSIM-Control-Token'] = this.options.token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await this.fetch(`${this.base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    const json = text ? JSON.parse(text) : undefined;
    if (!res.ok) {
      const err = json?.error ?? {};
      throw new ControlApiError(res.status, err.message ?? `${method} ${path} answered ${res.status}`, err.problems);
    }
    return json as T;
  }
}

function query(cursor: { since?: number; limit?: number }): string {
  const q = new URLSearchParams();
  if (cursor.since !== undefined) q.set('since', String(cursor.since));
  if (cursor.limit !== undefined) q.set('limit', String(cursor.limit));
  const s = q.toString();
  return s ? `?${s}` : '';
}
