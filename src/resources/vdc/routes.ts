/**
 * VDCs and their storage profiles; their administration by System administrators: create from a provider
 * VDC (`vdcsparams`), update the AdminVdc, enable and disable, delete. (Creation actions on a VDC live with
 * the vApp resource.)
 */
import type { Request, Router } from 'express';
import type { World } from '../../world.js';
import { adminVdcView, storageProfileView, vdcView } from './view.js';
import { hasRight, param, requireAdminView, visible } from '../access.js';
import { RIGHTS } from '../../store/roles.js';
import { sendDoc } from '../../wire/render.js';
import { readBody } from '../../wire/body.js';
import { child, parseBool } from '../../wire/xml.js';
import { uuidOf } from '../../wire/links.js';
import { badRequest } from '../../errors.js';
import { hardwareVersionView } from './hwv.js';
import { sendAccepted } from '../task/view.js';
import { createVdc, setVdcEnabled, startDeleteVdc, startUpdateVdc, startUpdateVdcStorageProfiles, updateVdcStorageProfile } from './ops.js';
import { storageProfile, storageProfileUpdate, vdcInput } from './params.js';
import { adminVdcStorageProfileView } from '../provider/view.js';
import { sizingPolicyFor } from '../computepolicy/model.js';
import { sendPage } from '../cloudapi/paging.js';

/** A query flag (pyvcloud sends `None` for one it was not given). */
const flag = (req: Request, name: string) => {
  const v = typeof req.query[name] === 'string' ? String(req.query[name]) : undefined;
  return parseBool(v === 'None' ? undefined : v, false);
};

export function vdcRoutes(router: Router, sim: World): void {
  const adminVdcOf = (req: Request) => {
    requireAdminView(req);
    return visible(sim, req, 'vdc', param(req, 'id'));
  };
  const sendAdminVdc = (req: Request, res: import('express').Response, vdc: import('../../store/types.js').Vdc, status = 200) =>
    sendDoc(req, res, adminVdcView(sim, req.ctx.base, vdc, req.ctx.isSysAdmin, req.ctx), status);

  router.get('/api/vdc/:id', (req, res) =>
    sendDoc(req, res, vdcView(sim, req.ctx.base, visible(sim, req, 'vdc', req.params.id), hasRight(req, RIGHTS.adminView), req.ctx.isSysAdmin, req.ctx)));
  // A hardware version the VDC supports (tenant access as for the VDC); another is refused as VCD does.
  router.get('/api/vdc/:id/hwv/:name', (req, res) => {
    const vdc = visible(sim, req, 'vdc', req.params.id);
    const doc = hardwareVersionView(req.ctx.base, vdc, req.params.name);
    if (!doc) throw badRequest(`The virtual hardware version "${req.params.name}" is not supported by this VDC.`);
    sendDoc(req, res, doc);
  });
  router.get('/api/admin/vdc/:id', (req, res) => sendAdminVdc(req, res, adminVdcOf(req)));
  router.get('/api/vdcStorageProfile/:id', (req, res) =>
    sendDoc(req, res, storageProfileView(sim, req.ctx.base, visible(sim, req, 'storageProfile', req.params.id))));

  // Creating a VDC answers 201 with the AdminVdc, its creation task inside (go-vcloud-director waits on Tasks/Task[0]).
  router.post('/api/admin/org/:id/vdcsparams', (req, res) => {
    requireAdminView(req);
    const org = visible(sim, req, 'org', param(req, 'id'));
    const { vdc } = createVdc(sim, req.ctx, org, vdcInput(readBody(req, 'CreateVdcParams').doc, true));
    res.setHeader('Location', `${req.ctx.base}/api/admin/vdc/${vdc.id}`);
    sendAdminVdc(req, res, vdc, 201);
  });
  router.put('/api/admin/vdc/:id', (req, res) => {
    const vdc = adminVdcOf(req);
    const doc = readBody(req, 'AdminVdc').doc;
    const input = vdcInput(doc, false);
    // The default compute policy (API 33.0+): one of the VDC's assigned policies.
    const def = child(doc, 'DefaultComputePolicy');
    const defaultId = def ? uuidOf(def['@_id'] as string | undefined) ?? uuidOf(def['@_href'] as string | undefined) : undefined;
    if (defaultId && defaultId !== vdc.defaultComputePolicyId) sizingPolicyFor(sim, vdc, defaultId);
    sendAccepted(sim, req, res, startUpdateVdc(sim, req.ctx, vdc, input, defaultId));
  });
  for (const path of ['/api/admin/vdc/:id', '/api/vdc/:id']) {
    router.delete(path, (req, res) => {
      const vdc = path.startsWith('/api/admin') ? adminVdcOf(req) : visible(sim, req, 'vdc', param(req, 'id'));
      sendAccepted(sim, req, res, startDeleteVdc(sim, req.ctx, vdc, flag(req, 'force'), flag(req, 'recursive')));
    });
  }
  // Storage profiles: one edited in place (UpdateStorageProfile, SetDefaultStorageProfile), added or removed (a task).
  router.put('/api/admin/vdcStorageProfile/:id', (req, res) => {
    requireAdminView(req);
    const sp = visible(sim, req, 'storageProfile', param(req, 'id'));
    const next = updateVdcStorageProfile(sim, req.ctx, sp, storageProfileUpdate(readBody(req, ['AdminVdcStorageProfile', 'VdcStorageProfile']).doc));
    sendDoc(req, res, adminVdcStorageProfileView(sim, req.ctx.base, next));
  });
  router.post('/api/admin/vdc/:id/vdcStorageProfiles', (req, res) => {
    const vdc = adminVdcOf(req);
    const doc = readBody(req, 'UpdateVdcStorageProfiles').doc;
    const add = child(doc, 'AddStorageProfile');
    const remove = child(doc, 'RemoveStorageProfile');
    const removeId = remove ? uuidOf(remove['@_href'] as string | undefined) ?? uuidOf(remove['@_id'] as string | undefined) ?? '' : undefined;
    sendAccepted(sim, req, res, startUpdateVdcStorageProfiles(sim, req.ctx, vdc, add ? storageProfile(add, 0) : undefined, removeId));
  });
  // What the VDC offers (go-vcloud-director's Vdc.GetCapabilities and IsNsxt read `networkProvider`).
  router.get('/cloudapi/1.0.0/vdcs/:urn/capabilities', (req, res) => {
    visible(sim, req, 'vdc', param(req, 'urn'));
    // The simulated provider side is NSX-T backed (as is every network the simulator serves).
    const values = [{ name: 'networkProvider', description: 'The network provider backing the VDC: NSX_T or NSX_V.', value: 'NSX_T', type: 'String', category: 'General' }];
    sendPage(req, res, values, { model: 'Capabilities', fields: { name: 'string', category: 'string' } });
  });
  for (const action of ['enable', 'disable'] as const) {
    router.post(`/api/admin/vdc/:id/action/${action}`, (req, res) => {
      setVdcEnabled(sim, req.ctx, adminVdcOf(req), action === 'enable');
      res.status(204).end();
    });
  }
}
