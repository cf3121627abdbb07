/**
 * Uploads: the catalog's `action/upload` (UploadVAppTemplateParams or Media), a VDC's `media`, the transfer
 * URLs clients PUT bytes to, and deleting an uploaded (or failed) template.
 */
import type { Request, Router } from 'express';
import type { World } from '../../world.js';
import { canRead, canSeeOrg, param, requireRight, visible } from '../access.js';
import { assertTemplateWritable } from '../catalog/ops.js';
import { requireLevel } from '../acl/ops.js';
import { RIGHTS } from '../../store/roles.js';
import { readBody } from '../../wire/body.js';
import { sendDoc } from '../../wire/render.js';
import { noAccess } from '../../errors.js';
import { uuidOf } from '../../wire/links.js';
import { catalogItemView } from '../catalog/view.js';
import { mediaView } from '../media/view.js';
import { createMedia, mediaParams } from '../media/ops.js';
import { createTemplateForUpload, startDeleteTemplate } from '../vapptemplate/upload.js';
import { sendAccepted } from '../task/view.js';
import { authenticate, isSysAdmin, tokenOf } from '../session/ops.js';
import { putFile, uploadVdc, type UploadKind } from './ops.js';
import { sendDownload, sendMediaDownload } from './download.js';

export function transferRoutes(router: Router, sim: World): void {
  router.post('/api/catalog/:id/action/upload', (req, res) => {
    requireRight(req, RIGHTS.templateUpload);
    const catalog = visible(sim, req, 'catalog', param(req, 'id'));
    requireLevel(req.ctx, { kind: 'catalog', e: catalog }, 'Change');
    const { root, doc } = readBody(req, ['UploadVAppTemplateParams', 'Media']);
    const isMedia = root ? root === 'Media' : /media\+json/i.test(String(req.headers['content-type']));
    const item = isMedia
      ? createMedia(sim, req.ctx, mediaParams(doc), { orgId: catalog.orgId, ...uploadVdc(sim, catalog.orgId), catalog }).item!
      : createTemplateForUpload(sim, req.ctx, catalog, doc);
    sendDoc(req, res, catalogItemView(sim, req.ctx.base, sim.store.get('catalogItem', item.id)!), 201);
  });

  router.post('/api/vdc/:id/media', (req, res) => {
    requireRight(req, RIGHTS.templateUpload);
    const vdc = visible(sim, req, 'vdc', param(req, 'id'));
    const profile = sim.store.where('storageProfile', 'vdcId', vdc.id).find((p) => p.isDefault);
    const { media } = createMedia(sim, req.ctx, mediaParams(readBody(req, 'Media').doc), { orgId: vdc.orgId, vdcId: vdc.id, storageProfileId: profile?.id });
    sendDoc(req, res, mediaView(sim, req.ctx.base, media), 201);
  });

  router.delete('/api/vAppTemplate/vappTemplate-:id', (req, res) => {
    requireRight(req, RIGHTS.templateEdit);
    const id = uuidOf(param(req, 'id'));
    const t = id ? sim.store.get('vAppTemplate', id) : undefined;
    if (!t || !canRead(sim, req, 'vAppTemplate', t)) throw noAccess('vapptemplate', param(req, 'id'));
    assertTemplateWritable(sim, req.ctx, t);
    sendAccepted(sim, req, res, startDeleteTemplate(sim, req.ctx, t));
  });

  // The transfer service sits outside /api, but takes the same session (clients send their token).
  router.put('/transfer/:id/:file', async (req: Request, res) => {
    const p = authenticate(sim, tokenOf(req.headers));
    Object.assign(req.ctx, { session: p.session, user: p.user, org: p.org, role: p.role, isSysAdmin: isSysAdmin(p) });
    const id = uuidOf(param(req, 'id'));
    const kind: UploadKind | undefined = !id ? undefined : sim.store.get('vAppTemplate', id) ? 'vAppTemplate' : sim.store.get('media', id) ? 'media' : undefined;
    const e = kind === 'media' ? sim.store.get('media', id!) : kind ? sim.store.get('vAppTemplate', id!) : undefined;
    if (!kind || !e || !canSeeOrg(req, e.orgId)) throw noAccess('transfer', param(req, 'id'));
    requireRight(req, RIGHTS.templateUpload);
    await putFile(sim, kind, e.id, param(req, 'file'), req);
    res.status(200).end();
  });

  // Downloads of a template or media whose download is enabled: a template's descriptor and disk files, a media's file.
  router.get('/transfer/:id/:file', (req, res) => {
    const p = authenticate(sim, tokenOf(req.headers));
    Object.assign(req.ctx, { session: p.session, user: p.user, org: p.org, role: p.role, isSysAdmin: isSysAdmin(p) });
    const id = uuidOf(param(req, 'id'));
    const t = id ? sim.store.get('vAppTemplate', id) : undefined;
    const m = id && !t ? sim.store.get('media', id) : undefined;
    if (m && canRead(sim, req, 'media', m)) {
      requireRight(req, RIGHTS.templateDownload);
      sendMediaDownload(sim, m, param(req, 'file'), req, res);
      return;
    }
    if (!t || !canRead(sim, req, 'vAppTemplate', t)) throw noAccess('transfer', param(req, 'id'));
    requireRight(req, RIGHTS.templateDownload);
    sendDownload(sim, t, param(req, 'file'), req, res);
  });
}
