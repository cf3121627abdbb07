/**
 * Access control on vApps: the level a caller holds gates every change under /api/vApp (ReadOnly reads,
 * Change edits and operates, FullControl also deletes, shares and changes the owner); `controlAccess` GET
 * and `action/controlAccess` POST; the owner PUT.
 */
import type { Request, Router } from 'express';
import type { World } from '../../world.js';
import type { AccessLevel } from '../../store/types.js';
import { param, requireRight, visible } from '../access.js';
import { RIGHTS } from '../../store/roles.js';
import { readBody } from '../../wire/body.js';
import { child } from '../../wire/xml.js';
import { sendDoc } from '../../wire/render.js';
import { uuidOf } from '../../wire/links.js';
import { controlAccessView } from './view.js';
import { changeOwner, requireLevel, setAccessControl } from './ops.js';
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
  router.get('/api/vApp/vapp-:id/controlAccess', (req, res) => {
    requireRight(req, RIGHTS.vappViewAcl);
    sendDoc(req, res, controlAccessView(sim, req.ctx.base, vappOf(req).acl));
  });
  router.post('/api/vApp/vapp-:id/action/controlAccess', (req, res) => {
    requireRight(req, RIGHTS.vappSharing);
    const vapp = vappOf(req);
    setAccessControl(sim, req.ctx, { kind: 'vApp', e: vapp }, readBody(req, 'ControlAccessParams').doc);
    sendDoc(req, res, controlAccessView(sim, req.ctx.base, sim.store.get('vApp', vapp.id)!.acl));
  });
  router.put('/api/vApp/vapp-:id/owner', (req, res) => {
    requireRight(req, RIGHTS.vappChangeOwner);
    const vapp = vappOf(req);
    changeOwner(sim, req.ctx, { kind: 'vApp', e: vapp }, child(readBody(req, 'Owner').doc, 'User'));
    res.status(204).end();
  });
}
