/**
 * The HTTP side of fault injection: a gate early in the pipeline asks the fault engine what happens to
 * each request and has the action's module carry it out on the wire (actions/: `error` answers with a VCD
 * Error document, `reset` drops the connection with a TCP RST, `timeout` never answers, `partition` does
 * one or the other; with `after: true` the request is carried out first and only its answer is spoiled).
 * Latency holds the request for real milliseconds. The gate also writes the request log.
 *
 * The gate runs before body parsing and authentication, so path rules apply to logins and to
 * /api/versions too. Org and user rules learn the principal without side effects: from the session a
 * token names, or from the `user@org` of a login's Basic credentials.
 */
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import type { Socket } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Host as Simulator } from '../host.js';
import type { HttpDecision, RequestRecord } from './engine.js';
import { kindOfPath, type Principal, type RequestFacts } from './match.js';
import { moduleOf } from './actions/index.js';
import type { WireExchange } from './actions/action.js';
import { parseBasic, sessionByToken, tokenOf } from '../resources/session/ops.js';
import { DEFAULT_VERSION } from '../wire/media.js';
import { negotiate } from '../wire/negotiate.js';
import { isCloudApi } from '../wire/render.js';
import type { RequestContext } from '../wire/context.js';

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
      status: outcome === 'answered' || outcome === 'truncated' || (outcome === 'aborted' && res.headersSent) ? res.statusCode : null,
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
    const apply = () => {
      const { action } = decision;
      if (action) moduleOf(action).apply(action, wire(sim, req, res, next, exchange, renderError));
      else next();
    };
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

/** What an action may do to this exchange. */
function wire(
  sim: Simulator, req: Request, res: Response, next: NextFunction, exchange: { outcome?: Outcome }, renderError: ErrorRequestHandler,
): WireExchange {
  return {
    pass: () => next(),
    fail(err) {
      negotiateLeniently(req);
      next(err);
    },
    reset() {
      exchange.outcome = 'reset';
      resetSocket(req.socket);
    },
    resetAfterBody(bytes) {
      exchange.outcome = 'reset';
      cutBody(req, bytes, () => resetSocket(req.socket));
    },
    truncateAnswer(bytes) {
      cutAnswer(res, bytes, () => {
        exchange.outcome = 'truncated';
      });
    },
    hang() {
      exchange.outcome = 'hung';
      const drop = sim.faults.hold(() => req.socket.destroy());
      res.once('close', drop);
    },
    afterAnswer: (spoil) => spoilAnswer(res, spoil),
    replaceAnswer(err) {
      for (const h of res.getHeaderNames()) if (h !== 'x-vmware-vcloud-request-id') res.removeHeader(h);
      renderError(err, req, res, () => {});
    },
  };
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

/** How long (real ms) a cut body waits for its handler to read the bytes it let through before the cut. */
const CUT_READ_WAIT_MS = 2000;

/**
 * Lets `limit` bytes of the request's body reach whoever reads it, drops the rest, and calls `cut` once
 * those bytes were read (or after CUT_READ_WAIT_MS). Bytes already buffered when the rule fires count too.
 * A body shorter than `limit` is cut when it ends (its end never reaches the reader).
 */
function cutBody(req: IncomingMessage, limit: number, cut: () => void): void {
  let seen = req.readableLength;
  const push = req.push.bind(req);
  const deadline = performance.now() + CUT_READ_WAIT_MS;
  const whenRead = () => {
    if (req.destroyed) return;
    if (req.readableLength === 0 || performance.now() > deadline) cut();
    else setTimeout(whenRead, 1);
  };
  let done = false;
  const finish = () => {
    done = true;
    setImmediate(whenRead);
  };
  if (seen >= limit) finish();
  req.push = ((chunk: Buffer | null, encoding?: BufferEncoding) => {
    if (done) return true;
    if (chunk === null) {
      finish();
      return true;
    }
    const room = limit - seen;
    if (chunk.length < room) {
      seen += chunk.length;
      return push(chunk, encoding);
    }
    seen = limit;
    const ok = room > 0 ? push(chunk.subarray(0, room), encoding) : true;
    finish();
    return ok;
  }) as typeof req.push;
}

/**
 * Lets the answer's head and first `limit` bytes of its body out, then closes the connection once they are
 * written (`socket.end`: a FIN after the bytes, so the client reads every one of them). Whatever the
 * handler writes after that is dropped. An answer no longer than `limit` goes out whole.
 */
function cutAnswer(res: ServerResponse, limit: number, cut: () => void): void {
  const write = res.write.bind(res) as (chunk: Buffer, cb?: () => void) => boolean;
  const end = res.end.bind(res) as (chunk?: Buffer, cb?: () => void) => ServerResponse;
  let sent = 0;
  let done = false;
  const asBuffer = (chunk: unknown, encoding: unknown) =>
    (typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? encoding as BufferEncoding : 'utf8') : Buffer.from(chunk as Uint8Array));
  /** Passes what fits; true once the limit is reached and the connection is closing. */
  const pass = (chunk: Buffer): boolean => {
    const room = limit - sent;
    if (chunk.length <= room) {
      sent += chunk.length;
      return false;
    }
    done = true;
    cut();
    const close = () => res.socket?.end();
    if (room > 0) write(chunk.subarray(0, room), close);
    else {
      res.flushHeaders();
      close();
    }
    return true;
  };
  res.write = ((chunk: unknown, encoding?: unknown, cb?: unknown) => {
    if (done) return true;
    const buf = asBuffer(chunk, encoding);
    if (pass(buf)) return true;
    return write(buf, typeof encoding === 'function' ? encoding as () => void : cb as (() => void) | undefined);
  }) as typeof res.write;
  res.end = ((chunk?: unknown, encoding?: unknown, cb?: unknown) => {
    if (done) return res;
    if (chunk == null || typeof chunk === 'function') return end(undefined, chunk as (() => void) | undefined);
    const buf = asBuffer(chunk, encoding);
    if (pass(buf)) return res;
    return end(buf, typeof encoding === 'function' ? encoding as () => void : cb as (() => void) | undefined);
  }) as typeof res.end;
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
