/** `GET …/metadata` on every entity that links to it: an empty Metadata document (no entries yet). */
import type { Router } from 'express';
import type { World } from '../../world.js';
import type { EntityKind } from '../../store/types.js';
import { param, visible } from '../access.js';
import { MT } from '../../wire/media.js';
import { sendDoc } from '../../wire/render.js';

const OWNERS: [string, EntityKind][] = [
  ['/api/org/:id', 'org'],
  ['/api/vdc/:id', 'vdc'],
  ['/api/catalog/:id', 'catalog'],
  ['/api/catalogItem/:id', 'catalogItem'],
  ['/api/vAppTemplate/vappTemplate-:id', 'vAppTemplate'],
  ['/api/network/:id', 'network'],
  ['/api/vApp/vapp-:id', 'vApp'],
  ['/api/vApp/vm-:id', 'vm'],
];

export function metadataRoutes(router: Router, sim: World): void {
  for (const [path, kind] of OWNERS) {
    router.get(`${path}/metadata`, (req, res) => {
      visible(sim, req, kind, param(req, 'id'));
      const href = `${req.ctx.base}${req.path.replace(/\/$/, '')}`;
      sendDoc(req, res, { root: 'Metadata', type: MT.metadata, body: { '@_href': href, '@_type': MT.metadata } });
    });
  }
}
