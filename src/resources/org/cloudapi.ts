/** CloudAPI orgs: the Org model with VCD's property names; list, read, create, update and delete. */
import type { Router } from 'express';
import type { World } from '../../world.js';
import type { Org } from '../../store/types.js';
import { sendJson } from '../../wire/render.js';
import { canSeeOrg, param, requireAdminView, visible } from '../access.js';
import { urn } from '../links.js';
import { queryRows } from '../query/rows.js';
import { CLOUDAPI, entityRef, flag } from '../cloudapi/context.js';
import { bool, jsonBody as body, str } from '../cloudapi/json.js';
import { sendPage, type Model } from '../cloudapi/paging.js';
import { createOrg, startDeleteOrg, updateOrg } from './ops.js';
import { settingsOf } from './model.js';

/** The System org manages every other org. */
const systemOrg = (sim: World) => [...sim.store.all('org')].find((o) => o.name.toLowerCase() === 'system');

export function orgModel(sim: World, org: Org): Model {
  const { store } = sim;
  const rows = queryRows(sim.store);
  const counts = rows.rows('org').get(org.id)?.v ?? {};
  const runningVMCount = store.where('vdc', 'orgId', org.id)
    .reduce((n, vdc) => n + Number(rows.rows('vdc').get(vdc.id)?.v.numberOfRunningVMs ?? 0), 0);
  const system = systemOrg(sim);
  const isSystem = system?.id === org.id;
  return {
    id: urn('org', org.id),
    name: org.name,
    displayName: org.fullName,
    description: org.description,
    isEnabled: org.isEnabled,
    orgVdcCount: counts.numberOfVdcs ?? 0,
    catalogCount: counts.numberOfCatalogs ?? 0,
    vappCount: counts.numberOfVApps ?? 0,
    runningVMCount,
    userCount: store.where('user', 'orgId', org.id).length,
    diskCount: counts.numberOfDisks ?? 0,
    canManageOrgs: isSystem,
    canPublish: true,
    maskedEventTaskUsername: null,
    directlyManagedOrgCount: isSystem ? store.count('org') - 1 : 0,
    managedBy: system && !isSystem ? entityRef(system.name, urn('org', system.id)) : null,
  };
}

const ORG_FIELDS = {
  id: 'ref', name: 'string', displayName: 'string', description: 'string', isEnabled: 'boolean', orgVdcCount: 'number',
  catalogCount: 'number', vappCount: 'number', runningVMCount: 'number', userCount: 'number', diskCount: 'number',
  canManageOrgs: 'boolean', canPublish: 'boolean', directlyManagedOrgCount: 'number', 'managedBy.name': 'string',
  'managedBy.id': 'ref',
} as const;

export function orgCloudRoutes(router: Router, sim: World): void {
  router.get(`${CLOUDAPI}/orgs`, (req, res) => {
    const orgs = [...sim.store.all('org')].filter((o) => canSeeOrg(req, o.id));
    sendPage(req, res, orgs.map((o) => orgModel(sim, o)), { model: 'Orgs', fields: ORG_FIELDS });
  });
  router.get(`${CLOUDAPI}/orgs/:urn`, (req, res) => sendJson(req, res, orgModel(sim, visible(sim, req, 'org', param(req, 'urn')))));
  router.post(`${CLOUDAPI}/orgs`, (req, res) => {
    const b = body(req);
    const org = createOrg(sim, req.ctx, {
      name: str(b.name, 'name'), fullName: str(b.displayName, 'displayName'), description: str(b.description, 'description'),
      isEnabled: bool(b.isEnabled, 'isEnabled'), deployedVmQuota: 0, storedVmQuota: 0,
    });
    sendJson(req, res, orgModel(sim, org), 201);
  });
  router.put(`${CLOUDAPI}/orgs/:urn`, (req, res) => {
    requireAdminView(req);
    const org = visible(sim, req, 'org', param(req, 'urn'));
    const b = body(req);
    const next = updateOrg(sim, req.ctx, org, {
      name: str(b.name, 'name') ?? org.name, fullName: str(b.displayName, 'displayName'), description: str(b.description, 'description'),
      isEnabled: bool(b.isEnabled, 'isEnabled'), deployedVmQuota: org.deployedVmQuota, storedVmQuota: org.storedVmQuota, settings: settingsOf(org),
    });
    sendJson(req, res, orgModel(sim, next));
  });
  router.delete(`${CLOUDAPI}/orgs/:urn`, (req, res) => {
    requireAdminView(req);
    const org = visible(sim, req, 'org', param(req, 'urn'));
    const task = startDeleteOrg(sim, req.ctx, org, flag(req, 'force'), flag(req, 'recursive'));
    res.setHeader('Location', `${req.ctx.base}/api/task/${task.id}`);
    res.status(202).end();
  });
}
