/**
 * The provider side, read, for System administrators (external network writes: externalnetwork/): `/api/admin/extension` and what it links,
 * provider VDCs and their storage profiles, the admin view of org VDC storage profiles, and the CloudAPI
 * lists (virtualCenters, externalNetworks, networkPools, nsxTResources). Tenants get 403.
 */
import type { Request, Router } from 'express';
import type { World } from '../../world.js';
import { badRequest, forbidden } from '../../errors.js';
import { sendDoc, sendJson } from '../../wire/render.js';
import { param, requireAdminView, visible } from '../access.js';
import { sendPage } from '../cloudapi/paging.js';
import { queryDecode, rawParams } from '../query/params.js';
import { PMT } from './kind.js';
import {
  EXT, adminVdcStorageProfileView, extensionView, externalNetworkRef, externalNetworkView, networkPoolRef, networkPoolView,
  nsxtManagerView, providerVdcView, pvdcRef, pvdcStorageProfileView, referencesView, vimServerRef, vimServerView,
  vmwProviderVdcView, vmwPvdcStorageProfileView,
} from './view.js';
import {
  EDGE_CLUSTER_FIELDS, EXTERNAL_NETWORK_FIELDS, NETWORK_POOL_FIELDS, TIER0_FIELDS, VCENTER_FIELDS, edgeClusterModel,
  externalNetworkModel, networkPoolModel, tier0Model, vCenterModel,
} from './models.js';

const API = '/cloudapi/1.0.0';

/** The provider side is the System administrator's. */
export function requireProvider(req: Request): void {
  if (!req.ctx.isSysAdmin) throw forbidden('This operation is denied. It is for system administrators.');
}

/** Pulls `key==value` out of a CloudAPI filter (the context filters nsxTResources require); the rest stays. */
function contextFilter(req: Request, keys: string[]): { key: string; value: string } | undefined {
  const filter = queryDecode(rawParams(req).get('filter') ?? '');
  for (const part of filter.split(';')) {
    const m = /^\(?\s*([A-Za-z_]+)==([^)]*)\)?$/.exec(part.trim());
    if (m && keys.includes(m[1])) return { key: m[1], value: m[2] };
  }
  return undefined;
}

/** The request's parameters without the context term in its filter. */
function withoutContext(req: Request, keys: string[]): Map<string, string> {
  const params = rawParams(req);
  const filter = params.has('filter') ? queryDecode(params.get('filter')!) : undefined;
  if (!filter) return params;
  const rest = filter.split(';').filter((p) => !keys.some((k) => new RegExp(`^\\(?\\s*${k}==`).test(p.trim())));
  if (rest.length) params.set('filter', encodeURIComponent(rest.join(';')));
  else params.delete('filter');
  return params;
}

export function providerRoutes(router: Router, sim: World): void {
  const { store } = sim;
  const base = (req: Request) => req.ctx.base;

  // Legacy extension API.
  const ext = (req: Request, res: import('express').Response) => {
    requireProvider(req);
    sendDoc(req, res, extensionView(base(req)));
  };
  router.get(EXT, ext);
  router.get(`${EXT}/`, ext);
  router.get(`${EXT}/vimServerReferences`, (req, res) => {
    requireProvider(req);
    sendDoc(req, res, referencesView(base(req), `${EXT}/vimServerReferences`, 'VMWVimServerReferences', PMT.vimServerRefs, 'VimServerReference',
      [...store.all('vCenter')].map((v) => vimServerRef(base(req), v))));
  });
  router.get(`${EXT}/vimServer/:id`, (req, res) => sendDoc(req, res, vimServerView(base(req), visible(sim, req, 'vCenter', param(req, 'id')))));
  router.get(`${EXT}/providerVdcReferences`, (req, res) => {
    requireProvider(req);
    sendDoc(req, res, referencesView(base(req), `${EXT}/providerVdcReferences`, 'VMWProviderVdcReferences', PMT.providerVdcRefs, 'ProviderVdcReference',
      [...store.all('providerVdc')].map((p) => pvdcRef(base(req), p))));
  });
  router.get('/api/admin/providervdc/:id', (req, res) =>
    sendDoc(req, res, providerVdcView(sim, base(req), visible(sim, req, 'providerVdc', param(req, 'id')))));
  router.get(`${EXT}/providervdc/:id`, (req, res) =>
    sendDoc(req, res, vmwProviderVdcView(sim, base(req), visible(sim, req, 'providerVdc', param(req, 'id')))));
  router.get('/api/admin/pvdcStorageProfile/:id', (req, res) =>
    sendDoc(req, res, pvdcStorageProfileView(sim, base(req), visible(sim, req, 'pvdcStorageProfile', param(req, 'id')))));
  router.get(`${EXT}/pvdcStorageProfile/:id`, (req, res) =>
    sendDoc(req, res, vmwPvdcStorageProfileView(sim, base(req), visible(sim, req, 'pvdcStorageProfile', param(req, 'id')))));
  router.get(`${EXT}/networkPoolReferences`, (req, res) => {
    requireProvider(req);
    sendDoc(req, res, referencesView(base(req), `${EXT}/networkPoolReferences`, 'VMWNetworkPoolReferences', PMT.networkPoolRefs, 'NetworkPoolReference',
      [...store.all('networkPool')].map((n) => networkPoolRef(base(req), n))));
  });
  router.get(`${EXT}/networkPool/:id`, (req, res) =>
    sendDoc(req, res, networkPoolView(sim, base(req), visible(sim, req, 'networkPool', param(req, 'id')))));
  router.get(`${EXT}/externalNetworkReferences`, (req, res) => {
    requireProvider(req);
    sendDoc(req, res, referencesView(base(req), `${EXT}/externalNetworkReferences`, 'VMWExternalNetworkReferences', PMT.externalNetworkRefs,
      'ExternalNetworkReference', [...store.all('externalNetwork')].map((n) => externalNetworkRef(base(req), n))));
  });
  router.get(`${EXT}/externalnet/:id`, (req, res) =>
    sendDoc(req, res, externalNetworkView(sim, base(req), visible(sim, req, 'externalNetwork', param(req, 'id')))));
  router.get(`${EXT}/nsxtManagers/:id`, (req, res) =>
    sendDoc(req, res, nsxtManagerView(base(req), visible(sim, req, 'nsxtManager', param(req, 'id')))));
  // The admin view of an org VDC storage profile (System and organization administrators, in their org).
  router.get('/api/admin/vdcStorageProfile/:id', (req, res) => {
    requireAdminView(req);
    sendDoc(req, res, adminVdcStorageProfileView(sim, base(req), visible(sim, req, 'storageProfile', param(req, 'id'))));
  });

  // CloudAPI.
  router.get(`${API}/virtualCenters`, (req, res) => {
    requireProvider(req);
    sendPage(req, res, [...store.all('vCenter')].map(vCenterModel), { model: 'VCenters', fields: VCENTER_FIELDS });
  });
  router.get(`${API}/virtualCenters/:urn`, (req, res) => sendJson(req, res, vCenterModel(visible(sim, req, 'vCenter', param(req, 'urn')))));
  router.get(`${API}/externalNetworks`, (req, res) => {
    requireProvider(req);
    sendPage(req, res, [...store.all('externalNetwork')].map((n) => externalNetworkModel(sim, n)), { model: 'ExternalNetworks', fields: EXTERNAL_NETWORK_FIELDS });
  });
  router.get(`${API}/externalNetworks/:urn`, (req, res) =>
    sendJson(req, res, externalNetworkModel(sim, visible(sim, req, 'externalNetwork', param(req, 'urn')))));
  router.get(`${API}/networkPools/networkPoolSummaries`, (req, res) => {
    requireProvider(req);
    sendPage(req, res, [...store.all('networkPool')].map((n) => networkPoolModel(sim, n, true)), { model: 'NetworkPoolSummaries', fields: NETWORK_POOL_FIELDS });
  });
  router.get(`${API}/networkPools/:urn`, (req, res) =>
    sendJson(req, res, networkPoolModel(sim, visible(sim, req, 'networkPool', param(req, 'urn')), false)));
  // Tier-0 routers of an NSX-T manager (`_context==<manager URN>`, required) not yet used by an external network.
  router.get(`${API}/nsxTResources/importableTier0Routers`, (req, res) => {
    requireProvider(req);
    const context = contextFilter(req, ['_context']);
    if (!context) throw badRequest('The filter must name the NSX-T manager: _context==urn:vcloud:nsxtmanager:<id>.');
    const mgr = visible(sim, req, 'nsxtManager', context.value);
    const used = new Set([...store.all('externalNetwork')].map((n) => n.tier0RouterId));
    const routers = mgr.tier0Routers.filter((t) => !used.has(t.id)).map(tier0Model);
    sendPage(req, res, routers, { model: 'NsxtTier0Routers', fields: TIER0_FIELDS }, withoutContext(req, ['_context']));
  });
  // Edge clusters available to an org VDC (`orgVdcId==`) or a provider VDC (`pvdcId==`): its NSX-T manager's.
  router.get(`${API}/nsxTResources/edgeClusters`, (req, res) => {
    requireProvider(req);
    const keys = ['orgVdcId', 'pvdcId', 'vdcGroupId'];
    const context = contextFilter(req, keys);
    if (!context || context.key === 'vdcGroupId') throw badRequest('The filter must name an org VDC (orgVdcId==…) or a provider VDC (pvdcId==…).');
    const pvdcId = context.key === 'pvdcId'
      ? visible(sim, req, 'providerVdc', context.value).id
      : visible(sim, req, 'vdc', context.value).providerVdcId;
    const pvdc = pvdcId ? store.get('providerVdc', pvdcId) : undefined;
    const mgr = pvdc ? store.get('nsxtManager', pvdc.nsxtManagerId) : undefined;
    sendPage(req, res, (mgr?.edgeClusters ?? []).map(edgeClusterModel), { model: 'NsxtEdgeClusters', fields: EDGE_CLUSTER_FIELDS }, withoutContext(req, keys));
  });
}
