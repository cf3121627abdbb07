/** CloudAPI VDCs: the Vdc model with VCD's property names, as a paged list and by URN. */
import type { Router } from 'express';
import type { World } from '../../world.js';
import type { Vdc } from '../../store/types.js';
import { sendJson } from '../../wire/render.js';
import { canRead, param, visible } from '../access.js';
import { urn } from '../links.js';
import { CLOUDAPI, entityRef } from '../cloudapi/context.js';
import { sendPage, type Model } from '../cloudapi/paging.js';

function vdcModel(sim: World, vdc: Vdc): Model {
  const org = sim.store.get('org', vdc.orgId);
  return {
    id: urn('vdc', vdc.id),
    name: vdc.name,
    description: vdc.description,
    allocationType: vdc.allocationModel,
    org: entityRef(org?.name, urn('org', vdc.orgId)),
    isEnabled: vdc.isEnabled,
  };
}

const VDC_FIELDS = {
  id: 'ref', name: 'string', description: 'string', allocationType: 'string', 'org.name': 'string', 'org.id': 'ref',
  isEnabled: 'boolean',
} as const;

export function vdcCloudRoutes(router: Router, sim: World): void {
  router.get(`${CLOUDAPI}/vdcs`, (req, res) => {
    // Access control decides inside the org (a VDC shared with some is hidden from the rest).
    const vdcs = [...sim.store.all('vdc')].filter((v) => canRead(sim, req, 'vdc', v));
    sendPage(req, res, vdcs.map((v) => vdcModel(sim, v)), { model: 'Vdcs', fields: VDC_FIELDS });
  });
  router.get(`${CLOUDAPI}/vdcs/:urn`, (req, res) => sendJson(req, res, vdcModel(sim, visible(sim, req, 'vdc', param(req, 'urn')))));
}
