/** CloudAPI users: the User model with VCD's property names; list, read, create, update and delete. */
import type { Router } from 'express';
import type { World } from '../../world.js';
import type { User } from '../../store/types.js';
import { RIGHTS } from '../../store/roles.js';
import { sendJson } from '../../wire/render.js';
import { canSeeOrg, param, requireAdminView, requireRight, visible } from '../access.js';
import { urn } from '../links.js';
import { queryRows } from '../query/rows.js';
import { CLOUDAPI, contextOrg, entityRef } from '../cloudapi/context.js';
import { bool, jsonBody as body, str, type Json } from '../cloudapi/json.js';
import { sendPage, type Model } from '../cloudapi/paging.js';
import { createUser, deleteUser, updateUser, type UserInput } from './ops.js';
import { rolesOfOrg } from './model.js';

export function userModel(sim: World, u: User): Model {
  const org = sim.store.get('org', u.orgId);
  const role = sim.store.get('role', u.roleId);
  const counts = queryRows(sim.store).rows('user').get(u.id)?.v ?? {};
  return {
    username: u.name,
    fullName: u.fullName,
    description: '',
    id: urn('user', u.id),
    roleEntityRefs: role ? [entityRef(role.name, urn('role', role.id))] : [],
    orgEntityRef: entityRef(org?.name, urn('org', u.orgId)),
    password: null,
    email: u.email,
    nameInSource: u.name,
    enabled: u.isEnabled,
    isGroupRole: false,
    providerType: 'LOCAL',
    locked: false,
    stranded: false,
    deployedVmCount: counts.numberOfDeployedVMs ?? 0,
    storedVmCount: counts.numberOfStoredVMs ?? 0,
    deployedVmQuota: 0,
    storedVmQuota: 0,
  };
}

const USER_FIELDS = {
  id: 'ref', username: 'string', fullName: 'string', description: 'string', email: 'string', nameInSource: 'string',
  enabled: 'boolean', isGroupRole: 'boolean', providerType: 'string', locked: 'boolean', stranded: 'boolean',
  'orgEntityRef.name': 'string', 'orgEntityRef.id': 'ref', deployedVmCount: 'number', storedVmCount: 'number',
} as const;

const userInputOf = (b: Json): UserInput => {
  const roles = b.roleEntityRefs;
  const role = Array.isArray(roles) && roles.length ? str((roles[0] as Json)?.id, 'roleEntityRefs[0].id') ?? str((roles[0] as Json)?.name, 'roleEntityRefs[0].name') : undefined;
  return {
    name: str(b.username, 'username'), fullName: str(b.fullName, 'fullName'), description: str(b.description, 'description'),
    email: str(b.email, 'email'), isEnabled: bool(b.enabled, 'enabled'), password: str(b.password, 'password'), role,
  };
};

export function userCloudRoutes(router: Router, sim: World): void {
  router.get(`${CLOUDAPI}/users`, (req, res) => {
    requireRight(req, RIGHTS.userView);
    const users = [...sim.store.all('user')].filter((u) => canSeeOrg(req, u.orgId));
    sendPage(req, res, users.map((u) => userModel(sim, u)), { model: 'Users', fields: USER_FIELDS });
  });
  router.get(`${CLOUDAPI}/users/:urn`, (req, res) => {
    const user = visible(sim, req, 'user', param(req, 'urn'));
    // Anyone may read their own user; reading others takes the right to view users.
    if (user.id !== req.ctx.user!.id) requireRight(req, RIGHTS.userView);
    sendJson(req, res, userModel(sim, user));
  });
  router.post(`${CLOUDAPI}/users`, (req, res) => {
    requireAdminView(req);
    const org = contextOrg(sim, req);
    const input = userInputOf(body(req));
    // A role named rather than referenced: the org's role of that name.
    if (input.role && !input.role.startsWith('urn:')) input.role = rolesOfOrg(sim.store, org).find((r) => r.name === input.role)?.id ?? input.role;
    sendJson(req, res, userModel(sim, createUser(sim, req.ctx, org, input)), 201);
  });
  router.put(`${CLOUDAPI}/users/:urn`, (req, res) => {
    const user = visible(sim, req, 'user', param(req, 'urn'));
    sendJson(req, res, userModel(sim, updateUser(sim, req.ctx, user, userInputOf(body(req)))));
  });
  router.delete(`${CLOUDAPI}/users/:urn`, (req, res) => {
    deleteUser(sim, req.ctx, visible(sim, req, 'user', param(req, 'urn')));
    res.status(204).end();
  });
}
