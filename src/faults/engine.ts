/**
 * The fault engine. Faults are data: rules (spec.ts) that match HTTP requests or new tasks (match.ts) and
 * say what goes wrong (actions/), how likely, how many times and during which window of simulated time.
 * The same engine serves the control API and scenarios. HTTP rules are decided here and carried out by
 * the gate (http.ts); task rules through a TaskEngine hook; window rules (`exhaust`) hold capacity
 * overrides for their window. It also keeps the fault log and the request log.
 *
 * Probabilities and latency samples draw from a generator of their own, seeded from the simulator's
 * seed (or a scenario's), so the same seed and the same traffic give the same faults.
 */
import { Random } from '../lib/random.js';
import type { Clock } from '../engine/clock.js';
import type { Store } from '../store/store.js';
import type { TaskEngine, TaskFault } from '../engine/tasks.js';
import type { CapacityOverride } from '../engine/capacity.js';
import type { Task } from '../store/types.js';
import { RingLog } from '../lib/ringlog.js';
import { actionInput, ruleFromJson, type FaultActionInput, type FaultMatch, type FaultRule, type WindowPoint } from './spec.js';
import { compileMatch, httpMatches, HttpIndex, matchesName, taskMatches, type Matcher, type RequestFacts } from './match.js';
import { moduleOf, type ActionType, type FaultAction, type HttpFaultAction, type TaskFaultAction, type WindowFaultAction } from './actions/index.js';
import type { Detail, TaskDraft } from './actions/action.js';
import { MAX_DELAY_MS } from './actions/latency.js';

/** What the gate must do to a request. */
export interface HttpDecision {
  /** Real milliseconds to hold the request first (latency rules add up). */
  delayMs: number;
  /** The rule whose action replaces or spoils the answer, if any. */
  rule?: string;
  action?: Exclude<HttpFaultAction, { type: 'latency' }>;
}

export interface FaultEvent {
  /** Simulated time. */
  time: string;
  timeMs: number;
  rule: string;
  action: ActionType;
  owner?: string;
  request?: { id: string; method: string; path: string; org?: string; user?: string };
  task?: { id: string; operationName: string; orgId: string };
  detail?: Record<string, unknown>;
}

export interface RequestRecord {
  /** Simulated time the request arrived. */
  time: string;
  timeMs: number;
  id: string;
  method: string;
  path: string;
  /** HTTP status sent, or null when no answer went out. */
  status: number | null;
  /** answered; reset (connection dropped by a fault); hung (never answered; ended when the client gave up or the simulator stopped); aborted (the client went away first). */
  outcome: 'answered' | 'reset' | 'truncated' | 'hung' | 'aborted';
  org?: string;
  user?: string;
  /** Id of the rule that spoiled the exchange (latency rules are in the fault log only). */
  fault?: string;
  /** Real milliseconds from arrival to the end of the exchange. */
  ms: number;
}

/** Fault log entries that record an injection (an exhaust window's closing is logged too, but heals). */
export const isInjection = (e: FaultEvent) => e.detail?.edge !== 'end';

export type RuleState = 'pending' | 'active' | 'expired' | 'spent';

export interface RuleView {
  id: string;
  description?: string;
  /** Who added it: `api`, or `scenario:<run id>`. */
  owner: string;
  match: FaultMatch;
  /** In the form it is added in (`retryAfter`, `for`), so a listed rule can be posted back. */
  action: FaultActionInput;
  probability: number;
  count?: number;
  skip: number;
  from: string;
  until: string | null;
  state: RuleState;
  matched: number;
  fired: number;
}

interface Compiled {
  id: string;
  order: number;
  rule: FaultRule;
  owner: string;
  startsAt: number;
  endsAt?: number;
  matched: number;
  fired: number;
  matcher: Matcher;
  timers: (() => void)[];
  /** Tasks this rule stalled, resumed if it is removed early. */
  stalled: Set<string>;
}

export class FaultConflict extends Error {}

const LOG_SIZE = 2000;

export interface FaultEngineDeps {
  clock: Clock;
  store: Store;
  tasks: TaskEngine;
  capacityOverrides: Map<string, CapacityOverride>;
  seed: number;
}

export class FaultEngine {
  readonly faultLog = new RingLog<FaultEvent>(LOG_SIZE);
  readonly requestLog = new RingLog<RequestRecord>(LOG_SIZE);
  private readonly rules = new Map<string, Compiled>();
  private readonly httpRules = new HttpIndex<Compiled>();
  private taskRules: Compiled[] = [];
  private windowRules: Compiled[] = [];
  private readonly listeners = new Set<(e: FaultEvent) => void>();
  private readonly holds = new Set<() => void>();
  private closed = false;
  private capacityKeys = new Set<string>();
  private random: Random;
  private order = 0;
  private autoId = 0;

  constructor(private readonly deps: FaultEngineDeps) {
    this.random = new Random(faultSeed(deps.seed));
    deps.tasks.addHook((task) => this.onTask(task));
  }

  /** Restarts the fault decisions' random sequence (a scenario's seed, or the simulator's on reset). */
  reseed(seed: number): void {
    this.random = new Random(faultSeed(seed));
  }

  /** Adds a rule (validated first). Throws RuleError when invalid, FaultConflict when the id is taken. */
  add(input: unknown, owner = 'api', opts: { replace?: boolean } = {}): RuleView {
    const rule = ruleFromJson(input);
    return this.addRule(rule, owner, opts);
  }

  addRule(rule: FaultRule, owner = 'api', opts: { replace?: boolean } = {}): RuleView {
    const id = rule.id ?? this.nextId();
    if (this.rules.has(id)) {
      if (!opts.replace) throw new FaultConflict(`a fault rule with id "${id}" already exists`);
      this.remove(id);
    }
    const now = this.deps.clock.now();
    const startsAt = point(rule.from, now) ?? now;
    const endsAt = rule.until ? point(rule.until, now) : rule.durationMs !== undefined ? startsAt + rule.durationMs : undefined;
    const c: Compiled = {
      id, order: this.order++, rule, owner, startsAt, endsAt, matched: 0, fired: 0, timers: [], stalled: new Set(),
      matcher: compileMatch(rule.match),
    };
    this.rules.set(id, c);
    switch (moduleOf(rule.action).target) {
      case 'http':
        this.httpRules.add(c);
        break;
      case 'task':
        this.taskRules.push(c);
        break;
      case 'window':
        this.windowRules.push(c);
        if (startsAt > now) c.timers.push(this.deps.clock.at(startsAt, () => this.windowEdge(c, 'start')));
        else if (endsAt === undefined || endsAt > now) this.windowEdge(c, 'start');
        if (endsAt !== undefined && endsAt > now) c.timers.push(this.deps.clock.at(endsAt, () => this.windowEdge(c, 'end')));
        break;
    }
    return this.view(c, now);
  }

  remove(id: string): boolean {
    const c = this.rules.get(id);
    if (!c) return false;
    for (const cancel of c.timers) cancel();
    this.rules.delete(id);
    const now = this.deps.clock.now();
    switch (moduleOf(c.rule.action).target) {
      case 'http':
        this.httpRules.remove(c);
        break;
      case 'task':
        this.taskRules = this.taskRules.filter((r) => r !== c);
        // Only tasks still frozen: one whose stall already ended must not be held up to now.
        if (c.stalled.size) this.deps.tasks.unstall((t) => c.stalled.has(t.id) && (t.stallUntil === null || (t.stallUntil ?? 0) > now));
        break;
      case 'window':
        this.windowRules = this.windowRules.filter((r) => r !== c);
        if (active(c, now)) this.windowEdge(c, 'end');
        break;
    }
    return true;
  }

  /** Removes every rule (or every rule of one owner). */
  clear(owner?: string): number {
    let n = 0;
    for (const c of [...this.rules.values()]) {
      if (owner === undefined || c.owner === owner) n += Number(this.remove(c.id));
    }
    return n;
  }

  get(id: string): RuleView | undefined {
    const c = this.rules.get(id);
    return c && this.view(c, this.deps.clock.now());
  }

  list(): RuleView[] {
    const now = this.deps.clock.now();
    return [...this.rules.values()].map((c) => this.view(c, now));
  }

  get size(): number {
    return this.rules.size;
  }

  onFault(listener: (e: FaultEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Registers something a fault holds open (a hung connection, a delayed request) with the function
   * that lets it go; returns a function to call when it ended by itself.
   */
  hold(release: () => void): () => void {
    if (this.closed) {
      setImmediate(release);
      return () => false;
    }
    this.holds.add(release);
    return () => this.holds.delete(release);
  }

  /**
   * Lets go of everything held, now and from now on (the simulator is stopping): hung connections close,
   * delayed requests run at once.
   */
  close(): void {
    this.closed = true;
    for (const release of [...this.holds]) {
      this.holds.delete(release);
      release();
    }
  }

  /** Forgets rules and logs and restarts the random sequence: the state a fresh simulator has. */
  reset(seed: number): void {
    this.clear();
    this.faultLog.clear();
    this.requestLog.clear();
    this.reseed(seed);
  }

  /** Decides what happens to an HTTP request; undefined when no rule fires (the common case). */
  decide(req: RequestFacts): HttpDecision | undefined {
    const candidates = this.httpRules.candidates(req.method, req.path);
    if (!candidates.length) return undefined;
    const now = this.deps.clock.now();
    let delayMs = 0;
    for (const c of candidates) {
      if (!active(c, now) || !httpMatches(c.matcher, req) || !this.fires(c)) continue;
      const action = c.rule.action as HttpFaultAction;
      const module = moduleOf(action);
      if (module.delay) {
        const ms = module.delay(action, this.random);
        delayMs += ms;
        this.emit(c, now, { request: requestOf(req) }, { delayMs: ms });
        continue;
      }
      this.emit(c, now, { request: requestOf(req) }, module.detail?.(action));
      return { delayMs: Math.min(delayMs, MAX_DELAY_MS), rule: c.id, action: action as HttpDecision['action'] };
    }
    return delayMs ? { delayMs: Math.min(delayMs, MAX_DELAY_MS) } : undefined;
  }

  /** Counts a match and decides whether the rule fires: skip-first-N, then the count limit, then the odds. */
  private fires(c: Compiled): boolean {
    c.matched++;
    if (c.matched <= c.rule.skip) return false;
    if (c.rule.count !== undefined && c.fired >= c.rule.count) return false;
    if (c.rule.probability < 1 && this.random.next() >= c.rule.probability) return false;
    c.fired++;
    return true;
  }

  /** The TaskEngine hook: what the task rules in force do to a new task. */
  private onTask(task: Task): TaskFault | undefined {
    if (!this.taskRules.length) return undefined;
    const now = this.deps.clock.now();
    const draft: TaskDraft = { fault: {}, settle: [] };
    for (const c of this.taskRules) {
      if (!active(c, now) || !taskMatches(c.matcher, task, this.deps.store) || !this.fires(c)) continue;
      const action = c.rule.action as TaskFaultAction;
      const detail = moduleOf(action).apply(action, draft, c);
      if (detail !== false) this.emit(c, now, { task: { id: task.id, operationName: task.operationName, orgId: task.orgId } }, detail);
    }
    const { fault } = draft;
    for (const settle of draft.settle) settle(task, fault);
    return fault.durationFactor !== undefined || fault.fail || fault.stallUntil !== undefined ? fault : undefined;
  }

  /** A window rule opens or closes: recompute the capacity overrides faults impose. */
  private windowEdge(c: Compiled, edge: 'start' | 'end'): void {
    this.syncCapacity();
    const now = this.deps.clock.now();
    c.fired += edge === 'start' ? 1 : 0;
    this.emit(c, now, {}, { edge, vdcs: this.covers(c) });
  }

  /** Every active window rule's limits, the lowest winning where several cover one VDC. */
  private syncCapacity(): void {
    const now = this.deps.clock.now();
    const desired = new Map<string, CapacityOverride>();
    for (const c of this.windowRules) {
      if (!active(c, now) || !this.rules.has(c.id)) continue;
      const action = c.rule.action as WindowFaultAction;
      for (const key of this.covers(c)) {
        const o = desired.get(key) ?? {};
        moduleOf(action).impose(action, o);
        desired.set(key, o);
      }
    }
    const overrides = this.deps.capacityOverrides;
    for (const key of this.capacityKeys) if (!desired.has(key)) overrides.delete(key);
    for (const [key, o] of desired) overrides.set(key, o);
    this.capacityKeys = new Set(desired.keys());
  }

  /** The capacity keys a window rule covers (VDC ids, '*' = every VDC in the cloud). */
  private covers(c: Compiled): string[] {
    const action = c.rule.action as WindowFaultAction;
    const { orgs } = c.matcher;
    return moduleOf(action).covers(action, orgs && ((id, name) => matchesName(orgs, id, name)), this.deps.store);
  }

  private emit(c: Compiled, now: number, target: Pick<FaultEvent, 'request' | 'task'>, detail?: Detail): void {
    const event: FaultEvent = { time: new Date(Math.floor(now)).toISOString(), timeMs: now, rule: c.id, action: c.rule.action.type, owner: c.owner, ...target };
    if (detail) event.detail = detail;
    this.faultLog.push(event);
    for (const l of this.listeners) l(event);
  }

  private nextId(): string {
    let id: string;
    do id = `fault-${++this.autoId}`;
    while (this.rules.has(id));
    return id;
  }

  private view(c: Compiled, now: number): RuleView {
    const { rule } = c;
    let state: RuleState = now < c.startsAt ? 'pending' : c.endsAt !== undefined && now >= c.endsAt ? 'expired' : 'active';
    if (state === 'active' && rule.count !== undefined && c.fired >= rule.count) state = 'spent';
    const v: RuleView = {
      id: c.id, owner: c.owner, match: rule.match, action: actionInput(rule.action), probability: rule.probability, skip: rule.skip,
      from: iso(c.startsAt), until: c.endsAt === undefined ? null : iso(c.endsAt), state, matched: c.matched, fired: c.fired,
    };
    if (rule.description) v.description = rule.description;
    if (rule.count !== undefined) v.count = rule.count;
    return v;
  }
}

const faultSeed = (seed: number) => (seed ^ 0x5eedfa17) >>> 0;
const iso = (ms: number) => new Date(Math.floor(ms)).toISOString();
const point = (p: WindowPoint | undefined, now: number) => (p === undefined ? undefined : 'atMs' in p ? p.atMs : now + p.offsetMs);
const active = (c: Compiled, now: number) => now >= c.startsAt && (c.endsAt === undefined || now < c.endsAt);

function requestOf(req: RequestFacts): FaultEvent['request'] {
  const p = req.principal();
  const r: NonNullable<FaultEvent['request']> = { id: req.id, method: req.method, path: req.path };
  if (p.orgName) r.org = p.orgName;
  if (p.userName) r.user = p.userName;
  return r;
}
