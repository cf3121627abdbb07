/** CloudAPI routes of application port profiles. */
import type { Router } from 'express';
import type { World } from '../../world.js';
import { badRequest } from '../../errors.js';
import { sendJson } from '../../wire/render.js';
import { uuidOf } from '../../wire/links.js';
import { contextOf, sendPage } from '../cloudapi/paging.js';
import { CLOUDAPI, sendTaskAccepted } from '../cloudapi/context.js';
import { jsonBody as body } from '../cloudapi/json.js';
import { param } from '../access.js';
import { visibleProfile, visibleProfiles, writableProfile } from './model.js';
import { profileInput } from './params.js';
import { PROFILE_FIELDS, profileModel } from './view.js';
import { createAppPortProfile, deleteAppPortProfile, updateAppPortProfile } from './ops.js';

export function appPortProfileRoutes(router: Router, sim: World): void {
  const { store } = sim;
  const PROFILES = `${CLOUDAPI}/applicationPortProfiles`;
  router.get(PROFILES, (req, res) => {
    const { params, context } = contextOf(req);
    let profiles = visibleProfiles(sim, req.ctx);
    // In a VDC's (or a gateway's) context: SYSTEM and PROVIDER profiles and the TENANT profiles of its org.
    if (context) {
      const org = store.get('vdc', uuidOf(context) ?? context)?.orgId;
      profiles = profiles.filter((p) => p.scope !== 'TENANT' || (org !== undefined && p.orgId === org));
    }
    sendPage(req, res, profiles.map((p) => profileModel(sim, p)), { model: 'ApplicationPortProfiles', fields: PROFILE_FIELDS }, params);
  });
  router.get(`${PROFILES}/:urn`, (req, res) => sendJson(req, res, profileModel(sim, visibleProfile(sim, req.ctx, param(req, 'urn')))));
  router.post(PROFILES, (req, res) => {
    const input = profileInput(sim, req.ctx, body(req));
    sendTaskAccepted(req, res, createAppPortProfile(sim, req.ctx, input));
  });
  router.put(`${PROFILES}/:urn`, (req, res) => {
    const current = writableProfile(sim, req.ctx, param(req, 'urn'));
    const b = body(req);
    if (b.id !== undefined && uuidOf(String(b.id)) !== current.id) throw badRequest('The id in the body is not the id in the URL.');
    const input = profileInput(sim, req.ctx, b, current);
    sendTaskAccepted(req, res, updateAppPortProfile(sim, req.ctx, current, input));
  });
  router.delete(`${PROFILES}/:urn`, (req, res) => {
    const current = writableProfile(sim, req.ctx, param(req, 'urn'));
    sendTaskAccepted(req, res, deleteAppPortProfile(sim, req.ctx, current));
  });
}
