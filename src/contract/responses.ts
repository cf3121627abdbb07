/**
 * Response validation against the OpenAPI document: the status is documented for the operation, the
 * Content-Type is one of the documented media types (case-insensitively, parameters aside), and the body
 * matches the schema — JSON directly, XML read through its `xml` keywords (xmldoc.ts). Used by the
 * contract tests on what a client receives, and at run time behind --validate-responses, where a
 * mismatch turns the answer into a 500 that says what is wrong.
 * (express-openapi-validator only sees `res.json` bodies; vcdsim sends exact bytes, so it checks here.)
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenApiDoc } from './spec.js';
import { findOperation, operationsOf, type Operation } from './operations.js';
import { pointer, type Schema } from './schema.js';
import { checkRoot, parseXmlDocument, readBySchema } from './xmldoc.js';
import { internalError } from '../errors.js';
import { sendError } from '../wire/render.js';
import type { Logger } from '../logger.js';

interface ResponseObject {
  $ref?: string;
  content?: Record<string, { schema?: Schema }>;
}

/** An operation with its response objects by status key, and the JSON pointer where each lives. */
interface Checked extends Operation {
  responses: Map<string, { at: string; response: ResponseObject }>;
}

export interface ObservedResponse {
  method: string;
  /** Path without the query string. */
  path: string;
  status: number;
  contentType?: string;
  body: Buffer | string;
}

export interface CheckResult {
  /** Undefined when no documented operation matches the method and path. */
  operation?: string;
  format?: Format;
  mediaType?: string;
  problems: string[];
  /** The document in its JSON form (an XML body as its schema reads it), when it has one. */
  value?: unknown;
}

type Format = 'xml' | 'json' | 'other' | 'none';

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

function newAjv(coerceTypes: boolean): Ajv2020 {
  // strict: false — the document carries OpenAPI keywords (xml, examples on properties…) AJV does not know.
  const ajv = new Ajv2020({ strict: false, allErrors: true, coerceTypes, validateSchema: false });
  addFormats.default(ajv);
  return ajv;
}

export class ResponseChecker {
  private readonly operations: Checked[];
  private readonly ajvJson = newAjv(false);
  private readonly ajvXml = newAjv(true);
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly doc: OpenApiDoc) {
    this.ajvJson.addSchema(doc, 'vcdsim');
    this.ajvXml.addSchema(doc, 'vcdsim');
    this.operations = operationsOf(doc).map((o) => {
      const responses = new Map<string, { at: string; response: ResponseObject }>();
      for (const [status, r] of Object.entries((o.op.responses ?? {}) as Record<string, ResponseObject>)) {
        const at = r.$ref ? r.$ref.slice(1) : `/paths/${escapePointer(o.template)}/${o.method.toLowerCase()}/responses/${status}`;
        responses.set(status.toUpperCase(), { at, response: (r.$ref ? pointer(doc, r.$ref) : r) as ResponseObject });
      }
      return { ...o, responses };
    });
  }

  /** The documented operation for a request, if any. */
  find(method: string, path: string): Checked | undefined {
    return findOperation(this.operations, method, path) as Checked | undefined;
  }

  check(r: ObservedResponse): CheckResult {
    const op = this.find(r.method, r.path);
    if (!op) return { problems: [] };
    const problems: string[] = [];
    const result: CheckResult = { operation: op.key, problems };
    const status = String(r.status);
    const declared = op.responses.get(status) ?? op.responses.get(`${status[0]}XX`) ?? (r.status >= 400 ? op.responses.get('DEFAULT') : undefined);
    if (!declared) {
      problems.push(`status ${status} is not documented for ${op.key} (documented: ${[...op.responses.keys()].join(', ')})`);
      return result;
    }
    const body = typeof r.body === 'string' ? Buffer.from(r.body) : r.body;
    const content = declared.response.content;
    if (!content) {
      result.format = 'none';
      if (body.length) problems.push(`${op.key} ${status} is documented without a body, but ${body.length} bytes came`);
      return result;
    }
    const mediaType = (r.contentType ?? '').split(';')[0].trim().toLowerCase();
    result.mediaType = mediaType;
    const entry = Object.entries(content).find(([type]) => type.toLowerCase() === mediaType);
    if (!entry) {
      problems.push(`Content-Type "${r.contentType ?? ''}" is not documented for ${op.key} ${status} (documented: ${Object.keys(content).join(', ')})`);
      return result;
    }
    const [type, media] = entry;
    // A 206 carries a part of the representation (a byte range): never a whole document to read.
    if (r.status === 206) {
      result.format = 'other';
      return result;
    }
    const schema = media.schema;
    const at = `${declared.at}/content/${escapePointer(type)}/schema`;
    const formats = formatsOf(mediaType, schema);
    result.format = formats.length === 1 ? formats[0] : body.toString('utf8').trimStart().startsWith('<') ? 'xml' : 'json';
    if (!schema || result.format === 'other') return result;
    const text = body.toString('utf8');
    if (result.format === 'json') {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        problems.push(`the body is not JSON: ${(e as Error).message}`);
        return result;
      }
      this.validate(this.ajvJson, at, value, problems);
      result.value = value;
      return result;
    }
    const root = parseXmlDocument(text, problems);
    if (!root) return result;
    checkRoot(this.doc, root, schema, problems);
    const value = readBySchema(this.doc, root, schema, `/${root.qname}`, problems);
    // Validating coerces XML's text to the declared types in place.
    this.validate(this.ajvXml, at, value, problems);
    result.value = value;
    return result;
  }

  /** `METHOD /path format` for each format a documented success answer comes in. */
  successFormats(): string[] {
    const out: string[] = [];
    for (const op of this.operations) {
      const formats = new Set<Format>();
      for (const [status, { response }] of op.responses) {
        if (!/^2/.test(status)) continue;
        if (!response.content) formats.add('none');
        for (const [type, media] of Object.entries(response.content ?? {})) formatsOf(type.toLowerCase(), media.schema).forEach((f) => formats.add(f));
      }
      for (const f of formats) out.push(`${op.key} ${f}`);
    }
    return out;
  }

  private validate(ajv: Ajv2020, at: string, value: unknown, problems: string[]): void {
    const cacheKey = `${ajv === this.ajvXml ? 'xml' : 'json'}:${at}`;
    let fn = this.compiled.get(cacheKey);
    if (!fn) {
      fn = ajv.compile({ $ref: `vcdsim#${at}` });
      this.compiled.set(cacheKey, fn);
    }
    if (!fn(value)) problems.push(...(fn.errors ?? []).map(describe));
  }
}

/** The body formats a media type announces; a VCD type without a suffix (guestcustomizationstatussection) carries either. */
function formatsOf(mediaType: string, schema: Schema | undefined): Format[] {
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) return ['json'];
  if (mediaType.endsWith('+xml') || mediaType.endsWith('/xml')) return ['xml'];
  if (schema && (schema.$ref || schema.properties)) return ['xml', 'json'];
  return ['other'];
}

function describe(e: ErrorObject): string {
  const where = e.instancePath || '/';
  const p = e.params as Record<string, unknown>;
  const extra = p.unevaluatedProperty ?? p.additionalProperty;
  return `${where} ${e.message}${extra !== undefined ? `: ${String(extra)}` : ''}`;
}

const checkers = new WeakMap<OpenApiDoc, ResponseChecker>();

/** One checker per document: compiling schemas is the expensive part, and it is shared. */
export function checkerFor(doc: OpenApiDoc): ResponseChecker {
  let c = checkers.get(doc);
  if (!c) {
    c = new ResponseChecker(doc);
    checkers.set(doc, c);
  }
  return c;
}

/**
 * Middleware checking every answer as it leaves. `onMismatch` decides what happens (vcdsim replaces
 * the answer with a 500 Error, which an answer already streamed out in pieces is too late for).
 */
export function responseValidation(
  checker: ResponseChecker,
  onMismatch: (req: Request, res: Response, result: CheckResult) => void,
): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'HEAD') return next();
    const end = res.end;
    const chunks: Buffer[] = [];
    const write = res.write;
    // Bytes that are no document (a download's file, a range of one) are not read: not kept either, so a
    // large download streams through with nothing of its size held.
    const opaque = () => res.statusCode === 206 || /^application\/octet-stream/i.test(String(res.getHeader('content-type') ?? ''));
    res.write = function (this: Response, chunk: unknown, ...rest: unknown[]) {
      if (chunk && !opaque()) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
      return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof res.write;
    res.end = function (this: Response, ...args: unknown[]) {
      res.end = end;
      res.write = write;
      const chunk = typeof args[0] === 'function' ? undefined : args[0];
      if (chunk) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), typeof args[1] === 'string' ? (args[1] as BufferEncoding) : 'utf8'));
      const result = checker.check({
        method: req.method,
        path: (req.originalUrl ?? req.url).split('?')[0],
        status: res.statusCode,
        contentType: res.getHeader('content-type') as string | undefined,
        body: Buffer.concat(chunks),
      });
      if (result.problems.length) onMismatch(req, res, result);
      if (res.writableEnded) return res;
      return (end as (...a: unknown[]) => Response).apply(this, args);
    } as typeof res.end;
    next();
  };
}

/**
 * What --validate-responses does with a mismatch: logs it and, unless the answer already left in
 * pieces, replaces it with a 500 Error naming the operation and the first problems.
 */
export function mismatchAs500(log: Logger) {
  return (req: Request, res: Response, result: CheckResult): void => {
    log.error('answer does not match the OpenAPI document', { method: req.method, path: req.originalUrl, status: res.statusCode, operation: result.operation, problems: result.problems });
    if (res.headersSent) return;
    for (const name of res.getHeaderNames()) if (!name.startsWith('x-vmware-vcloud-request')) res.removeHeader(name);
    const problems = result.problems.slice(0, 5).join('; ') + (result.problems.length > 5 ? `; and ${result.problems.length - 5} more` : '');
    sendError(req, res, internalError(`The answer (${res.statusCode}) does not match the OpenAPI document for ${result.operation}: ${problems}`));
  };
}
