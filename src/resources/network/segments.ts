/**
 * NSX-T segments an org VDC network may import (networkType OPAQUE): the segments of the NSX-T manager
 * behind a VDC, a VDC group, a provider VDC or the manager itself. The CloudAPI's
 * `nsxTResources/importableSegments` (VCD 10.5: every segment, `alreadyImported` says which are taken) and
 * the list go-vcloud-director reads, `/network/orgvdcnetworks/importableswitches` (a bare JSON list of the
 * segments not imported yet). Importing is the provider's, so both lists are too.
 */
import type { Request, Router } from 'express';
import type { World } from '../../world.js';
import type { FieldType } from '../../lib/fiql.js';
import type { NsxtManager } from '../../store/types.js';
import { badRequest, forbidden } from '../../errors.js';
import { sendJson } from '../../wire/render.js';
import { visible } from '../access.js';
import { urn } from '../links.js';
import { sendPage } from '../cloudapi/paging.js';
import { queryDecode, rawParams } from '../query/params.js';
import { managerOfVdc } from '../vdcgroup/ops.js';

const SEGMENT_FIELDS: Record<string, FieldType> = { name: 'string', switchId: 'string', alreadyImported: 'boolean', nsxTManagerId: 'ref' };

function requireProvider(req: Request): void {
  if (!req.ctx.isSysAdmin) throw forbidden('This operation is denied. Importing NSX-T segments is for system administrators.');
}

/** The manager a context names: an org VDC, a VDC group (its first VDC), a provider VDC or the manager. */
function managerOf(sim: World, req: Request, key: string, value: string): NsxtManager | undefined {
  const k = key.toLowerCase();
  if (k === 'orgvdcid' || k === 'orgvdc') return mgr(sim, managerOfVdc(sim, visible(sim, req, 'vdc', value)));
  if (k === 'vdcgroupid' || k === 'vdcgroup') return mgr(sim, managerOfVdc(sim, visible(sim, req, 'vdc', visible(sim, req, 'vdcGroup', value).vdcIds[0])));
  if (k === 'pvdcid') return mgr(sim, visible(sim, req, 'providerVdc', value).nsxtManagerId);
  return visible(sim, req, 'nsxtManager', value);
}
const mgr = (sim: World, id: string | undefined) => (id ? sim.store.get('nsxtManager', id) : undefined);

/** The segments of a manager, each with the network that imported it (if any). */
function segmentsOf(sim: World, m: NsxtManager | undefined) {
  const imported = new Map([...sim.store.all('network')].filter((n) => n.segmentId).map((n) => [n.segmentId!, n]));
  return (m?.segments ?? []).map((s) => ({ segment: s, manager: m!, taken: imported.has(s.id) }));
}

const KEYS = ['orgVdcId', 'vdcGroupId', 'pvdcId', 'nsxTManagerId'];

export function segmentRoutes(router: Router, sim: World): void {
  router.get('/cloudapi/1.0.0/nsxTResources/importableSegments', (req, res) => {
    requireProvider(req);
    const params = rawParams(req);
    const filter = params.has('filter') ? queryDecode(params.get('filter')!) : '';
    let context: { key: string; value: string } | undefined;
    const rest: string[] = [];
    for (const part of filter.split(';').map((p) => p.trim()).filter(Boolean)) {
      const m = /^\(?\s*([A-Za-z_]+)==([^)]*)\)?$/.exec(part);
      if (m && !context && KEYS.includes(m[1])) context = { key: m[1], value: m[2].trim() };
      else rest.push(part);
    }
    if (!context) throw badRequest('The filter must name an org VDC, a VDC group, a provider VDC or an NSX-T manager (orgVdcId==…, vdcGroupId==…, pvdcId==…, nsxTManagerId==…).');
    if (rest.length) params.set('filter', encodeURIComponent(rest.join(';')));
    else params.delete('filter');
    const items = segmentsOf(sim, managerOf(sim, req, context.key, context.value)).map(({ segment, manager, taken }) => ({
      name: segment.name, switchId: segment.id, alreadyImported: taken, nsxTManagerId: urn('nsxtManager', manager.id),
    }));
    sendPage(req, res, items, { model: 'NsxTImportableSegments', fields: SEGMENT_FIELDS }, params);
  });
  // go-vcloud-director's GetAllNsxtImportableSwitches: `?orgVdc=<uuid>` (or vdcGroup, nsxTManager), segments not imported yet.
  router.get('/network/orgvdcnetworks/importableswitches', (req, res) => {
    requireProvider(req);
    const params = rawParams(req);
    const key = ['orgVdc', 'vdcGroup', 'nsxTManager'].find((k) => params.has(k.toLowerCase()));
    if (!key) throw badRequest('Name an org VDC (orgVdc=<id>), a VDC group (vdcGroup=<id>) or an NSX-T manager (nsxTManager=<id>).');
    const value = queryDecode(params.get(key.toLowerCase())!);
    const items = segmentsOf(sim, managerOf(sim, req, key === 'nsxTManager' ? 'nsxTManagerId' : key, value))
      .filter((s) => !s.taken).map(({ segment }) => ({ name: segment.name, id: segment.id }));
    sendJson(req, res, items);
  });
}
