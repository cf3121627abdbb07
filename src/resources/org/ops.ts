/**
 * Org administration: create (System administrators), update the AdminOrg and its settings, enable and
 * disable, delete (a task; refused while the org holds VDCs, catalogs, networks or vApps unless
 * `force=true&recursive=true`).
 */
import type { Actor, World } from '../../world.js';
import type { EntityKind, Org, Task } from '../../store/types.js';
import { RIGHTS } from '../../store/roles.js';
import { badRequest, busyEntity, duplicateName, forbidden } from '../../errors.js';
import { requireRight } from '../access.js';
import { DEFAULT_SETTINGS, type SettingsPart } from './model.js';
import { applySettingsPart, type OrgInput } from './params.js';
import { isSystemOrg } from '../session/ops.js';
import { removeVdc } from '../vdc/ops.js';

export function requireSysAdmin(actor: Actor): void {
  if (!actor.isSysAdmin) throw forbidden('This operation is denied. Only System administrators manage organizations.');
}

/** Org names end the login (`user@org`) and appear in URLs: no blanks, no '@' or '/'. */
export function validOrgName(name: string | undefined): string {
  const n = name?.trim();
  if (!n) throw badRequest('The organization name is required.');
  if (n.length > 128) throw badRequest('The organization name must be at most 128 characters.');
  if (/[\s@/\\]/.test(n)) throw badRequest(`The organization name "${n}" may not contain blanks, '@', '/' or '\\'.`);
  return n;
}

function assertUniqueOrgName(sim: World, name: string, except?: string): void {
  if ([...sim.store.all('org')].some((o) => o.name.toLowerCase() === name.toLowerCase() && o.id !== except)) {
    throw duplicateName(`An organization with the name "${name}" already exists.`);
  }
}

export function createOrg(sim: World, actor: Actor, input: OrgInput): Org {
  requireSysAdmin(actor);
  const name = validOrgName(input.name);
  assertUniqueOrgName(sim, name);
  const fullName = input.fullName?.trim();
  if (!fullName) throw badRequest('The organization full name (FullName) is required.');
  return sim.store.insert('org', {
    id: sim.store.newId(),
    name,
    fullName,
    description: input.description ?? '',
    isEnabled: input.isEnabled ?? false,
    deployedVmQuota: input.deployedVmQuota ?? 0,
    storedVmQuota: input.storedVmQuota ?? 0,
    created: sim.clock.iso(sim.clock.now()),
    settings: input.settings ?? structuredClone(DEFAULT_SETTINGS),
  });
}

/** PUT of the AdminOrg: tenants' administrators edit their own org's properties, only the provider renames or disables it. */
export function updateOrg(sim: World, actor: Actor, org: Org, input: OrgInput): Org {
  requireRight(actor, RIGHTS.orgEdit);
  const patch: Partial<Org> = {};
  if (input.name !== undefined && input.name !== org.name) {
    requireSysAdmin(actor);
    if (isSystemOrg(org)) throw badRequest('The System organization cannot be renamed.');
    patch.name = validOrgName(input.name);
    assertUniqueOrgName(sim, patch.name, org.id);
  }
  if (input.fullName !== undefined) {
    if (!input.fullName) throw badRequest('The organization full name (FullName) may not be empty.');
    patch.fullName = input.fullName;
  }
  if (input.description !== undefined) patch.description = input.description;
  if (input.isEnabled !== undefined && input.isEnabled !== org.isEnabled) {
    requireSysAdmin(actor);
    if (isSystemOrg(org) && !input.isEnabled) throw badRequest('The System organization cannot be disabled.');
    patch.isEnabled = input.isEnabled;
  }
  if (input.deployedVmQuota !== org.deployedVmQuota || input.storedVmQuota !== org.storedVmQuota) requireRight(actor, RIGHTS.orgEditQuotas);
  patch.deployedVmQuota = input.deployedVmQuota;
  patch.storedVmQuota = input.storedVmQuota;
  if (input.settings) patch.settings = input.settings;
  return sim.store.update('org', org.id, patch);
}

const PART_RIGHT = {
  general: RIGHTS.orgEdit,
  vAppLeaseSettings: RIGHTS.orgEditLeases,
  vAppTemplateLeaseSettings: RIGHTS.orgEditLeases,
  passwordPolicy: RIGHTS.orgEditPasswordPolicy,
  email: RIGHTS.orgEditSmtp,
} as const;

export function updateSettingsPart(sim: World, actor: Actor, org: Org, part: SettingsPart, doc: Parameters<typeof applySettingsPart>[2]): Org {
  requireRight(actor, PART_RIGHT[part]);
  const next = applySettingsPart(org, part, doc);
  if (next.deployedVmQuota !== org.deployedVmQuota || next.storedVmQuota !== org.storedVmQuota) requireRight(actor, RIGHTS.orgEditQuotas);
  return sim.store.update('org', org.id, next);
}

export function setOrgEnabled(sim: World, actor: Actor, org: Org, enabled: boolean): Org {
  requireSysAdmin(actor);
  if (isSystemOrg(org) && !enabled) throw badRequest('The System organization cannot be disabled.');
  return sim.store.update('org', org.id, { isEnabled: enabled });
}

/** What an org holds that a plain delete refuses to take with it. */
const CONTENTS: [EntityKind & ('vdc' | 'catalog' | 'network' | 'vApp'), string][] = [
  ['vdc', 'VDCs'], ['catalog', 'catalogs'], ['network', 'networks'], ['vApp', 'vApps'],
];

export function startDeleteOrg(sim: World, actor: Actor, org: Org, force: boolean, recursive: boolean): Task {
  requireSysAdmin(actor);
  if (isSystemOrg(org)) throw badRequest('The System organization cannot be deleted.');
  if (org.isEnabled && !force) {
    throw badRequest(`The organization "${org.name}" is enabled. Disable it before deleting it.`);
  }
  if (!recursive) {
    const held = CONTENTS.map(([kind, what]) => [sim.store.where(kind, 'orgId', org.id).length, what] as const).filter(([n]) => n > 0);
    if (held.length) {
      throw badRequest(`The organization "${org.name}" cannot be deleted: it still holds ${held.map(([n, w]) => `${n} ${w}`).join(', ')}. Delete them first, or delete with recursive=true.`);
    }
  }
  if (sim.store.where('task', 'orgId', org.id).some((t) => sim.tasks.isActive(t))) {
    throw busyEntity(`The organization "${org.name}" is busy: tasks are running in it.`);
  }
  return sim.tasks.start({
    operationName: 'jobDelete',
    operation: `Deleting Organization ${org.name}(${org.id})`,
    orgId: actor.org!.id,
    userId: actor.user!.id,
    owner: { kind: 'org', id: org.id, name: org.name },
    action: { type: 'deleteOrg', params: { orgId: org.id } },
  });
}

/** Everything an org owns, children first, and then the org itself. */
const OWNED: EntityKind[] = ['session', 'vm', 'vApp', 'vAppTemplate', 'catalogItem', 'catalog', 'network', 'vdcGroup', 'storageProfile', 'vdc', 'group', 'user', 'role', 'task'];

export function removeOrg(sim: World, orgId: string): void {
  const { store } = sim;
  if (!store.get('org', orgId)) return;
  // Each VDC with all it holds (disks and media too), then what is left.
  for (const v of store.where('vdc', 'orgId', orgId)) removeVdc(sim, v.id);
  const catalogs = store.where('catalog', 'orgId', orgId).map((c) => c.id);
  const vdcs = store.where('vdc', 'orgId', orgId).map((v) => v.id);
  for (const kind of OWNED) {
    let ids: string[];
    if (kind === 'catalogItem') ids = catalogs.flatMap((c) => store.where('catalogItem', 'catalogId', c).map((i) => i.id));
    else if (kind === 'storageProfile') ids = vdcs.flatMap((v) => store.where('storageProfile', 'vdcId', v).map((p) => p.id));
    else if (kind === 'vAppTemplate') ids = [...store.all('vAppTemplate')].filter((t) => t.orgId === orgId).map((t) => t.id);
    else if (kind === 'session') ids = [...store.all('session')].filter((s) => s.orgId === orgId).map((s) => s.id);
    else if (kind === 'vm') ids = [...store.all('vm')].filter((v) => v.orgId === orgId).map((v) => v.id);
    else ids = store.where(kind as 'vdc', 'orgId', orgId).map((e) => e.id);
    for (const id of ids) store.remove(kind, id);
  }
  store.remove('org', orgId);
}
