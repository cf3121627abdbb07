/** `task-failure`: new tasks that match run their course, then end in `error` with that error. */
import { TASK_MATCH } from './action.js';
import { parseTaskError, type TaskAction, type TaskError, type TaskErrorInput } from './action.js';

export interface TaskFailureAction {
  type: 'task-failure';
  error: TaskError;
}
export type TaskFailureInput = { type: 'task-failure' } & TaskErrorInput;

export const taskFailure: TaskAction<TaskFailureAction, TaskFailureInput> = {
  type: 'task-failure',
  target: 'task',
  keys: ['status', 'minorCode', 'message'],
  matchFields: TASK_MATCH,
  parse: (a, path, issues) => ({ type: 'task-failure', error: parseTaskError(a, path, issues) }),
  apply(a, draft) {
    draft.fault.fail ??= { ...a.error };
    return { status: a.error.status };
  },
};
