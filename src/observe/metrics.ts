/**
 * Prometheus metrics, one Registry per simulator (never prom-client's global one, so many instances in
 * one test process never collide). Served at /_vcdsim/metrics.
 *
 * Fed three ways: the HTTP middleware (observe/http.ts) calls request(); task transitions come from
 * the store's change events; inventory and active tasks are read from the store on each scrape. The
 * fault engine and the scenario runner report through faultFired(), faultRules() and scenarioProgress().
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Store } from '../store/store.js';
import { Status, type Task, type TaskStatus } from '../store/types.js';
import { ACTIVE } from '../engine/tasks.js';
import { INVENTORY_KINDS } from '../resources/kinds.js';

/** What metrics read from the simulator (kept narrow so this module stays testable). */
export interface MetricsSource {
  store: Store;
}

export type ScenarioState = 'running' | 'passed' | 'failed' | 'stopped';
const SCENARIO_STATES: ScenarioState[] = ['running', 'passed', 'failed', 'stopped'];

export interface ScenarioProgress {
  /** Scenario name (bounded: one series per scenario file, not per run). */
  scenario: string;
  stepsDone: number;
  steps: number;
  state: ScenarioState;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Seconds; real VCD answers in tens of milliseconds, faults add seconds. */
const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Simulated seconds a task took, queue included. */
const TASK_BUCKETS = [1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly latency: Histogram<'method' | 'route'>;
  private readonly tasksStarted: Counter<'operation'>;
  private readonly tasksEnded: Counter<'operation' | 'status'>;
  private readonly taskDuration: Histogram<'operation' | 'status'>;
  private readonly faultsFired: Counter<'rule' | 'action'>;
  private readonly scenarioSteps: Gauge<'scenario'>;
  private readonly scenarioStepsDone: Gauge<'scenario'>;
  private readonly scenarioState: Gauge<'scenario' | 'state'>;
  /** Status of each task still active, to see transitions in the store's change events. */
  private readonly activeTasks = new Map<string, { operation: string; status: TaskStatus }>();
  private faultRuleSource: () => Iterable<{ state: string }> = () => [];
  private processMetrics = false;

  constructor(private readonly source: MetricsSource, version = '') {
    const registers = [this.registry];
    new Gauge({ name: 'vcdsim_info', help: 'The simulator version (always 1).', labelNames: ['version'], registers }).set({ version }, 1);
    this.requests = new Counter({
      name: 'vcdsim_http_requests_total',
      help: 'HTTP requests answered, by route template, method and status ("aborted" when no answer went out).',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.latency = new Histogram({
      name: 'vcdsim_http_request_duration_seconds',
      help: 'Real time from a request arriving to its answer, by route template and method.',
      labelNames: ['method', 'route'],
      buckets: HTTP_BUCKETS,
      registers,
    });
    this.tasksStarted = new Counter({ name: 'vcdsim_tasks_started_total', help: 'Tasks created, by operation.', labelNames: ['operation'], registers });
    this.tasksEnded = new Counter({
      name: 'vcdsim_tasks_finished_total',
      help: 'Tasks that ended, by operation and final state (success, error, canceled, aborted).',
      labelNames: ['operation', 'status'],
      registers,
    });
    this.taskDuration = new Histogram({
      name: 'vcdsim_task_duration_seconds',
      help: 'Simulated seconds from a task starting to its end, by operation and final state.',
      labelNames: ['operation', 'status'],
      buckets: TASK_BUCKETS,
      registers,
    });
    const active = this.activeTasks;
    new Gauge({
      name: 'vcdsim_tasks_active',
      help: 'Tasks queued or running, by operation.',
      labelNames: ['operation'],
      registers,
      collect() {
        this.reset();
        for (const t of active.values()) this.inc({ operation: t.operation });
      },
    });
    const store = () => this.source.store;
    new Gauge({
      name: 'vcdsim_inventory',
      help: 'Entities in the simulated cloud, by kind.',
      labelNames: ['kind'],
      registers,
      collect() {
        for (const kind of INVENTORY_KINDS) this.set({ kind }, store().count(kind));
      },
    });
    new Gauge({
      name: 'vcdsim_vms_powered_on',
      help: 'VMs powered on.',
      registers,
      collect() {
        let n = 0;
        for (const vm of store().all('vm')) if (vm.status === Status.POWERED_ON) n++;
        this.set(n);
      },
    });
    const rules = () => this.faultRuleSource();
    new Gauge({
      name: 'vcdsim_fault_rules',
      help: 'Fault rules, by state (pending, active, expired, spent).',
      labelNames: ['state'],
      registers,
      collect() {
        this.reset();
        for (const r of rules()) this.inc({ state: r.state });
      },
    });
    this.faultsFired = new Counter({
      name: 'vcdsim_faults_fired_total',
      help: 'Faults injected, by rule id and action.',
      labelNames: ['rule', 'action'],
      registers,
    });
    this.scenarioSteps = new Gauge({ name: 'vcdsim_scenario_steps', help: 'Steps in the scenario timeline.', labelNames: ['scenario'], registers });
    this.scenarioStepsDone = new Gauge({ name: 'vcdsim_scenario_steps_done', help: 'Timeline steps played so far.', labelNames: ['scenario'], registers });
    this.scenarioState = new Gauge({
      name: 'vcdsim_scenario_state',
      help: '1 for the state a scenario is in (running, passed, failed, stopped), 0 for the others.',
      labelNames: ['scenario', 'state'],
      registers,
    });
    source.store.onChange((kind, id, entity) => {
      if (kind === 'task') this.taskChanged(id, entity as Task | undefined);
      else if (id === '*') this.tasksReloaded();
    });
  }

  /** Node process metrics (CPU, memory, event loop): for the CLI, one simulator per process. */
  collectProcessMetrics(): void {
    if (this.processMetrics) return;
    this.processMetrics = true;
    collectDefaultMetrics({ register: this.registry });
  }

  /** Records one HTTP exchange. `route` is a template (bounded), never a raw URL. */
  request(method: string, route: string, status: number | 'aborted', seconds: number): void {
    const m = METHODS.has(method) ? method : 'other';
    this.requests.inc({ method: m, route, status: String(status) });
    this.latency.observe({ method: m, route }, seconds);
  }

  /** The fault engine calls this each time a rule fires. */
  faultFired(rule: string, action: string): void {
    this.faultsFired.inc({ rule, action });
  }

  /** The fault engine registers where its rules are read from (sampled on each scrape). */
  faultRules(source: () => Iterable<{ state: string }>): void {
    this.faultRuleSource = source;
  }

  /** The scenario runner reports each step played and each change of state. */
  scenarioProgress(p: ScenarioProgress): void {
    this.scenarioSteps.set({ scenario: p.scenario }, p.steps);
    this.scenarioStepsDone.set({ scenario: p.scenario }, p.stepsDone);
    for (const state of SCENARIO_STATES) this.scenarioState.set({ scenario: p.scenario, state }, state === p.state ? 1 : 0);
  }

  /** The Prometheus text exposition. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private taskChanged(id: string, task: Task | undefined): void {
    const seen = this.activeTasks.get(id);
    if (!task) {
      this.activeTasks.delete(id);
      return;
    }
    if (ACTIVE.has(task.status)) {
      if (!seen) this.tasksStarted.inc({ operation: task.operationName });
      this.activeTasks.set(id, { operation: task.operationName, status: task.status });
      return;
    }
    if (!seen) return;
    this.activeTasks.delete(id);
    const labels = { operation: task.operationName, status: task.status };
    this.tasksEnded.inc(labels);
    const ms = Date.parse(task.endTime ?? '') - Date.parse(task.startTime);
    if (Number.isFinite(ms)) this.taskDuration.observe(labels, Math.max(0, ms) / 1000);
  }

  /** After a reset, import or load, tasks active in the new state are tracked without being counted again. */
  private tasksReloaded(): void {
    this.activeTasks.clear();
    for (const t of this.source.store.all('task')) {
      if (ACTIVE.has(t.status)) this.activeTasks.set(t.id, { operation: t.operationName, status: t.status });
    }
  }
}
