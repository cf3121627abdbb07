/**
 * CloudAPI administration: orgs and users (create, update, delete), roles in the tenant context
 * (`X-VMWARE-VCLOUD-TENANT-CONTEXT`) with their rights, global roles, rights bundles and rights categories.
 * The state changes go through the same operations as the legacy API.
 */
import { bool, jsonBody as body, str, type Json } from './json.js';
import type { Request, Response, Router } from 'express';
import type { World } from '../../world.js';
import type { Org, Role } from '../../store/types.js';
import { badRequest, forbidden, noAccess } from '../../errors.js';
import { sendJson } from '../../wire/render.js';
import { uuidOf } from '../../wire/links.js';
import { param, requireAdminView, visible } from '../access.js';
import { sendPage, type Model } from './paging.js';
import { RIGHT_FIELDS, ROLE_FIELDS, orgModel, rightModel, roleModel, userModel } from './view.js';
import { createOrg, startDeleteOrg, updateOrg } from '../org/ops.js';
import { settingsOf } from '../org/model.js';
import { createRole, createUser, deleteRole, deleteUser, updateRole, updateUser, type UserInput } from '../user/ops.js';
import { orgOffersRole, rolesOfOrg } from '../user/model.js';
import { ALL_RIGHTS, resolveRights, rightsCategories } from '../user/rights.js';

const API = '/cloudapi/1.0.0';
const TENANT_CONTEXT = 'x-vmware-vcloud-tenant-context';

const flag = (req: Request, name: string) => String(req.query[name] ?? '').toLowerCase() === 'true';

/** The org a request acts in: the tenant context header (System administrators may name any org), else the caller's. */
function contextOrg(sim: World, req: Request): Org {
  const header = req.headers[TENANT_CONTEXT];
  const id = uuidOf(String(Array.isArray(header) ? header[0] : header ?? ''));
  if (!id || id === req.ctx.org!.id) return req.ctx.org!;
  return visible(sim, req, 'org', id);
}

/** `[{name, id}]` references → right names (unknown rights are a 400). */
function rightsFrom(v: unknown): string[] {
  const values = (v as Json | undefined)?.values;
  if (!Array.isArray(values)) throw badRequest('The body must carry the rights as {"values": [{"name": …, "id": …}]}.');
  return resolveRights(values.map((r) => ({ id: str((r as Json)?.id, 'id'), name: str((r as Json)?.name, 'name') })));
}

const rightsPage = (req: Request, res: Response, role: Role) =>
  sendPage(req, res, ALL_RIGHTS.filter((r) => role.rights.includes(r.name)).map((r) => rightModel(r.name)), { model: 'Rights', fields: RIGHT_FIELDS });

export function globalRoleModel(r: Role): Model {
  return { ...roleModel(r), publishAll: true };
}

export function cloudApiAdminRoutes(router: Router, sim: World): void {
  const { store } = sim;

  // ---- orgs ----
  router.post(`${API}/orgs`, (req, res) => {
    const b = body(req);
    const org = createOrg(sim, req.ctx, {
      name: str(b.name, 'name'), fullName: str(b.displayName, 'displayName'), description: str(b.description, 'description'),
      isEnabled: bool(b.isEnabled, 'isEnabled'), deployedVmQuota: 0, storedVmQuota: 0,
    });
    sendJson(req, res, orgModel(sim, org), 201);
  });
  router.put(`${API}/orgs/:urn`, (req, res) => {
    requireAdminView(req);
    const org = visible(sim, req, 'org', param(req, 'urn'));
    const b = body(req);
    const next = updateOrg(sim, req.ctx, org, {
      name: str(b.name, 'name') ?? org.name, fullName: str(b.displayName, 'displayName'), description: str(b.description, 'description'),
      isEnabled: bool(b.isEnabled, 'isEnabled'), deployedVmQuota: org.deployedVmQuota, storedVmQuota: org.storedVmQuota, settings: settingsOf(org),
    });
    sendJson(req, res, orgModel(sim, next));
  });
  router.delete(`${API}/orgs/:urn`, (req, res) => {
    requireAdminView(req);
    const org = visible(sim, req, 'org', param(req, 'urn'));
    const task = startDeleteOrg(sim, req.ctx, org, flag(req, 'force'), flag(req, 'recursive'));
    res.setHeader('Location', `${req.ctx.base}/api/task/${task.id}`);
    res.status(202).end();
  });

  // ---- users ----
  const userInputOf = (b: Json): UserInput => {
    const roles = b.roleEntityRefs;
    const role = Array.isArray(roles) && roles.length ? str((roles[0] as Json)?.id, 'roleEntityRefs[0].id') ?? str((roles[0] as Json)?.name, 'roleEntityRefs[0].name') : undefined;
    return {
      name: str(b.username, 'username'), fullName: str(b.fullName, 'fullName'), description: str(b.description, 'description'),
      email: str(b.email, 'email'), isEnabled: bool(b.enabled, 'enabled'), password: str(b.password, 'password'), role,
    };
  };
  router.post(`${API}/users`, (req, res) => {
    requireAdminView(req);
    const org = contextOrg(sim, req);
    const input = userInputOf(body(req));
    // A role named rather than referenced: the org's role of that name.
    if (input.role && !input.role.startsWith('urn:')) input.role = rolesOfOrg(store, org).find((r) => r.name === input.role)?.id ?? input.role;
    sendJson(req, res, userModel(sim, createUser(sim, req.ctx, org, input)), 201);
  });
  router.put(`${API}/users/:urn`, (req, res) => {
    const user = visible(sim, req, 'user', param(req, 'urn'));
    sendJson(req, res, userModel(sim, updateUser(sim, req.ctx, user, userInputOf(body(req)))));
  });
  router.delete(`${API}/users/:urn`, (req, res) => {
    deleteUser(sim, req.ctx, visible(sim, req, 'user', param(req, 'urn')));
    res.status(204).end();
  });

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
  const globalModel = (r: Role) => ({ ...globalRoleModel(r), id: `urn:vcloud:globalRole:${r.id}` });
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

}
