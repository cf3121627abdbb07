/**
 * The simulator's own read-only endpoints under /_vcdsim: health, Prometheus metrics and the dashboard.
 * Mounted before the VCD middleware, so they are never faulted, logged per request or counted in metrics.
 */
import express, { type Request, type Response } from 'express';
import type { Simulator } from '../sim.js';
import { VERSION } from './version.js';
import { dashboardRoutes } from '../dashboard/routes.js';

export const OBSERVE_PREFIX = '/_vcdsim';

export function observeRouter(sim: Simulator): express.Router {
  const router = express.Router();
  const started = Date.now();

  // Liveness for the Docker HEALTHCHECK, CI service containers and load balancers.
  router.get('/health', (_req: Request, res: Response) => {
    res.json({
      status: 'ok',
      version: VERSION,
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
      simulatedTime: sim.clock.iso(),
      activeTasks: sim.tasks.activeCount(),
    });
  });

  router.get('/metrics', async (_req: Request, res: Response) => {
    const { contentType, body } = await sim.metrics.scrape();
    res.setHeader('Content-Type', contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.end(body);
  });

  dashboardRoutes(router, sim);
  return router;
}
