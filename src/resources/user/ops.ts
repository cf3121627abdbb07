/**
 * Users and roles administration. Users belong to an org and hold one role the org offers; roles are
 * global (every org) or an org's own. Rights are read from the role on every request, so a role changed
 * here takes effect on its users' next request.
 */
import type { Actor, World } from '../../world.js';
import type { Org, Role, User } from '../../store/types.js';
import { RIGHTS, SYSTEM_ADMINISTRATOR } from '../../store/roles.js';
import { hashPassword } from '../../store/passwords.js';
import { badRequest, duplicateName, forbidden } from '../../errors.js';
import { requireRight } from '../access.js';
import { offeredRole, rolesOfOrg } from './model.js';

/** Shortest password VCD accepts for a local user. */
export const MIN_PASSWORD = 6;

export interface UserInput {
  name?: string;
  fullName?: string;
  description?: string;
  email?: string;
  isEnabled?: boolean;
  password?: string;
  /** The role's href, URN or id. */
  role?: string;
}

function validName(name: string | undefined, what: string): string {
  const n = name?.trim();
  if (!n) throw badRequest(`The ${what} name is required.`);
  if (n.length > 128) throw badRequest(`The ${what} name must be at most 128 characters.`);
  return n;
}

function validPassword(p: string): string {
  if (p.length < MIN_PASSWORD) throw badRequest(`The password must be at least ${MIN_PASSWORD} characters long.`);
  return p;
}

function assertUniqueUser(sim: World, org: Org, name: string, except?: string): void {
  if (sim.store.where('user', 'orgId', org.id).some((u) => u.name.toLowerCase() === name.toLowerCase() && u.id !== except)) {
    throw duplicateName(`A user with the name "${name}" already exists in the organization "${org.name}".`);
  }
}

export function createUser(sim: World, actor: Actor, org: Org, input: UserInput): User {
  requireRight(actor, RIGHTS.userManage);
  const name = validName(input.name, 'user');
  assertUniqueUser(sim, org, name);
  const role = offeredRole(sim.store, org, input.role, 'The user\'s role (Role) is required.');
  if (input.password === undefined || input.password === '') throw badRequest('A password is required for a local user.');
  return sim.store.insert('user', {
    id: sim.store.newId(),
    orgId: org.id,
    name,
    fullName: input.fullName ?? '',
    email: input.email ?? '',
    password: hashPassword(validPassword(input.password)),
    roleId: role.id,
    isEnabled: input.isEnabled ?? false,
    description: input.description ?? '',
  });
}

export function updateUser(sim: World, actor: Actor, user: User, input: UserInput): User {
  const self = user.id === actor.user!.id;
  const org = sim.store.get('org', user.orgId)!;
  // Users may change their own details and password; everything else takes the right to manage users.
  const managing = input.role !== undefined || input.isEnabled !== undefined || input.name !== undefined;
  if (!self || managing) requireRight(actor, RIGHTS.userManage);
  const patch: Partial<User> = {};
  if (input.name !== undefined && input.name.trim() !== user.name) {
    patch.name = validName(input.name, 'user');
    assertUniqueUser(sim, org, patch.name, user.id);
  }
  if (input.role !== undefined) {
    const role = offeredRole(sim.store, org, input.role, 'The user\'s role (Role) is required.');
    if (self && role.id !== user.roleId) throw badRequest('You cannot change your own role.');
    patch.roleId = role.id;
  }
  if (input.isEnabled !== undefined && input.isEnabled !== user.isEnabled) {
    if (self && !input.isEnabled) throw badRequest('You cannot disable your own account.');
    patch.isEnabled = input.isEnabled;
  }
  if (input.fullName !== undefined) patch.fullName = input.fullName;
  if (input.description !== undefined) patch.description = input.description;
  if (input.email !== undefined) patch.email = input.email;
  if (input.password !== undefined && input.password !== '') patch.password = hashPassword(validPassword(input.password));
  const next = sim.store.update('user', user.id, patch);
  // A disabled user's sessions end with it.
  if (patch.isEnabled === false) endSessions(sim, user.id);
  return next;
}

export function unlockUser(sim: World, actor: Actor, user: User): User {
  requireRight(actor, RIGHTS.userManage);
  return sim.store.update('user', user.id, { isLocked: false, failedLogins: 0 });
}

function endSessions(sim: World, userId: string): void {
  for (const s of sim.store.where('session', 'userId', userId)) sim.store.remove('session', s.id);
}

export function deleteUser(sim: World, actor: Actor, user: User): void {
  requireRight(actor, RIGHTS.userManage);
  if (user.id === actor.user!.id) throw badRequest('You cannot delete your own account.');
  const owned = [
    ...sim.store.where('vApp', 'orgId', user.orgId).filter((a) => a.ownerId === user.id).map(() => 'vApp'),
    ...sim.store.where('catalog', 'orgId', user.orgId).filter((c) => c.ownerId === user.id).map(() => 'catalog'),
  ];
  if (owned.length) {
    throw badRequest(`The user "${user.name}" owns ${owned.length} object(s) (vApps, catalogs). Change their owner before deleting the user.`);
  }
  endSessions(sim, user.id);
  sim.store.remove('user', user.id);
}

// ---- roles ----

export interface RoleInput {
  name?: string;
  description?: string;
  /** Right names, already resolved (user/rights.ts). */
  rights?: string[];
}

/** Changing a role takes the right to manage roles; global roles are the provider's. */
function requireRoleManage(actor: Actor, role?: Role): void {
  requireRight(actor, RIGHTS.roleManage);
  if (role && role.orgId === undefined && !actor.isSysAdmin) {
    throw forbidden(`This operation is denied. The role "${role.name}" is a global role: only System administrators change it.`);
  }
  if (role && role.name === SYSTEM_ADMINISTRATOR && role.orgId === undefined) {
    throw badRequest(`The role "${role.name}" is read-only.`);
  }
}

/** Role names are unique among the roles an org offers (global roles and its own), or among global roles and every org's. */
function assertUniqueRole(sim: World, org: Org | undefined, name: string, except?: string): void {
  const clash = (r: Role) => r.id !== except && r.name.toLowerCase() === name.toLowerCase();
  const pool = org ? [...rolesOfOrg(sim.store, org), ...[...sim.store.all('role')].filter((r) => r.orgId === undefined)] : [...sim.store.all('role')];
  if (pool.some(clash)) throw duplicateName(`A role with the name "${name}" already exists${org ? ` in the organization "${org.name}"` : ''}.`);
}

/** A tenant role in `org`, or a global role when `org` is undefined (System administrators only). */
export function createRole(sim: World, actor: Actor, org: Org | undefined, input: RoleInput): Role {
  requireRoleManage(actor);
  if (!org && !actor.isSysAdmin) throw forbidden('This operation is denied. Only System administrators create global roles.');
  const name = validName(input.name, 'role');
  assertUniqueRole(sim, org, name);
  return sim.store.insert('role', {
    id: sim.store.newId(),
    name,
    description: input.description ?? '',
    rights: input.rights ?? [],
    ...(org ? { orgId: org.id } : {}),
  });
}

export function updateRole(sim: World, actor: Actor, role: Role, input: RoleInput): Role {
  requireRoleManage(actor, role);
  const patch: Partial<Role> = {};
  if (input.name !== undefined && input.name.trim() !== role.name) {
    patch.name = validName(input.name, 'role');
    assertUniqueRole(sim, role.orgId ? sim.store.get('org', role.orgId) : undefined, patch.name, role.id);
  }
  if (input.description !== undefined) patch.description = input.description;
  if (input.rights !== undefined) patch.rights = input.rights;
  return sim.store.update('role', role.id, patch);
}

export function deleteRole(sim: World, actor: Actor, role: Role): void {
  requireRoleManage(actor, role);
  const users = [...sim.store.all('user')].filter((u) => u.roleId === role.id).length;
  if (users) throw badRequest(`The role "${role.name}" is in use by ${users} user(s) and cannot be deleted.`);
  const groups = [...sim.store.all('group')].filter((g) => g.roleId === role.id).length;
  if (groups) throw badRequest(`The role "${role.name}" is in use by ${groups} group(s) and cannot be deleted.`);
  sim.store.remove('role', role.id);
}
