/**
 * VDC group operations (CloudAPI vdcGroups), each a task as VCD runs them: a LOCAL NSX-T group of org VDCs
 * on one NSX-T manager, its first VDC of the group's org (a System administrator may add other orgs' VDCs).
 * A VDC leaves only when its VMs use none of the group's networks and no group gateway runs in it; a group
 * with networks or edge gateways is not deleted. Activating the distributed firewall is the provider's.
 */
import type { Actor, World } from '../../world.js';
import type { Task, Vdc, VdcGroup } from '../../store/types.js';
import { badRequest, busyEntity, duplicateName, forbidden } from '../../errors.js';
import { RIGHTS } from '../../store/roles.js';
import { canSeeOrg, requireRight, visible } from '../access.js';
import { startEntityTask } from '../task/ops.js';
import { groupNetworks } from './model.js';
import { defaultRule, removeGroupRules } from '../dfw/model.js';
import type { DfwInput, VdcGroupInput } from './params.js';

const MAX_VDCS = 16;

export function assertGroupIdle(sim: World, g: VdcGroup): void {
  const running = sim.tasks.activeFor(g.id);
  if (running.length) throw busyEntity(`The entity vdcGroup "${g.name}" is busy completing an operation ${running[0].operationName}.`);
}

/** The NSX-T manager behind a VDC (through its network pool), or undefined for a VDC without NSX-T. */
export function managerOfVdc(sim: World, vdc: Vdc): string | undefined {
  const pool = vdc.networkPoolId ? sim.store.get('networkPool', vdc.networkPoolId) : undefined;
  return pool?.nsxtManagerId;
}

/** VDCs that may join a group started from `start`: NSX-T VDCs of its manager (the actor's org only, unless provider). */
export function candidateVdcs(sim: World, actor: Actor, start: Vdc): Vdc[] {
  const mgr = managerOfVdc(sim, start);
  if (!mgr) return [];
  return [...sim.store.all('vdc')].filter((v) => canSeeOrg(actor, v.orgId) && (actor.isSysAdmin || v.orgId === start.orgId) && managerOfVdc(sim, v) === mgr);
}

function validName(sim: World, orgId: string, name: string | undefined, except?: string): string {
  const n = name?.trim();
  if (!n) throw badRequest('The VDC group name is required.');
  if (n.length > 128) throw badRequest('The VDC group name must be at most 128 characters.');
  if (sim.store.where('vdcGroup', 'orgId', orgId).some((g) => g.id !== except && g.name.toLowerCase() === n.toLowerCase())) {
    throw duplicateName(`A VDC group named "${n}" already exists in this organization.`);
  }
  return n;
}

/** The participating VDCs checked: visible, NSX-T, one manager, the first of the group's org, no repeats. */
function validVdcs(sim: World, actor: Actor, orgId: string, ids: string[] | undefined): Vdc[] {
  if (!ids?.length) throw badRequest('A VDC group needs at least one participating VDC (participatingOrgVdcs).');
  if (ids.length > MAX_VDCS) throw badRequest(`A VDC group has at most ${MAX_VDCS} participating VDCs, not ${ids.length}.`);
  const vdcs = ids.map((id) => visible(sim, actor, 'vdc', id));
  const seen = new Set<string>();
  for (const v of vdcs) {
    if (seen.has(v.id)) throw badRequest(`VDC "${v.name}" is named twice in participatingOrgVdcs.`);
    seen.add(v.id);
  }
  if (vdcs[0].orgId !== orgId) throw badRequest(`The first participating VDC ("${vdcs[0].name}") must belong to the VDC group's organization.`);
  const mgr = managerOfVdc(sim, vdcs[0]);
  if (!mgr) throw badRequest(`VDC "${vdcs[0].name}" is not backed by NSX-T (it has no network pool): it cannot join an NSX-T VDC group.`);
  for (const v of vdcs) {
    if (v.orgId !== orgId && !actor.isSysAdmin) throw forbidden(`VDC "${v.name}" belongs to another organization: only a system administrator may add it to a VDC group.`);
    if (managerOfVdc(sim, v) !== mgr) throw badRequest(`VDC "${v.name}" is not a candidate: its networks are not on the NSX-T manager of VDC "${vdcs[0].name}".`);
  }
  return vdcs;
}

function startGroupTask(sim: World, actor: Actor, g: VdcGroup, operationName: string, verb: string, action: Task['action']): Task {
  return startEntityTask(sim, actor, { kind: 'vdcGroup', noun: 'VDC Group' }, g, { operationName, verb, action });
}

/** POST /cloudapi/1.0.0/vdcGroups: stored at once (SAVING), realized by its task. */
export function createVdcGroup(sim: World, actor: Actor, input: VdcGroupInput): Task {
  requireRight(actor, RIGHTS.vdcGroupConfigure);
  if ((input.networkProviderType ?? 'NSX_V') !== 'NSX_T') throw badRequest('Only NSX_T VDC groups are supported here (networkProviderType NSX_T); NSX-V groups need NSX-V VDCs.');
  if (input.type !== undefined && input.type !== 'LOCAL') throw badRequest('An NSX_T VDC group is LOCAL: UNIVERSAL groups are NSX-V only.');
  if (input.universalNetworkingEnabled) throw badRequest('Universal networking is for NSX-V VDC groups.');
  // Without orgId, a tenant's group is its org's, a provider's that of its first VDC.
  const orgId = input.orgId ?? (actor.isSysAdmin && input.vdcIds?.length ? visible(sim, actor, 'vdc', input.vdcIds[0]).orgId : actor.org?.id);
  if (!orgId) throw badRequest('The VDC group\'s organization is required (orgId).');
  const org = visible(sim, actor, 'org', orgId);
  const name = validName(sim, org.id, input.name);
  const vdcs = validVdcs(sim, actor, org.id, input.vdcIds);
  const poolId = input.networkPoolId ?? vdcs[0].networkPoolId!;
  const pool = sim.store.get('networkPool', poolId);
  if (!pool || pool.nsxtManagerId !== managerOfVdc(sim, vdcs[0])) throw badRequest(`The network pool urn:vcloud:networkpool:${poolId} is not a network pool of the participating VDCs' NSX-T manager.`);
  const g: VdcGroup = {
    id: sim.store.newId(), orgId: org.id, name, description: input.description ?? '', vdcIds: vdcs.map((v) => v.id),
    networkPoolId: pool.id, dfwEnabled: false, created: sim.clock.iso(),
  };
  sim.store.insert('vdcGroup', g);
  return startGroupTask(sim, actor, g, 'vdcGroupCreate', 'Creating', { type: 'createVdcGroup', params: { id: g.id } });
}

/** Why a VDC may not leave the group now (its VMs on group networks, a group gateway in it), or undefined. */
export function leaveProblem(sim: World, g: VdcGroup, vdc: Vdc): string | undefined {
  const nets = new Set(groupNetworks(sim.store, g).map((n) => n.id));
  const vapps = sim.store.where('vApp', 'vdcId', vdc.id).filter((a) => a.networks.some((x) => x.networkId && nets.has(x.networkId)));
  if (vapps.length) return `VDC "${vdc.name}" cannot leave VDC group "${g.name}": its vApps use the group's networks (${vapps.slice(0, 5).map((a) => a.name).join(', ')}).`;
  const gws = sim.store.where('edgeGateway', 'vdcId', vdc.id).filter((gw) => gw.vdcGroupId === g.id);
  if (gws.length) return `VDC "${vdc.name}" cannot leave VDC group "${g.name}": the group's edge gateway "${gws[0].name}" runs in it.`;
  return undefined;
}

export type VdcGroupPatch = Partial<Pick<VdcGroup, 'name' | 'description' | 'vdcIds'>>;

/** PUT /cloudapi/1.0.0/vdcGroups/{id}: name, description and the participating VDCs. */
export function startUpdateVdcGroup(sim: World, actor: Actor, g: VdcGroup, input: VdcGroupInput): Task {
  requireRight(actor, RIGHTS.vdcGroupConfigure);
  assertGroupIdle(sim, g);
  if (input.orgId && input.orgId !== g.orgId) throw badRequest('A VDC group cannot move to another organization.');
  if (input.networkProviderType && input.networkProviderType !== 'NSX_T') throw badRequest('The network provider type of a VDC group cannot be changed.');
  if (input.type && input.type !== 'LOCAL') throw badRequest('The type of a VDC group cannot be changed.');
  const patch: VdcGroupPatch = { name: validName(sim, g.orgId, input.name ?? g.name, g.id) };
  if (input.description !== undefined) patch.description = input.description;
  if (input.vdcIds !== undefined) {
    const vdcs = validVdcs(sim, actor, g.orgId, input.vdcIds);
    if (managerOfVdc(sim, vdcs[0]) !== sim.store.get('networkPool', g.networkPoolId)?.nsxtManagerId) throw badRequest('The participating VDCs must stay on the NSX-T manager of the group\'s network pool.');
    for (const id of g.vdcIds.filter((x) => !vdcs.some((v) => v.id === x))) {
      const vdc = sim.store.get('vdc', id);
      const problem = vdc && leaveProblem(sim, g, vdc);
      if (problem) throw badRequest(problem);
    }
    patch.vdcIds = vdcs.map((v) => v.id);
  }
  return startGroupTask(sim, actor, g, 'vdcGroupUpdate', 'Updating', { type: 'updateVdcGroup', params: { id: g.id, patch } });
}

export function assertGroupEmpty(sim: World, g: VdcGroup): void {
  const nets = groupNetworks(sim.store, g);
  if (nets.length) throw badRequest(`VDC group "${g.name}" cannot be deleted: it has org VDC networks (${nets.slice(0, 5).map((n) => n.name).join(', ')}). Delete them first.`);
  const gws = sim.store.where('edgeGateway', 'orgId', g.orgId).filter((gw) => gw.vdcGroupId === g.id);
  if (gws.length) throw badRequest(`VDC group "${g.name}" cannot be deleted: edge gateway "${gws[0].name}" belongs to it. Move it to a VDC first.`);
}

/** DELETE /cloudapi/1.0.0/vdcGroups/{id}: refused while the group has networks or edge gateways. */
export function startDeleteVdcGroup(sim: World, actor: Actor, g: VdcGroup): Task {
  requireRight(actor, RIGHTS.vdcGroupConfigure);
  assertGroupIdle(sim, g);
  assertGroupEmpty(sim, g);
  return startGroupTask(sim, actor, g, 'vdcGroupDelete', 'Deleting', { type: 'deleteVdcGroup', params: { id: g.id } });
}

/** PUT …/dfwPolicies (and …/dfwPolicies/default): turning the DFW on or off is the provider's; a task. */
export function startUpdateDfw(sim: World, actor: Actor, g: VdcGroup, input: DfwInput): Task {
  assertGroupIdle(sim, g);
  const enabled = input.enabled ?? g.dfwEnabled;
  if (enabled !== g.dfwEnabled) requireRight(actor, RIGHTS.dfwEnable);
  else requireRight(actor, RIGHTS.vdcGroupConfigure);
  const current = g.defaultPolicy ?? { id: sim.store.newId(), name: `Default_VdcGroup_${g.name}`, enabled: true, version: 0 };
  const p = input.defaultPolicy;
  if (p && !enabled) throw badRequest(`The distributed firewall of VDC group "${g.name}" is not active: activate it before changing its default policy.`);
  const defaultPolicy = enabled
    ? { ...current, name: p?.name?.trim() || current.name, enabled: p?.enabled ?? current.enabled, version: current.version + (p || !g.dfwEnabled ? 1 : 0) }
    : g.defaultPolicy;
  return startGroupTask(sim, actor, g, 'vdcGroupDfwUpdate', 'Updating distributed firewall of', {
    type: 'updateVdcGroup', params: { id: g.id, patch: { dfwEnabled: enabled, defaultPolicy } },
  });
}

export function registerVdcGroupActions(sim: World): void {
  sim.tasks.register('createVdcGroup', {
    apply() { /* stored when the request was accepted */ },
    rollback: (params) => void sim.store.remove('vdcGroup', params.id as string),
  });
  sim.tasks.register('updateVdcGroup', {
    apply(params) {
      const { id, patch } = params as { id: string; patch: Partial<VdcGroup> };
      const g = sim.store.get('vdcGroup', id);
      if (!g) return;
      if (patch.vdcIds) {
        const staying = patch.vdcIds;
        for (const vid of g.vdcIds.filter((x) => !staying.includes(x))) {
          const vdc = sim.store.get('vdc', vid);
          const problem = vdc && leaveProblem(sim, g, vdc);
          if (problem) throw badRequest(problem);
        }
        // The group's networks stay the group's: those recorded in a VDC that left now sit in the first.
        for (const n of groupNetworks(sim.store, g)) if (!staying.includes(n.vdcId)) sim.store.update('network', n.id, { vdcId: staying[0] });
      }
      // The distributed firewall turned on starts with VCD's allow-all default rule; turned off, its rules go.
      if (patch.dfwEnabled !== undefined && patch.dfwEnabled !== g.dfwEnabled) {
        removeGroupRules(sim.store, g.id);
        if (patch.dfwEnabled) sim.store.insert('dfwRule', defaultRule(sim.store.newId(), g));
      }
      sim.store.update('vdcGroup', id, patch);
    },
  });
  sim.tasks.register('deleteVdcGroup', {
    apply(params) {
      const g = sim.store.get('vdcGroup', params.id as string);
      if (!g) return;
      assertGroupEmpty(sim, g);
      sim.store.remove('vdcGroup', g.id);
    },
  });
}

/**
 * A VDC about to be removed leaves its groups: the group networks recorded in it move to the group's next VDC;
 * a group left without VDCs goes, with its networks.
 */
export function dropVdcFromGroups(sim: World, vdcId: string): void {
  for (const g of [...sim.store.all('vdcGroup')].filter((x) => x.vdcIds.includes(vdcId))) {
    const rest = g.vdcIds.filter((id) => id !== vdcId);
    for (const n of groupNetworks(sim.store, g)) {
      if (!rest.length) sim.store.remove('network', n.id);
      else if (n.vdcId === vdcId) sim.store.update('network', n.id, { vdcId: rest[0] });
    }
    if (rest.length) sim.store.update('vdcGroup', g.id, { vdcIds: rest });
    else sim.store.remove('vdcGroup', g.id);
  }
}
