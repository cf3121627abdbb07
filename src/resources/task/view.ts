/** Task documents, the Tasks element entities carry while work runs on them, and TasksList. */
import type { World } from '../../world.js';
import type { Task } from '../../store/types.js';
import { MT } from '../../wire/media.js';
import { link, ref } from '../../wire/links.js';
import { hrefOf, urn } from '../links.js';
import { kindOf } from '../kinds.js';
import { sendDoc, type Rendered } from '../../wire/render.js';
import type { Request, Response } from 'express';
import type { Doc } from '../../wire/xml.js';

const NINETY_DAYS = 90 * 24 * 3600 * 1000;

export function taskBody(sim: World, base: string, t: Task): Doc {
  const href = hrefOf(base, 'task', t.id);
  const user = sim.store.get('user', t.userId);
  const org = sim.store.get('org', t.orgId);
  const active = sim.tasks.isActive(t);
  return {
    '@_cancelRequested': t.cancelRequested,
    '@_expiryTime': new Date(Date.parse(t.startTime) + NINETY_DAYS).toISOString(),
    '@_operation': t.operation,
    '@_operationName': t.operationName,
    '@_serviceNamespace': 'com.vmware.vcloud',
    '@_startTime': t.startTime,
    '@_endTime': t.endTime,
    '@_status': t.status,
    '@_name': 'task',
    '@_id': urn('task', t.id),
    '@_href': href,
    '@_type': MT.task,
    Link: active ? [link('task:cancel', `${href}/action/cancel`)] : undefined,
    Owner: ref(hrefOf(base, t.ownerKind, t.ownerId), kindOf(t.ownerKind).mediaType ?? MT.entity, t.ownerName, urn(t.ownerKind, t.ownerId)),
    Error: t.error
      ? { '@_majorErrorCode': t.error.status, '@_minorErrorCode': t.error.minorCode, '@_message': `[ ${t.id} ] ${t.error.message}` }
      : undefined,
    User: ref(hrefOf(base, 'user', t.userId), MT.user, user?.name ?? 'system', urn('user', t.userId)),
    Organization: ref(hrefOf(base, 'org', t.orgId), MT.org, org?.name ?? '', urn('org', t.orgId)),
    Progress: sim.tasks.progressOf(t),
    Details: t.error?.message ?? t.details,
  };
}

export function taskView(sim: World, base: string, t: Task): Rendered {
  return { root: 'Task', type: MT.task, body: taskBody(sim, base, t) };
}

/** The `Tasks` element of an entity: its queued and running tasks (undefined when there are none). */
export function tasksInProgress(sim: World, base: string, ownerId: string): Doc | undefined {
  const tasks = sim.tasks.activeFor(ownerId).filter((t) => t.ownerId === ownerId);
  return tasks.length ? { Task: tasks.map((t) => taskBody(sim, base, t)) } : undefined;
}

export function tasksListView(sim: World, base: string, orgId: string, tasks: Task[]): Rendered {
  const org = sim.store.get('org', orgId)!;
  return {
    root: 'TasksList',
    type: MT.tasksList,
    body: {
      '@_href': `${base}/api/tasksList/${orgId}`,
      '@_type': MT.tasksList,
      '@_name': org.name,
      Task: tasks.map((t) => taskBody(sim, base, t)),
    },
  };
}

/** 202 Accepted with the Task document and its href in Location, as VCD answers long operations. */
export function sendAccepted(sim: World, req: Request, res: Response, task: Task): void {
  const doc = taskView(sim, req.ctx.base, task);
  res.setHeader('Location', String(doc.body['@_href']));
  sendDoc(req, res, doc, 202);
}
