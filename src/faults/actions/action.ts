/**
 * What a fault action is: a module that says what its action object looks like, parses it, and applies
 * it — on the wire (HTTP actions), to a new task (task actions), or to the simulator's capacity for a
 * window of time (window actions). The registry (index.ts) lists the modules; the engine and the HTTP
 * gate know actions only through these interfaces.
 */
import { bool, num, str, type Issues, type Path } from '../../lib/validate.js';
import type { Random } from '../../lib/random.js';
import { errorDefaults, type VcdError } from '../../errors.js';
import type { Task } from '../../store/types.js';
import type { Store } from '../../store/store.js';
import type { TaskFault } from '../../engine/tasks.js';
import type { CapacityOverride } from '../../engine/capacity.js';

/** The match fields of rules on HTTP requests, and of rules on new tasks. */
export const HTTP_MATCH = ['method', 'path', 'pathRegex', 'kind', 'org', 'user', 'version'] as const;
export const TASK_MATCH = ['operation', 'kind', 'org', 'user'] as const;

/** A duration as written: seconds, or a string with units (`30s`, `2m`, `1h30m`, `500ms`). */
export type DurationInput = number | string;

/** What the fault log records beside an injection (undefined: nothing more than the rule and its target). */
export type Detail = Record<string, unknown> | undefined;

interface ActionModule<A extends { type: string }, I> {
  type: A['type'];
  /** The fields its action object may hold besides `type`. */
  keys: readonly string[];
  /** The `match` fields a rule with this action may use. */
  matchFields: readonly string[];
  /** Validates an action object (its keys already checked); problems go to `issues` under `path`. */
  parse(a: Record<string, unknown>, path: Path, issues: Issues): A | undefined;
  /** Types only: the action object as the control API and scenarios accept it. */
  readonly input?: I;
}

/**
 * What the gate can do to a request, on the wire. The gate builds one per request that a rule spoils.
 */
export interface WireExchange {
  /** Lets the request be handled as usual. */
  pass(): void;
  /** Answers with this error instead of handling the request (in the format and version asked for). */
  fail(err: VcdError): void;
  /** Drops the connection with a TCP RST: no status line, the client sees ECONNRESET. */
  reset(): void;
  /** Lets the request's handler read `bytes` bytes of its body, then drops the connection (a TCP RST). */
  resetAfterBody(bytes: number): void;
  /** Sends the answer's head and first `bytes` bytes of its body, then closes the connection (a FIN). */
  truncateAnswer(bytes: number): void;
  /** Never answers, until the client gives up or the simulator stops. */
  hang(): void;
  /** Lets the request be carried out, then runs `spoil` instead of sending its answer. */
  afterAnswer(spoil: () => void): void;
  /** Sends this error in place of the answer the request produced (from within `afterAnswer`). */
  replaceAnswer(err: VcdError): void;
}

/** An action on HTTP requests. */
export interface HttpAction<A extends { type: string }, I = unknown> extends ActionModule<A, I> {
  target: 'http';
  /**
   * Actions that only hold a request (latency): real milliseconds to wait, drawn from the fault
   * generator. Such an action does not decide the request: later rules are tried too, and delays add up.
   */
  delay?(action: A, random: Random): number;
  /** Detail for the fault log when it fires. */
  detail?(action: A): Detail;
  /** Does it on the wire. */
  apply(action: A, x: WireExchange): void;
}

/** What the task rules that fire for a new task have decided so far. */
export interface TaskDraft {
  fault: TaskFault;
  /** Some rule already stalls the task (the first stall wins). */
  stalled?: boolean;
  /** Run once every rule has had its say (a stall's end depends on the final duration). */
  settle: ((task: Task, fault: TaskFault) => void)[];
}

/** The rule an action belongs to, as task actions see it. */
export interface RuleHandle {
  /** End of its window (simulated ms), if it has one. */
  endsAt?: number;
  /** Tasks it stalled, resumed if the rule is removed early. */
  stalled: Set<string>;
}

/** An action on new tasks. */
export interface TaskAction<A extends { type: string }, I = unknown> extends ActionModule<A, I> {
  target: 'task';
  /** Adds its effect to the draft; returns the fault log's detail, or false when it does nothing (not logged). */
  apply(action: A, draft: TaskDraft, rule: RuleHandle): Detail | false;
}

/** An action that holds for its whole window (no odds, skips or counts): it changes the simulated cloud. */
export interface WindowAction<A extends { type: string }, I = unknown> extends ActionModule<A, I> {
  target: 'window';
  /** The capacity override keys it covers (VDC ids, or '*' for the whole cloud). */
  covers(action: A, orgs: ((orgId: string, orgName: string | undefined) => boolean) | undefined, store: Store): string[];
  /** Lowers the limits of `o` to its own where it has some. */
  impose(action: A, o: CapacityOverride): void;
}

export type AnyAction<A extends { type: string } = { type: string }, I = unknown> = HttpAction<A, I> | TaskAction<A, I> | WindowAction<A, I>;

/** The optional `after` flag of error, reset and timeout: spoil the answer of a request carried out. */
export function parseAfter(a: Record<string, unknown>, path: Path, issues: Issues): boolean {
  return a.after === undefined ? false : bool(a.after, [...path, 'after'], issues) ?? false;
}

/** An error a task ends with. */
export interface TaskError {
  status: number;
  minorCode: string;
  message: string;
}
export type TaskErrorInput = { status?: number; minorCode?: string; message?: string };

export const DEFAULT_TASK_ERROR: TaskError = { status: 500, minorCode: 'INTERNAL_SERVER_ERROR', message: 'The operation failed. Contact your cloud administrator.' };

/** A task error as written (every field optional; defaults per status). */
export function parseTaskError(a: Record<string, unknown>, path: Path, issues: Issues): TaskError {
  const status = a.status === undefined ? DEFAULT_TASK_ERROR.status : num(a.status, [...path, 'status'], issues, { min: 400, max: 599, integer: true }) ?? 500;
  const [minorCode] = errorDefaults(status);
  return {
    status,
    minorCode: a.minorCode === undefined ? minorCode : str(a.minorCode, [...path, 'minorCode'], issues) ?? minorCode,
    message: a.message === undefined ? DEFAULT_TASK_ERROR.message : str(a.message, [...path, 'message'], issues) ?? '',
  };
}
