/**
 * The task engine. Every long operation is a Task entity that moves queued → running → success | error |
 * canceled | aborted on the simulated clock. What a task does on success is data (`action`), applied by a
 * registered handler, so tasks survive snapshots and restarts. Faults hook in to slow, stall or fail tasks.
 */
import type { Store } from '../store/store.js';
import type { EntityKind, Reservation, Task, TaskAction, TaskStatus } from '../store/types.js';
import type { Clock } from './clock.js';
import type { Latency } from './latency.js';
import { VcdError } from '../errors.js';

export interface ActionHandler {
  /** Applies the effect of a successful task; may throw a VcdError to fail it instead. */
  apply(params: Record<string, unknown>, task: Task): void;
  /** Undoes what the request did upfront (entities created, addresses taken) when the task does not succeed. */
  rollback?(params: Record<string, unknown>, task: Task): void;
  /** An external task a fault failed: leaves its owner as a failed operation leaves it (instead of a rollback). */
  failed?(params: Record<string, unknown>, task: Task): void;
}

/** How tasks of an operation progress: on the clock (default), at once, or after N polls of the task. */
export type ProgressionPolicy = { mode: 'clock' } | { mode: 'immediate' } | { mode: 'polls'; polls: number };

/** What a fault does to a task it matches. */
export interface TaskFault {
  durationFactor?: number;
  fail?: { status: number; minorCode: string; message: string };
  /** Progress freezes halfway until this simulated time (null: until the task is canceled). */
  stallUntil?: number | null;
  /** External tasks: hold this long once their work is done (a stall's `for`). */
  stallForMs?: number;
}
export type TaskHook = (task: Task) => TaskFault | undefined;

export interface TaskSpec {
  operationName: string;
  operation: string;
  orgId: string;
  userId: string;
  owner: { kind: EntityKind; id: string; name: string };
  parentId?: string;
  /** Size of the work, for the latency model. */
  vms?: number;
  diskGb?: number;
  action?: TaskAction;
  reservation?: Reservation;
  /** Fail the task (after its run) with this error: used where VCD accepts a request it cannot carry out. */
  fail?: VcdError;
  /** Progress and completion come from outside (setProgress, complete, failExternal), not from the clock. */
  external?: boolean;
}

export const ACTIVE: ReadonlySet<TaskStatus> = new Set(['queued', 'preRunning', 'running']);
/** Time a task waits in the queue before it runs (simulated ms). */
export const QUEUE_MS = 200;
/**
 * Finished tasks kept, the oldest forgotten first: plenty for any client to read its task's outcome,
 * while a simulator serving for days does not grow with every operation it ever ran.
 */
export const FINISHED_TASKS_KEPT = 10_000;

export class TaskEngine {
  private readonly handlers = new Map<string, ActionHandler>();
  private readonly policies = new Map<string, ProgressionPolicy>();
  private readonly hooks: TaskHook[] = [];
  private readonly timers = new Map<string, () => void>();
  /**
   * Ids of queued/running tasks, and the same by owner or parent id; and what they reserve, summed by VDC:
   * busy checks and quota checks look at one entity's tasks, however many run elsewhere.
   */
  private readonly active = new Set<string>();
  private readonly activeBy = new Map<string, Set<string>>();
  private readonly reservedIn = new Map<string, Omit<Reservation, 'vdcId'>>();
  /** Ids of finished tasks in the order they ended (from `head` on). */
  private finished: string[] = [];
  private head = 0;

  constructor(private readonly store: Store, private readonly clock: Clock, private readonly latency: Latency) {}

  register(type: string, handler: ActionHandler): void {
    this.handlers.set(type, handler);
  }

  setPolicy(operationName: string, policy: ProgressionPolicy): void {
    this.policies.set(operationName, policy);
  }

  policyTable(): Record<string, ProgressionPolicy> {
    return Object.fromEntries(this.policies);
  }

  addHook(hook: TaskHook): () => void {
    this.hooks.push(hook);
    return () => {
      const i = this.hooks.indexOf(hook);
      if (i >= 0) this.hooks.splice(i, 1);
    };
  }

  private policyFor(operationName: string): ProgressionPolicy {
    return this.policies.get(operationName) ?? this.policies.get('*') ?? { mode: 'clock' };
  }

  start(spec: TaskSpec): Task {
    const now = this.clock.now();
    const task: Task = {
      id: this.store.newId(),
      orgId: spec.orgId,
      userId: spec.userId,
      status: 'queued',
      operation: spec.operation,
      operationName: spec.operationName,
      ownerKind: spec.owner.kind,
      ownerId: spec.owner.id,
      ownerName: spec.owner.name,
      parentId: spec.parentId,
      startTime: this.clock.iso(now),
      runAt: now + QUEUE_MS,
      durationMs: this.latency.duration(spec.operationName, spec.vms ?? 1, spec.diskGb ?? 0),
      progress: 0,
      cancelRequested: false,
      details: '',
      action: spec.action,
      reservation: spec.reservation,
      ...(spec.external ? { external: true, status: 'running' as const } : {}),
    };
    if (spec.fail) task.error = { status: spec.fail.status, minorCode: spec.fail.minorCode, message: spec.fail.message };
    for (const hook of this.hooks) {
      const fault = hook(task);
      if (!fault) continue;
      if (fault.durationFactor !== undefined) task.durationMs = Math.round(task.durationMs * fault.durationFactor);
      if (fault.fail && !task.error) task.error = { ...fault.fail };
      if (fault.stallUntil !== undefined) task.stallUntil = fault.stallUntil;
      if (task.external && fault.stallForMs !== undefined) task.stallForMs = fault.stallForMs;
    }
    this.store.insert('task', task);
    this.track(task);
    if (task.external) return this.store.get('task', task.id)!;
    const policy = this.policyFor(task.operationName);
    if (policy.mode === 'immediate') this.finish(task.id);
    else if (policy.mode === 'clock') this.arm(task);
    return this.store.get('task', task.id)!;
  }

  /** Counts a poll of the task (GET); under the "after N polls" policy the Nth poll completes it. Returns the task as it now is. */
  observe(task: Task): Task {
    const policy = this.policyFor(task.operationName);
    if (task.external || policy.mode !== 'polls' || !ACTIVE.has(task.status)) return task;
    const polls = (task.polls ?? 0) + 1;
    this.store.update('task', task.id, polls === 1 && task.status === 'queued' ? { polls, status: 'running' } : { polls });
    if (polls >= policy.polls) this.finish(task.id);
    return this.store.get('task', task.id)!;
  }

  /** Cancels a queued or running task and rolls its effect back. Returns false if it had finished. */
  cancel(id: string): boolean {
    const task = this.store.get('task', id);
    if (!task || !ACTIVE.has(task.status)) return false;
    this.end(task, 'canceled', { cancelRequested: true });
    return true;
  }

  /** Aborts every active task matching `pred` (e.g. when a fault window ends or the state is reset). */
  abortWhere(pred: (t: Task) => boolean): number {
    let n = 0;
    for (const id of [...this.active]) {
      const t = this.store.get('task', id);
      if (t && pred(t)) {
        this.end(t, 'aborted', {});
        n++;
      }
    }
    return n;
  }

  /**
   * Ends a stall early: the task resumes its remaining run from now. The change goes through the store,
   * like every other (so it is journaled, and a snapshot being written keeps the task as it was).
   */
  unstall(pred: (t: Task) => boolean): void {
    for (const id of [...this.active]) {
      const t = this.store.get('task', id);
      if (!t || t.stallUntil === undefined || !pred(t)) continue;
      if (t.external) {
        const released = this.store.update('task', id, { stallUntil: undefined, stallForMs: undefined });
        if (released.workDone) this.finish(id);
        continue;
      }
      this.arm(this.store.update('task', id, { stallUntil: this.clock.now() }));
    }
  }

  /** An external task's progress (0–99 while it runs). */
  setProgress(id: string, progress: number): void {
    const t = this.store.get('task', id);
    if (t?.external && ACTIVE.has(t.status)) this.store.update('task', id, { progress: Math.max(0, Math.min(99, Math.floor(progress))) });
  }

  /**
   * Completes an external task: its effect applies as a clock-driven task's does. A task a fault stalls stays
   * running with its work done: for the stall's `for` from now, until the rule's window ends, or until the
   * stall is lifted (the rule removed).
   */
  complete(id: string): void {
    const t = this.store.get('task', id);
    if (!t?.external || !ACTIVE.has(t.status) || t.workDone) return;
    if (t.stallUntil === undefined) {
      this.finish(id);
      return;
    }
    const now = this.clock.now();
    const until = t.stallForMs !== undefined ? now + t.stallForMs : t.stallUntil;
    if (until !== null && until <= now) {
      this.finish(id);
      return;
    }
    this.holdDone(this.store.update('task', id, { stallUntil: until, workDone: true }));
  }

  /** An external task held by a stall with its work done: it finishes when the stall ends (if it has an end). */
  private holdDone(t: Task): void {
    if (typeof t.stallUntil === 'number') this.timers.set(t.id, this.clock.at(t.stallUntil, () => this.finish(t.id)));
  }

  /** Fails an external task with this error; its effect is not rolled back (the owner stays, failed, as VCD leaves it). */
  failExternal(id: string, err: VcdError): void {
    const t = this.store.get('task', id);
    if (!t?.external || !ACTIVE.has(t.status)) return;
    this.end(t, 'error', { error: { status: err.status, minorCode: err.minorCode, message: err.message } }, false);
  }

  isActive(t: Task): boolean {
    return ACTIVE.has(t.status);
  }

  /** Active tasks owned by an entity, or by its children (a VM task keeps its vApp busy too). */
  activeFor(ownerId: string): Task[] {
    const out: Task[] = [];
    for (const id of this.activeBy.get(ownerId) ?? []) {
      const t = this.store.get('task', id);
      if (t) out.push(t);
    }
    return out;
  }

  /** What the VDC's queued and running tasks hold for the VMs they will deploy. */
  reserved(vdcId: string): Omit<Reservation, 'vdcId'> {
    return this.reservedIn.get(vdcId) ?? { cpuMhz: 0, memoryMB: 0, deployedVms: 0 };
  }

  activeCount(): number {
    return this.active.size;
  }

  /** Progress 0–100 at simulated time `now`, frozen during a stall. */
  progressOf(task: Task, now = this.clock.now()): number {
    if (task.status === 'success') return 100;
    if (!ACTIVE.has(task.status) || task.external) return task.progress;
    if (now < task.runAt || task.durationMs === 0) return 0;
    let elapsed = now - task.runAt;
    if (task.stallUntil !== undefined) {
      const half = task.durationMs / 2;
      const stallEnd = task.stallUntil === null ? Infinity : task.stallUntil;
      if (elapsed > half) elapsed = Math.max(half, elapsed - Math.max(0, Math.min(now, stallEnd) - (task.runAt + half)));
    }
    return Math.min(99, Math.floor((elapsed / task.durationMs) * 100));
  }

  /** After the state was replaced (reset, import, restart): forget old timers and re-arm active tasks. */
  resume(): void {
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
    this.active.clear();
    this.activeBy.clear();
    this.reservedIn.clear();
    const ended: Task[] = [];
    for (const t of this.store.all('task')) {
      if (!ACTIVE.has(t.status)) {
        ended.push(t);
        continue;
      }
      this.track(t);
      if (t.external && t.workDone) this.holdDone(t);
      if (!t.external && this.policyFor(t.operationName).mode === 'clock') this.arm(t);
    }
    this.finished = ended.sort((a, b) => (a.endTime ?? '').localeCompare(b.endTime ?? '')).map((t) => t.id);
    this.head = 0;
    this.forgetOldest();
  }

  private arm(task: Task): void {
    this.timers.get(task.id)?.();
    const stall = task.stallUntil;
    if (stall === null) {
      // Stalled for good: it runs, freezes halfway, and waits for a cancel or an unstall.
      this.timers.set(task.id, this.clock.at(task.runAt, () => this.markRunning(task.id)));
      return;
    }
    const half = task.runAt + task.durationMs / 2;
    const extra = stall !== undefined ? Math.max(0, stall - half) : 0;
    const finishAt = task.runAt + task.durationMs + extra;
    const cancelRun = task.status === 'queued' ? this.clock.at(task.runAt, () => this.markRunning(task.id)) : noop;
    const cancelEnd = this.clock.at(finishAt, () => this.finish(task.id));
    this.timers.set(task.id, () => {
      cancelRun();
      cancelEnd();
    });
  }

  private markRunning(id: string): void {
    const t = this.store.get('task', id);
    if (t?.status === 'queued') this.store.update('task', id, { status: 'running' });
  }

  private finish(id: string): void {
    const task = this.store.get('task', id);
    if (!task || !ACTIVE.has(task.status)) return;
    if (task.error) {
      // A fault failed an external task: its owner stays, failed, as when the work itself fails.
      this.end(task, 'error', {}, !task.external);
      if (task.external && task.action) this.handler(task.action.type).failed?.(task.action.params, task);
      return;
    }
    try {
      if (task.action) this.handler(task.action.type).apply(task.action.params, task);
      this.end(task, 'success', { progress: 100 }, false);
    } catch (e) {
      const err = e instanceof VcdError ? e : new VcdError(500, 'INTERNAL_SERVER_ERROR', 'The operation failed.');
      this.end(task, 'error', { error: { status: err.status, minorCode: err.minorCode, message: err.message } });
    }
  }

  private end(task: Task, status: TaskStatus, patch: Partial<Task>, rollback = true): void {
    this.timers.get(task.id)?.();
    this.timers.delete(task.id);
    this.untrack(task);
    if (rollback && task.action) this.handler(task.action.type).rollback?.(task.action.params, task);
    this.store.update('task', task.id, {
      progress: this.progressOf(task),
      ...patch,
      status,
      endTime: this.clock.iso(),
    });
    this.finished.push(task.id);
    this.forgetOldest();
  }

  private track(t: Task): void {
    if (this.active.has(t.id)) return;
    this.active.add(t.id);
    for (const key of [t.ownerId, t.parentId]) if (key) addTo(this.activeBy, key, t.id);
    if (t.reservation) this.reserve(t.reservation, 1);
  }

  private untrack(t: Task): void {
    if (!this.active.delete(t.id)) return;
    for (const key of [t.ownerId, t.parentId]) if (key) removeFrom(this.activeBy, key, t.id);
    if (t.reservation) this.reserve(t.reservation, -1);
  }

  private reserve(r: Reservation, sign: 1 | -1): void {
    const sum = this.reserved(r.vdcId);
    const next = { cpuMhz: sum.cpuMhz + sign * r.cpuMhz, memoryMB: sum.memoryMB + sign * r.memoryMB, deployedVms: sum.deployedVms + sign * r.deployedVms };
    if (next.deployedVms <= 0 && next.cpuMhz <= 0 && next.memoryMB <= 0) this.reservedIn.delete(r.vdcId);
    else this.reservedIn.set(r.vdcId, next);
  }

  private forgetOldest(): void {
    while (this.finished.length - this.head > FINISHED_TASKS_KEPT) this.store.remove('task', this.finished[this.head++]);
    if (this.head > FINISHED_TASKS_KEPT) {
      this.finished = this.finished.slice(this.head);
      this.head = 0;
    }
  }

  private handler(type: string): ActionHandler {
    const h = this.handlers.get(type);
    if (!h) throw new Error(`no task action handler for ${type}`);
    return h;
  }
}

const noop = () => {};

function addTo(index: Map<string, Set<string>>, key: string, id: string): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(id);
}

function removeFrom(index: Map<string, Set<string>>, key: string, id: string): void {
  const set = index.get(key);
  set?.delete(id);
  if (set?.size === 0) index.delete(key);
}
