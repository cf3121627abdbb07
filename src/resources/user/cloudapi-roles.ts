/**
 * CloudAPI roles and rights: roles in the tenant context (`X-VMWARE-VCLOUD-TENANT-CONTEXT`) with their rights,
 * global roles, one rights bundle, rights categories and rights. The changes go through the legacy API's operations.
 */
import type { Request, Response, Router } from 'express';
import type { World } from '../../world.js';
import type { Role } from '../../store/types.js';
import { SYSTEM_ADMINISTRATOR } from '../../store/roles.js';
import { badRequest, forbidden, noAccess } from '../../errors.js';
import { sendJson } from '../../wire/render.js';
import { uuidOf } from '../../wire/links.js';
import { param, requireAdminView, visible } from '../access.js';
import { urn } from '../links.js';
import { CLOUDAPI as API, contextOrg } from '../cloudapi/context.js';
import { jsonBody as body, str, type Json } from '../cloudapi/json.js';
import { sendPage, type Model } from '../cloudapi/paging.js';
import { createRole, deleteRole, updateRole } from './ops.js';
import { orgOffersRole, rolesOfOrg } from './model.js';
import { ALL_RIGHTS, nameUuid, resolveRights, rightsCategories } from './rights.js';

function roleModel(r: Role): Model {
  return {
    name: r.name,
    id: urn('role', r.id),
    description: r.description,
    bundleKey: 'com.vmware.vcloud.undefined.key',
    readOnly: r.name === SYSTEM_ADMINISTRATOR,
  };
}

const ROLE_FIELDS = { id: 'ref', name: 'string', description: 'string', bundleKey: 'string', readOnly: 'boolean' } as const;

function rightModel(name: string): Model {
  const category = name.split(':')[0].trim();
  return {
    name,
    id: `urn:vcloud:right:${nameUuid('right', name)}`,
    description: name,
    bundleKey: `RIGHT_${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`,
    category: `urn:vcloud:rightsCategory:${nameUuid('rightsCategory', category)}`,
    serviceNamespace: 'com.vmware.vcloud',
    rightType: /\bview\b/i.test(name) ? 'VIEW' : 'MODIFY',
  };
}

const RIGHT_FIELDS = {
  id: 'ref', name: 'string', description: 'string', bundleKey: 'string', category: 'string', serviceNamespace: 'string',
  rightType: 'string',
} as const;

/** `[{name, id}]` references → right names (unknown rights are a 400). */
function rightsFrom(v: unknown): string[] {
  const values = (v as Json | undefined)?.values;
  if (!Array.isArray(values)) throw badRequest('The body must carry the rights as {"values": [{"name": …, "id": …}]}.');
  return resolveRights(values.map((r) => ({ id: str((r as Json)?.id, 'id'), name: str((r as Json)?.name, 'name') })));
}

const rightsPage = (req: Request, res: Response, role: Role) =>
  sendPage(req, res, ALL_RIGHTS.filter((r) => role.rights.includes(r.name)).map((r) => rightModel(r.name)), { model: 'Rights', fields: RIGHT_FIELDS });

export function roleCloudRoutes(router: Router, sim: World): void {
  const { store } = sim;

  // ---- roles (tenant context) ----
  const roleOf = (req: Request) => {
    const role = visible(sim, req, 'role', param(req, 'urn'));
    if (!orgOffersRole(contextOrg(sim, req), role)) throw noAccess('role', role.id);
    return role;
  };
  router.get(`${API}/roles`, (req, res) => {
    sendPage(req, res, rolesOfOrg(store, contextOrg(sim, req)).map(roleModel), { model: 'Roles', fields: ROLE_FIELDS });
  });
  router.get(`${API}/roles/:urn`, (req, res) => sendJson(req, res, roleModel(roleOf(req))));
  router.post(`${API}/roles`, (req, res) => {
    requireAdminView(req);
    const b = body(req);
    const role = createRole(sim, req.ctx, contextOrg(sim, req), { name: str(b.name, 'name'), description: str(b.description, 'description') });
    sendJson(req, res, roleModel(role), 201);
  });
  router.put(`${API}/roles/:urn`, (req, res) => {
    requireAdminView(req);
    const b = body(req);
    sendJson(req, res, roleModel(updateRole(sim, req.ctx, roleOf(req), { name: str(b.name, 'name'), description: str(b.description, 'description') })));
  });
  router.delete(`${API}/roles/:urn`, (req, res) => {
    requireAdminView(req);
    deleteRole(sim, req.ctx, roleOf(req));
    res.status(204).end();
  });
  router.get(`${API}/roles/:urn/rights`, (req, res) => rightsPage(req, res, roleOf(req)));
  router.post(`${API}/roles/:urn/rights`, (req, res) => {
    requireAdminView(req);
    const role = roleOf(req);
    rightsPage(req, res, updateRole(sim, req.ctx, role, { rights: [...new Set([...role.rights, ...rightsFrom(body(req))])] }));
  });
  router.put(`${API}/roles/:urn/rights`, (req, res) => {
    requireAdminView(req);
    rightsPage(req, res, updateRole(sim, req.ctx, roleOf(req), { rights: rightsFrom(body(req)) }));
  });

  // ---- global roles (the provider's) ----
  const globalOf = (req: Request) => {
    if (!req.ctx.isSysAdmin) throw forbidden();
    const id = uuidOf(param(req, 'urn'));
    const role = id ? store.get('role', id) : undefined;
    if (!role || role.orgId !== undefined) throw noAccess('globalRole', param(req, 'urn'));
    return role;
  };
  const globalModel = (r: Role) => ({ ...roleModel(r), publishAll: true, id: `urn:vcloud:globalRole:${r.id}` });
  router.get(`${API}/globalRoles`, (req, res) => {
    if (!req.ctx.isSysAdmin) throw forbidden();
    sendPage(req, res, [...store.all('role')].filter((r) => r.orgId === undefined).map(globalModel), { model: 'GlobalRoles', fields: { ...ROLE_FIELDS, publishAll: 'boolean' } });
  });
  router.get(`${API}/globalRoles/:urn`, (req, res) => sendJson(req, res, globalModel(globalOf(req))));
  router.post(`${API}/globalRoles`, (req, res) => {
    if (!req.ctx.isSysAdmin) throw forbidden();
    const b = body(req);
    sendJson(req, res, globalModel(createRole(sim, req.ctx, undefined, { name: str(b.name, 'name'), description: str(b.description, 'description') })), 201);
  });
  router.put(`${API}/globalRoles/:urn`, (req, res) => {
    const b = body(req);
    sendJson(req, res, globalModel(updateRole(sim, req.ctx, globalOf(req), { name: str(b.name, 'name'), description: str(b.description, 'description') })));
  });
  router.delete(`${API}/globalRoles/:urn`, (req, res) => {
    deleteRole(sim, req.ctx, globalOf(req));
    res.status(204).end();
  });
  router.get(`${API}/globalRoles/:urn/rights`, (req, res) => rightsPage(req, res, globalOf(req)));
  router.post(`${API}/globalRoles/:urn/rights`, (req, res) => {
    const role = globalOf(req);
    rightsPage(req, res, updateRole(sim, req.ctx, role, { rights: [...new Set([...role.rights, ...rightsFrom(body(req))])] }));
  });
  router.put(`${API}/globalRoles/:urn/rights`, (req, res) => {
    rightsPage(req, res, updateRole(sim, req.ctx, globalOf(req), { rights: rightsFrom(body(req)) }));
  });

  // ---- rights bundles: one default bundle holding every right, published to every org ----
  const BUNDLE_ID = 'urn:vcloud:rightsBundle:2a7f5c52-8c2b-5d1e-9a55-2d6a3c1f0b01';
  const bundle = () => ({
    name: 'Default Rights Bundle', id: BUNDLE_ID, description: 'Default Rights Bundle', bundleKey: 'com.vmware.vcloud.undefined.key',
    readOnly: false, publishAll: true,
  });
  const bundleOf = (req: Request) => {
    if (!req.ctx.isSysAdmin) throw forbidden();
    if (uuidOf(param(req, 'urn')) !== uuidOf(BUNDLE_ID)) throw noAccess('rightsBundle', param(req, 'urn'));
    return bundle();
  };
  router.get(`${API}/rightsBundles`, (req, res) => {
    if (!req.ctx.isSysAdmin) throw forbidden();
    sendPage(req, res, [bundle()], { model: 'RightsBundles', fields: { ...ROLE_FIELDS, publishAll: 'boolean' } });
  });
  router.get(`${API}/rightsBundles/:urn`, (req, res) => sendJson(req, res, bundleOf(req)));
  router.get(`${API}/rightsBundles/:urn/rights`, (req, res) => {
    bundleOf(req);
    sendPage(req, res, ALL_RIGHTS.map((r) => rightModel(r.name)), { model: 'Rights', fields: RIGHT_FIELDS });
  });

  // ---- rights categories ----
  const categoryModel = (c: ReturnType<typeof rightsCategories>[number]) => ({
    name: c.name, id: `urn:vcloud:rightsCategory:${c.id}`, bundleKey: `RIGHTS_CATEGORY_${c.name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`,
    parent: null, rightsCount: { view: c.rights.filter((r) => rightModel(r.name).rightType === 'VIEW').length, modify: c.rights.filter((r) => rightModel(r.name).rightType !== 'VIEW').length },
    subCategories: [],
  });
  router.get(`${API}/rightsCategories`, (req, res) => {
    sendPage(req, res, rightsCategories().map(categoryModel), { model: 'RightsCategories', fields: { id: 'ref', name: 'string', bundleKey: 'string' } });
  });
  router.get(`${API}/rightsCategories/:urn`, (req, res) => {
    const c = rightsCategories().find((x) => x.id === uuidOf(param(req, 'urn')));
    if (!c) throw noAccess('rightsCategory', param(req, 'urn'));
    sendJson(req, res, categoryModel(c));
  });

  // ---- rights ----
  router.get(`${API}/rights`, (req, res) => {
    sendPage(req, res, ALL_RIGHTS.map((r) => rightModel(r.name)), { model: 'Rights', fields: RIGHT_FIELDS });
  });
  router.get(`${API}/rights/:urn`, (req, res) => {
    const id = uuidOf(param(req, 'urn'));
    const right = ALL_RIGHTS.map((r) => rightModel(r.name)).find((r) => uuidOf(String(r.id)) === id);
    if (!right) throw noAccess('right', param(req, 'urn'));
    sendJson(req, res, right);
  });
}
