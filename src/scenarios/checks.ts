/**
 * The `expect` vocabulary of scenarios: checks on the simulator's state (entities, tasks) and on what
 * happened during the run (faults injected, requests served). Each check yields a result with what was
 * found, so a failed run says why.
 */
import type { ScenarioHost } from './host.js';
import { ENTITY_KINDS, Status, type EntityKind } from '../store/types.js';
import { ACTIVE } from '../engine/tasks.js';
import { orgIdOf } from '../resources/access.js';
import { globToRegExp } from '../faults/match.js';
import { ACTION_TYPES, type ActionType } from '../faults/spec.js';
import { Issues, isRecord, num, record, str, type Path } from '../lib/validate.js';

export interface Bound {
  equals?: number;
  min?: number;
  max?: number;
}

export type Check =
  | { check: 'count'; kind: EntityKind; org?: string; vdc?: string; where?: Record<string, string | number | boolean>; bound: Bound }
  | { check: 'noActiveTasks'; org?: string; operation?: string }
  | { check: 'noTransitional'; org?: string }
  | { check: 'faults'; rule?: string; action?: string; bound: Bound }
  | { check: 'requests'; method?: string; path?: string; org?: string; status?: number; outcome?: string; bound: Bound };

export const CHECKS = ['count', 'noActiveTasks', 'noTransitional', 'faults', 'requests'] as const;

export interface CheckResult {
  description: string;
  ok: boolean;
  /** What was found, when the check failed. */
  actual?: string;
}

export interface InjectionCount {
  rule: string;
  action: ActionType;
  n: number;
}

/** What a check may look at besides the simulator: this run's injections and the request log cursor at its start. */
export interface RunFacts {
  injected: Iterable<InjectionCount>;
  requestCursor: number;
}

const KIND_BY_NAME = new Map(ENTITY_KINDS.map((k) => [k.toLowerCase(), k]));
const BOUND_KEYS = ['equals', 'min', 'max'];

export function parseCheck(v: unknown, path: Path, issues: Issues): Check | undefined {
  if (!isRecord(v) || Object.keys(v).length !== 1) {
    return issues.add(path, `each expect item is a mapping with one check: ${CHECKS.join(', ')}`);
  }
  const [name, arg] = Object.entries(v)[0];
  const at = [...path, name];
  switch (name) {
    case 'count': {
      const a = record(arg, at, issues, ['kind', 'org', 'vdc', 'where', ...BOUND_KEYS]);
      if (!a) return undefined;
      const kindName = str(a.kind, [...at, 'kind'], issues);
      const kind = kindName && KIND_BY_NAME.get(kindName.toLowerCase());
      if (kindName && !kind) issues.add([...at, 'kind'], `unknown kind "${kindName}" (one of: ${ENTITY_KINDS.join(', ')})`);
      const where = a.where === undefined ? undefined : record(a.where, [...at, 'where'], issues, isRecord(a.where) ? Object.keys(a.where) : []);
      for (const [k, val] of Object.entries(where ?? {})) {
        if (!['string', 'number', 'boolean'].includes(typeof val)) issues.add([...at, 'where', k], 'must be a string, number or boolean');
      }
      const bound = parseBound(a, at, issues);
      if (!kind || !bound) return undefined;
      return { check: 'count', kind, org: opt(a.org, [...at, 'org'], issues), vdc: opt(a.vdc, [...at, 'vdc'], issues), where: where as Record<string, string>, bound };
    }
    case 'noActiveTasks':
    case 'noTransitional': {
      if (arg === true) return { check: name };
      const a = record(arg, at, issues, name === 'noActiveTasks' ? ['org', 'operation'] : ['org']);
      if (!a) return undefined;
      return name === 'noActiveTasks'
        ? { check: name, org: opt(a.org, [...at, 'org'], issues), operation: opt(a.operation, [...at, 'operation'], issues) }
        : { check: name, org: opt(a.org, [...at, 'org'], issues) };
    }
    case 'faults': {
      const a = record(arg, at, issues, ['rule', 'action', ...BOUND_KEYS]);
      if (!a) return undefined;
      const action = a.action === undefined ? undefined : str(a.action, [...at, 'action'], issues, ACTION_TYPES);
      const bound = parseBound(a, at, issues);
      return bound && { check: 'faults', rule: opt(a.rule, [...at, 'rule'], issues), action, bound };
    }
    case 'requests': {
      const a = record(arg, at, issues, ['method', 'path', 'org', 'status', 'outcome', ...BOUND_KEYS]);
      if (!a) return undefined;
      const status = a.status === undefined ? undefined : num(a.status, [...at, 'status'], issues, { min: 100, max: 599, integer: true });
      const outcome = a.outcome === undefined ? undefined : str(a.outcome, [...at, 'outcome'], issues, ['answered', 'reset', 'truncated', 'hung', 'aborted']);
      const bound = parseBound(a, at, issues);
      return bound && {
        check: 'requests', method: opt(a.method, [...at, 'method'], issues)?.toUpperCase(), path: opt(a.path, [...at, 'path'], issues),
        org: opt(a.org, [...at, 'org'], issues), status, outcome, bound,
      };
    }
    default:
      return issues.add(at, `unknown check "${name}" (one of: ${CHECKS.join(', ')})`);
  }
}

function opt(v: unknown, path: Path, issues: Issues): string | undefined {
  return v === undefined ? undefined : str(v, path, issues);
}

function parseBound(a: Record<string, unknown>, path: Path, issues: Issues): Bound | undefined {
  const b: Bound = {};
  for (const k of BOUND_KEYS as (keyof Bound)[]) {
    if (a[k] !== undefined) b[k] = num(a[k], [...path, k], issues, { min: 0, integer: true });
  }
  if (b.equals === undefined && b.min === undefined && b.max === undefined) return issues.add(path, 'needs equals, min or max');
  return b;
}

function within(n: number, b: Bound): boolean {
  return (b.equals === undefined || n === b.equals) && (b.min === undefined || n >= b.min) && (b.max === undefined || n <= b.max);
}

function boundText(b: Bound): string {
  if (b.equals !== undefined) return `= ${b.equals}`;
  return [b.min !== undefined ? `>= ${b.min}` : '', b.max !== undefined ? `<= ${b.max}` : ''].filter(Boolean).join(' and ');
}

/** An org by name, id or URN; throws when there is none (a scenario naming an org that does not exist). */
export function findOrgId(sim: ScenarioHost, nameOrId: string): string {
  const want = nameOrId.toLowerCase().replace(/^urn:vcloud:org:/, '');
  for (const o of sim.store.all('org')) if (o.id === want || o.name.toLowerCase() === want) return o.id;
  throw new Error(`no org named "${nameOrId}"`);
}

export function evaluate(sim: ScenarioHost, c: Check, run: RunFacts): CheckResult {
  const { store } = sim;
  const orgFilter = (org: string | undefined) => (org === undefined ? undefined : findOrgId(sim, org));
  switch (c.check) {
    case 'count': {
      const orgId = orgFilter(c.org);
      const vdc = c.vdc?.toLowerCase().replace(/^urn:vcloud:vdc:/, '');
      const vdcIds = vdc && new Set([...store.all('vdc')].filter((v) => v.id === vdc || v.name.toLowerCase() === vdc).map((v) => v.id));
      let n = 0;
      for (const e of store.all(c.kind)) {
        const rec = e as unknown as Record<string, unknown>;
        if (orgId !== undefined && orgIdOf(sim, c.kind, e) !== orgId) continue;
        if (vdcIds && !vdcIds.has(String(rec.vdcId ?? rec.id))) continue;
        if (c.where && !Object.entries(c.where).every(([k, v]) => String(rec[k]) === String(v))) continue;
        n++;
      }
      const scope = [c.org && `org ${c.org}`, c.vdc && `vdc ${c.vdc}`, c.where && JSON.stringify(c.where)].filter(Boolean).join(', ');
      const ok = within(n, c.bound);
      return { description: `count of ${c.kind}${scope ? ` (${scope})` : ''} ${boundText(c.bound)}`, ok, ...(ok ? {} : { actual: String(n) }) };
    }
    case 'noActiveTasks': {
      const orgId = orgFilter(c.org);
      const op = c.operation?.toLowerCase();
      const active = [...store.all('task')].filter((t) => ACTIVE.has(t.status) && (orgId === undefined || t.orgId === orgId) && (op === undefined || t.operationName.toLowerCase() === op));
      const scope = [c.org && `org ${c.org}`, c.operation].filter(Boolean).join(', ');
      return {
        description: `no active tasks${scope ? ` (${scope})` : ''}`, ok: active.length === 0,
        ...(active.length ? { actual: `${active.length} active: ${active.slice(0, 5).map((t) => `${t.operationName} on ${t.ownerName} (${t.status})`).join('; ')}` } : {}),
      };
    }
    case 'noTransitional': {
      const orgId = orgFilter(c.org);
      const stuck: string[] = [];
      for (const kind of ['vApp', 'vm'] as const) {
        for (const e of store.all(kind)) {
          if (orgId !== undefined && e.orgId !== orgId) continue;
          const transitional = e.status === Status.UNRESOLVED || e.status === Status.UNKNOWN || sim.tasks.activeFor(e.id).length > 0;
          if (transitional) stuck.push(`${kind} ${e.name} (status ${e.status})`);
        }
      }
      return {
        description: `no vApp or VM in a transitional state${c.org ? ` (org ${c.org})` : ''}`, ok: stuck.length === 0,
        ...(stuck.length ? { actual: stuck.slice(0, 5).join('; ') + (stuck.length > 5 ? ` and ${stuck.length - 5} more` : '') } : {}),
      };
    }
    case 'faults': {
      let n = 0;
      for (const i of run.injected) if ((c.rule === undefined || i.rule === c.rule) && (c.action === undefined || i.action === c.action)) n += i.n;
      const scope = [c.rule && `rule ${c.rule}`, c.action].filter(Boolean).join(', ');
      const ok = within(n, c.bound);
      return { description: `faults injected${scope ? ` (${scope})` : ''} ${boundText(c.bound)}`, ok, ...(ok ? {} : { actual: String(n) }) };
    }
    case 'requests': {
      const path = c.path ? globToRegExp(c.path) : undefined;
      const org = c.org?.toLowerCase();
      const n = sim.faults.requestLog.since(run.requestCursor).entries.filter((r) =>
        (c.method === undefined || r.method === c.method) && (path === undefined || path.test(r.path)) &&
        (org === undefined || r.org?.toLowerCase() === org) && (c.status === undefined || r.status === c.status) &&
        (c.outcome === undefined || r.outcome === c.outcome)).length;
      const scope = [c.method, c.path, c.org && `org ${c.org}`, c.status, c.outcome].filter(Boolean).join(' ');
      const ok = within(n, c.bound);
      return { description: `requests${scope ? ` (${scope})` : ''} ${boundText(c.bound)}`, ok, ...(ok ? {} : { actual: String(n) }) };
    }
  }
}
