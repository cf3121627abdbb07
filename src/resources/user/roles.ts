/** Roles and rights under /api/admin: a role's RightReferences, tenant roles created in an org, and the rights catalog. */
import type { Request, Response, Router } from 'express';
import type { World } from '../../world.js';
import type { Role } from '../../store/types.js';
import { roleView } from './view.js';
import { hasRight, param, requireAdminView, visible } from '../access.js';
import { RIGHTS } from '../../store/roles.js';
import { noAccess } from '../../errors.js';
import { sendDoc } from '../../wire/render.js';
import { readBody } from '../../wire/body.js';
import { MT } from '../../wire/media.js';
import { attr, child, children, text, type Doc } from '../../wire/xml.js';
import { createRole, deleteRole, updateRole, type RoleInput } from './ops.js';
import { resolveRights, rightById, rightHref } from './rights.js';
import { orgOffersRole } from './model.js';

/** A Role document as clients send it (pyvcloud's Org.create_role). */
export function roleInput(doc: Doc): RoleInput {
  const refs = child(doc, 'RightReferences');
  return {
    name: attr(doc, 'name'),
    description: text(doc, 'Description'),
    rights: refs ? resolveRights(children(refs, 'RightReference').map((r) => ({ href: attr(r, 'href'), name: attr(r, 'name'), id: attr(r, 'id') }))) : undefined,
  };
}

export function roleRoutes(router: Router, sim: World): void {
  const canManage = (req: Request, r: Role) => hasRight(req, RIGHTS.roleManage) && (r.orgId !== undefined || req.ctx.isSysAdmin);
  const send = (req: Request, res: Response, r: Role, status = 200) => sendDoc(req, res, roleView(req.ctx.base, r, canManage(req, r)), status);
  /** A role the caller's org offers (tenants do not see the provider's own System Administrator role, nor other orgs' roles). */
  const roleOf = (req: Request) => {
    const role = visible(sim, req, 'role', param(req, 'id'));
    if (!req.ctx.isSysAdmin && !orgOffersRole(req.ctx.org!, role)) throw noAccess('role', role.id);
    return role;
  };

  router.get('/api/admin/role/:id', (req, res) => {
    const role = roleOf(req);
    // Anyone may read the role they hold (their User document links to it); other roles are for admins.
    if (role.id !== req.ctx.role!.id) requireAdminView(req);
    send(req, res, role);
  });
  router.post('/api/admin/org/:id/roles', (req, res) => {
    requireAdminView(req);
    const org = visible(sim, req, 'org', param(req, 'id'));
    const role = createRole(sim, req.ctx, org, roleInput(readBody(req, 'Role').doc));
    res.setHeader('Location', `${req.ctx.base}/api/admin/role/${role.id}`);
    send(req, res, role, 201);
  });
  router.put('/api/admin/role/:id', (req, res) => {
    requireAdminView(req);
    const role = roleOf(req);
    send(req, res, updateRole(sim, req.ctx, role, roleInput(readBody(req, 'Role').doc)));
  });
  router.delete('/api/admin/role/:id', (req, res) => {
    requireAdminView(req);
    deleteRole(sim, req.ctx, roleOf(req));
    res.status(204).end();
  });

  router.get('/api/admin/right/:id', (req, res) => {
    requireAdminView(req);
    const right = rightById(param(req, 'id'));
    if (!right) throw noAccess('right', param(req, 'id'));
    const href = rightHref(req.ctx.base, right);
    sendDoc(req, res, {
      root: 'Right',
      type: MT.right,
      body: {
        '@_href': href, '@_type': MT.right, '@_id': `urn:vcloud:right:${right.id}`, '@_name': right.name,
        Description: right.name,
        Category: right.category,
        BundleKey: `RIGHT_${right.name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`,
        ServiceNamespace: 'com.vmware.vcloud',
      },
    });
  });
}
