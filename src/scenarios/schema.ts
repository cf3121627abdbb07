/**
 * What a scenario file may say, validated into a normalized Scenario (durations in milliseconds).
 * Every problem is reported with the path of the offending value; the loader turns paths into lines.
 * The README's "Scenarios" section documents this schema.
 */
import { parseRule, type FaultRule } from '../faults/spec.js';
import type { LatencyModel } from '../engine/latency.js';
import type { ProgressionPolicy } from '../engine/tasks.js';
import { ENTITY_KINDS, type EntityKind } from '../store/types.js';
import { bool, duration, Issues, isRecord, num, record, str, type Path } from '../lib/validate.js';
import { parseCheck, type Check } from './checks.js';
import { parseOperation, type Operation } from './operations.js';

export interface CapacityChange {
  vdc: string;
  org?: string;
  cpuMhz?: number;
  memoryMB?: number;
  storageMB?: number;
  vms?: number;
  /** Undo an earlier change of this VDC instead. */
  restore?: boolean;
}

/** Background tasks started on behalf of a tenant: the "other tenants" keeping the cloud busy. */
export interface LoadSpec {
  org: string;
  user?: string;
  operation: string;
  count: number;
  vms: number;
  /** Spread the starts evenly over this long (0: all at once). */
  spreadMs: number;
  owner?: { kind: EntityKind; name: string };
}

export interface Step {
  /** Offset from the start of the run (simulated ms). */
  at: number;
  /** Where the step is in the scenario, for messages: `timeline[2]` or `setup`. */
  where: string;
  note?: string;
  remove?: string[];
  faults?: FaultRule[];
  capacity?: CapacityChange[];
  latency?: Record<string, Partial<LatencyModel>>;
  policies?: Record<string, ProgressionPolicy>;
  load?: LoadSpec[];
  expect?: Check[];
  advanceMs?: number;
  /** Planned changes: vApps instantiated, powered, reconfigured, deleted (operations.ts). */
  do?: Operation[];
  /** Part of the change `vcdsim whatif` weighs: its baseline run leaves such steps out. */
  change?: boolean;
}

export interface Scenario {
  name: string;
  description?: string;
  seed?: number;
  speed?: number;
  setup?: Step;
  timeline: Step[];
  /** Where the scenario came from (a file name), and the line of each step in it, when known. */
  source?: string;
  lines?: Record<string, number>;
  /** The scenario as it was given (plain JSON): run reports carry it, so a run can be started again from one. */
  input?: unknown;
}

const TOP_KEYS = ['name', 'description', 'seed', 'speed', 'setup', 'timeline'];
const SETUP_KEYS = ['faults', 'capacity', 'latency', 'policies', 'load', 'do', 'change'];
const STEP_KEYS = ['at', 'note', 'remove', ...SETUP_KEYS, 'expect', 'advance'];
const LATENCY_KEYS: (keyof LatencyModel)[] = ['baseMs', 'perVmMs', 'perGbMs', 'jitter'];

export function parseScenario(v: unknown, issues: Issues): Scenario | undefined {
  const top = record(v, [], issues, TOP_KEYS);
  if (!top) return undefined;
  const name = str(top.name, ['name'], issues);
  const description = top.description === undefined ? undefined : str(top.description, ['description'], issues);
  const seed = top.seed === undefined ? undefined : num(top.seed, ['seed'], issues, { integer: true, min: 0 });
  const speed = top.speed === undefined ? undefined : num(top.speed, ['speed'], issues, { min: 0 });
  const setup = top.setup === undefined ? undefined : parseStep(top.setup, ['setup'], issues, true);
  let timeline: Step[] = [];
  if (!Array.isArray(top.timeline) || top.timeline.length === 0) {
    issues.add(['timeline'], 'a scenario needs a timeline: a list of steps, each with an `at` offset');
  } else {
    timeline = top.timeline.map((s, i) => parseStep(s, ['timeline', i], issues, false)).filter((s): s is Step => !!s);
    // Steps run in time order; steps at the same offset run in file order (the sort is stable).
    timeline.sort((a, b) => a.at - b.at);
  }
  // References are checked once every step parsed cleanly (list positions are then those of the file).
  if (issues.ok) checkReferences(setup, timeline, issues);
  if (!issues.ok || !name) return undefined;
  return { name, description, seed, speed, setup, timeline, input: JSON.parse(JSON.stringify(v)) };
}

function parseStep(v: unknown, path: Path, issues: Issues, isSetup: boolean): Step | undefined {
  const s = record(v, path, issues, isSetup ? SETUP_KEYS : STEP_KEYS);
  if (!s) return undefined;
  const at = isSetup ? 0 : s.at === undefined ? issues.add([...path, 'at'], 'each step needs `at`: its offset from the start (0s, 30s, 2m…)') : duration(s.at, [...path, 'at'], issues);
  const step: Step = { at: at ?? 0, where: isSetup ? 'setup' : `timeline[${path[1]}]` };
  if (s.note !== undefined) step.note = str(s.note, [...path, 'note'], issues);
  if (s.remove !== undefined) step.remove = list(s.remove, [...path, 'remove'], issues, (x, p) => str(x, p, issues));
  if (s.faults !== undefined) step.faults = list(s.faults, [...path, 'faults'], issues, (x, p) => parseRule(x, p, issues));
  if (s.capacity !== undefined) step.capacity = list(s.capacity, [...path, 'capacity'], issues, (x, p) => parseCapacity(x, p, issues));
  if (s.latency !== undefined) step.latency = parseLatency(s.latency, [...path, 'latency'], issues);
  if (s.policies !== undefined) step.policies = parsePolicies(s.policies, [...path, 'policies'], issues);
  if (s.load !== undefined) step.load = list(s.load, [...path, 'load'], issues, (x, p) => parseLoad(x, p, issues));
  if (s.expect !== undefined) step.expect = list(s.expect, [...path, 'expect'], issues, (x, p) => parseCheck(x, p, issues));
  if (s.advance !== undefined) step.advanceMs = duration(s.advance, [...path, 'advance'], issues);
  if (s.do !== undefined) step.do = list(s.do, [...path, 'do'], issues, (x, p) => parseOperation(x, p, issues));
  if (s.change !== undefined) step.change = bool(s.change, [...path, 'change'], issues);
  return step;
}

/** A list (or a single item standing for a list of one). */
function list<T>(v: unknown, path: Path, issues: Issues, item: (x: unknown, p: Path) => T | undefined): T[] {
  const items = Array.isArray(v) ? v : [v];
  const out: T[] = [];
  items.forEach((x, i) => {
    const parsed = item(x, Array.isArray(v) ? [...path, i] : path);
    if (parsed !== undefined) out.push(parsed);
  });
  return out;
}

function parseCapacity(v: unknown, path: Path, issues: Issues): CapacityChange | undefined {
  const c = record(v, path, issues, ['vdc', 'org', 'cpuMhz', 'memoryMB', 'storageMB', 'vms', 'restore']);
  if (!c) return undefined;
  const out: CapacityChange = { vdc: str(c.vdc ?? '*', [...path, 'vdc'], issues) ?? '*' };
  if (c.org !== undefined) out.org = str(c.org, [...path, 'org'], issues);
  const amounts = (['cpuMhz', 'memoryMB', 'storageMB', 'vms'] as const).filter((k) => c[k] !== undefined);
  for (const k of amounts) out[k] = num(c[k], [...path, k], issues, { min: 0 });
  if (c.restore !== undefined) out.restore = bool(c.restore, [...path, 'restore'], issues);
  if (out.restore && amounts.length) issues.add([...path, 'restore'], 'restore undoes an earlier change: give no amounts with it');
  if (!out.restore && !amounts.length) issues.add(path, 'a capacity change needs cpuMhz, memoryMB, storageMB or vms (or restore: true)');
  return out;
}

function parseLatency(v: unknown, path: Path, issues: Issues): Record<string, Partial<LatencyModel>> | undefined {
  if (!isRecord(v)) return issues.add(path, 'must map task operation names to latency models');
  const out: Record<string, Partial<LatencyModel>> = {};
  for (const [op, m] of Object.entries(v)) {
    const model = record(m, [...path, op], issues, LATENCY_KEYS);
    if (!model) continue;
    out[op] = {};
    for (const k of LATENCY_KEYS) if (model[k] !== undefined) out[op][k] = num(model[k], [...path, op, k], issues, { min: 0 });
  }
  return out;
}

function parsePolicies(v: unknown, path: Path, issues: Issues): Record<string, ProgressionPolicy> | undefined {
  if (!isRecord(v)) return issues.add(path, 'must map task operation names (or *) to progression policies');
  const out: Record<string, ProgressionPolicy> = {};
  for (const [op, p] of Object.entries(v)) {
    const policy = parsePolicy(p, [...path, op], issues);
    if (policy) out[op] = policy;
  }
  return out;
}

export function parsePolicy(v: unknown, path: Path, issues: Issues): ProgressionPolicy | undefined {
  const p = record(v, path, issues, ['mode', 'polls']);
  if (!p) return undefined;
  const mode = str(p.mode, [...path, 'mode'], issues, ['clock', 'immediate', 'polls']);
  if (mode === 'polls') {
    const polls = num(p.polls, [...path, 'polls'], issues, { min: 1, integer: true });
    return polls === undefined ? undefined : { mode, polls };
  }
  if (p.polls !== undefined) issues.add([...path, 'polls'], 'only applies to mode polls');
  return mode === 'clock' || mode === 'immediate' ? { mode } : undefined;
}

function parseLoad(v: unknown, path: Path, issues: Issues): LoadSpec | undefined {
  const l = record(v, path, issues, ['org', 'user', 'operation', 'count', 'vms', 'spread', 'owner']);
  if (!l) return undefined;
  const org = str(l.org, [...path, 'org'], issues);
  const operation = str(l.operation, [...path, 'operation'], issues);
  const out: LoadSpec = {
    org: org ?? '', operation: operation ?? '',
    count: l.count === undefined ? 1 : num(l.count, [...path, 'count'], issues, { min: 1, max: 10_000, integer: true }) ?? 1,
    vms: l.vms === undefined ? 1 : num(l.vms, [...path, 'vms'], issues, { min: 0, integer: true }) ?? 1,
    spreadMs: l.spread === undefined ? 0 : duration(l.spread, [...path, 'spread'], issues) ?? 0,
  };
  if (l.user !== undefined) out.user = str(l.user, [...path, 'user'], issues);
  if (l.owner !== undefined) {
    const o = record(l.owner, [...path, 'owner'], issues, ['kind', 'name']);
    const kind = o && str(o.kind, [...path, 'owner', 'kind'], issues, ENTITY_KINDS);
    const name = o && str(o.name, [...path, 'owner', 'name'], issues);
    if (kind && name) out.owner = { kind: kind as EntityKind, name };
  }
  return org && operation ? out : undefined;
}

/** Rule ids that `remove` or a `faults` check names must be added by the scenario at or before that step. */
function checkReferences(setup: Step | undefined, timeline: Step[], issues: Issues): void {
  const known = new Set<string>();
  for (const step of [setup, ...timeline]) {
    if (!step) continue;
    for (const r of step.faults ?? []) if (r.id) known.add(r.id);
    const path: Path = step.where === 'setup' ? ['setup'] : ['timeline', Number(/\d+/.exec(step.where)![0])];
    const unknown = (id: string) => `no rule with id "${id}" is added by this scenario at or before this step`;
    step.remove?.forEach((id, i) => known.has(id) || issues.add([...path, 'remove', i], unknown(id)));
    step.expect?.forEach((c, i) => c.check !== 'faults' || !c.rule || known.has(c.rule) || issues.add([...path, 'expect', i, 'faults', 'rule'], unknown(c.rule)));
  }
}
