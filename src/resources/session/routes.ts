/**
 * Logging in and out. Legacy: POST/GET/DELETE /api/session(s). CloudAPI: POST /cloudapi/1.0.0/sessions
 * (tenants) and …/sessions/provider (System), GET …/sessions/current, DELETE on any of them.
 */
import type { Request, Response, Router } from 'express';
import type { World } from '../../world.js';
import { login, logout, tokenOf, type Principal } from './ops.js';
import { sessionJson, sessionView } from './view.js';
import { sendDoc, sendJson } from '../../wire/render.js';
import { noAccess } from '../../errors.js';
import { uuidOf } from '../../wire/links.js';

function tokenHeaders(res: Response, p: Principal): void {
  res.setHeader('x-vcloud-authorization', p.token!);
  res.setHeader('X-VMWARE-VCLOUD-ACCESS-TOKEN', p.token!);
  res.setHeader('X-VMWARE-VCLOUD-TOKEN-TYPE', 'Bearer');
}

const principal = (req: Request): Principal => ({ session: req.ctx.session!, user: req.ctx.user!, org: req.ctx.org!, role: req.ctx.role! });

/** The POSTs that create sessions: they run before authentication. */
export function loginRoutes(router: Router, sim: World): void {
  router.post('/api/sessions', (req, res) => {
    const p = login(sim, req.headers.authorization);
    tokenHeaders(res, p);
    sendDoc(req, res, sessionView(sim, req.ctx.base, p));
  });
  const cloudLogin = (providerOnly: boolean) => (req: Request, res: Response) => {
    const p = login(sim, req.headers.authorization, providerOnly);
    tokenHeaders(res, p);
    // pyvcloud requires exactly 200 here (not 201).
    sendJson(req, res, sessionJson(sim, p));
  };
  router.post('/cloudapi/1.0.0/sessions', cloudLogin(false));
  router.post('/cloudapi/1.0.0/sessions/provider', cloudLogin(true));
}

export function sessionRoutes(router: Router, sim: World): void {
  router.get('/api/session', (req, res) => {
    res.setHeader('x-vcloud-authorization', tokenOf(req.headers)!.trim());
    sendDoc(req, res, sessionView(sim, req.ctx.base, principal(req)));
  });
  const end = (req: Request, res: Response) => {
    logout(sim, req.ctx.session!);
    res.status(204).end();
  };
  router.delete('/api/session', end);
  router.delete('/cloudapi/1.0.0/sessions', end);
  router.delete('/cloudapi/1.0.0/sessions/provider', end);
  router.get('/cloudapi/1.0.0/sessions/current', (req, res) => sendJson(req, res, sessionJson(sim, principal(req))));
  router.get('/cloudapi/1.0.0/sessions/:id', (req, res) => {
    if (uuidOf(req.params.id) !== req.ctx.session!.id) throw noAccess('session', req.params.id);
    sendJson(req, res, sessionJson(sim, principal(req)));
  });
  router.delete('/cloudapi/1.0.0/sessions/:id', (req, res) => {
    if (uuidOf(req.params.id) !== req.ctx.session!.id) throw noAccess('session', req.params.id);
    end(req, res);
  });
}
