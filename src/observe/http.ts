/**
 * One line of log and one metrics sample per HTTP exchange: request id, method, route template, status,
 * duration, user/org and any fault injected. Recorded when the connection is done with the request, so
 * exchanges a fault cut short (no answer) are seen too.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../logger.js';
import type { Metrics } from './metrics.js';

/** Requests no route matched share one label, so odd URLs cannot blow up the series count. */
const UNMATCHED = 'unmatched';

export function observeRequests(sim: { metrics: Metrics; log: Logger }) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const template = captureRouteTemplate(req);
    res.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = template() ?? UNMATCHED;
      const status = res.writableFinished ? res.statusCode : 'aborted';
      sim.metrics.request(req.method, route, status, seconds);
      const ctx = req.ctx;
      const fields = {
        reqId: ctx?.requestId,
        method: req.method,
        path: req.path,
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
    next();
  };
}

/**
 * The router sets `req.route` when a route matches; its path joined to the mount path (`req.baseUrl`,
 * valid only at that moment) is the template, e.g. `/api/vApp/:id/power/action/powerOn`.
 */
function captureRouteTemplate(req: Request): () => string | undefined {
  let route: unknown;
  let template: string | undefined;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set: (r: { path?: unknown } | undefined) => {
      route = r;
      const path = Array.isArray(r?.path) ? r.path.join('|') : r?.path;
      template = typeof path === 'string' ? `${req.baseUrl}${path}` : undefined;
    },
  });
  return () => template;
}
