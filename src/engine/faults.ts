/**
 * The fault engine. Faults are data: rules (see fault-spec.ts) that match HTTP requests or new tasks and
 * say what goes wrong, how likely, how many times and during which window of simulated time. The same
 * engine serves the control API and scenarios. HTTP rules are applied by the gate in wire/faults.ts; task
 * rules through a TaskEngine hook; `exhaust` rules hold capacity overrides for their window.
 *
 * Matching is cheap: rules are compiled once and indexed by the first two literal path segments, and the
 * candidates for a (method, path prefix) pair are cached, so rules that cannot match are never looked at.
 * Probabilities and latency samples draw from a generator of their own, seeded from the simulator's
 * seed (or a scenario's), so the same seed and the same traffic give the same faults.
 */
import { Random } from './random.js';
import type { Clock } from './clock.js';
import type { Store } from '../store/store.js';
import type { TaskEngine, TaskFault } from './tasks.js';
import type { CapacityOverride } from './capacity.js';
import type { Task } from '../store/types.js';
import { RingLog } from './ringlog.js';
import {
  actionInput, isHttpAction, isTaskAction, MAX_DELAY_MS, ruleFromJson, type ActionType, type FaultAction, type FaultMatch,
  type FaultActionInput, type FaultRule, type LatencyDistribution, type WindowPoint,
} from './fault-spec.js';

/** What the HTTP gate knows about a request; the costly facts are computed only if a rule asks. */
export interface RequestFacts {
  id: string;
  method: string;
  path: string;
  kind(): string;
  version(): string;
  principal(): Principal;
}

export interface Principal {
  orgId?: string;
  orgName?: string;
  userId?: string;
  userName?: string;
}

/** What the gate must do to a request. */
export interface HttpDecision {
  /** Real milliseconds to hold the request first (latency rules add up). */
  delayMs: number;
  /** The rule whose action replaces or spoils the answer, if any. */
  rule?: string;
  action?: Exclude<FaultAction, { type: 'latency' }>;
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
  outcome: 'answered' | 'reset' | 'hung' | 'aborted';
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
  key: string;
  methods?: Set<string>;
  path?: RegExp;
  kinds?: Set<string>;
  orgs?: Set<string>;
  users?: Set<string>;
  operations?: Set<string>;
  versions?: ((v: number) => boolean)[];
  timers: (() => void)[];
  /** Tasks this rule stalled, resumed if it is removed early. */
  stalled: Set<string>;
}

export class FaultConflict extends Error {}

const LOG_SIZE = 2000;
const CACHE_LIMIT = 1000;

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
  private httpIndex = new Map<string, Compiled[]>();
  private readonly candidateCache = new Map<string, Compiled[]>();
  private taskRules: Compiled[] = [];
  private exhaustRules: Compiled[] = [];
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
      ...compileMatch(rule.match),
    };
    this.rules.set(id, c);
    const type = rule.action.type;
    if (isHttpAction(type)) {
      const list = this.httpIndex.get(c.key) ?? [];
      list.push(c);
      this.httpIndex.set(c.key, list);
      this.candidateCache.clear();
    } else if (isTaskAction(type)) {
      this.taskRules.push(c);
    } else {
      this.exhaustRules.push(c);
      if (startsAt > now) c.timers.push(this.deps.clock.at(startsAt, () => this.windowEdge(c, 'start')));
      else if (endsAt === undefined || endsAt > now) this.windowEdge(c, 'start');
      if (endsAt !== undefined && endsAt > now) c.timers.push(this.deps.clock.at(endsAt, () => this.windowEdge(c, 'end')));
    }
    return this.view(c, now);
  }

  remove(id: string): boolean {
    const c = this.rules.get(id);
    if (!c) return false;
    for (const cancel of c.timers) cancel();
    this.rules.delete(id);
    const type = c.rule.action.type;
    if (isHttpAction(type)) {
      const list = this.httpIndex.get(c.key)!.filter((r) => r !== c);
      if (list.length) this.httpIndex.set(c.key, list);
      else this.httpIndex.delete(c.key);
      this.candidateCache.clear();
    } else if (isTaskAction(type)) {
      this.taskRules = this.taskRules.filter((r) => r !== c);
      // Only tasks still frozen: one whose stall already ended must not be held up to now.
      const now = this.deps.clock.now();
      if (c.stalled.size) this.deps.tasks.unstall((t) => c.stalled.has(t.id) && (t.stallUntil === null || (t.stallUntil ?? 0) > now));
    } else {
      this.exhaustRules = this.exhaustRules.filter((r) => r !== c);
      const now = this.deps.clock.now();
      if (active(c, now)) this.windowEdge(c, 'end');
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
    const candidates = this.candidates(req.method, req.path);
    if (!candidates.length) return undefined;
    const now = this.deps.clock.now();
    let delayMs = 0;
    for (const c of candidates) {
      if (!active(c, now) || !httpMatches(c, req) || !this.fires(c)) continue;
      const { action } = c.rule;
      if (action.type === 'latency') {
        const ms = this.sample(action);
        delayMs += ms;
        this.emit(c, now, { request: requestOf(req) }, { delayMs: ms });
        continue;
      }
      this.emit(c, now, { request: requestOf(req) }, action.type === 'error' ? { status: action.status } : undefined);
      return { delayMs: Math.min(delayMs, MAX_DELAY_MS), rule: c.id, action: action as HttpDecision['action'] };
    }
    return delayMs ? { delayMs: Math.min(delayMs, MAX_DELAY_MS) } : undefined;
  }

  private candidates(method: string, path: string): Compiled[] {
    if (this.httpIndex.size === 0) return [];
    const second = path.indexOf('/', 1);
    const third = second < 0 ? -1 : path.indexOf('/', second + 1);
    const seg1 = (second < 0 ? path.slice(1) : path.slice(1, second)).toLowerCase();
    const seg12 = second < 0 ? `${seg1}/` : (third < 0 ? path.slice(1) : path.slice(1, third)).toLowerCase();
    const cacheKey = `${method} ${seg12}`;
    let list = this.candidateCache.get(cacheKey);
    if (!list) {
      list = [...(this.httpIndex.get(seg12) ?? []), ...(this.httpIndex.get(seg1) ?? []), ...(this.httpIndex.get('') ?? [])]
        .filter((c) => !c.methods || c.methods.has(method))
        .sort((a, b) => a.order - b.order);
      if (this.candidateCache.size >= CACHE_LIMIT) this.candidateCache.clear();
      this.candidateCache.set(cacheKey, list);
    }
    return list;
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

  private sample(d: LatencyDistribution): number {
    let ms: number;
    switch (d.distribution) {
      case 'fixed':
        ms = d.ms;
        break;
      case 'uniform':
        ms = d.minMs + this.random.next() * (d.maxMs - d.minMs);
        break;
      case 'normal': {
        // Box–Muller; 1 - u keeps the logarithm finite.
        const u1 = 1 - this.random.next();
        const u2 = this.random.next();
        ms = d.meanMs + d.stddevMs * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        break;
      }
      case 'exponential':
        ms = -d.meanMs * Math.log(1 - this.random.next());
        break;
    }
    return Math.round(Math.min(MAX_DELAY_MS, Math.max(0, ms)));
  }

  /** The TaskEngine hook: what the task rules in force do to a new task. */
  private onTask(task: Task): TaskFault | undefined {
    if (!this.taskRules.length) return undefined;
    const now = this.deps.clock.now();
    const fault: TaskFault = {};
    let stall: { rule: Compiled; forMs?: number } | undefined;
    for (const c of this.taskRules) {
      if (!active(c, now) || !this.taskMatches(c, task) || !this.fires(c)) continue;
      const { action } = c.rule;
      const ref = { task: { id: task.id, operationName: task.operationName, orgId: task.orgId } };
      if (action.type === 'slow-tasks') {
        fault.durationFactor = (fault.durationFactor ?? 1) * action.factor;
        this.emit(c, now, ref, { factor: action.factor });
      } else if (action.type === 'task-failure') {
        fault.fail ??= { ...action.error };
        this.emit(c, now, ref, { status: action.error.status });
      } else if (action.type === 'task-stall' && !stall) {
        stall = { rule: c, forMs: action.forMs };
        if (action.fail) fault.fail ??= { ...action.fail };
        this.emit(c, now, ref, action.fail ? { thenFail: action.fail.status } : undefined);
      }
    }
    if (stall) {
      const duration = task.durationMs * (fault.durationFactor ?? 1);
      fault.stallUntil = stall.forMs !== undefined ? task.runAt + duration / 2 + stall.forMs : stall.rule.endsAt ?? null;
      stall.rule.stalled.add(task.id);
    }
    return fault.durationFactor !== undefined || fault.fail || stall ? fault : undefined;
  }

  private taskMatches(c: Compiled, task: Task): boolean {
    if (c.operations && !c.operations.has(task.operationName.toLowerCase())) return false;
    if (c.kinds && !c.kinds.has(task.ownerKind.toLowerCase())) return false;
    if (c.orgs && !matchesName(c.orgs, task.orgId, this.deps.store.get('org', task.orgId)?.name)) return false;
    if (c.users && !matchesName(c.users, task.userId, this.deps.store.get('user', task.userId)?.name)) return false;
    return true;
  }

  /** An exhaust rule's window opens or closes: recompute the capacity overrides faults impose. */
  private windowEdge(c: Compiled, edge: 'start' | 'end'): void {
    this.syncCapacity();
    const now = this.deps.clock.now();
    c.fired += edge === 'start' ? 1 : 0;
    this.emit(c, now, {}, { edge, vdcs: this.vdcsOf(c) });
  }

  /** Every active exhaust rule's limits, the lowest winning where several cover one VDC. */
  private syncCapacity(): void {
    const now = this.deps.clock.now();
    const desired = new Map<string, CapacityOverride>();
    for (const c of this.exhaustRules) {
      if (!active(c, now) || !this.rules.has(c.id)) continue;
      const a = c.rule.action as Extract<FaultAction, { type: 'exhaust' }>;
      for (const key of this.vdcsOf(c)) {
        const o = desired.get(key) ?? {};
        for (const k of ['cpuMhz', 'memoryMB', 'storageMB', 'vms'] as const) {
          if (a[k] !== undefined) o[k] = Math.min(o[k] ?? Infinity, a[k]!);
        }
        desired.set(key, o);
      }
    }
    const overrides = this.deps.capacityOverrides;
    for (const key of this.capacityKeys) if (!desired.has(key)) overrides.delete(key);
    for (const [key, o] of desired) overrides.set(key, o);
    this.capacityKeys = new Set(desired.keys());
  }

  /** The VDC ids an exhaust rule covers ('*' = every VDC in the cloud). */
  private vdcsOf(c: Compiled): string[] {
    const vdc = (c.rule.action as Extract<FaultAction, { type: 'exhaust' }>).vdc;
    if (vdc === '*' && !c.orgs) return ['*'];
    const want = vdc.toLowerCase().replace(/^urn:vcloud:vdc:/, '');
    const ids: string[] = [];
    for (const v of this.deps.store.all('vdc')) {
      if (c.orgs && !matchesName(c.orgs, v.orgId, this.deps.store.get('org', v.orgId)?.name)) continue;
      if (vdc === '*' || v.id === want || v.name.toLowerCase() === want) ids.push(v.id);
    }
    return ids;
  }

  private emit(c: Compiled, now: number, target: Pick<FaultEvent, 'request' | 'task'>, detail?: Record<string, unknown>): void {
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

function httpMatches(c: Compiled, req: RequestFacts): boolean {
  if (c.path && !c.path.test(req.path)) return false;
  if (c.kinds && !c.kinds.has(req.kind().toLowerCase())) return false;
  if (c.versions) {
    const v = Number(req.version());
    if (!c.versions.some((test) => test(v))) return false;
  }
  if (c.orgs || c.users) {
    const p = req.principal();
    if (c.orgs && !matchesName(c.orgs, p.orgId, p.orgName)) return false;
    if (c.users && !matchesName(c.users, p.userId, p.userName)) return false;
  }
  return true;
}

/** A name-or-id matcher (lower-cased, URNs reduced to their UUID) against an entity's id and name. */
function matchesName(wanted: Set<string>, id: string | undefined, name: string | undefined): boolean {
  return (id !== undefined && wanted.has(id)) || (name !== undefined && wanted.has(name.toLowerCase()));
}

type MatchParts = Pick<Compiled, 'key' | 'methods' | 'path' | 'kinds' | 'orgs' | 'users' | 'operations' | 'versions'>;

function compileMatch(m: FaultMatch): MatchParts {
  const lower = (l: string[] | undefined) => l?.map((x) => x.toLowerCase().replace(/^urn:vcloud:[a-z]+:/, ''));
  return {
    key: m.path ? indexKey(m.path) : '',
    methods: m.method && new Set(m.method),
    path: m.path ? globToRegExp(m.path) : m.pathRegex ? new RegExp(m.pathRegex, 'i') : undefined,
    kinds: m.kind && new Set(lower(m.kind)),
    orgs: m.org && new Set(lower(m.org)),
    users: m.user && new Set(lower(m.user)),
    operations: m.operation && new Set(lower(m.operation)),
    versions: m.version?.map(versionTest),
  };
}

/** The index key of a glob: its first two segments if literal, else its first, else '' (any path). */
function indexKey(glob: string): string {
  const segs = glob.slice(1).split('/');
  const literal = (s: string | undefined) => s !== undefined && !/[*?]/.test(s);
  if (!literal(segs[0])) return '';
  if (segs.length === 1) return segs[0].toLowerCase();
  return literal(segs[1]) ? `${segs[0]}/${segs[1]}`.toLowerCase() : segs[0].toLowerCase();
}

/** `*` matches within a segment, `**` across segments, `?` one character; a trailing `/**` also matches the bare prefix. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re.replace(/\/\.\*$/, '(?:/.*)?')}$`, 'i');
}

function versionTest(spec: string): (v: number) => boolean {
  const m = /^(<=|>=|<|>|=)?\s*(\d+(?:\.\d+)?)$/.exec(spec)!;
  const want = Number(m[2]);
  switch (m[1]) {
    case '<=': return (v) => v <= want;
    case '>=': return (v) => v >= want;
    case '<': return (v) => v < want;
    case '>': return (v) => v > want;
    default: return (v) => v === want;
  }
}
