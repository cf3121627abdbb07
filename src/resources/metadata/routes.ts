/**
 * `…/metadata` on every entity that has it, as VCD 10.5 serves it: GET (Metadata), POST (merge a Metadata
 * document: 202 + Task), and GET/PUT/DELETE of one key at `…/metadata/{key}` (GENERAL) or
 * `…/metadata/{domain}/{key}` (MetadataValue; PUT and DELETE 202 + Task). Org, VDC, catalog and network
 * metadata are written through their /api/admin hrefs; the tenant hrefs only read.
 */
import type { Request, Response, Router } from 'express';
import type { World } from '../../world.js';
import type { MetadataDomain } from '../../store/types.js';
import { hasRight, param, requireAdminView, visible } from '../access.js';
import { kindOf } from '../kinds.js';
import { MT } from '../../wire/media.js';
import { readBody } from '../../wire/body.js';
import { sendDoc } from '../../wire/render.js';
import { badRequest } from '../../errors.js';
import { sendAccepted } from '../task/view.js';
import { canWrite, DOMAINS, parseEntry, parseMetadata, visibleEntries } from './model.js';
import { EDIT_RIGHT, readEntry, startDelete, startMerge, startSet, viewer, type Holder, type MetadataKind } from './ops.js';
import { metadataValueView, metadataView } from './view.js';

interface Owner {
  path: string;
  kind: MetadataKind;
  /** Metadata is written through this href (else GET only, and writes are 405 as in VCD). */
  write: boolean;
  /** An /api/admin href: for administrators only. */
  admin?: boolean;
  /** Media type of the entity document at `path`. */
  type?: string;
}

export const METADATA_OWNERS: Owner[] = [
  { path: '/api/org/:id', kind: 'org', write: false },
  { path: '/api/admin/org/:id', kind: 'org', write: true, admin: true, type: MT.adminOrg },
  { path: '/api/vdc/:id', kind: 'vdc', write: false },
  { path: '/api/admin/vdc/:id', kind: 'vdc', write: true, admin: true, type: MT.adminVdc },
  { path: '/api/catalog/:id', kind: 'catalog', write: false },
  { path: '/api/admin/catalog/:id', kind: 'catalog', write: true, admin: true, type: MT.adminCatalog },
  { path: '/api/catalogItem/:id', kind: 'catalogItem', write: true },
  { path: '/api/vAppTemplate/vappTemplate-:id', kind: 'vAppTemplate', write: true },
  { path: '/api/network/:id', kind: 'network', write: false },
  { path: '/api/admin/network/:id', kind: 'network', write: true, admin: true },
  { path: '/api/vApp/vapp-:id', kind: 'vApp', write: true },
  { path: '/api/vApp/vm-:id', kind: 'vm', write: true },
];

function domainParam(req: Request): MetadataDomain {
  const d = param(req, 'domain').toUpperCase() as MetadataDomain;
  if (!DOMAINS.includes(d)) throw badRequest(`"${param(req, 'domain')}" is not a metadata domain (GENERAL or SYSTEM).`);
  return d;
}

export function metadataRoutes(router: Router, sim: World): void {
  for (const o of METADATA_OWNERS) {
    const holder = (req: Request): Holder => {
      if (o.admin) requireAdminView(req);
      return { kind: o.kind, entity: visible(sim, req, o.kind, param(req, 'id')) as Holder['entity'] };
    };
    /** The entity's href as addressed (tenant or admin form), and its Metadata href. */
    const hrefs = (req: Request) => {
      const entity = `${req.ctx.base}${req.path.replace(/\/metadata(\/.*)?$/, '')}`;
      return { entity, metadata: `${entity}/metadata` };
    };
    const writable = (req: Request) => o.write && hasRight(req, EDIT_RIGHT[o.kind]);

    router.get(`${o.path}/metadata`, (req, res) => {
      const h = holder(req);
      const { entity, metadata } = hrefs(req);
      const v = viewer(req.ctx);
      const w = writable(req);
      sendDoc(req, res, metadataView(metadata, { href: entity, type: o.type ?? kindOf(o.kind).mediaType! },
        visibleEntries(v, h.entity.metadata), w, (e) => w && canWrite(v, e)));
    });
    const getOne = (domain: (req: Request) => MetadataDomain) => (req: Request, res: Response) => {
      const h = holder(req);
      const e = readEntry(req.ctx, h, domain(req), param(req, 'key'));
      sendDoc(req, res, metadataValueView(hrefs(req).metadata, e, writable(req) && canWrite(viewer(req.ctx), e)));
    };
    router.get(`${o.path}/metadata/:domain/:key`, getOne(domainParam));
    router.get(`${o.path}/metadata/:key`, getOne(() => 'GENERAL'));
    // Writes only where VCD takes them; elsewhere the app answers 405 (the path is known).
    if (!o.write) continue;

    router.post(`${o.path}/metadata`, (req, res) => {
      const h = holder(req);
      sendAccepted(sim, req, res, startMerge(sim, req.ctx, h, parseMetadata(readBody(req, 'Metadata').doc)));
    });

    const putOne = (domain: (req: Request) => MetadataDomain | undefined) => (req: Request, res: Response) => {
      const h = holder(req);
      const entry = parseEntry(readBody(req, 'MetadataValue').doc, param(req, 'key'), domain(req));
      sendAccepted(sim, req, res, startSet(sim, req.ctx, h, entry));
    };
    const deleteOne = (domain: (req: Request) => MetadataDomain) => (req: Request, res: Response) => {
      sendAccepted(sim, req, res, startDelete(sim, req.ctx, holder(req), domain(req), param(req, 'key')));
    };
    router.put(`${o.path}/metadata/:domain/:key`, putOne(domainParam));
    router.delete(`${o.path}/metadata/:domain/:key`, deleteOne(domainParam));
    router.put(`${o.path}/metadata/:key`, putOne(() => undefined));
    router.delete(`${o.path}/metadata/:key`, deleteOne(() => 'GENERAL'));
  }
}
