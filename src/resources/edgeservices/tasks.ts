/** Changes to edge gateway services run as tasks (202 + the task's href in Location), as VCD answers them. */
import type { Request, Response } from 'express';
import type { Actor, World } from '../../world.js';
import type { EntityKind, Task, TaskAction } from '../../store/types.js';

export interface ServiceTask {
  operationName: string;
  operation: string;
  orgId: string;
  owner: { kind: EntityKind; id: string; name: string };
  action: TaskAction;
}

export function startServiceTask(sim: World, actor: Actor, t: ServiceTask): Task {
  return sim.tasks.start({ ...t, userId: actor.user!.id });
}

/** 202 Accepted, no body, the task in `Location`: how the CloudAPI answers an asynchronous change. */
export function sendTaskAccepted(req: Request, res: Response, task: Task): void {
  res.setHeader('Location', `${req.ctx.base}/api/task/${task.id}`);
  res.status(202).end();
}
