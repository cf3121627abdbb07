/**
 * CloudAPI VDC groups: `vdcGroups` (paged, FIQL), by URN, POST/PUT/DELETE as tasks (202, the task in
 * `Location`); `vdcGroups/networkingCandidateVdcs` (`_context==LOCAL;_context==<VDC or group URN>`);
 * `vdcGroups/{id}/dfwPolicies` and `…/dfwPolicies/default`. Tenants see their org's groups.
 */
import type { Request, Router } from 'express';
import type { World } from '../../world.js';
import { badRequest } from '../../errors.js';
import { RIGHTS } from '../../store/roles.js';
import { sendJson } from '../../wire/render.js';
import { canSeeOrg, param, requireRight, visible } from '../access.js';
import { sendPage } from '../cloudapi/paging.js';
import { queryDecode, rawParams } from '../query/params.js';
import { acceptedTask } from '../edgegateway/routes.js';
import { candidateVdcs, createVdcGroup, startDeleteVdcGroup, startUpdateDfw, startUpdateVdcGroup } from './ops.js';
import { defaultPolicyParams, dfwParams, vdcGroupParams } from './params.js';
import { CANDIDATE_FIELDS, VDC_GROUP_FIELDS, candidateVdcModel, defaultPolicyModel, dfwPoliciesModel, vdcGroupModel } from './view.js';

const API = '/cloudapi/1.0.0';

/** The `_context==…` terms of the filter, and the parameters without them. */
function contexts(req: Request): { values: string[]; params: Map<string, string> } {
  const params = rawParams(req);
  const filter = params.has('filter') ? queryDecode(params.get('filter')!) : '';
  const values: string[] = [];
  const rest: string[] = [];
  for (const part of filter.split(';').map((p) => p.trim()).filter(Boolean)) {
    const m = /^\(?\s*_context==([^)]*)\)?$/.exec(part);
    if (m) values.push(m[1].trim());
    else rest.push(part);
  }
  if (rest.length) params.set('filter', encodeURIComponent(rest.join(';')));
  else params.delete('filter');
  return { values, params };
}

export function vdcGroupRoutes(router: Router, sim: World): void {
  router.get(`${API}/vdcGroups`, (req, res) => {
    requireRight(req, RIGHTS.vdcGroupView);
    const groups = [...sim.store.all('vdcGroup')].filter((g) => canSeeOrg(req, g.orgId));
    sendPage(req, res, groups.map((g) => vdcGroupModel(sim, g)), { model: 'VdcGroups', fields: VDC_GROUP_FIELDS });
  });
  router.get(`${API}/vdcGroups/networkingCandidateVdcs`, (req, res) => {
    requireRight(req, RIGHTS.vdcGroupView);
    const { values, params } = contexts(req);
    const scope = values.find((v) => /^(LOCAL|UNIVERSAL)$/i.test(v));
    const start = values.find((v) => v !== scope);
    if (!start) throw badRequest('The filter must name the starting VDC or VDC group: _context==urn:vcloud:vdc:<id> (and _context==LOCAL).');
    if (scope && scope.toUpperCase() === 'UNIVERSAL') throw badRequest('UNIVERSAL VDC groups are NSX-V only.');
    const vdc = /^urn:vcloud:vdcGroup:/i.test(start)
      ? visible(sim, req, 'vdc', visible(sim, req, 'vdcGroup', start).vdcIds[0])
      : visible(sim, req, 'vdc', start);
    sendPage(req, res, candidateVdcs(sim, req.ctx, vdc).map((v) => candidateVdcModel(sim, v)), { model: 'CandidateVdcs', fields: CANDIDATE_FIELDS }, params);
  });
  router.post(`${API}/vdcGroups`, (req, res) => acceptedTask(req, res, createVdcGroup(sim, req.ctx, vdcGroupParams(req))));
  router.get(`${API}/vdcGroups/:urn`, (req, res) => {
    const g = visible(sim, req, 'vdcGroup', param(req, 'urn'));
    requireRight(req, RIGHTS.vdcGroupView);
    sendJson(req, res, vdcGroupModel(sim, g));
  });
  router.put(`${API}/vdcGroups/:urn`, (req, res) => {
    const g = visible(sim, req, 'vdcGroup', param(req, 'urn'));
    acceptedTask(req, res, startUpdateVdcGroup(sim, req.ctx, g, vdcGroupParams(req)));
  });
  router.delete(`${API}/vdcGroups/:urn`, (req, res) => {
    const g = visible(sim, req, 'vdcGroup', param(req, 'urn'));
    acceptedTask(req, res, startDeleteVdcGroup(sim, req.ctx, g));
  });
  router.get(`${API}/vdcGroups/:urn/dfwPolicies`, (req, res) => {
    const g = visible(sim, req, 'vdcGroup', param(req, 'urn'));
    requireRight(req, RIGHTS.dfwView);
    sendJson(req, res, dfwPoliciesModel(g));
  });
  router.put(`${API}/vdcGroups/:urn/dfwPolicies`, (req, res) => {
    const g = visible(sim, req, 'vdcGroup', param(req, 'urn'));
    acceptedTask(req, res, startUpdateDfw(sim, req.ctx, g, dfwParams(req)));
  });
  router.get(`${API}/vdcGroups/:urn/dfwPolicies/default`, (req, res) => {
    const g = visible(sim, req, 'vdcGroup', param(req, 'urn'));
    requireRight(req, RIGHTS.dfwView);
    const p = g.dfwEnabled ? defaultPolicyModel(g) : null;
    if (!p) throw badRequest(`The distributed firewall of VDC group "${g.name}" is not active: it has no default policy.`);
    sendJson(req, res, p);
  });
  router.put(`${API}/vdcGroups/:urn/dfwPolicies/default`, (req, res) => {
    const g = visible(sim, req, 'vdcGroup', param(req, 'urn'));
    acceptedTask(req, res, startUpdateDfw(sim, req.ctx, g, { enabled: g.dfwEnabled, defaultPolicy: defaultPolicyParams(req) }));
  });
}
