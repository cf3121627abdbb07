/** The dashboard: the page at /_vcdsim/ui, its state as JSON, and the live feed (server-sent events). */
import type { Request, Response, Router } from 'express';
import type { Host } from '../host.js';
import { DASHBOARD_PAGE } from './page.js';

export function dashboardRoutes(router: Router, sim: Host): void {
  const page = Buffer.from(DASHBOARD_PAGE, 'utf8');
  router.get('/ui', (_req: Request, res: Response) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    // Everything the page needs is inline; nothing is loaded from elsewhere.
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; img-src data:");
    res.end(page);
  });
  router.get('/ui/state', (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(sim.dashboard.state());
  });
  router.get('/ui/events', (_req: Request, res: Response) => sim.dashboard.watch(res));
}
