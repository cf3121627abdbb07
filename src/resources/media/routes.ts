/** Media documents and deletion; inserting and ejecting media on VMs, and the VM's media devices. */
import type { Request, Router } from 'express';
import type { World } from '../../world.js';
import type { Media } from '../../store/types.js';
import { param, requireRight, visible } from '../access.js';
import { RIGHTS } from '../../store/roles.js';
import { readBody } from '../../wire/body.js';
import { sendDoc } from '../../wire/render.js';
import { badRequest, forbidden } from '../../errors.js';
import { child, attr } from '../../wire/xml.js';
import { uuidOf } from '../../wire/links.js';
import { hrefOf } from '../links.js';
import { MT } from '../../wire/media.js';
import { mediaOwnerView, mediaView } from './view.js';
import { startDeleteMedia, startEjectMedia, startEnableMediaDownload, startInsertMedia } from './ops.js';
import { sendAccepted } from '../task/view.js';
import { mediaItems } from '../vm/sections.js';

export function mediaRoutes(router: Router, sim: World): void {
  const media = (req: Request): Media => {
    requireRight(req, RIGHTS.templateView);
    return visible(sim, req, 'media', param(req, 'id'));
  };
  router.get('/api/media/:id', (req, res) => sendDoc(req, res, mediaView(sim, req.ctx.base, media(req))));
  router.get('/api/media/:id/owner', (req, res) => sendDoc(req, res, mediaOwnerView(sim, req.ctx.base, media(req))));
  router.post('/api/media/:id/action/enableDownload', (req, res) => sendAccepted(sim, req, res, startEnableMediaDownload(sim, req.ctx, media(req))));
  router.delete('/api/media/:id', (req, res) => {
    requireRight(req, RIGHTS.templateEdit);
    sendAccepted(sim, req, res, startDeleteMedia(sim, req.ctx, media(req)));
  });

  const target = (req: Request) => {
    const vm = visible(sim, req, 'vm', param(req, 'id'));
    return { vm, vapp: sim.store.get('vApp', vm.vappId)! };
  };
  /** The media a MediaInsertOrEjectParams names (href or id), as the caller may see it. */
  const mediaOf = (req: Request): Media => {
    const ref = child(readBody(req, 'MediaInsertOrEjectParams').doc, 'Media');
    const id = uuidOf(attr(ref, 'href')) ?? uuidOf(attr(ref, 'id'));
    if (!id) throw badRequest('MediaInsertOrEjectParams needs a Media reference with an href.');
    return visible(sim, req, 'media', id);
  };
  router.post('/api/vApp/vm-:id/media/action/insertMedia', (req, res) => {
    requireRight(req, RIGHTS.vmMedia);
    const { vm, vapp } = target(req);
    sendAccepted(sim, req, res, startInsertMedia(sim, req.ctx, vapp, vm, mediaOf(req)));
  });
  router.post('/api/vApp/vm-:id/media/action/ejectMedia', (req, res) => {
    requireRight(req, RIGHTS.vmMedia);
    const { vm, vapp } = target(req);
    sendAccepted(sim, req, res, startEjectMedia(sim, req.ctx, vapp, vm, mediaOf(req).id));
  });
  router.get('/api/vApp/vm-:id/virtualHardwareSection/media', (req, res) => {
    const { vm } = target(req);
    const href = `${hrefOf(req.ctx.base, 'vm', vm.id)}/virtualHardwareSection/media`;
    const m = vm.mediaId ? sim.store.get('media', vm.mediaId) : undefined;
    sendDoc(req, res, { root: 'RasdItemsList', type: MT.rasdItemsList, body: { '@_href': href, '@_type': MT.rasdItemsList, Item: mediaItems(m) } });
  });
  // A VM question (the "disconnect the CD-ROM?" an eject can raise): the simulated guest never asks, and VCD
  // answers 403 when no question is pending (go-vcloud-director's EjectTask reads it so).
  router.get('/api/vApp/vm-:id/question', (req) => {
    const { vm } = target(req);
    throw forbidden(`There is no pending question for VM "${vm.name}".`);
  });
}
