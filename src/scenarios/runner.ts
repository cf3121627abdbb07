/**
 * Plays scenarios against the simulator. Each timeline step is a timer on the simulated clock, so steps
 * happen at their exact offsets however time moves: in real time (speed > 0), by hand (a test calling
 * clock.advance), or jumped through (`fastForward`). Within a step the actions run in a fixed order:
 * note, remove, faults, capacity, latency, policies, load, expect, then advance.
 *
 * A run ends with its last step: passed when every check held, failed otherwise. Ending (or stopping)
 * removes the fault rules and capacity changes it added and restores the latency models and task
 * policies it changed.
 */
import type { ScenarioHost } from './host.js';
import { isInjection, type FaultEvent, type RuleView } from '../faults/engine.js';
import type { EntityKind } from '../store/types.js';
import { orgIdOf } from '../resources/access.js';
import { formatDuration } from '../lib/validate.js';
import { evaluate, findOrgId, type CheckResult, type InjectionCount } from './checks.js';
import { ScenarioError, type Problem } from './loader.js';
import type { CapacityChange, LoadSpec, Scenario, Step } from './schema.js';
import { preflightOperation, runOperation, type Attempt } from './operations.js';

export type RunStatus = 'running' | 'passed' | 'failed' | 'stopped';

export interface StartOptions {
  /** Clock speed for the run; by default the scenario's own, if it has one. */
  speed?: number;
  /** Jump the clock from step to step instead of waiting for time to pass: the whole run at once. */
  fastForward?: boolean;
  /** Called with each progress line (the CLI prints them). */
  onProgress?: (line: string) => void;
}

export interface CheckOutcome extends CheckResult {
  step: string;
  /** Offset of the step, e.g. `+4m`. */
  at: string;
}

export interface RunReport {
  id: string;
  name: string;
  description?: string;
  source?: string;
  status: RunStatus;
  seed?: number;
  startedAt: string;
  endedAt: string | null;
  /** Simulated time since the start, e.g. `2m30s`. */
  elapsed: string;
  steps: { done: number; total: number; next?: string };
  checks: CheckOutcome[];
  faults: { total: number; byRule: Record<string, number> };
  error?: string;
  progress: string[];
  /** The scenario as it was given: POST it back as `{ "scenario": … }` to play it again. */
  scenario?: unknown;
}

const PROGRESS_LINES = 500;
const EVENTS_KEPT = 10_000;
const KEEP_RUNS = 50;

export class ScenarioRun {
  status: RunStatus = 'running';
  /** The fault log entries of this run's rules, in order (the first EVENTS_KEPT of them). */
  readonly events: FaultEvent[] = [];
  /** Injections per rule and action, counted in full however long the run. */
  readonly injected = new Map<string, InjectionCount>();
  readonly checks: CheckOutcome[] = [];
  readonly progress: string[] = [];
  /** What the steps' `do` lists attempted: tasks started and requests refused, in order. */
  readonly attempts: Attempt[] = [];
  error?: string;
  stepsDone = 0;
  startedAt = 0;
  endedAt?: number;
  readonly done: Promise<RunReport>;
  private resolveDone!: (r: RunReport) => void;
  private readonly cancels: (() => void)[] = [];
  private readonly restores: (() => void)[] = [];
  private readonly owner: string;
  private requestCursor = 0;

  constructor(readonly id: string, readonly scenario: Scenario, private readonly sim: ScenarioHost, private readonly opts: StartOptions) {
    this.owner = `scenario:${id}`;
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  /** Checks the scenario against the inventory, then starts it. Throws ScenarioError when it names what does not exist. */
  begin(): void {
    const { sim, scenario } = this;
    this.preflight();
    if (scenario.seed !== undefined) sim.faults.reseed(scenario.seed);
    const speed = this.opts.speed ?? scenario.speed;
    if (speed !== undefined) sim.clock.setSpeed(speed);
    this.startedAt = sim.clock.now();
    this.requestCursor = sim.faults.requestLog.last;
    this.cancels.push(sim.faults.onFault((e) => this.record(e)));
    this.say(`started${scenario.seed !== undefined ? ` (seed ${scenario.seed})` : ''}, ${scenario.timeline.length} steps, clock speed ${sim.clock.speed}`, 0);
    if (scenario.setup && !this.attempt(scenario.setup)) return;
    scenario.timeline.forEach((step, i) => this.cancels.push(sim.clock.at(this.startedAt + step.at, () => this.play(step, i))));
    if (this.opts.fastForward) void this.drive();
    else sim.clock.advance(0);
  }

  stop(): void {
    if (this.status !== 'running') return;
    this.status = 'stopped';
    this.end('stopped');
  }

  report(): RunReport {
    const byRule: Record<string, number> = {};
    for (const { rule, n } of this.injected.values()) byRule[rule] = (byRule[rule] ?? 0) + n;
    const now = this.endedAt ?? this.sim.clock.now();
    const next = this.status === 'running' ? this.scenario.timeline[this.stepsDone] : undefined;
    const r: RunReport = {
      id: this.id, name: this.scenario.name, status: this.status,
      startedAt: this.sim.clock.iso(this.startedAt), endedAt: this.endedAt === undefined ? null : this.sim.clock.iso(this.endedAt),
      elapsed: formatDuration(now - this.startedAt),
      steps: { done: this.stepsDone, total: this.scenario.timeline.length, ...(next ? { next: `+${formatDuration(next.at)}` } : {}) },
      checks: this.checks, faults: { total: this.injectedCount(), byRule }, progress: this.progress,
    };
    if (this.scenario.description) r.description = this.scenario.description;
    if (this.scenario.source) r.source = this.scenario.source;
    if (this.scenario.seed !== undefined) r.seed = this.scenario.seed;
    if (this.error) r.error = this.error;
    if (this.scenario.input !== undefined) r.scenario = this.scenario.input;
    return r;
  }

  private record(e: FaultEvent): void {
    if (e.owner !== this.owner) return;
    if (this.events.length < EVENTS_KEPT) this.events.push(e);
    if (!isInjection(e)) return;
    const key = `${e.rule}\u0000${e.action}`;
    const count = this.injected.get(key) ?? { rule: e.rule, action: e.action, n: 0 };
    count.n++;
    this.injected.set(key, count);
  }

  private injectedCount(): number {
    let n = 0;
    for (const c of this.injected.values()) n += c.n;
    return n;
  }

  private play(step: Step, index: number): void {
    if (this.status !== 'running' || !this.attempt(step)) return;
    this.stepsDone = index + 1;
    if (this.stepsDone === this.scenario.timeline.length) this.finish();
  }

  /** Runs a step; a step that cannot be carried out fails the run. */
  private attempt(step: Step): boolean {
    try {
      this.exec(step);
      return true;
    } catch (e) {
      this.error = `${this.where(step)}: ${(e as Error).message}`;
      this.status = 'failed';
      this.end(`FAILED: ${this.error}`);
      return false;
    }
  }

  private exec(step: Step): void {
    const { sim } = this;
    const did: string[] = [];
    if (step.note) did.push(step.note);
    for (const id of step.remove ?? []) did.push(sim.faults.remove(id) ? `removed fault ${id}` : `fault ${id} was already gone`);
    step.faults?.forEach((rule, j) => {
      const id = rule.id ?? `${step.where === 'setup' ? 'setup' : `step${step.where.replace(/\D/g, '')}`}-fault${j + 1}`;
      did.push(`fault ${describe(sim.faults.addRule({ ...rule, id }, this.owner), this.startedAt)}`);
    });
    for (const c of step.capacity ?? []) did.push(this.capacity(c));
    for (const [op, model] of Object.entries(step.latency ?? {})) {
      const before = sim.latency.get(op);
      this.restores.push(() => sim.latency.set(op, before));
      sim.latency.set(op, model);
      did.push(`latency of ${op}: ${JSON.stringify(model)}`);
    }
    for (const [op, policy] of Object.entries(step.policies ?? {})) {
      const table = sim.tasks.policyTable();
      const before = table[op] ?? table['*'] ?? { mode: 'clock' as const };
      this.restores.push(() => sim.tasks.setPolicy(op, before));
      sim.tasks.setPolicy(op, policy);
      did.push(`tasks ${op}: ${policy.mode === 'polls' ? `complete after ${policy.polls} polls` : policy.mode}`);
    }
    for (const l of step.load ?? []) did.push(this.load(l));
    for (const op of step.do ?? []) {
      did.push(runOperation(sim, op, (a) => this.attempts.push({ ...a, at: a.at - this.startedAt }), (at, fn) => this.cancels.push(sim.clock.at(at, fn))));
    }
    if (step.expect) {
      const at = `+${formatDuration(step.at)}`;
      const results = step.expect.map((c) => ({ step: step.where, at, ...evaluate(sim, c, { injected: this.injected.values(), requestCursor: this.requestCursor }) }));
      this.checks.push(...results);
      did.push(`expect: ${results.filter((r) => r.ok).length}/${results.length} held`);
      for (const r of results) did.push(`${r.ok ? '✓' : '✗'} ${r.description}${r.ok ? '' : ` (found ${r.actual})`}`);
    }
    if (step.advanceMs) did.push(`clock jumps ${formatDuration(step.advanceMs)}`);
    this.say(`${step.where}: ${did.join('; ') || 'nothing to do'}`);
    // Last: inside a clock timer, advancing extends the sweep, so everything due in between runs in order.
    if (step.advanceMs) sim.clock.advance(step.advanceMs);
  }

  private capacity(c: CapacityChange): string {
    const id = `capacity:${c.org ?? '*'}:${c.vdc}`;
    const scope = `${c.vdc === '*' ? 'every VDC' : c.vdc}${c.org ? ` of ${c.org}` : ''}`;
    if (c.restore) return this.sim.faults.remove(id) ? `capacity of ${scope} restored` : `capacity of ${scope} was not changed`;
    const { vdc, org, restore: _, ...amounts } = c;
    this.sim.faults.addRule({ id, match: org ? { org: [org] } : {}, action: { type: 'exhaust', vdc, ...amounts }, probability: 1, skip: 0 }, this.owner, { replace: true });
    return `capacity of ${scope} down to ${JSON.stringify(amounts)}`;
  }

  private load(spec: LoadSpec): string {
    const { sim } = this;
    const { orgId, userId, owner } = this.resolveLoad(spec);
    const startOne = () => {
      sim.tasks.start({
        operationName: spec.operation, operation: `Background load (scenario ${this.scenario.name}): ${spec.operation}`,
        orgId, userId, owner, vms: spec.vms,
      });
    };
    const now = sim.clock.now();
    for (let i = 0; i < spec.count; i++) {
      if (spec.spreadMs > 0) this.cancels.push(sim.clock.at(now + (i * spec.spreadMs) / spec.count, startOne));
      else startOne();
    }
    return `load: ${spec.count} × ${spec.operation} in ${spec.org}${spec.spreadMs ? ` over ${formatDuration(spec.spreadMs)}` : ''}`;
  }

  private resolveLoad(spec: LoadSpec): { orgId: string; userId: string; owner: { kind: EntityKind; id: string; name: string } } {
    const { store } = this.sim;
    const orgId = findOrgId(this.sim, spec.org);
    const users = store.where('user', 'orgId', orgId);
    const user = spec.user ? users.find((u) => u.id === spec.user || u.name.toLowerCase() === spec.user!.toLowerCase()) : users[0];
    if (!user) throw new Error(spec.user ? `org ${spec.org} has no user "${spec.user}"` : `org ${spec.org} has no users`);
    const kind = spec.owner?.kind ?? 'vdc';
    const want = spec.owner?.name.toLowerCase();
    const entity = [...store.all(kind)].find((e) => {
      const named = e as unknown as { id: string; name?: string };
      return orgIdOf(this.sim, kind, e) === orgId && (want === undefined || named.id === want || named.name?.toLowerCase() === want);
    }) as unknown as { id: string; name?: string } | undefined;
    if (!entity) throw new Error(`org ${spec.org} has no ${kind}${want ? ` named "${spec.owner!.name}"` : ''} to own the load`);
    return { orgId, userId: user.id, owner: { kind, id: entity.id, name: entity.name ?? entity.id } };
  }

  /** Everything the scenario names must exist before it starts. */
  private preflight(): void {
    const problems: Problem[] = [];
    const { store } = this.sim;
    for (const step of [this.scenario.setup, ...this.scenario.timeline]) {
      if (!step) continue;
      const report = (what: string, e: unknown) => problems.push({ line: this.scenario.lines?.[step.where], col: 1, path: `${step.where}.${what}`, message: (e as Error).message });
      for (const l of step.load ?? []) {
        try {
          this.resolveLoad(l);
        } catch (e) {
          report('load', e);
        }
      }
      for (const op of step.do ?? []) {
        try {
          preflightOperation(this.sim, op);
        } catch (e) {
          report('do', e);
        }
      }
      for (const c of step.capacity ?? []) {
        try {
          const orgId = c.org === undefined ? undefined : findOrgId(this.sim, c.org);
          const want = c.vdc.toLowerCase().replace(/^urn:vcloud:vdc:/, '');
          const found = c.vdc === '*' || [...store.all('vdc')].some((v) => (orgId === undefined || v.orgId === orgId) && (v.id === want || v.name.toLowerCase() === want));
          if (!found) throw new Error(`no VDC named "${c.vdc}"${c.org ? ` in org ${c.org}` : ''}`);
        } catch (e) {
          report('capacity', e);
        }
      }
    }
    if (problems.length) throw new ScenarioError(this.scenario.source ?? this.scenario.name, problems);
  }

  /** Fast-forward: jump to each next step until the run ends. */
  private async drive(): Promise<void> {
    while (this.status === 'running') {
      const before = this.stepsDone;
      const next = this.startedAt + this.scenario.timeline[this.stepsDone].at;
      this.sim.clock.advance(Math.max(0, next - this.sim.clock.now()));
      if (this.status === 'running' && this.stepsDone === before) {
        this.error = 'the clock reached a step without playing it';
        this.status = 'failed';
        this.end(`FAILED: ${this.error}`);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private finish(): void {
    const failed = this.checks.filter((c) => !c.ok).length;
    this.status = failed ? 'failed' : 'passed';
    this.end(`${this.status.toUpperCase()}: ${this.checks.length - failed}/${this.checks.length} checks held, ${this.injectedCount()} faults injected`);
  }

  private end(line: string): void {
    this.endedAt = this.sim.clock.now();
    for (const cancel of this.cancels.splice(0)) cancel();
    this.sim.faults.clear(this.owner);
    for (const restore of this.restores.splice(0).reverse()) restore();
    this.say(line);
    this.resolveDone(this.report());
  }

  private where(step: Step): string {
    const line = this.scenario.lines?.[step.where];
    return `${this.scenario.source ? `${this.scenario.source}${line ? `:${line}` : ''} ` : ''}${step.where}`;
  }

  /** A progress line, stamped with its offset from the start (steps run exactly at theirs; the clock may run on between). */
  private say(text: string, offset = this.sim.clock.now() - this.startedAt): void {
    const line = `[+${formatDuration(offset)}] ${this.scenario.name}: ${text}`;
    this.progress.push(line);
    if (this.progress.length > PROGRESS_LINES) this.progress.shift();
    this.opts.onProgress?.(line);
    this.sim.metrics.scenarioProgress({ scenario: this.scenario.name, stepsDone: this.stepsDone, steps: this.scenario.timeline.length, state: this.status });
  }
}

/** `acme-partition: partition org=acme until +2m30s` */
function describe(v: RuleView, start: number): string {
  const match = Object.entries(v.match).map(([k, x]) => `${k}=${Array.isArray(x) ? x.join('|') : x}`).join(' ');
  const pct = v.probability < 1 ? ` ${Math.round(v.probability * 100)}%` : '';
  const until = v.until ? ` until +${formatDuration(Date.parse(v.until) - start)}` : '';
  return `${v.id}: ${v.action.type}${pct}${match ? ` ${match}` : ''}${until}`;
}

export class ScenarioRunner {
  private readonly runs = new Map<string, ScenarioRun>();
  private seq = 0;

  constructor(private readonly sim: ScenarioHost) {}

  start(scenario: Scenario, opts: StartOptions = {}): ScenarioRun {
    const run = new ScenarioRun(`run-${++this.seq}`, scenario, this.sim, opts);
    run.begin();
    this.runs.set(run.id, run);
    // Finished runs stay listed for their reports, the newest few.
    for (const [id, r] of this.runs) {
      if (this.runs.size <= KEEP_RUNS) break;
      if (r.status !== 'running') this.runs.delete(id);
    }
    return run;
  }

  get(id: string): ScenarioRun | undefined {
    return this.runs.get(id);
  }

  list(): ScenarioRun[] {
    return [...this.runs.values()];
  }

  stopAll(): void {
    for (const r of this.runs.values()) r.stop();
  }
}

/** The pass/fail report the CLI prints. */
export function formatReport(r: RunReport): string {
  const lines = [`scenario ${r.name}: ${r.status.toUpperCase()} after ${r.elapsed} of simulated time (${r.steps.done}/${r.steps.total} steps)`];
  if (r.error) lines.push(`  error: ${r.error}`);
  for (const c of r.checks) lines.push(`  ${c.ok ? '✓' : '✗'} ${c.at} ${c.description}${c.ok ? '' : ` — found ${c.actual}`}`);
  const byRule = Object.entries(r.faults.byRule).map(([rule, n]) => `${rule}: ${n}`).join(', ');
  lines.push(`  faults injected: ${r.faults.total}${byRule ? ` (${byRule})` : ''}`);
  return `${lines.join('\n')}\n`;
}
