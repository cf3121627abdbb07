/** `slow-tasks`: new tasks take `factor` × their usual time (several rules multiply). */
import { num } from '../../lib/validate.js';
import { TASK_MATCH } from './action.js';
import type { TaskAction } from './action.js';

export interface SlowTasksAction {
  type: 'slow-tasks';
  factor: number;
}
export type SlowTasksInput = { type: 'slow-tasks'; factor: number };

export const slowTasks: TaskAction<SlowTasksAction, SlowTasksInput> = {
  type: 'slow-tasks',
  target: 'task',
  keys: ['factor'],
  matchFields: TASK_MATCH,
  parse(a, path, issues) {
    const factor = num(a.factor, [...path, 'factor'], issues, { min: 0 });
    return factor === undefined ? undefined : { type: 'slow-tasks', factor };
  },
  apply(a, draft) {
    draft.fault.durationFactor = (draft.fault.durationFactor ?? 1) * a.factor;
    return { factor: a.factor };
  },
};
