/**
 * `task-stall`: new tasks freeze at 50 % (running) until the rule's window ends, or for `for`; with
 * `fail` they then fail. The first stall rule that fires for a task decides its stall.
 */
import { duration, record } from '../../lib/validate.js';
import { TASK_MATCH } from './action.js';
import { DEFAULT_TASK_ERROR, parseTaskError, type DurationInput, type TaskAction, type TaskError, type TaskErrorInput } from './action.js';

export interface TaskStallAction {
  type: 'task-stall';
  forMs?: number;
  fail?: TaskError;
}
export type TaskStallInput = { type: 'task-stall'; for?: DurationInput; fail?: boolean | TaskErrorInput };

export const taskStall: TaskAction<TaskStallAction, TaskStallInput> = {
  type: 'task-stall',
  target: 'task',
  keys: ['for', 'fail'],
  matchFields: TASK_MATCH,
  parse(a, path, issues) {
    const forMs = a.for === undefined ? undefined : duration(a.for, [...path, 'for'], issues);
    const failPath = [...path, 'fail'];
    const fail = a.fail === undefined || a.fail === false ? undefined
      : a.fail === true ? DEFAULT_TASK_ERROR
      : parseTaskError(record(a.fail, failPath, issues, ['status', 'minorCode', 'message']) ?? {}, failPath, issues);
    return { type: 'task-stall', forMs, fail };
  },
  apply(a, draft, rule) {
    if (draft.stalled) return false;
    draft.stalled = true;
    if (a.fail) draft.fault.fail ??= { ...a.fail };
    draft.settle.push((task, fault) => {
      const duration = task.durationMs * (fault.durationFactor ?? 1);
      fault.stallUntil = a.forMs !== undefined ? task.runAt + duration / 2 + a.forMs : rule.endsAt ?? null;
      // An external task (an upload's import) is held once its work is done: `for` counts from then.
      if (a.forMs !== undefined) fault.stallForMs = a.forMs;
      rule.stalled.add(task.id);
    });
    return a.fail ? { thenFail: a.fail.status } : undefined;
  },
};
