/**
 * Who may use the control API: loopback clients, any client presenting the control token
 * (`--control-token`) in `X-VCDSIM-Control-Token` or `Authorization: Bearer`, and with `--control-open`
 * (trusted networks only) any client at all. A wrong token is refused even from loopback; a browser page
 * from another origin is refused without a token. `GET /_vcdsim/health` is readable by anyone.
 */
import type { NextFunction, Request, Response } from 'express';
import { timingSafeEqual, createHash } from 'node:crypto';
import { ControlError } from './errors.js';
import { isLoopback } from '../lib/loopback.js';


function presentedToken(req: Request): string | undefined {
  const header = req.headers['x-vcdsim-control-token'];
  if (typeof header === 'string' && header) return header.trim();
  return /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1].trim();
}

/** Compares digests, so the time taken says nothing about the token. */
function sameToken(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** A request a browser sent on behalf of a page from another origin (it always says Origin then). */
function crossOrigin(req: Request): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

/** How a client got in, for the log of control actions. */
export type ControlAuth = 'token' | 'loopback' | 'open';

/** Whether `host` (an address to bind) only takes loopback clients. */

export function controlAccess(token: string | undefined, open = false) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const admit = (auth: ControlAuth) => {
      res.locals.controlAuth = auth;
      next();
    };
    // Health says nothing a client could misuse: containers, load balancers and CI probe it from anywhere.
    if (req.path === '/health' && (req.method === 'GET' || req.method === 'HEAD')) return admit(isLoopback(req.socket.remoteAddress) ? 'loopback' : 'open');
    const presented = presentedToken(req);
    if (token && presented !== undefined) {
      if (!sameToken(presented, token)) throw new ControlError(401, 'The control token is not valid.');
      return admit('token');
    }
    if (!crossOrigin(req)) {
      if (isLoopback(req.socket.remoteAddress)) return admit('loopback');
      if (open) return admit('open');
    }
    if (token) throw new ControlError(401, 'The control API needs the control token, in X-VCDSIM-Control-Token or Authorization: Bearer (vcdsim prints it at start unless VCDSIM_CONTROL_TOKEN set it).');
    throw new ControlError(403, 'The control API answers loopback clients only; start vcdsim with --control-token (or --control-open, on a trusted network) to let others in.');
  };
}
