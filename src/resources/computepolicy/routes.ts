/**
 * VDC compute policies: CloudAPI `vdcComputePolicies` (1.0.0 and 2.0.0: the same policies, the 2.0.0 model
 * with its policy type) created, edited and deleted by System administrators and read by tenants whose
 * VDCs have them; a VDC's assigned policies (CloudAPI `vdcs/{urn}/computePolicies`, legacy
 * `/api/admin/vdc/{id}/computePolicies`, which System administrators replace as a whole).
 */
import type { Request, Router } from 'express';
import type { World } from '../../world.js';
import type { ComputePolicy, Vdc } from '../../store/types.js';
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
import { COMPUTE_POLICY_REFS, POLICY_FIELDS, assignedTo, policyInput, policyModel, vdcsWith } from './model.js';

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
      sendPage(req, res, policies.map((p) => policyModel(p, v2)), { model: 'VdcComputePolicies', fields: POLICY_FIELDS });
    });
    router.get(`${api}/vdcComputePolicies/:urn`, (req, res) => sendJson(req, res, policyModel(policyOf(req), v2)));
    router.post(`${api}/vdcComputePolicies`, (req, res) => {
      requireProvider(req);
      const input = policyInput(req.body);
      assertUnique(input.name);
      const p = store.insert('computePolicy', { id: store.newId(), ...input });
      res.setHeader('Location', `${req.ctx.base}${api}/vdcComputePolicies/${urn('computePolicy', p.id)}`);
      sendJson(req, res, policyModel(p, v2), 201);
    });
    router.put(`${api}/vdcComputePolicies/:urn`, (req, res) => {
      requireProvider(req);
      const p = visible(sim, req, 'computePolicy', param(req, 'urn'));
      const input = policyInput(req.body);
      assertUnique(input.name, p.id);
      if (p.isSystemDefault && input.name !== p.name) throw badRequest('The System Default compute policy cannot be renamed.');
      // VMs keep the CPU and memory they were sized with; new VMs and reconfigurations take the new figures.
      sendJson(req, res, policyModel(store.update('computePolicy', p.id, { ...input, isSystemDefault: p.isSystemDefault }), v2));
    });
    router.delete(`${api}/vdcComputePolicies/:urn`, (req, res) => {
      requireProvider(req);
      const p = visible(sim, req, 'computePolicy', param(req, 'urn'));
      if (p.isSystemDefault) throw badRequest('The System Default compute policy cannot be deleted.');
      const vdcs = vdcsWith(sim, p.id);
      if (vdcs.length) throw badRequest(`The VDC compute policy "${p.name}" is assigned to ${vdcs.length} VDC(s) (${vdcs.map((v) => v.name).join(', ')}). Unassign it first.`);
      const vms = [...store.all('vm')].filter((v) => v.sizingPolicyId === p.id).length;
      if (vms) throw badRequest(`The VDC compute policy "${p.name}" is in use by ${vms} VM(s).`);
      store.remove('computePolicy', p.id);
      res.status(204).end();
    });
    router.get(`${api}/vdcs/:urn/computePolicies`, (req, res) => {
      const vdc = visible(sim, req, 'vdc', param(req, 'urn'));
      if (!req.ctx.isSysAdmin && !hasRight(req, RIGHTS.computePolicyView)) throw forbidden(`This operation is denied. The right "${RIGHTS.computePolicyView}" is required.`);
      const policies = assignedTo(vdc).map((id) => store.get('computePolicy', id)).filter((p): p is ComputePolicy => p !== undefined);
      sendPage(req, res, policies.map((p) => policyModel(p, v2)), { model: 'VdcComputePolicies', fields: POLICY_FIELDS });
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
      if (!id || !store.get('computePolicy', id)) throw badRequest(`The VDC compute policy ${given ?? '(no href)'} does not exist.`);
      if (!ids.includes(id)) ids.push(id);
    }
    if (vdc.defaultComputePolicyId && !ids.includes(vdc.defaultComputePolicyId)) {
      const name = store.get('computePolicy', vdc.defaultComputePolicyId)?.name;
      throw badRequest(`The default compute policy "${name}" of VDC "${vdc.name}" cannot be unassigned; make another policy the default first.`);
    }
    const inUse = store.where('vm', 'vdcId', vdc.id).find((v) => v.sizingPolicyId && !ids.includes(v.sizingPolicyId));
    if (inUse) {
      const name = store.get('computePolicy', inUse.sizingPolicyId!)?.name;
      throw badRequest(`The VDC compute policy "${name}" is in use by VM "${inUse.name}" of VDC "${vdc.name}" and cannot be unassigned.`);
    }
    sendDoc(req, res, policyRefsView(sim, req.ctx.base, store.update('vdc', vdc.id, { computePolicyIds: ids })));
  });
}
