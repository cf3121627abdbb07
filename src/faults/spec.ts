/**
 * Fault rules as data: what a rule may say (the shape the control API accepts as JSON and scenarios as
 * YAML), validated into a normalized form with durations in milliseconds and lists for every matcher.
 * Durations are numbers of seconds or strings with units (`30s`, `2m`, `1h30m`, `500ms`). Each action's
 * own fields are parsed by its module (actions/); this file parses what every rule has.
 */
import { duration, Issues, num, parseDuration, record, str, strList, type Path } from '../lib/validate.js';
import { actionModule, ACTION_TYPES, type FaultAction, type FaultActionInput } from './actions/index.js';
import type { DurationInput } from './actions/action.js';

export { ACTION_TYPES, type ActionType, type FaultAction, type FaultActionInput } from './actions/index.js';
export type { DurationInput, TaskError } from './actions/action.js';
export { MAX_DELAY_MS, DISTRIBUTIONS, type LatencyDistribution } from './actions/latency.js';

export const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];

/** What a rule matches. Every field is optional; lists mean "any of". */
export interface FaultMatch {
  method?: string[];
  /** Glob on the request path, case-insensitive: `*` within a segment, `**` across segments. */
  path?: string;
  /** Regular expression on the request path, case-insensitive. */
  pathRegex?: string;
  /** Resource kind: vApp, vm, vdc, org, task, query, session, catalog, … (task rules: the task owner's kind). */
  kind?: string[];
  /** Org name, id or URN. */
  org?: string[];
  /** User name or id. */
  user?: string[];
  /** Task operationName (task rules). */
  operation?: string[];
  /** API version: `37.0`, or a bound such as `>=37.0`, `<36`. */
  version?: string[];
}

/** A window bound: an offset from when the rule is added, or an absolute simulated time. */
export type WindowPoint = { offsetMs: number } | { atMs: number };

export interface FaultRule {
  id?: string;
  description?: string;
  match: FaultMatch;
  action: FaultAction;
  probability: number;
  /** Fire at most this many times. */
  count?: number;
  /** Let the first N matches through. */
  skip: number;
  from?: WindowPoint;
  until?: WindowPoint;
  durationMs?: number;
}

type OneOrMore = string | string[];

/** A rule as the control API and scenarios accept it (before validation and normalization). */
export interface FaultRuleInput {
  id?: string;
  description?: string;
  match?: {
    method?: OneOrMore; path?: string; pathRegex?: string; kind?: OneOrMore; org?: OneOrMore; user?: OneOrMore;
    operation?: OneOrMore; version?: OneOrMore;
  };
  action: FaultActionInput | 'timeout' | 'reset' | 'partition' | 'task-failure' | 'task-stall';
  probability?: number;
  count?: number;
  skip?: number;
  /** Offset from when the rule is added, or an ISO date-time of simulated time. */
  from?: DurationInput;
  until?: DurationInput;
  duration?: DurationInput;
}

const RULE_KEYS = ['id', 'description', 'match', 'action', 'probability', 'count', 'skip', 'from', 'until', 'duration'];
/** What GET /_vcdsim/faults adds to a rule: accepted and ignored, so a listed rule can be added back. */
const VIEW_KEYS = ['owner', 'state', 'matched', 'fired'];

/** Validates one rule; problems go to `issues` under `path`. Returns the normalized rule when valid. */
export function parseRule(v: unknown, path: Path, issues: Issues): FaultRule | undefined {
  const before = issues.list.length;
  const r = record(v, path, issues, [...RULE_KEYS, ...VIEW_KEYS]);
  if (!r) return undefined;
  const id = r.id === undefined ? undefined : str(r.id, [...path, 'id'], issues);
  if (id !== undefined && !/^[\w.:@-]{1,100}$/.test(id)) issues.add([...path, 'id'], 'may only contain letters, digits and . _ : @ - (at most 100)');
  const description = r.description === undefined ? undefined : str(r.description, [...path, 'description'], issues);
  if (r.action === undefined) {
    issues.add(path, 'a rule needs an action');
    return undefined;
  }
  const action = parseAction(r.action, [...path, 'action'], issues);
  const module = action && actionModule(action.type);
  const match = module ? parseMatch(r.match ?? {}, [...path, 'match'], issues, module.matchFields) : undefined;
  if (module?.target === 'window') {
    for (const k of ['probability', 'count', 'skip'] as const) {
      // The defaults a rule list shows (probability 1, skip 0) are no claim to the contrary.
      const isDefault = (k === 'probability' && r[k] === 1) || (k === 'skip' && r[k] === 0);
      if (r[k] !== undefined && !isDefault) issues.add([...path, k], `does not apply to ${module.type}: it holds for its whole window`);
    }
  }
  const probability = r.probability === undefined ? 1 : num(r.probability, [...path, 'probability'], issues, { min: 0, max: 1 });
  const count = r.count === undefined ? undefined : num(r.count, [...path, 'count'], issues, { min: 1, integer: true });
  const skip = r.skip === undefined ? 0 : num(r.skip, [...path, 'skip'], issues, { min: 0, integer: true });
  const from = r.from === undefined ? undefined : windowPoint(r.from, [...path, 'from'], issues);
  // null: no end, as the rule list shows it.
  const until = r.until === undefined || r.until === null ? undefined : windowPoint(r.until, [...path, 'until'], issues);
  const durationMs = r.duration === undefined ? undefined : duration(r.duration, [...path, 'duration'], issues);
  if (until !== undefined && durationMs !== undefined) issues.add([...path, 'duration'], 'give either until or duration, not both');
  if (issues.list.length > before || !action || !match) return undefined;
  return { id, description, match, action, probability: probability!, count, skip: skip!, from, until, durationMs };
}

/** The action: its type picks the module that parses the rest (a bare type stands for `{ type }`). */
function parseAction(v: unknown, path: Path, issues: Issues): FaultAction | undefined {
  if (typeof v === 'string') v = { type: v };
  const type = str((v as { type?: unknown })?.type, [...path, 'type'], issues, ACTION_TYPES);
  const module = type === undefined ? undefined : actionModule(type);
  if (!module) return undefined;
  const a = record(v, path, issues, ['type', ...module.keys]);
  if (!a) return undefined;
  return module.parse(a, path, issues) as FaultAction | undefined;
}

function windowPoint(v: unknown, path: Path, issues: Issues): WindowPoint | undefined {
  const offset = parseDuration(v);
  if (offset !== undefined) return { offsetMs: offset };
  const at = typeof v === 'string' && /^\d{4}-\d\d-\d\d/.test(v) ? Date.parse(v) : NaN;
  if (!Number.isNaN(at)) return { atMs: at };
  issues.add(path, `must be an offset from when the rule is added (30s, 2m…) or an ISO date-time, got ${JSON.stringify(v)}`);
  return undefined;
}

function parseMatch(v: unknown, path: Path, issues: Issues, allowed: readonly string[]): FaultMatch | undefined {
  const m = record(v, path, issues, allowed);
  if (!m) return undefined;
  const out: FaultMatch = {};
  if (m.method !== undefined) {
    out.method = strList(m.method, [...path, 'method'], issues)?.map((x) => x.toUpperCase());
    out.method?.forEach((x) => METHODS.includes(x) || issues.add([...path, 'method'], `unknown HTTP method ${x}`));
  }
  if (m.path !== undefined) {
    out.path = str(m.path, [...path, 'path'], issues);
    if (out.path && !out.path.startsWith('/')) issues.add([...path, 'path'], 'a path pattern starts with /');
  }
  if (m.pathRegex !== undefined) {
    out.pathRegex = str(m.pathRegex, [...path, 'pathRegex'], issues);
    try {
      if (out.pathRegex) new RegExp(out.pathRegex, 'i');
    } catch (e) {
      issues.add([...path, 'pathRegex'], `is not a valid regular expression: ${(e as Error).message}`);
    }
  }
  for (const k of ['kind', 'org', 'user', 'operation', 'version'] as const) {
    if (m[k] !== undefined) out[k] = strList(m[k], [...path, k], issues);
  }
  out.version?.forEach((x) => /^(<=|>=|<|>|=)?\s*\d+(\.\d+)?$/.test(x) || issues.add([...path, 'version'], `"${x}" is not a version such as 37.0, >=37.0 or <36`));
  return out;
}

/** Validates a rule from the control API; throws with every problem listed. */
/** An action in the form it is added in (the inverse of parsing): rule lists show it so. */
export function actionInput(a: FaultAction): FaultActionInput {
  switch (a.type) {
    case 'error': {
      const { retryAfterSeconds, ...rest } = a;
      return retryAfterSeconds === undefined ? rest : { ...rest, retryAfter: retryAfterSeconds };
    }
    case 'task-failure':
      return { type: a.type, ...a.error };
    case 'task-stall': {
      const out: Extract<FaultActionInput, { type: 'task-stall' }> = { type: a.type };
      if (a.forMs !== undefined) out.for = `${a.forMs / 1000}s`;
      if (a.fail) out.fail = { ...a.fail };
      return out;
    }
    default:
      return { ...a } as FaultActionInput;
  }
}

export function ruleFromJson(v: unknown): FaultRule {
  const issues = new Issues();
  const rule = parseRule(v, [], issues);
  if (!rule) throw new RuleError(issues);
  return rule;
}

export class RuleError extends Error {
  constructor(readonly issues: Issues) {
    super(`invalid fault rule:\n${issues.text()}`);
  }
}
