/**
 * Access control on vApps: the level a caller holds gates every change under /api/vApp (ReadOnly reads,
 * Change edits and operates, FullControl also deletes, shares and changes the owner); `controlAccess` GET
 * and `action/controlAccess` POST; the owner PUT. The same `controlAccess` routes serve VDCs (and catalogs,
 * through `controlAccessRoutes`).
 */
import type { Request, Router } from 'express';
import type { World } from '../../world.js';
import type { AccessControl, AccessLevel } from '../../store/types.js';
import { param, requireRight, visible } from '../access.js';
import { RIGHTS, type Right } from '../../store/roles.js';
import { readBody } from '../../wire/body.js';
import { child } from '../../wire/xml.js';
import { sendDoc } from '../../wire/render.js';
import { uuidOf } from '../../wire/links.js';
import { controlAccessView } from './view.js';
import { changeOwner, requireLevel, setAccessControl, type Shared } from './ops.js';
import { vappLevel } from './model.js';

/** The level a change under /api/vApp/{vapp|vm}-{id}… needs (`rest`: the path after the id). */
function levelNeeded(method: string, rest: string): AccessLevel {
  if (method === 'DELETE' && /^\/?$/.test(rest)) return 'FullControl';
  return /^\/(action\/controlAccess|owner)\/?$/i.test(rest) ? 'FullControl' : 'Change';
}

export function aclRoutes(router: Router, sim: World): void {
  // Ahead of every vApp and VM route: an id the caller cannot see is left to the route (its 403 reveals nothing).
  router.use('/api/vApp', (req, _res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    const m = /^\/(vapp|vm)-([^/]+)(\/.*)?$/i.exec(req.path);
    const id = m && uuidOf(m[2]);
    if (!m || !id) return next();
    const vapp = m[1].toLowerCase() === 'vapp' ? sim.store.get('vApp', id) : sim.store.get('vApp', sim.store.get('vm', id)?.vappId ?? '');
    if (vapp && vappLevel(req.ctx, vapp) !== null) requireLevel(req.ctx, { kind: 'vApp', e: vapp }, levelNeeded(req.method, m[3] ?? ''));
    next();
  });

  const vappOf = (req: Request) => visible(sim, req, 'vApp', param(req, 'id'));
  controlAccessRoutes(router, sim, {
    path: '/api/vApp/vapp-:id', setMethod: 'post', viewRight: RIGHTS.vappViewAcl, setRight: RIGHTS.vappSharing,
    of: (req) => ({ kind: 'vApp', e: vappOf(req) }),
  });
  router.put('/api/vApp/vapp-:id/owner', (req, res) => {
    requireRight(req, RIGHTS.vappChangeOwner);
    const vapp = vappOf(req);
    changeOwner(sim, req.ctx, { kind: 'vApp', e: vapp }, child(readBody(req, 'Owner').doc, 'User'));
    res.status(204).end();
  });
  // VCD takes a VDC's ACL by PUT (pyvcloud and go-vcloud-director send it so); the levels are ReadOnly only.
  controlAccessRoutes(router, sim, {
    path: '/api/vdc/:id', setMethod: 'put', viewRight: RIGHTS.vdcViewAcl, setRight: RIGHTS.vdcEditAcl,
    of: (req) => ({ kind: 'vdc', e: visible(sim, req, 'vdc', param(req, 'id')) }),
  });
}

/** One entity kind's `controlAccess` GET and `action/controlAccess` set, under `path` (its `:id` route). */
export interface ControlAccessSpec {
  path: string;
  setMethod: 'post' | 'put';
  viewRight: Right;
  setRight: Right;
  /** The entity the request names, looked up as the caller may see it. */
  of: (req: Request) => Shared;
}

const aclOf = (s: Shared): AccessControl | undefined =>
  // A VDC without an ACL is VCD's default: shared with everyone in its org, read-only.
  (s.kind === 'vdc' ? s.e.acl ?? { everyone: 'ReadOnly', subjects: [] } : s.e.acl);

export function controlAccessRoutes(router: Router, sim: World, spec: ControlAccessSpec): void {
  router.get(`${spec.path}/controlAccess`, (req, res) => {
    requireRight(req, spec.viewRight);
    sendDoc(req, res, controlAccessView(sim, req.ctx.base, aclOf(spec.of(req))));
  });
  router[spec.setMethod](`${spec.path}/action/controlAccess`, (req, res) => {
    requireRight(req, spec.setRight);
    const s = spec.of(req);
    setAccessControl(sim, req.ctx, s, readBody(req, 'ControlAccessParams').doc);
    sendDoc(req, res, controlAccessView(sim, req.ctx.base, aclOf(spec.of(req))));
  });
}
