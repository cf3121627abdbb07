/**
 * Groups administration, as VCD does it: a group is imported into an org from its identity provider
 * (INTEGRATED: the org's LDAP directory, which must hold it; SAML and OAuth groups by name, their members
 * known from the assertions users log in with), given one of the org's roles; only the role and the
 * description change afterwards.
 */
import type { Actor, World } from '../../world.js';
import type { Group, GroupProviderType, Org } from '../../store/types.js';
import { RIGHTS } from '../../store/roles.js';
import { badRequest, duplicateName, forbidden } from '../../errors.js';
import { requireRight } from '../access.js';
import { offeredRole } from '../user/model.js';
import { PROVIDER_TYPES, type GroupInput } from './params.js';

function providerType(v: string | undefined): GroupProviderType {
  const t = v?.trim().toUpperCase();
  if (!t || !(PROVIDER_TYPES as readonly string[]).includes(t)) {
    throw badRequest(`The group's ProviderType must be one of ${PROVIDER_TYPES.join(', ')}, got "${v ?? ''}".`);
  }
  return t as GroupProviderType;
}

export function createGroup(sim: World, actor: Actor, org: Org, input: GroupInput): Group {
  requireRight(actor, RIGHTS.userManage);
  const name = input.name?.trim();
  if (!name) throw badRequest('The group name is required.');
  if (name.length > 128) throw badRequest('The group name must be at most 128 characters.');
  const type = providerType(input.providerType);
  const role = offeredRole(sim.store, org, input.role, 'The group\'s role (Role@href) is required.');
  if (sim.store.where('group', 'orgId', org.id).some((g) => g.name.toLowerCase() === name.toLowerCase())) {
    throw duplicateName(`A group with the name "${name}" already exists in the organization "${org.name}".`);
  }
  let memberIds: string[] = [];
  if (type === 'INTEGRATED') {
    if (!org.directory) throw forbidden(`The organization "${org.name}" is not configured for LDAP: it has no groups to import.`);
    const entry = org.directory.find((d) => d.name.toLowerCase() === name.toLowerCase());
    if (!entry) throw badRequest(`The group "${name}" was not found in the LDAP directory of the organization "${org.name}".`);
    memberIds = entry.memberIds.filter((id) => sim.store.get('user', id));
  }
  return sim.store.insert('group', {
    id: sim.store.newId(), orgId: org.id, name, description: input.description ?? '', providerType: type, roleId: role.id, memberIds,
  });
}

export function updateGroup(sim: World, actor: Actor, group: Group, input: GroupInput): Group {
  requireRight(actor, RIGHTS.userManage);
  const org = sim.store.get('org', group.orgId)!;
  if (input.name !== undefined && input.name.trim() !== group.name) throw badRequest(`The name of the group "${group.name}" cannot be changed.`);
  if (input.providerType !== undefined && providerType(input.providerType) !== group.providerType) {
    throw badRequest(`The provider type of the group "${group.name}" cannot be changed.`);
  }
  const patch: Partial<Group> = {};
  if (input.role !== undefined) patch.roleId = offeredRole(sim.store, org, input.role, 'The group\'s role (Role@href) is required.').id;
  if (input.description !== undefined) patch.description = input.description;
  return sim.store.update('group', group.id, patch);
}

/** Members keep their own role; the ACL entries naming the group stop applying with it. */
export function deleteGroup(sim: World, actor: Actor, group: Group): void {
  requireRight(actor, RIGHTS.userManage);
  sim.store.remove('group', group.id);
}
