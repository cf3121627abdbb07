/**
 * Record: a proxy that clients point at instead of the VCD. Each request is forwarded to the target and
 * each exchange written as one JSON line (secrets removed): method, path, headers, bodies, status, timing.
 * The target's address in answers (hrefs, Location) is rewritten to the proxy's, so clients that follow
 * links stay on it. Tasks are followed: the exchange that first sees a task end carries its observed
 * duration (from the answer that created it to the poll that saw it end).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createWriteStream, type WriteStream } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { redactHeaders, redactText } from './redact.js';

export interface Exchange {
  type: 'exchange';
  seq: number;
  /** Wall-clock time the request arrived (ISO). */
  at: string;
  method: string;
  path: string;
  requestHeaders: Record<string, string>;
  requestBody?: string;
  status: number;
  responseHeaders: Record<string, string>;
  responseBody?: string;
  durationMs: number;
  /**
   * A task this answer shows ending, and how long it took: as a client saw it (from the answer that
   * created it to the poll that saw it end), and as the VCD itself says (its endTime less its startTime).
   */
  task?: { id: string; operation: string; status: string; observedMs: number; serverMs?: number };
}

/** The first line of a recording. */
export interface RecordingHeader {
  type: 'recording';
  /** The proxy's base URL: hrefs in the recording start with it. */
  base: string;
  started: string;
}

export interface RecordOptions {
  target: string;
  /** `HOST:PORT` to listen on (default 127.0.0.1:0, a free port). */
  listen?: string;
  out: string;
  onExchange?: (e: Exchange) => void;
}

export interface Recorder {
  url: string;
  exchanges: number;
  stop(): Promise<void>;
}

const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding', 'host', 'upgrade', 'te', 'trailer']);
const TERMINAL = new Set(['success', 'error', 'canceled', 'aborted']);
const TASK_ID = /\/api\/task\/([0-9a-f-]{36})/i;

export async function record(opts: RecordOptions): Promise<Recorder> {
  const target = opts.target.replace(/\/+$/, '');
  const [host, port] = splitListen(opts.listen ?? '127.0.0.1:0');
  const out: WriteStream = createWriteStream(opts.out, { flags: 'w' });
  let seq = 0;
  let base = '';
  const tasksSeen = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    void (async () => {
      const started = Date.now();
      const at = new Date(started).toISOString();
      const body = await readBody(req);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (!HOP.has(k) && v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      const forwardBody = body.length ? body.toString('utf8').split(base).join(target) : undefined;
      let answer: Response;
      try {
        answer = await fetch(`${target}${req.url}`, { method: req.method, headers, body: forwardBody, redirect: 'manual' });
      } catch (e) {
        res.writeHead(502, { 'content-type': 'text/plain' }).end(`vcdsim record: the target did not answer: ${(e as Error).message}\n`);
        return;
      }
      const text = (await answer.text()).split(target).join(base);
      const responseHeaders: Record<string, string> = {};
      answer.headers.forEach((v, k) => {
        if (!HOP.has(k)) responseHeaders[k] = v.split(target).join(base);
      });
      res.writeHead(answer.status, responseHeaders).end(text);
      const e: Exchange = {
        type: 'exchange', seq: ++seq, at, method: req.method ?? 'GET', path: req.url ?? '/',
        requestHeaders: redactHeaders(headers), status: answer.status, responseHeaders: redactHeaders(responseHeaders),
        durationMs: Date.now() - started,
      };
      if (forwardBody) e.requestBody = redactText(body.toString('utf8'));
      if (text) e.responseBody = redactText(text);
      const task = taskState(text);
      if (task) {
        const first = tasksSeen.get(task.id);
        if (first === undefined) tasksSeen.set(task.id, started);
        if (TERMINAL.has(task.status) && first !== undefined && first >= 0) {
          const { startTime, endTime, ...seen } = task;
          e.task = { ...seen, observedMs: Date.now() - first };
          const serverMs = Date.parse(endTime ?? '') - Date.parse(startTime ?? '');
          if (Number.isFinite(serverMs) && serverMs >= 0) e.task.serverMs = serverMs;
          tasksSeen.set(task.id, -1);
        }
      }
      out.write(`${JSON.stringify(e)}\n`);
      opts.onExchange?.(e);
    })().catch((err) => {
      if (!res.headersSent) res.writeHead(500).end(String(err));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  base = `http://${addr.address.includes(':') ? `[${addr.address}]` : addr.address}:${addr.port}`;
  const header: RecordingHeader = { type: 'recording', base, started: new Date().toISOString() };
  out.write(`${JSON.stringify(header)}\n`);
  return {
    url: base,
    get exchanges() {
      return seq;
    },
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => out.end(() => resolve()));
    }),
  };
}

/** The task an answer shows (a Task document, JSON or XML), if any. */
export function taskState(text: string): { id: string; operation: string; status: string; startTime?: string; endTime?: string } | undefined {
  if (!text) return undefined;
  if (text.startsWith('{')) {
    try {
      const d = JSON.parse(text);
      const t = d?.type?.includes('vcloud.task+') ? d : d?.tasks?.task?.[0];
      const id = TASK_ID.exec(t?.href ?? '')?.[1];
      return id ? { id, operation: t.operationName ?? '', status: t.status ?? '', startTime: t.startTime, endTime: t.endTime } : undefined;
    } catch {
      return undefined;
    }
  }
  const m = /<Task\b[^>]*>/.exec(text);
  if (!m) return undefined;
  const attr = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(m[0])?.[1] ?? '';
  const id = TASK_ID.exec(attr('href'))?.[1];
  return id ? { id, operation: attr('operationName'), status: attr('status'), startTime: attr('startTime') || undefined, endTime: attr('endTime') || undefined } : undefined;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

export function splitListen(listen: string): [string, number] {
  const m = /^(?:\[?([^\]]*?)\]?:)?(\d+)$/.exec(listen);
  if (!m) throw new Error(`--listen is HOST:PORT or PORT, got "${listen}"`);
  return [m[1] || '127.0.0.1', Number(m[2])];
}
