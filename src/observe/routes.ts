/**
 * The simulator's own read-only endpoints under /_vcdsim: Prometheus metrics and the dashboard (health is
 * the control API's).
 * Mounted before the VCD middleware, so they are never faulted, logged per request or counted in metrics.
 */
import express, { type Request, type Response } from 'express';
import type { Host } from '../host.js';
import { dashboardRoutes } from '../dashboard/routes.js';

export const OBSERVE_PREFIX = '/_vcdsim';

export function observeRouter(sim: Host): express.Router {
  const router = express.Router();
  router.get('/metrics', async (_req: Request, res: Response) => {
    const { contentType, body } = await sim.metrics.scrape();
    res.setHeader('Content-Type', contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.end(body);
  });

  dashboardRoutes(router, sim);
  return router;
}
