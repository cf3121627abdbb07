/**
 * Repeated GETs of unchanged documents, answered before Express: the one place a render-cache hit is
 * served. It takes the stages of the pipeline in app.ts — request id, log and metrics, fault gate,
 * negotiation, authentication, cache — through the same functions (http/stages.ts), without the router's
 * per-request work (about half of what such a GET cost).
 *
 * Only a request whose answer is surely the cached document is answered here. Anything else goes to the
 * Express app untouched: other methods and paths, a body, an Accept header negotiation refuses, a session
 * that is missing or not live (the pipeline answers 401 and ends it), a cache miss, and a request a fault
 * rule fires on (handed over with the rule's decision, since deciding counts matches and draws odds).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Host } from './host.js';
import type { RenderCache } from './wire/cache.js';
import type { RequestContext } from './wire/context.js';
import { stampExchange } from './wire/exchange.js';
import { cacheKey, negotiateRequest, newContext, principalContext } from './http/stages.js';
import { admit, handedOver, logExchange } from './faults/http.js';
import { observeExchange } from './observe/http.js';
import { livePrincipal, tokenOf, touch } from './resources/session/ops.js';

export function withFastPath(sim: Host, cache: RenderCache, app: RequestListener): RequestListener {
  return (req, res) => {
    if (!answerFromCache(sim, cache, req, res)) app(req, res);
  };
}

function answerFromCache(sim: Host, cache: RenderCache, req: IncomingMessage & { ctx?: RequestContext }, res: ServerResponse): boolean {
  const url = req.url ?? '';
  const { headers } = req;
  if (req.method !== 'GET' || cache.size === 0 || !url.startsWith('/api/') || headers['content-length'] !== undefined || headers['transfer-encoding'] !== undefined) {
    return false;
  }
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const ctx = newContext(sim.config, req, '');
  try {
    Object.assign(ctx, negotiateRequest(sim.config, path, headers.accept));
  } catch {
    return false;
  }
  // Authentication without side effects: a session that is missing or not live is the pipeline's 401 to give.
  const token = tokenOf(headers);
  const p = token === undefined ? undefined : livePrincipal(sim.world, token);
  if (!p) return false;
  Object.assign(ctx, principalContext(p));
  const key = cacheKey(cache, 'GET', ctx, path, url);
  const hit = key === undefined ? undefined : cache.get(key);
  if (!hit) return false;

  const started = process.hrtime.bigint();
  ctx.requestId = randomUUID();
  const admission = admit(sim, req, ctx.requestId, 'GET', path);
  if (admission.decision) {
    handedOver.set(req, admission);
    return false;
  }
  stampExchange(res, ctx.requestId);
  ctx.route = hit.route;
  req.ctx = ctx;
  observeExchange(sim, req, res, path, started);
  logExchange(sim, req, res, admission, {});
  touch(sim.world, p.session);
  res.statusCode = 200;
  res.setHeader('Content-Type', hit.contentType);
  res.setHeader('Content-Length', hit.bytes.length);
  res.end(hit.bytes);
  return true;
}
