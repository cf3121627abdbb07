/**
 * CloudAPI routes of the edge gateway services: application port profiles (and, per gateway, firewall groups,
 * firewall rules and NAT rules).
 */
import type { Router } from 'express';
import type { World } from '../../world.js';
import { badRequest } from '../../errors.js';
import { sendJson } from '../../wire/render.js';
import { uuidOf } from '../../wire/links.js';
import { param } from '../access.js';
import { sendPage } from '../cloudapi/paging.js';
import { CLOUDAPI } from './kind.js';
import { body, contextOf } from './json.js';
import {
  PROFILE_FIELDS, assertProfileNameFree, profileInput, profileModel, profileUsers, visibleProfile, visibleProfiles, writableProfile,
} from './profiles.js';
import { sendTaskAccepted, startServiceTask } from './tasks.js';

export function edgeServiceRoutes(router: Router, sim: World): void {
  const { store } = sim;

  // ---- application port profiles ----
  const PROFILES = `${CLOUDAPI}/applicationPortProfiles`;
  router.get(PROFILES, (req, res) => {
    const { params, context } = contextOf(req);
    let profiles = visibleProfiles(sim, req);
    // In a VDC's (or a gateway's) context: SYSTEM and PROVIDER profiles and the TENANT profiles of its org.
    if (context) {
      const org = store.get('vdc', uuidOf(context) ?? context)?.orgId;
      profiles = profiles.filter((p) => p.scope !== 'TENANT' || (org !== undefined && p.orgId === org));
    }
    sendPage(req, res, profiles.map((p) => profileModel(sim, p)), { model: 'ApplicationPortProfiles', fields: PROFILE_FIELDS }, params);
  });
  router.get(`${PROFILES}/:urn`, (req, res) => sendJson(req, res, profileModel(sim, visibleProfile(sim, req, param(req, 'urn')))));
  router.post(PROFILES, (req, res) => {
    const input = profileInput(sim, req, body(req));
    assertProfileNameFree(sim, input);
    const profile = { id: store.newId(), ...input };
    const task = startServiceTask(sim, req, {
      operationName: 'nsxtApplicationPortProfileCreate', operation: `Creating Application Port Profile ${profile.name}`,
      orgId: req.ctx.org!.id, owner: { kind: 'appPortProfile', id: profile.id, name: profile.name },
      action: { type: 'createAppPortProfile', params: { profile } },
    });
    sendTaskAccepted(req, res, task);
  });
  router.put(`${PROFILES}/:urn`, (req, res) => {
    const current = writableProfile(sim, req, param(req, 'urn'));
    const b = body(req);
    if (b.id !== undefined && uuidOf(String(b.id)) !== current.id) throw badRequest('The id in the body is not the id in the URL.');
    const input = profileInput(sim, req, b, current);
    assertProfileNameFree(sim, { ...input, orgId: current.orgId }, current.id);
    const patch = { name: input.name, description: input.description, ports: input.ports };
    const task = startServiceTask(sim, req, {
      operationName: 'nsxtApplicationPortProfileUpdate', operation: `Updating Application Port Profile ${current.name}`,
      orgId: req.ctx.org!.id, owner: { kind: 'appPortProfile', id: current.id, name: current.name },
      action: { type: 'updateAppPortProfile', params: { id: current.id, patch } },
    });
    sendTaskAccepted(req, res, task);
  });
  router.delete(`${PROFILES}/:urn`, (req, res) => {
    const current = writableProfile(sim, req, param(req, 'urn'));
    const users = profileUsers(sim, current.id);
    if (users.length) throw badRequest(`The application port profile "${current.name}" is in use by ${users.join(', ')}.`);
    const task = startServiceTask(sim, req, {
      operationName: 'nsxtApplicationPortProfileDelete', operation: `Deleting Application Port Profile ${current.name}`,
      orgId: req.ctx.org!.id, owner: { kind: 'appPortProfile', id: current.id, name: current.name },
      action: { type: 'deleteAppPortProfile', params: { id: current.id } },
    });
    sendTaskAccepted(req, res, task);
  });
}
