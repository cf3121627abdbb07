/** Users and roles, under /api/admin as VCD serves them. */
import type { Router } from 'express';
import type { World } from '../../world.js';
import { roleView, userView } from './view.js';
import { hasRight, requireAdminView, visible } from '../access.js';
import { RIGHTS } from '../../store/roles.js';
import { forbidden } from '../../errors.js';
import { sendDoc } from '../../wire/render.js';

export function userRoutes(router: Router, sim: World): void {
  router.get('/api/admin/user/:id', (req, res) => {
    const user = visible(sim, req, 'user', req.params.id);
    // Users may read themselves; reading others takes the right to view users.
    if (user.id !== req.ctx.user!.id && !hasRight(req, RIGHTS.userView)) throw forbidden();
    sendDoc(req, res, userView(sim, req.ctx.base, user, hasRight(req, RIGHTS.adminView)));
  });
  router.get('/api/admin/role/:id', (req, res) => {
    const role = visible(sim, req, 'role', req.params.id);
    // Anyone may read the role they hold (their User document links to it); other roles are for admins.
    if (role.id !== req.ctx.role!.id) requireAdminView(req);
    sendDoc(req, res, roleView(req.ctx.base, role));
  });
}
