/** Sends documents and errors in the negotiated format, with VCD's media types and headers. */
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { asJsonType, DEFAULT_VERSION, MT, ROOT_NAMESPACES } from './media.js';
import { toJsonValue } from './json.js';
import { errorOf, VcdError } from '../errors.js';
import { negotiate, type Negotiated } from './negotiate.js';
import { toXml, type Doc } from './xml.js';

/** A document ready to send: root element name, media type (the `+xml` form) and tree. */
export interface Rendered {
  root: string;
  type: string;
  body: Doc;
}

export function withNamespaces(body: Doc): Doc {
  return body['@_xmlns'] ? body : { ...ROOT_NAMESPACES, ...body };
}

/** Serialises a rendered document for a format; pure, so callers may cache the bytes. */
export function serialize(doc: Rendered, format: 'xml' | 'json'): Buffer {
  return Buffer.from(
    format === 'json' ? JSON.stringify(toJsonValue(doc.body)) : toXml(doc.root, withNamespaces(doc.body)),
  );
}

export function contentTypeFor(type: string, format: 'xml' | 'json', version: string): string {
  return `${format === 'json' ? asJsonType(type) : type};version=${version}`;
}

/** Express 5 lower-cases media types given to res.send(string): set the header and send bytes instead. */
export function sendBytes(res: Response, status: number, contentType: string, bytes: Buffer): void {
  res.status(status);
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', bytes.length);
  res.end(bytes);
}

export function sendDoc(req: Request, res: Response, doc: Rendered, status = 200): void {
  const { format, version } = req.ctx;
  const contentType = contentTypeFor(doc.type, format, version);
  const bytes = serialize(doc, format);
  if (status === 200) req.ctx.keep?.(contentType, bytes);
  sendBytes(res, status, contentType, bytes);
}

/** CloudAPI bodies are plain JSON. */
export function sendJson(req: Request, res: Response, body: unknown, status = 200): void {
  sendBytes(res, status, `application/json;version=${req.ctx?.version ?? '38.1'}`, Buffer.from(JSON.stringify(body)));
}

export function isCloudApi(req: Request): boolean {
  return req.path.startsWith('/cloudapi') || req.path.startsWith('/oauth');
}

/** The Error document, in XML or VCD's JSON form. */
export function errorDoc(err: VcdError, requestId: string): Rendered {
  return {
    root: 'Error',
    type: MT.error,
    body: {
      '@_majorErrorCode': err.status,
      '@_minorErrorCode': err.minorCode,
      '@_message': `[ ${requestId} ] ${err.message}`,
    },
  };
}

/** Converts whatever was thrown into a VcdError: body-parser failures, our errors, or a bug (500). */
export function toVcdError(e: unknown): VcdError {
  if (e instanceof VcdError) return e;
  const err = e as { type?: string; status?: number; message?: string };
  if (err?.type === 'entity.parse.failed') return errorOf(400, `The request body is not valid JSON: ${(err.message ?? '').replace(/^Unexpected/, 'unexpected')}.`);
  if (err?.type === 'entity.too.large') return errorOf(413, 'The request body is larger than the simulator accepts.');
  if (err?.type === 'charset.unsupported' || err?.type === 'encoding.unsupported') {
    return errorOf(415, err.message ?? 'Unsupported encoding.');
  }
  if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
    return errorOf(err.status, err.message);
  }
  return errorOf(500, 'An internal error occurred in the simulator.');
}

/** The one exit for failures: a VCD Error document, never a stack trace or an HTML page. */
export function errorHandler(onInternal: (e: unknown, req: Request) => void) {
  return (e: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const err = toVcdError(e);
    if (err.status >= 500 && !(e instanceof VcdError)) onInternal(e, req);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendError(req, res, err);
  };
}

/** An error in the client's language: a VCD Error document on /api, CloudAPI's JSON elsewhere. */
export function sendError(req: Request, res: Response, err: VcdError): void {
  const requestId = req.ctx?.requestId ?? String(res.getHeader('X-VMWARE-VCLOUD-REQUEST-ID') ?? '');
  for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
  if (isCloudApi(req) || req.path.startsWith('/_vcdsim')) {
    sendJson(req, res, { minorErrorCode: cloudApiMinor(err), message: `[ ${requestId} ] ${err.message}`, stackTrace: null }, err.status);
    return;
  }
  const { format, version } = replyFormat(req);
  sendBytes(res, err.status, contentTypeFor(MT.error, format, version), serialize(errorDoc(err, requestId), format));
}

/**
 * The family and version an error answers in. Failures ahead of negotiation (an unreadable body, a fault)
 * still answer in the family the client accepts; after it, reading Accept again gives what negotiation did.
 */
function replyFormat(req: Request): Negotiated {
  try {
    return negotiate(req.headers.accept, 'xml');
  } catch {
    return { format: req.ctx?.format ?? 'xml', version: req.ctx?.version ?? DEFAULT_VERSION };
  }
}

/** CloudAPI says NOT_AUTHENTICATED where the legacy API says UNAUTHORIZED. */
function cloudApiMinor(err: VcdError): string {
  return err.status === 401 ? 'NOT_AUTHENTICATED' : err.minorCode;
}

/** What Node's HTTP parser refuses before any request exists, by the parser's error code. */
function parserRefusal(code: string | undefined): VcdError {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return new VcdError(431, 'BAD_REQUEST', 'The request line and headers are larger than the simulator accepts.');
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return new VcdError(413, 'BAD_REQUEST', 'The chunk extensions are larger than the simulator accepts.');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new VcdError(408, 'BAD_REQUEST', 'The request did not arrive in time.');
    default:
      // The parser's codes (HPE_INVALID_METHOD, HPE_INVALID_HEADER_TOKEN, …) name the fault and nothing else.
      return new VcdError(400, 'BAD_REQUEST', `The request is not valid HTTP/1.1${code && /^[A-Z_]{1,64}$/.test(code) ? ` (${code})` : ''}.`);
  }
}

/**
 * The server's `clientError` listener: a request Node's parser refuses (oversized headers, a bad request line,
 * invalid header characters, broken framing) gets a VCD Error document instead of Node's empty 400/431, then
 * the connection closes (the rest of the stream cannot be trusted). Nothing is written when part of an answer
 * already went out on the socket: that would corrupt it.
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const vcd = parserRefusal(err.code);
  const requestId = randomUUID();
  const body = serialize(errorDoc(vcd, requestId), 'xml');
  const head = [
    `HTTP/1.1 ${vcd.status} ${STATUS_CODES[vcd.status] ?? 'Bad Request'}`,
    `Content-Type: ${contentTypeFor(MT.error, 'xml', DEFAULT_VERSION)}`,
    `Content-Length: ${body.length}`,
    `X-VMWARE-VCLOUD-REQUEST-ID: ${requestId}`,
    `Date: ${new Date().toUTCString()}`,
    'Connection: close',
  ].join('\r\n');
  socket.end(Buffer.concat([Buffer.from(`${head}\r\n\r\n`), body]), () => socket.destroy());
}
