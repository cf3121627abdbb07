/** What every CloudAPI route shares: its base path, `{name, id}` references and the tenant context an admin acts in. */
import type { Request, Response } from 'express';
import type { World } from '../../world.js';
import type { Org, Task } from '../../store/types.js';
import { uuidOf } from '../../wire/links.js';
import { visible } from '../access.js';

export const CLOUDAPI = '/cloudapi/1.0.0';

/** An EntityReference: `{name, id}` with the id a URN. */
export const entityRef = (name: string | undefined, id: string) => ({ name: name ?? null, id });

/** A boolean query parameter (`?force=true`). */
export const flag = (req: Request, name: string) => String(req.query[name] ?? '').toLowerCase() === 'true';

const TENANT_CONTEXT = 'x-vmware-vcloud-tenant-context';

/** The org a request acts in: the tenant context header (System administrators may name any org), else the caller's. */
export function contextOrg(sim: World, req: Request): Org {
  const header = req.headers[TENANT_CONTEXT];
  const id = uuidOf(String(Array.isArray(header) ? header[0] : header ?? ''));
  if (!id || id === req.ctx.org!.id) return req.ctx.org!;
  return visible(sim, req, 'org', id);
}

/** 202 Accepted, no body, the task in `Location`: how the CloudAPI answers an asynchronous change. */
export function sendTaskAccepted(req: Request, res: Response, task: Task): void {
  res.setHeader('Location', `${req.ctx.base}/api/task/${task.id}`);
  res.status(202).end();
}
