/**
 * VDC compute policies: CloudAPI `vdcComputePolicies` (1.0.0 and 2.0.0: the same policies, the 2.0.0 model
 * with its policy type) created, edited and deleted by System administrators and read by tenants whose
 * VDCs have them; a VDC's assigned policies (CloudAPI `vdcs/{urn}/computePolicies`, legacy
 * `/api/admin/vdc/{id}/computePolicies`, which System administrators replace as a whole).
 */
import type { Request, Router } from 'express';
import type { World } from '../../world.js';
import type { ComputePolicy, LogicalVmGroup, Vdc } from '../../store/types.js';
import { badRequest, duplicateName, forbidden, noAccess } from '../../errors.js';
import { sendDoc, sendJson } from '../../wire/render.js';
import { readBody } from '../../wire/body.js';
import { attr, children } from '../../wire/xml.js';
import { link, ref, uuidOf } from '../../wire/links.js';
import { adminHrefOf, hrefOf, urn } from '../links.js';
import { hasRight, param, requireAdminView, visible } from '../access.js';
import { RIGHTS } from '../../store/roles.js';
import { sendPage } from '../cloudapi/paging.js';
import { MT } from '../../wire/media.js';
import { COMPUTE_POLICY_REFS, POLICY_FIELDS, assignedTo, isPlacement, placementInput, placesIn, policyInput, policyModel, providerVdcsOfGroup, vdcsWith } from './model.js';
import { jsonBody, list, refId, str } from '../cloudapi/json.js';

const VERSIONS = [['/cloudapi/1.0.0', false], ['/cloudapi/2.0.0', true]] as const;

function requireProvider(req: Request): void {
  if (!req.ctx.isSysAdmin) throw forbidden('This operation is denied. Only System administrators manage VDC compute policies.');
}

/** The policies a caller may read: all for System administrators, else those of their org's VDCs. */
function readable(sim: World, req: Request): Set<string> | undefined {
  if (req.ctx.isSysAdmin) return undefined;
  if (!hasRight(req, RIGHTS.computePolicyView)) throw forbidden(`This operation is denied. The right "${RIGHTS.computePolicyView}" is required.`);
  return new Set(sim.store.where('vdc', 'orgId', req.ctx.org!.id).flatMap(assignedTo));
}

export function policyRefsView(sim: World, base: string, vdc: Vdc) {
  const href = `${adminHrefOf(base, 'vdc', vdc.id)}/computePolicies`;
  return {
    root: 'VdcComputePolicyReferences',
    type: COMPUTE_POLICY_REFS,
    body: {
      '@_href': href,
      '@_type': COMPUTE_POLICY_REFS,
      Link: [link('up', adminHrefOf(base, 'vdc', vdc.id), MT.adminVdc), link('edit', href, COMPUTE_POLICY_REFS)],
      VdcComputePolicyReference: assignedTo(vdc)
        .map((id) => sim.store.get('computePolicy', id))
        .filter((p): p is ComputePolicy => p !== undefined)
        .map((p) => ref(hrefOf(base, 'computePolicy', p.id), 'application/json', p.name, urn('computePolicy', p.id))),
    },
  };
}

export function computePolicyRoutes(router: Router, sim: World): void {
  const { store } = sim;

  const policyOf = (req: Request): ComputePolicy => {
    const p = visible(sim, req, 'computePolicy', param(req, 'urn'));
    const allowed = readable(sim, req);
    if (allowed && !allowed.has(p.id)) throw noAccess('vdcComputePolicy', p.id);
    return p;
  };
  const assertUnique = (name: string, except?: string) => {
    if ([...store.all('computePolicy')].some((p) => p.name.toLowerCase() === name.toLowerCase() && p.id !== except)) {
      throw duplicateName(`A VDC compute policy with the name "${name}" already exists.`);
    }
  };

  for (const [api, v2] of VERSIONS) {
    router.get(`${api}/vdcComputePolicies`, (req, res) => {
      const allowed = readable(sim, req);
      const policies = [...store.all('computePolicy')].filter((p) => !allowed || allowed.has(p.id));
      sendPage(req, res, policies.map((p) => policyModel(sim, p, v2)), { model: 'VdcComputePolicies', fields: POLICY_FIELDS });
    });
    router.get(`${api}/vdcComputePolicies/:urn`, (req, res) => sendJson(req, res, policyModel(sim, policyOf(req), v2)));
    router.post(`${api}/vdcComputePolicies`, (req, res) => {
      requireProvider(req);
      const input = policyInput(req.body);
      const placement = placementInput(sim, req.body);
      assertUnique(input.name);
      const p = store.insert('computePolicy', { id: store.newId(), ...input, ...(placement ? { placement } : {}) });
      res.setHeader('Location', `${req.ctx.base}${api}/vdcComputePolicies/${urn('computePolicy', p.id)}`);
      sendJson(req, res, policyModel(sim, p, v2), 201);
    });
    router.put(`${api}/vdcComputePolicies/:urn`, (req, res) => {
      requireProvider(req);
      const p = visible(sim, req, 'computePolicy', param(req, 'urn'));
      const input = policyInput(req.body);
      const placement = placementInput(sim, req.body);
      assertUnique(input.name, p.id);
      if (p.isSystemDefault && input.name !== p.name) throw badRequest('The System Default compute policy cannot be renamed.');
      if (isPlacement(p) !== Boolean(placement)) throw badRequest(`The VDC compute policy "${p.name}" cannot change between sizing and VM placement.`);
      // VMs keep the CPU and memory they were sized with; new VMs and reconfigurations take the new figures.
      sendJson(req, res, policyModel(sim, store.update('computePolicy', p.id, { ...input, isSystemDefault: p.isSystemDefault, placement }), v2));
    });
    router.delete(`${api}/vdcComputePolicies/:urn`, (req, res) => {
      requireProvider(req);
      const p = visible(sim, req, 'computePolicy', param(req, 'urn'));
      if (p.isSystemDefault) throw badRequest('The System Default compute policy cannot be deleted.');
      const vdcs = vdcsWith(sim, p.id);
      if (vdcs.length) throw badRequest(`The VDC compute policy "${p.name}" is assigned to ${vdcs.length} VDC(s) (${vdcs.map((v) => v.name).join(', ')}). Unassign it first.`);
      const vms = [...store.all('vm')].filter((v) => v.sizingPolicyId === p.id || v.placementPolicyId === p.id).length;
      if (vms) throw badRequest(`The VDC compute policy "${p.name}" is in use by ${vms} VM(s).`);
      store.remove('computePolicy', p.id);
      res.status(204).end();
    });
    router.get(`${api}/vdcs/:urn/computePolicies`, (req, res) => {
      const vdc = visible(sim, req, 'vdc', param(req, 'urn'));
      if (!req.ctx.isSysAdmin && !hasRight(req, RIGHTS.computePolicyView)) throw forbidden(`This operation is denied. The right "${RIGHTS.computePolicyView}" is required.`);
      const policies = assignedTo(vdc).map((id) => store.get('computePolicy', id)).filter((p): p is ComputePolicy => p !== undefined);
      sendPage(req, res, policies.map((p) => policyModel(sim, p, v2)), { model: 'VdcComputePolicies', fields: POLICY_FIELDS });
    });
  }

  // Legacy: the VDC's assigned policies, replaced as a whole by System administrators.
  const adminVdcOf = (req: Request) => {
    requireAdminView(req);
    return visible(sim, req, 'vdc', param(req, 'id'));
  };
  router.get('/api/admin/vdc/:id/computePolicies', (req, res) => sendDoc(req, res, policyRefsView(sim, req.ctx.base, adminVdcOf(req))));
  router.put('/api/admin/vdc/:id/computePolicies', (req, res) => {
    const vdc = adminVdcOf(req);
    requireProvider(req);
    const body = readBody(req, 'VdcComputePolicyReferences');
    const ids: string[] = [];
    for (const r of children(body.doc, 'VdcComputePolicyReference')) {
      const given = attr(r, 'id') ?? attr(r, 'href');
      const id = uuidOf(given);
      const p = id ? store.get('computePolicy', id) : undefined;
      if (!p) throw badRequest(`The VDC compute policy ${given ?? '(no href)'} does not exist.`);
      if (!placesIn(p, vdc)) throw badRequest(`The VM placement policy "${p.name}" has no VM groups in provider VDC of VDC "${vdc.name}".`);
      if (!ids.includes(p.id)) ids.push(p.id);
    }
    if (vdc.defaultComputePolicyId && !ids.includes(vdc.defaultComputePolicyId)) {
      const name = store.get('computePolicy', vdc.defaultComputePolicyId)?.name;
      throw badRequest(`The default compute policy "${name}" of VDC "${vdc.name}" cannot be unassigned; make another policy the default first.`);
    }
    const unassigned = (id: string | undefined) => Boolean(id) && !ids.includes(id!);
    const inUse = store.where('vm', 'vdcId', vdc.id).find((v) => unassigned(v.sizingPolicyId) || unassigned(v.placementPolicyId));
    if (inUse) {
      const name = store.get('computePolicy', unassigned(inUse.sizingPolicyId) ? inUse.sizingPolicyId! : inUse.placementPolicyId!)?.name;
      throw badRequest(`The VDC compute policy "${name}" is in use by VM "${inUse.name}" of VDC "${vdc.name}" and cannot be unassigned.`);
    }
    sendDoc(req, res, policyRefsView(sim, req.ctx.base, store.update('vdc', vdc.id, { computePolicyIds: ids })));
  });
}

/** A logical VM group as CloudAPI 1.0.0 shows it (go-vcloud-director's types.LogicalVmGroup). */
function logicalModel(sim: World, g: LogicalVmGroup): Record<string, unknown> {
  return {
    id: urn('logicalVmGroup', g.id),
    name: g.name,
    description: g.description || null,
    namedVmGroupReferences: g.vmGroupIds.map((id) => ({ id: urn('vmGroup', id), name: sim.store.get('vmGroup', id)?.name ?? null })),
    pvdcId: urn('providerVdc', g.providerVdcId),
  };
}

/**
 * Logical VM groups (CloudAPI 1.0.0 `logicalVmGroups`, System administrators only: go-vcloud-director's
 * CreateLogicalVmGroup, GetLogicalVmGroupById, Delete) and the provider's vGPU profiles (`vgpuProfiles`: none,
 * the simulated hosts have no GPUs).
 */
export function logicalVmGroupRoutes(router: Router, sim: World): void {
  const { store } = sim;
  const groupOf = (req: Request) => {
    requireProvider(req);
    return visible(sim, req, 'logicalVmGroup', param(req, 'urn'));
  };
  const input = (req: Request, except?: string): Omit<LogicalVmGroup, 'id'> => {
    const b = jsonBody(req);
    const name = str(b.name, 'name')?.trim();
    if (!name) throw badRequest('The logical VM group name is required.');
    if ([...store.all('logicalVmGroup')].some((g) => g.name.toLowerCase() === name.toLowerCase() && g.id !== except)) {
      throw duplicateName(`A logical VM group with the name "${name}" already exists.`);
    }
    const pvdcGiven = str(b.pvdcId, 'pvdcId');
    const pvdc = pvdcGiven ? store.get('providerVdc', uuidOf(pvdcGiven) ?? '') : undefined;
    if (!pvdc) throw badRequest(`The provider VDC ${pvdcGiven ?? '(pvdcId is required)'} does not exist.`);
    const vmGroupIds: string[] = [];
    list(b.namedVmGroupReferences, 'namedVmGroupReferences').forEach((r, i) => {
      const given = refId(r, `namedVmGroupReferences[${i}]`);
      const g = given ? store.get('vmGroup', uuidOf(given) ?? '') : undefined;
      if (!g) throw badRequest(`The named VM group ${given ?? '(no id)'} does not exist.`);
      if (!providerVdcsOfGroup(sim, g.id).includes(pvdc.id)) throw badRequest(`The named VM group "${g.name}" is not in a cluster of provider VDC "${pvdc.name}".`);
      if (!vmGroupIds.includes(g.id)) vmGroupIds.push(g.id);
    });
    if (!vmGroupIds.length) throw badRequest('A logical VM group needs at least one named VM group (namedVmGroupReferences).');
    return { name, description: str(b.description, 'description') ?? '', providerVdcId: pvdc.id, vmGroupIds };
  };
  const usedBy = (g: LogicalVmGroup) => [...store.all('computePolicy')].filter((p) => (p.placement ?? []).some((m) => m.logicalVmGroupIds.includes(g.id)));

  router.get('/cloudapi/1.0.0/logicalVmGroups', (req, res) => {
    requireProvider(req);
    sendPage(req, res, [...store.all('logicalVmGroup')].map((g) => logicalModel(sim, g)), { model: 'LogicalVmGroups', fields: { id: 'string', name: 'string', pvdcId: 'string' } });
  });
  router.get('/cloudapi/1.0.0/logicalVmGroups/:urn', (req, res) => sendJson(req, res, logicalModel(sim, groupOf(req))));
  router.post('/cloudapi/1.0.0/logicalVmGroups', (req, res) => {
    requireProvider(req);
    const g = store.insert('logicalVmGroup', { id: store.newId(), ...input(req) });
    res.setHeader('Location', `${req.ctx.base}/cloudapi/1.0.0/logicalVmGroups/${urn('logicalVmGroup', g.id)}`);
    sendJson(req, res, logicalModel(sim, g), 201);
  });
  router.put('/cloudapi/1.0.0/logicalVmGroups/:urn', (req, res) => {
    const g = groupOf(req);
    const next = input(req, g.id);
    if (next.providerVdcId !== g.providerVdcId && usedBy(g).length) throw badRequest(`The logical VM group "${g.name}" is used by a VM placement policy: its provider VDC cannot change.`);
    sendJson(req, res, logicalModel(sim, store.update('logicalVmGroup', g.id, next)));
  });
  router.delete('/cloudapi/1.0.0/logicalVmGroups/:urn', (req, res) => {
    const g = groupOf(req);
    const users = usedBy(g);
    if (users.length) throw badRequest(`The logical VM group "${g.name}" is used by VM placement policies (${users.map((p) => p.name).join(', ')}).`);
    store.remove('logicalVmGroup', g.id);
    res.status(204).end();
  });
  router.get('/cloudapi/1.0.0/vgpuProfiles', (req, res) => {
    requireProvider(req);
    sendPage(req, res, [], { model: 'VgpuProfiles', fields: { id: 'string', name: 'string', tenantFacingName: 'string' } });
  });
}
