/**
 * The stages of the request pipeline, as plain functions. app.ts lists them once, in order, as Express
 * middleware; fastpath.ts runs the same functions for render-cache hits ahead of Express.
 *
 *   request id → observe (log, metrics) → fault gate → [bodies] → negotiate → authenticate → validate → cache
 *
 * Observing and the fault gate live with their subsystems (observe/http.ts, faults/http.ts); request
 * validation with the contract (contract/requests.ts).
 */
import type { IncomingMessage } from 'node:http';
import type { Config } from '../config.js';
import type { World } from '../world.js';
import type { RenderCache } from '../wire/cache.js';
import type { RequestContext } from '../wire/context.js';
import { negotiate, type Negotiated } from '../wire/negotiate.js';
import { baseUrl } from '../wire/exchange.js';
import { authenticate, isSysAdmin, type Principal } from '../resources/session/ops.js';

/** Request id: the context every later stage fills in (format and version until negotiation says otherwise). */
export function newContext(config: Config, req: IncomingMessage, requestId: string): RequestContext {
  return { requestId, base: baseUrl(config, req), format: 'xml', version: '38.1', isSysAdmin: false };
}

/**
 * Negotiation: /api speaks XML unless asked for JSON; /cloudapi speaks JSON whatever the Accept header
 * names (go-vcloud-director's Disconnect asks for XML from a CloudAPI endpoint and gets its 204). An
 * unsupported version is VCD's 406 everywhere.
 */
export function negotiateRequest(config: Config, path: string, accept: string | undefined): Negotiated {
  const cloud = /^\/cloudapi(\/|$)/i.test(path);
  const n = negotiate(accept, cloud ? 'json' : 'xml', config.strictVersion && path !== '/api/versions');
  return cloud ? { ...n, format: 'json' } : n;
}

/** Authentication: the live session a token names (401 otherwise), as context fields. */
export function principalContext(p: Principal): Pick<RequestContext, 'session' | 'user' | 'org' | 'role' | 'isSysAdmin' | 'groupIds'> {
  return { session: p.session, user: p.user, org: p.org, role: p.role, isSysAdmin: isSysAdmin(p), groupIds: p.groupIds };
}

export function authenticateRequest(world: World, token: string | undefined): Pick<RequestContext, 'session' | 'user' | 'org' | 'role' | 'isSysAdmin' | 'groupIds'> {
  return principalContext(authenticate(world, token));
}

/** Cache: the key of a GET whose rendered answer may be kept (the session document never is). */
export function cacheKey(cache: RenderCache, method: string, ctx: RequestContext, path: string, url: string): string | undefined {
  return /^\/api\/session\/?$/i.test(path) ? undefined : cache.keyOf(method, ctx, url);
}
