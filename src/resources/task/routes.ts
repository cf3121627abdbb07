/** Tasks: poll (`GET /api/task/{id}`), cancel, and an org's task list. */
import type { Router } from 'express';
import type { World } from '../../world.js';
import { taskView, tasksListView } from './view.js';
import { requireRight, visible } from '../access.js';
import { RIGHTS } from '../../store/roles.js';
import { badRequest } from '../../errors.js';
import { sendDoc } from '../../wire/render.js';

/** How many of an org's most recent tasks the legacy TasksList shows (the query service pages through all). */
const TASKS_LIST_MAX = 128;

export function taskRoutes(router: Router, sim: World): void {
  router.get('/api/task/:id', (req, res) => {
    const task = sim.tasks.observe(visible(sim, req, 'task', req.params.id));
    sendDoc(req, res, taskView(sim, req.ctx.base, task));
  });
  router.post('/api/task/:id/action/cancel', (req, res) => {
    const task = visible(sim, req, 'task', req.params.id);
    if (task.userId !== req.ctx.user!.id) requireRight(req, RIGHTS.taskCancel);
    if (!sim.tasks.cancel(task.id)) throw badRequest(`The task ${task.id} has already finished (${task.status}) and cannot be canceled.`);
    res.status(204).end();
  });
  router.get('/api/tasksList/:orgId', (req, res) => {
    const org = visible(sim, req, 'org', req.params.orgId);
    requireRight(req, RIGHTS.taskView);
    const tasks = sim.store.where('task', 'orgId', org.id).sort((a, b) => b.startTime.localeCompare(a.startTime)).slice(0, TASKS_LIST_MAX);
    sendDoc(req, res, tasksListView(sim, req.ctx.base, org.id, tasks));
  });
}
