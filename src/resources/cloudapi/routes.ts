/**
 * The JSON CloudAPI read side: orgs, VDCs, org VDC networks, users and rights, each as a paged list and by
 * URN (roles and the administration writes: cloudapi/admin.ts). Unknown and other tenants' ids answer 403, as VCD does.
 * (There is no CloudAPI VM list in VCD 10.x: clients find VMs with the query service, type=vm.)
 */
import type { Router } from 'express';
import type { World } from '../../world.js';
import { RIGHTS } from '../../store/roles.js';
import { noAccess } from '../../errors.js';
import { sendJson } from '../../wire/render.js';
import { uuidOf } from '../../wire/links.js';
import { canRead, canSeeOrg, param, requireRight, visible } from '../access.js';
import { sendPage } from './paging.js';
import { ALL_RIGHTS } from '../user/rights.js';
import {
  NETWORK_FIELDS, ORG_FIELDS, RIGHT_FIELDS, USER_FIELDS, VDC_FIELDS, networkModel, orgModel, rightModel,
  userModel, vdcModel,
} from './view.js';

const API = '/cloudapi/1.0.0';

/** Every right a role may grant, in a stable order. */
const allRights = (_sim: World): string[] => ALL_RIGHTS.map((r) => r.name);

export function cloudApiRoutes(router: Router, sim: World): void {
  const { store } = sim;

  router.get(`${API}/orgs`, (req, res) => {
    const orgs = [...store.all('org')].filter((o) => canSeeOrg(req, o.id));
    sendPage(req, res, orgs.map((o) => orgModel(sim, o)), { model: 'Orgs', fields: ORG_FIELDS });
  });
  router.get(`${API}/orgs/:urn`, (req, res) => sendJson(req, res, orgModel(sim, visible(sim, req, 'org', param(req, 'urn')))));

  router.get(`${API}/vdcs`, (req, res) => {
    // Access control decides inside the org (a VDC shared with some is hidden from the rest).
    const vdcs = [...store.all('vdc')].filter((v) => canRead(sim, req, 'vdc', v));
    sendPage(req, res, vdcs.map((v) => vdcModel(sim, v)), { model: 'Vdcs', fields: VDC_FIELDS });
  });
  router.get(`${API}/vdcs/:urn`, (req, res) => sendJson(req, res, vdcModel(sim, visible(sim, req, 'vdc', param(req, 'urn')))));

  router.get(`${API}/orgVdcNetworks`, (req, res) => {
    const nets = [...store.all('network')].filter((n) => canSeeOrg(req, n.orgId));
    sendPage(req, res, nets.map((n) => networkModel(sim, n)), { model: 'VdcNetworks', fields: NETWORK_FIELDS });
  });
  router.get(`${API}/orgVdcNetworks/:urn`, (req, res) =>
    sendJson(req, res, networkModel(sim, visible(sim, req, 'network', param(req, 'urn')))));

  router.get(`${API}/users`, (req, res) => {
    requireRight(req, RIGHTS.userView);
    const users = [...store.all('user')].filter((u) => canSeeOrg(req, u.orgId));
    sendPage(req, res, users.map((u) => userModel(sim, u)), { model: 'Users', fields: USER_FIELDS });
  });
  router.get(`${API}/users/:urn`, (req, res) => {
    const user = visible(sim, req, 'user', param(req, 'urn'));
    // Anyone may read their own user; reading others takes the right to view users.
    if (user.id !== req.ctx.user!.id) requireRight(req, RIGHTS.userView);
    sendJson(req, res, userModel(sim, user));
  });

  router.get(`${API}/rights`, (req, res) => {
    sendPage(req, res, allRights(sim).map(rightModel), { model: 'Rights', fields: RIGHT_FIELDS });
  });
  router.get(`${API}/rights/:urn`, (req, res) => {
    const id = uuidOf(param(req, 'urn'));
    const right = allRights(sim).map(rightModel).find((r) => uuidOf(String(r.id)) === id);
    if (!right) throw noAccess('right', param(req, 'urn'));
    sendJson(req, res, right);
  });
}
