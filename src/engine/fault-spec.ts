/**
 * Fault rules as data: what a rule may say (the shape the control API accepts as JSON and scenarios as
 * YAML), validated into a normalized form with durations in milliseconds and lists for every matcher.
 * Durations are numbers of seconds or strings with units (`30s`, `2m`, `1h30m`, `500ms`).
 */
import { bool, duration, Issues, num, parseDuration, record, str, strList, type Path } from './validate.js';

export const HTTP_ACTIONS = ['error', 'latency', 'timeout', 'reset', 'partition'] as const;
export const TASK_ACTIONS = ['task-failure', 'task-stall', 'slow-tasks'] as const;
export const ACTION_TYPES = [...HTTP_ACTIONS, ...TASK_ACTIONS, 'exhaust'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];
export type HttpActionType = (typeof HTTP_ACTIONS)[number];

export const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];
export const DISTRIBUTIONS = ['fixed', 'uniform', 'normal', 'exponential'] as const;
/** Longest delay a latency rule may add to one response (real time). */
export const MAX_DELAY_MS = 600_000;

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

export interface TaskError {
  status: number;
  minorCode: string;
  message: string;
}

export type LatencyDistribution =
  | { distribution: 'fixed'; ms: number }
  | { distribution: 'uniform'; minMs: number; maxMs: number }
  | { distribution: 'normal'; meanMs: number; stddevMs: number }
  | { distribution: 'exponential'; meanMs: number };

export type FaultAction =
  | { type: 'error'; status: number; minorCode: string; message: string; retryAfterSeconds?: number; after: boolean }
  | ({ type: 'latency' } & LatencyDistribution)
  | { type: 'timeout'; after: boolean }
  | { type: 'reset'; after: boolean }
  | { type: 'partition'; mode: 'reset' | 'hang' }
  | { type: 'task-failure'; error: TaskError }
  | { type: 'task-stall'; forMs?: number; fail?: TaskError }
  | { type: 'slow-tasks'; factor: number }
  | { type: 'exhaust'; vdc: string; cpuMhz?: number; memoryMB?: number; storageMB?: number; vms?: number };

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

/** A duration as written: seconds, or a string with units (`30s`, `2m`, `1h30m`, `500ms`). */
export type DurationInput = number | string;
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

type TaskErrorInput = { status?: number; minorCode?: string; message?: string };
export type FaultActionInput =
  | { type: 'error'; status: number; minorCode?: string; message?: string; retryAfter?: DurationInput; after?: boolean }
  | { type: 'latency'; distribution?: 'fixed'; ms: number }
  | { type: 'latency'; distribution: 'uniform'; minMs: number; maxMs: number }
  | { type: 'latency'; distribution: 'normal'; meanMs: number; stddevMs: number }
  | { type: 'latency'; distribution: 'exponential'; meanMs: number }
  | { type: 'timeout' | 'reset'; after?: boolean }
  | { type: 'partition'; mode?: 'reset' | 'hang' }
  | ({ type: 'task-failure' } & TaskErrorInput)
  | { type: 'task-stall'; for?: DurationInput; fail?: boolean | TaskErrorInput }
  | { type: 'slow-tasks'; factor: number }
  | { type: 'exhaust'; vdc?: string; cpuMhz?: number; memoryMB?: number; storageMB?: number; vms?: number };

const ERROR_CODES: Record<number, [string, string]> = {
  400: ['BAD_REQUEST', 'Bad request.'],
  401: ['UNAUTHORIZED', 'This operation is denied.'],
  403: ['ACCESS_TO_RESOURCE_IS_FORBIDDEN', 'This operation is denied.'],
  404: ['RESOURCE_NOT_FOUND', 'The requested resource could not be found.'],
  409: ['BUSY_ENTITY', 'The entity is busy completing an operation.'],
  429: ['TOO_MANY_REQUESTS', 'Too many requests. Try again later.'],
  500: ['INTERNAL_SERVER_ERROR', 'An internal error occurred.'],
  502: ['BAD_GATEWAY', 'The cell behind the load balancer did not answer.'],
  503: ['SERVICE_UNAVAILABLE', 'The service is temporarily unavailable. Try again later.'],
  504: ['GATEWAY_TIMEOUT', 'The cell did not answer in time.'],
};

function errorDefaults(status: number): [string, string] {
  return ERROR_CODES[status] ?? (status < 500 ? ['BAD_REQUEST', 'Bad request.'] : ['INTERNAL_SERVER_ERROR', 'An internal error occurred.']);
}

const DEFAULT_TASK_ERROR: TaskError = { status: 500, minorCode: 'INTERNAL_SERVER_ERROR', message: 'The operation failed. Contact your cloud administrator.' };

const HTTP_MATCH = ['method', 'path', 'pathRegex', 'kind', 'org', 'user', 'version'];
const TASK_MATCH = ['operation', 'kind', 'org', 'user'];
const MATCH_FIELDS: Record<ActionType, string[]> = {
  error: HTTP_MATCH, latency: HTTP_MATCH, timeout: HTTP_MATCH, reset: HTTP_MATCH, partition: HTTP_MATCH,
  'task-failure': TASK_MATCH, 'task-stall': TASK_MATCH, 'slow-tasks': TASK_MATCH,
  exhaust: ['org'],
};
const RULE_KEYS = ['id', 'description', 'match', 'action', 'probability', 'count', 'skip', 'from', 'until', 'duration'];
/** What GET /_vcdsim/faults adds to a rule: accepted and ignored, so a listed rule can be added back. */
const VIEW_KEYS = ['owner', 'state', 'matched', 'fired'];

export const isHttpAction = (t: ActionType): t is HttpActionType => (HTTP_ACTIONS as readonly string[]).includes(t);
export const isTaskAction = (t: ActionType) => (TASK_ACTIONS as readonly string[]).includes(t);

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
  const type = action?.type;
  const match = type ? parseMatch(r.match ?? {}, [...path, 'match'], issues, MATCH_FIELDS[type]) : undefined;
  const windowOnly = type === 'exhaust';
  for (const k of ['probability', 'count', 'skip'] as const) {
    // The defaults a rule list shows (probability 1, skip 0) are no claim to the contrary.
    const isDefault = (k === 'probability' && r[k] === 1) || (k === 'skip' && r[k] === 0);
    if (windowOnly && r[k] !== undefined && !isDefault) issues.add([...path, k], `does not apply to ${type}: it holds for its whole window`);
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

function windowPoint(v: unknown, path: Path, issues: Issues): WindowPoint | undefined {
  const offset = parseDuration(v);
  if (offset !== undefined) return { offsetMs: offset };
  const at = typeof v === 'string' && /^\d{4}-\d\d-\d\d/.test(v) ? Date.parse(v) : NaN;
  if (!Number.isNaN(at)) return { atMs: at };
  issues.add(path, `must be an offset from when the rule is added (30s, 2m…) or an ISO date-time, got ${JSON.stringify(v)}`);
  return undefined;
}

function parseMatch(v: unknown, path: Path, issues: Issues, allowed: string[]): FaultMatch | undefined {
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

const ACTION_KEYS: Record<ActionType, string[]> = {
  error: ['status', 'minorCode', 'message', 'retryAfter', 'after'],
  latency: ['distribution', 'ms', 'minMs', 'maxMs', 'meanMs', 'stddevMs'],
  timeout: ['after'],
  reset: ['after'],
  partition: ['mode'],
  'task-failure': ['status', 'minorCode', 'message'],
  'task-stall': ['for', 'fail'],
  'slow-tasks': ['factor'],
  exhaust: ['vdc', 'cpuMhz', 'memoryMB', 'storageMB', 'vms'],
};

function parseAction(v: unknown, path: Path, issues: Issues): FaultAction | undefined {
  if (typeof v === 'string') v = { type: v };
  const type = str((v as { type?: unknown })?.type, [...path, 'type'], issues, ACTION_TYPES) as ActionType | undefined;
  if (!type) return undefined;
  const a = record(v, path, issues, ['type', ...ACTION_KEYS[type]]);
  if (!a) return undefined;
  const at = (k: string): Path => [...path, k];
  const after = a.after === undefined ? false : bool(a.after, at('after'), issues) ?? false;
  switch (type) {
    case 'error': {
      const status = num(a.status, at('status'), issues, { min: 400, max: 599, integer: true });
      if (status === undefined) return undefined;
      const [minorCode, message] = errorDefaults(status);
      const retryAfterMs = a.retryAfter === undefined ? undefined : duration(a.retryAfter, at('retryAfter'), issues);
      return {
        type, status, after,
        minorCode: a.minorCode === undefined ? minorCode : str(a.minorCode, at('minorCode'), issues) ?? minorCode,
        message: a.message === undefined ? message : str(a.message, at('message'), issues) ?? message,
        retryAfterSeconds: retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000),
      };
    }
    case 'latency':
      return parseLatency(a, path, issues);
    case 'timeout':
    case 'reset':
      return { type, after };
    case 'partition':
      return { type, mode: (a.mode === undefined ? 'reset' : str(a.mode, at('mode'), issues, ['reset', 'hang'])) as 'reset' | 'hang' };
    case 'task-failure':
      return { type, error: taskError(a, path, issues) };
    case 'task-stall': {
      const forMs = a.for === undefined ? undefined : duration(a.for, at('for'), issues);
      const fail = a.fail === undefined || a.fail === false ? undefined : a.fail === true ? DEFAULT_TASK_ERROR : taskError(record(a.fail, at('fail'), issues, ['status', 'minorCode', 'message']) ?? {}, at('fail'), issues);
      return { type, forMs, fail };
    }
    case 'slow-tasks': {
      const factor = num(a.factor, at('factor'), issues, { min: 0 });
      return factor === undefined ? undefined : { type, factor };
    }
    case 'exhaust': {
      const out: Extract<FaultAction, { type: 'exhaust' }> = { type, vdc: a.vdc === undefined ? '*' : str(a.vdc, at('vdc'), issues) ?? '*' };
      for (const k of ['cpuMhz', 'memoryMB', 'storageMB', 'vms'] as const) {
        if (a[k] !== undefined) out[k] = num(a[k], at(k), issues, { min: 0 });
      }
      if (['cpuMhz', 'memoryMB', 'storageMB', 'vms'].every((k) => a[k] === undefined)) {
        issues.add(path, 'exhaust needs at least one of cpuMhz, memoryMB, storageMB, vms');
      }
      return out;
    }
  }
}

function taskError(a: Record<string, unknown>, path: Path, issues: Issues): TaskError {
  const status = a.status === undefined ? DEFAULT_TASK_ERROR.status : num(a.status, [...path, 'status'], issues, { min: 400, max: 599, integer: true }) ?? 500;
  const [minorCode] = errorDefaults(status);
  return {
    status,
    minorCode: a.minorCode === undefined ? minorCode : str(a.minorCode, [...path, 'minorCode'], issues) ?? minorCode,
    message: a.message === undefined ? DEFAULT_TASK_ERROR.message : str(a.message, [...path, 'message'], issues) ?? '',
  };
}

function parseLatency(a: Record<string, unknown>, path: Path, issues: Issues): FaultAction | undefined {
  const dist = a.distribution === undefined ? 'fixed' : str(a.distribution, [...path, 'distribution'], issues, DISTRIBUTIONS);
  const ms = (k: string, required = true) => {
    if (a[k] === undefined) return required ? issues.add([...path, k], `${dist} latency needs ${k}`) : undefined;
    return num(a[k], [...path, k], issues, { min: 0, max: MAX_DELAY_MS });
  };
  const extra = (keys: string[]) => {
    for (const k of ['ms', 'minMs', 'maxMs', 'meanMs', 'stddevMs']) {
      if (!keys.includes(k) && a[k] !== undefined) issues.add([...path, k], `does not apply to ${dist} latency (it takes ${keys.join(', ')})`);
    }
  };
  switch (dist) {
    case 'fixed': {
      extra(['ms']);
      const v = ms('ms');
      return v === undefined ? undefined : { type: 'latency', distribution: dist, ms: v };
    }
    case 'uniform': {
      extra(['minMs', 'maxMs']);
      const min = ms('minMs');
      const max = ms('maxMs');
      if (min === undefined || max === undefined) return undefined;
      if (max < min) issues.add([...path, 'maxMs'], 'must not be less than minMs');
      return { type: 'latency', distribution: dist, minMs: min, maxMs: max };
    }
    case 'normal': {
      extra(['meanMs', 'stddevMs']);
      const mean = ms('meanMs');
      const sd = ms('stddevMs');
      return mean === undefined || sd === undefined ? undefined : { type: 'latency', distribution: dist, meanMs: mean, stddevMs: sd };
    }
    case 'exponential': {
      extra(['meanMs']);
      const mean = ms('meanMs');
      return mean === undefined ? undefined : { type: 'latency', distribution: dist, meanMs: mean };
    }
    default:
      return undefined;
  }
}

/** An action in the form it is added in (the inverse of parseAction): rule lists show it so. */
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

/** Validates a rule from the control API; throws with every problem listed. */
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
