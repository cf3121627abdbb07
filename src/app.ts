/**
 * Composes the Express app. The order of the request pipeline lives here and only here:
 * [response validation] → OpenAPI document and API page → the simulator's own endpoints (/_vcdsim: metrics,
 * dashboard, then the control API; never faulted) → request id → request log and metrics → fault gate →
 * body parsing → negotiation → authentication → request validation → cache (keep what is rendered) →
 * resources → 404 → one error handler. The stages are functions (http/stages.ts) that the fast path
 * (fastpath.ts) runs too: a render-cache hit is answered there, ahead of Express, and only there.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { RequestListener } from 'node:http';
import type { Host } from './host.js';
import { errorHandler } from './wire/render.js';
import { RenderCache } from './wire/cache.js';
import { methodNotAllowed, notFound } from './errors.js';
import { PUBLIC_ROUTES, RESOURCE_ROUTES } from './resources/registry.js';
import { MT } from './wire/media.js';
import { tokenOf } from './resources/session/ops.js';
import { loginRoutes } from './resources/session/routes.js';
import { faultGate, handedOver } from './faults/http.js';
import { refuseDeepJson } from './wire/body.js';
import { stampExchange } from './wire/exchange.js';
import { authenticateRequest, cacheKey, negotiateRequest, newContext } from './http/stages.js';
import type { RequestContext } from './wire/context.js';
import { withFastPath } from './fastpath.js';
import { controlRouter, CONTROL_PREFIX } from './control/routes.js';
import { observeRouter, OBSERVE_PREFIX } from './observe/routes.js';
import { observeRequests } from './observe/http.js';
import { loadSpec } from './contract/spec.js';
import { requestValidation } from './contract/requests.js';
import { checkerFor, mismatchAs500, responseValidation } from './contract/responses.js';
import { openapiRoutes } from './control/openapi.js';

const XML_BODY = (req: { headers: Record<string, string | string[] | undefined> }) => /(^|\/|\+)xml\s*(;|$)/i.test(String(req.headers['content-type'] ?? ''));
const JSON_BODY = (req: { headers: Record<string, string | string[] | undefined> }) => /(^|\/|\+)json\s*(;|$)/i.test(String(req.headers['content-type'] ?? ''));
const BODY_LIMIT = '1mb';
/** XML costs fast-xml-parser ~100 ms a megabyte: a smaller limit keeps one body from holding the event loop. */
const XML_BODY_LIMIT = '256kb';

/** The Express app (its routes, for tools that walk them) and the handler to serve: the app behind the fast path. */
export function createApp(sim: Host): { express: express.Express; handler: RequestListener } {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('query parser', 'extended');
  const onError = errorHandler((e, req) => sim.log.error('internal error', { path: req.path, error: (e as Error)?.stack ?? String(e) }));

  // --- OpenAPI contract (openapi/, src/contract/) ---
  // Every answer, /_vcdsim included, is checked on its way out when asked to; the document and its
  // API page come before the rest of /_vcdsim so the control API never shadows them.
  const spec = loadSpec();
  if (sim.config.validateResponses) app.use(responseValidation(checkerFor(spec), mismatchAs500(sim.log)));
  app.use(openapiRoutes(sim));
  // --- end OpenAPI contract ---

  // The simulator's own endpoints come first, so no fault rule and no VCD middleware ever touches them
  // (and they do not count themselves in the metrics). Observe before control: control ends in a 404.
  app.use(OBSERVE_PREFIX, observeRouter(sim));
  app.use(CONTROL_PREFIX, controlRouter(sim));

  app.use((req: Request, res: Response, next: NextFunction) => {
    const requestId = handedOver.get(req)?.requestId ?? randomUUID();
    stampExchange(res, requestId);
    req.ctx = newContext(sim.config, req, requestId);
    next();
  });
  app.use(observeRequests(sim));

  // Before body parsing and authentication: path rules hit logins and /api/versions too.
  app.use(faultGate(sim, onError));

  // go-vcloud-director posts ControlAccessParams without a Content-Type; VCD reads such a body as XML.
  app.use((req: Request, _res: Response, next: NextFunction) => {
    if ((req.method === 'POST' || req.method === 'PUT') && !req.headers['content-type'] && /\/action\/controlAccess\/?$/i.test(req.path)) req.headers['content-type'] = MT.controlAccess;
    next();
  });
  app.use(express.text({ type: XML_BODY, limit: XML_BODY_LIMIT }));
  app.use(express.json({ type: JSON_BODY, limit: BODY_LIMIT, strict: false, verify: refuseDeepJson }));

  // go-vcloud-director reads NSX-T importable segments from the UI's /network/orgvdcnetworks/importableswitches.
  app.use(['/api', '/cloudapi', '/network/orgvdcnetworks'], (req: Request, _res: Response, next: NextFunction) => {
    Object.assign(req.ctx, negotiateRequest(sim.config, req.baseUrl + req.path, req.headers.accept));
    next();
  });

  const open = express.Router();
  for (const register of PUBLIC_ROUTES) register(open, sim.world);
  loginRoutes(open, sim.world);
  app.use(open);

  app.use(['/api', '/cloudapi', '/network/orgvdcnetworks'], (req: Request, _res: Response, next: NextFunction) => {
    Object.assign(req.ctx, authenticateRequest(sim.world, tokenOf(req.headers)));
    next();
  });
  // OpenAPI request validation, after authentication so a missing session is still VCD's 401.
  if (sim.config.validateRequests) app.use(requestValidation(spec));

  // A GET whose document may be cached keeps its rendered bytes; repeats are answered by the fast path.
  const cache = new RenderCache(sim.store, () => sim.tasks.activeCount() === 0);
  // One function for every request, reading the key from the context: a closure per request over the
  // request kept each request's objects alive through minor collections, into the old generation.
  function keep(this: RequestContext, contentType: string, bytes: Buffer): void {
    if (this.cacheKey) cache.put(this.cacheKey, contentType, bytes, this.route);
  }
  app.use('/api', (req: Request, _res: Response, next: NextFunction) => {
    const key = cacheKey(cache, req.method, req.ctx, req.baseUrl + req.path, req.originalUrl);
    if (key) {
      req.ctx.cacheKey = key;
      req.ctx.keep = keep;
    }
    next();
  });

  const router = express.Router({ caseSensitive: false });
  for (const register of RESOURCE_ROUTES) register(router, sim.world);
  app.use(router);

  app.use((req: Request) => {
    // A path we know with the wrong method is 405, as VCD answers; anything else is 404.
    if (knownPath(router, req.path)) throw methodNotAllowed(`HTTP method ${req.method} is not allowed on ${req.path}.`);
    throw notFound(`The requested resource ${req.path} could not be found.`);
  });
  app.use(onError);
  return { express: app, handler: withFastPath(sim, cache, app) };
}

interface Layer {
  route?: { path: string };
  matchers?: ((path: string) => unknown)[];
  match?: (path: string) => boolean;
}

function knownPath(router: express.Router, path: string): boolean {
  return (router.stack as unknown as Layer[]).some((layer) => {
    if (!layer.route) return false;
    if (layer.matchers) return layer.matchers.some((m) => m(path));
    return layer.match?.(path) ?? false;
  });
}
