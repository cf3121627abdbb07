/** Groups under /api/admin as VCD serves them: read, import into an org, update (role, description), delete. */
import type { Request, Response, Router } from 'express';
import type { World } from '../../world.js';
import type { Group } from '../../store/types.js';
import { hasRight, param, requireAdminView, requireRight, visible } from '../access.js';
import { RIGHTS } from '../../store/roles.js';
import { sendDoc } from '../../wire/render.js';
import { readBody } from '../../wire/body.js';
import { groupView } from './view.js';
import { groupInput } from './params.js';
import { createGroup, deleteGroup, updateGroup } from './ops.js';

export function groupRoutes(router: Router, sim: World): void {
  const send = (req: Request, res: Response, g: Group, status = 200) =>
    sendDoc(req, res, groupView(sim, req.ctx.base, g, hasRight(req, RIGHTS.userManage)), status);
  const groupOf = (req: Request) => {
    requireAdminView(req);
    requireRight(req, RIGHTS.userView);
    return visible(sim, req, 'group', param(req, 'id'));
  };

  router.get('/api/admin/group/:id', (req, res) => send(req, res, groupOf(req)));
  router.post('/api/admin/org/:id/groups', (req, res) => {
    requireAdminView(req);
    const org = visible(sim, req, 'org', param(req, 'id'));
    const group = createGroup(sim, req.ctx, org, groupInput(readBody(req, 'Group').doc));
    res.setHeader('Location', `${req.ctx.base}/api/admin/group/${group.id}`);
    send(req, res, group, 201);
  });
  router.put('/api/admin/group/:id', (req, res) => {
    const group = groupOf(req);
    send(req, res, updateGroup(sim, req.ctx, group, groupInput(readBody(req, 'Group').doc)));
  });
  router.delete('/api/admin/group/:id', (req, res) => {
    deleteGroup(sim, req.ctx, groupOf(req));
    res.status(204).end();
  });
}
