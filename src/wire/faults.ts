/**
 * The HTTP side of fault injection: a gate early in the pipeline asks the fault engine what happens to
 * each request and does it on the wire, and it writes the request log.
 *
 * On the wire: `error` answers with a VCD Error document (CloudAPI: its JSON error); `reset` destroys the
 * connection with a TCP RST (clients see ECONNRESET); `timeout` keeps the connection open and never
 * answers; `partition` looks like `reset` (or like `timeout` with mode `hang`). With `after: true` the
 * request is carried out first and only its answer is spoiled, as when a response is lost on the way back.
 * Latency holds the request for real milliseconds (not simulated ones: clients time out in real time).
 *
 * The gate runs before body parsing and authentication, so path rules apply to logins and to
 * /api/versions too. Org and user rules learn the principal without side effects: from the session a
 * token names, or from the `user@org` of a login's Basic credentials.
 */
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import type { Socket } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Host as Simulator } from '../host.js';
import type { HttpDecision, Principal, RequestFacts, RequestRecord } from '../engine/faults.js';
import { parseBasic, sessionByToken, tokenOf } from '../resources/session/ops.js';
import { DEFAULT_VERSION } from './media.js';
import { negotiate } from './negotiate.js';
import { isCloudApi } from './render.js';
import { VcdError } from '../errors.js';
import type { RequestContext } from './context.js';

type Outcome = RequestRecord['outcome'];

/** A request as the fault engine saw it on arrival, and what it decided. */
export interface Admission {
  requestId: string;
  method: string;
  path: string;
  /** Real (performance.now) and simulated arrival times. */
  started: number;
  arrived: number;
  who: () => Principal;
  decision?: HttpDecision;
}

/**
 * Requests the render cache's fast path (fastpath.ts) admitted and then handed to the full pipeline,
 * because a fault rule fired: the gate acts on that decision instead of deciding again.
 */
export const handedOver = new WeakMap<IncomingMessage, Admission>();

/** Asks the fault engine what happens to a request (this counts matches and draws odds: once per request). */
export function admit(sim: Simulator, req: IncomingMessage, requestId: string, method: string, path: string): Admission {
  const started = performance.now();
  const arrived = sim.clock.now();
  let principal: Principal | undefined;
  const who = () => (principal ??= peekPrincipal(sim, req));
  let kind: string | undefined;
  let version: string | undefined;
  const facts: RequestFacts = {
    id: requestId,
    method,
    path,
    kind: () => (kind ??= kindOfPath(path)),
    version: () => (version ??= /version\s*=\s*"?(\d+(?:\.\d+)?)/i.exec(String(req.headers.accept ?? ''))?.[1] ?? DEFAULT_VERSION),
    principal: who,
  };
  return { requestId, method, path, started, arrived, who, decision: sim.faults.decide(facts) };
}

/** Writes the exchange to the request log once the connection is done with it. */
export function logExchange(
  sim: Simulator, req: IncomingMessage & { ctx?: RequestContext }, res: ServerResponse, a: Admission, exchange: { fault?: string; outcome?: Outcome },
): void {
  res.once('close', () => {
    const org = req.ctx?.org?.name ?? a.who().orgName;
    const user = req.ctx?.user?.name ?? a.who().userName;
    const outcome = exchange.outcome ?? (res.writableFinished ? 'answered' : 'aborted');
    const entry: RequestRecord = {
      time: sim.clock.iso(a.arrived), timeMs: a.arrived, id: a.requestId, method: a.method, path: a.path,
      status: outcome === 'answered' || (outcome === 'aborted' && res.headersSent) ? res.statusCode : null,
      outcome, ms: Math.round(performance.now() - a.started),
    };
    if (org) entry.org = org;
    if (user) entry.user = user;
    if (exchange.fault) entry.fault = exchange.fault;
    sim.faults.requestLog.push(entry);
  });
}

export function faultGate(sim: Simulator, renderError: ErrorRequestHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    // Captured now: routers may rewrite req.url on the way.
    const a = handedOver.get(req) ?? admit(sim, req, req.ctx.requestId, req.method, req.path);
    const exchange: { fault?: string; outcome?: Outcome } = {};
    logExchange(sim, req, res, a, exchange);
    const { decision } = a;
    if (!decision) {
      next();
      return;
    }
    exchange.fault = decision.rule;
    if (decision.rule) req.ctx.fault = { rule: decision.rule, action: decision.action?.type ?? 'latency' };
    const apply = () => act(decision, req, res, next, exchange, sim, renderError);
    if (decision.delayMs <= 0) {
      apply();
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const run = () => {
      clearTimeout(timer);
      dropHold();
      apply();
    };
    const dropHold = sim.faults.hold(run);
    timer = setTimeout(run, decision.delayMs);
    res.once('close', () => {
      clearTimeout(timer);
      dropHold();
    });
  };
}

function act(
  d: HttpDecision, req: Request, res: Response, next: NextFunction, exchange: { outcome?: Outcome },
  sim: Simulator, renderError: ErrorRequestHandler,
): void {
  const a = d.action;
  if (!a) {
    next();
    return;
  }
  const reset = () => {
    exchange.outcome = 'reset';
    resetSocket(req.socket);
  };
  const hang = () => {
    exchange.outcome = 'hung';
    const drop = sim.faults.hold(() => req.socket.destroy());
    res.once('close', drop);
  };
  switch (a.type) {
    case 'error': {
      const err = new VcdError(a.status, a.minorCode, a.message, a.retryAfterSeconds !== undefined ? { 'Retry-After': String(a.retryAfterSeconds) } : {});
      if (a.after) {
        spoilAnswer(res, () => {
          for (const h of res.getHeaderNames()) if (h !== 'x-vmware-vcloud-request-id') res.removeHeader(h);
          renderError(err, req, res, () => {});
        });
        next();
        return;
      }
      negotiateLeniently(req);
      next(err);
      return;
    }
    case 'reset':
    case 'timeout': {
      const spoil = a.type === 'reset' ? reset : hang;
      if (!a.after) {
        spoil();
        return;
      }
      spoilAnswer(res, spoil);
      next();
      return;
    }
    case 'partition':
      if (a.mode === 'hang') hang();
      else reset();
      return;
    default:
      next();
  }
}

/** Lets the request be carried out, then runs `spoil` in place of sending its answer. */
function spoilAnswer(res: Response, spoil: () => void): void {
  const end = res.end;
  res.end = function (this: Response) {
    res.end = end;
    if (res.headersSent) resetSocket(res.socket as Socket);
    else spoil();
    return this;
  } as typeof res.end;
}

/** A TCP RST where the socket allows it (plain TCP), else an ordinary close. */
function resetSocket(socket: Socket | null): void {
  if (!socket) return;
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}

/** An error injected before negotiation still comes in the format and version the client asked for. */
function negotiateLeniently(req: Request): void {
  try {
    const n = negotiate(req.headers.accept, isCloudApi(req) ? 'json' : 'xml');
    req.ctx.format = n.format;
    req.ctx.version = n.version;
  } catch {
    // Unacceptable Accept header: the defaults stand.
  }
}

/** Who a request speaks for, read without side effects (no session touch, no password check). */
function peekPrincipal(sim: Simulator, req: IncomingMessage): Principal {
  const { store } = sim;
  const token = tokenOf(req.headers);
  const session = token ? sessionByToken(sim, token) : undefined;
  if (session) {
    return {
      orgId: session.orgId, orgName: store.get('org', session.orgId)?.name,
      userId: session.userId, userName: store.get('user', session.userId)?.name,
    };
  }
  const basic = parseBasic(req.headers.authorization);
  if (!basic) return {};
  const org = [...store.all('org')].find((o) => o.name.toLowerCase() === basic.org.toLowerCase());
  const user = org && store.where('user', 'orgId', org.id).find((u) => u.name.toLowerCase() === basic.user.toLowerCase());
  return { orgId: org?.id, orgName: org?.name ?? basic.org, userId: user?.id, userName: user?.name ?? basic.user };
}

/** Path segment → resource kind, for `/api/<segment>`, `/api/admin/<segment>` and `/cloudapi/<version>/<segment>`. */
const KINDS: Record<string, string> = {
  versions: 'versions', session: 'session', sessions: 'session', org: 'org', orgs: 'org', vdc: 'vdc', vdcs: 'vdc',
  vapp: 'vApp', vapps: 'vApp', vm: 'vm', vms: 'vm', vapptemplate: 'vAppTemplate', catalog: 'catalog', catalogs: 'catalog',
  catalogitem: 'catalogItem', network: 'network', task: 'task', tasks: 'task', taskslist: 'task', query: 'query',
  user: 'user', users: 'user', role: 'role', roles: 'role', vdcstorageprofile: 'storageProfile', entity: 'entity',
  media: 'media', disk: 'disk', edgegateway: 'edgeGateway', edgegateways: 'edgeGateway',
};

/** The resource kind a path addresses (`vApp`, `vm`, `vdc`, `task`, `query`…), for rules that match by kind. */
export function kindOfPath(path: string): string {
  const segs = path.toLowerCase().split('/');
  if (segs[1] === 'oauth') return 'session';
  if (segs[1] === 'cloudapi') return KINDS[segs[3] ?? ''] ?? segs[3] ?? 'cloudapi';
  if (segs[1] !== 'api') return 'unknown';
  let seg = segs[2] ?? '';
  let rest = segs[3];
  if (seg === 'admin') {
    if (!segs[3]) return 'admin';
    seg = segs[3];
    rest = segs[4];
  }
  if (seg === 'vapp' && rest?.startsWith('vm-')) return 'vm';
  return KINDS[seg] ?? seg;
}
