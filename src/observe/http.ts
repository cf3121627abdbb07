/**
 * One line of log and one metrics sample per HTTP exchange: request id, method, route template, status,
 * duration, user/org and any fault injected. Recorded when the connection is done with the request, so
 * exchanges a fault cut short (no answer) are seen too.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express, NextFunction, Request, Response } from 'express';
import type { Logger } from '../logger.js';
import type { Metrics } from './metrics.js';
import type { RequestContext } from '../wire/context.js';
import { routeTemplate } from './templates.js';

/** Requests for paths no route serves share one label, so odd URLs cannot blow up the series count. */
const UNMATCHED = 'unmatched';

/** `express`, when given, labels answers given before a route matched (401, 405, 406, 415, faults) with their route. */
type Observed = { metrics: Metrics; log: Logger; express?: Express };

export function observeRequests(sim: Observed) {
  return (req: Request, res: Response, next: NextFunction): void => {
    captureRouteTemplate(req);
    observeExchange(sim, req, res, req.path, process.hrtime.bigint());
    next();
  };
}

/**
 * Logs and counts the exchange once it is over. `req.ctx.route` names the route template (set when a
 * route matched, or by the render cache that answered for one).
 */
export function observeExchange(
  sim: Observed, req: IncomingMessage & { ctx?: RequestContext }, res: ServerResponse, path: string, started: bigint,
): void {
  const method = req.method ?? 'GET';
  res.once('close', () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const ctx = req.ctx;
    const route = ctx?.route ?? (sim.express && routeTemplate(sim.express, method, path.split('?')[0])) ?? UNMATCHED;
    const status = res.writableFinished ? res.statusCode : 'aborted';
    sim.metrics.request(method, route, status, seconds);
    const fields = {
      reqId: ctx?.requestId,
      method,
      path,
      route,
      status,
      ms: Math.round(seconds * 10_000) / 10,
      user: ctx?.user?.name,
      org: ctx?.org?.name,
      fault: ctx?.fault ? `${ctx.fault.rule} (${ctx.fault.action})` : undefined,
    };
    if (typeof status === 'number' && status >= 500) sim.log.warn('request', fields);
    else sim.log.info('request', fields);
  });
}

/**
 * The router sets `req.route` when a route matches; its path joined to the mount path (`req.baseUrl`,
 * valid only at that moment) is the template, e.g. `/api/vApp/:id/power/action/powerOn`.
 *
 * The accessor that catches it is defined once, on the prototype Express gives every request of the app,
 * and keeps the route in a field of the request. An accessor defined on each request, with closures of its
 * own, gave each request hidden classes of its own in the old generation, and through them kept all of the
 * request's objects alive until a full collection.
 */
const ROUTE = Symbol('route');
const capturing = new WeakSet<object>();

type Captured = Request & { [ROUTE]?: unknown };

function captureRouteTemplate(req: Request): void {
  const proto = Object.getPrototypeOf(req) as object | null;
  if (!proto || capturing.has(proto)) return;
  capturing.add(proto);
  Object.defineProperty(proto, 'route', {
    configurable: true,
    enumerable: true,
    get(this: Captured) {
      return this[ROUTE];
    },
    set(this: Captured, r: { path?: unknown } | undefined) {
      this[ROUTE] = r;
      // Only requests this middleware saw have a context (the simulator's own endpoints come before it).
      if (!this.ctx) return;
      const path = Array.isArray(r?.path) ? r.path.join('|') : r?.path;
      this.ctx.route = typeof path === 'string' ? `${this.baseUrl}${path}` : undefined;
    },
  });
}
