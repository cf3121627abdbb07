/** Users under /api/admin as VCD serves them: read, create in an org, update, unlock, delete. */
import type { Request, Response, Router } from 'express';
import type { World } from '../../world.js';
import type { User } from '../../store/types.js';
import { userView } from './view.js';
import { hasRight, param, requireAdminView, visible } from '../access.js';
import { RIGHTS } from '../../store/roles.js';
import { forbidden } from '../../errors.js';
import { sendDoc } from '../../wire/render.js';
import { readBody } from '../../wire/body.js';
import { attr, child, parseBool, text, type Doc } from '../../wire/xml.js';
import { createUser, deleteUser, unlockUser, updateUser, type UserInput } from './ops.js';

/** A User document as clients send it (pyvcloud's Org.create_user, go-vcloud-director's CreateUser). */
export function userInput(doc: Doc): UserInput {
  const enabled = text(doc, 'IsEnabled');
  const role = child(doc, 'Role');
  return {
    name: attr(doc, 'name'),
    fullName: text(doc, 'FullName'),
    description: text(doc, 'Description'),
    email: text(doc, 'EmailAddress'),
    isEnabled: enabled === undefined ? undefined : parseBool(enabled, false),
    password: text(doc, 'Password'),
    role: role && (attr(role, 'href') ?? attr(role, 'id')),
  };
}

export function userRoutes(router: Router, sim: World): void {
  const send = (req: Request, res: Response, user: User, status = 200) =>
    sendDoc(req, res, userView(sim, req.ctx.base, user, hasRight(req, RIGHTS.adminView), hasRight(req, RIGHTS.userManage)), status);

  router.get('/api/admin/user/:id', (req, res) => {
    const user = visible(sim, req, 'user', req.params.id);
    // Users may read themselves; reading others takes the right to view users.
    if (user.id !== req.ctx.user!.id && !hasRight(req, RIGHTS.userView)) throw forbidden();
    send(req, res, user);
  });
  router.post('/api/admin/org/:id/users', (req, res) => {
    requireAdminView(req);
    const org = visible(sim, req, 'org', param(req, 'id'));
    const user = createUser(sim, req.ctx, org, userInput(readBody(req, 'User').doc));
    res.setHeader('Location', `${req.ctx.base}/api/admin/user/${user.id}`);
    send(req, res, user, 201);
  });
  router.put('/api/admin/user/:id', (req, res) => {
    const user = visible(sim, req, 'user', param(req, 'id'));
    send(req, res, updateUser(sim, req.ctx, user, userInput(readBody(req, 'User').doc)));
  });
  router.post('/api/admin/user/:id/action/unlock', (req, res) => {
    unlockUser(sim, req.ctx, visible(sim, req, 'user', param(req, 'id')));
    res.status(204).end();
  });
  router.delete('/api/admin/user/:id', (req, res) => {
    deleteUser(sim, req.ctx, visible(sim, req, 'user', param(req, 'id')));
    res.status(204).end();
  });
}
