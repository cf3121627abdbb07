/** The entity resolver: `GET /api/entity/{urn}` → an Entity document linking to the object's href. */
import type { Router } from 'express';
import type { World } from '../../world.js';
import type { EntityKind } from '../../store/types.js';
import { KINDS } from '../kinds.js';
import { visible } from '../access.js';
import { MT } from '../../wire/media.js';
import { link } from '../../wire/links.js';
import { hrefOf } from '../links.js';
import { sendDoc } from '../../wire/render.js';
import { badRequest } from '../../errors.js';

/** Kinds the resolver knows, by URN segment (lower case), as their descriptors declare. */
const KIND_BY_SEGMENT = new Map<string, EntityKind>(
  Object.values(KINDS).filter((d) => d.resolvable).map((d) => [d.urnSegment.toLowerCase(), d.kind]),
);

export function entityRoutes(router: Router, sim: World): void {
  router.get('/api/entity/:urn', (req, res) => {
    const m = /^urn:vcloud:([A-Za-z]+):([0-9a-f-]{36})$/i.exec(req.params.urn);
    const kind = m && KIND_BY_SEGMENT.get(m[1].toLowerCase());
    if (!m || !kind) throw badRequest(`"${req.params.urn}" is not a valid entity URN.`);
    const id = m[2].toLowerCase();
    visible(sim, req, kind, id);
    const base = req.ctx.base;
    sendDoc(req, res, {
      root: 'Entity',
      type: MT.entity,
      body: {
        '@_href': `${base}/api/entity/${req.params.urn}`,
        '@_type': MT.entity,
        '@_id': req.params.urn,
        '@_name': req.params.urn,
        Link: [link('alternate', hrefOf(base, kind, id), KINDS[kind].mediaType)],
      },
    });
  });
}
