/**
 * Request validation against the OpenAPI document with express-openapi-validator: path and query
 * parameters, and JSON bodies. XML bodies are parsed and checked by the resources themselves, so the
 * validator sees their schemas as plain strings. Failures become VCD errors (400, or 415 for a body
 * type an operation does not take) that leave through the one error handler.
 * Liberal where real clients need it: unknown query parameters pass (pyvcloud's `force=False`, go's
 * `filterEncoded=true`), undocumented paths fall through to the app's own 404/405, media types compare
 * case-insensitively and ignore `;version=`, and body-less actions take no Content-Type at all.
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import { errorOf, type VcdError } from '../errors.js';
import { HTTP_METHODS, type OpenApiDoc } from './spec.js';
import { findOperation, operationsOf, type Operation } from './operations.js';
import { pointer } from './schema.js';

interface ValidatorError extends Error {
  status: number;
  errors?: { path?: string; message?: string }[];
}

const VALIDATOR_ERRORS = Object.values(OpenApiValidator.error);
const isValidatorError = (e: unknown): e is ValidatorError => VALIDATOR_ERRORS.some((cls) => e instanceof cls);

function fromValidatorError(e: ValidatorError): VcdError {
  const details = (e.errors ?? []).map((i) => `${i.path ?? ''} ${i.message ?? ''}`.trim()).filter(Boolean);
  const status = e.status >= 400 && e.status < 500 ? e.status : 400;
  return errorOf(status, `The request does not match the API: ${details.length ? details.join('; ') : e.message}.`);
}

/**
 * The document as the validator should see it: only the operations it is asked about (`keys`, as
 * `METHOD /path`), XML request bodies as strings (our code parses them), and nothing requests never
 * reach — responses and the schemas only they use. The validator walks the whole document for each
 * operation it compiles and tries every path on each request, so less of it is faster.
 */
function validatorSpec(doc: OpenApiDoc, keys: Set<string>): OpenApiDoc {
  const copy = structuredClone(doc);
  for (const [path, item] of Object.entries(copy.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method] as { requestBody?: { content?: Record<string, unknown> }; responses?: Record<string, unknown> } | undefined;
      if (!op) continue;
      if (!keys.has(`${method.toUpperCase()} ${path}`)) {
        delete item[method];
        continue;
      }
      const content = op.requestBody?.content;
      for (const type of Object.keys(content ?? {})) if (/xml/i.test(type)) content![type] = { schema: { type: 'string' } };
      op.responses = Object.fromEntries(Object.keys(op.responses ?? {}).map((status) => [status, { description: status }]));
    }
    if (!HTTP_METHODS.some((m) => item[m])) delete copy.paths[path];
  }
  const schemas = (copy.components.schemas ?? {}) as Record<string, unknown>;
  const used = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        const name = k === '$ref' && typeof v === 'string' ? /^#\/components\/schemas\/(.+)$/.exec(v)?.[1] : undefined;
        if (name && !used.has(name)) {
          used.add(name);
          visit(schemas[name]);
        } else visit(v);
      }
    }
  };
  visit(copy.paths);
  visit(copy.components.parameters);
  copy.components = {
    ...copy.components,
    schemas: Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name))),
    responses: {},
    headers: {},
  };
  return copy;
}

/** Whether the document gives the validator anything to refuse for this operation. */
function checkable(doc: OpenApiDoc, o: Operation): boolean {
  if (o.op.requestBody) return true;
  const params = [...(o.item.parameters ?? []), ...((o.op.parameters ?? []) as unknown[])].map((p) =>
    ((p as { $ref?: string }).$ref ? pointer(doc, (p as { $ref: string }).$ref) : p) as { in: string; schema?: Record<string, unknown> },
  );
  // Unknown query parameters pass, so only declared ones, and path parameters with more than a type, can fail.
  return params.some((p) => p.in !== 'path' || Object.keys(p.schema ?? {}).some((k) => k !== 'type' && k !== 'description') || p.schema?.type !== 'string');
}

const middlewares = new WeakMap<OpenApiDoc, RequestHandler>();

/**
 * The validator and what surrounds it, for the operations the document constrains; requests for the
 * others (most GETs: an id in the path and nothing else) skip it, since it could only say yes. One
 * middleware per document, shared by every app in the process: the validator holds no per-app state
 * that matters here and compiles each operation's schemas once.
 */
export function requestValidation(doc: OpenApiDoc): RequestHandler {
  const cached = middlewares.get(doc);
  if (cached) return cached;
  const operations = operationsOf(doc);
  const constrained = new Set(operations.filter((o) => checkable(doc, o)).map((o) => o.key));
  const validator = OpenApiValidator.middleware({
    apiSpec: validatorSpec(doc, constrained) as unknown as Parameters<typeof OpenApiValidator.middleware>[0]['apiSpec'],
    validateRequests: { allowUnknownQueryParameters: true },
    validateResponses: false,
    // Sessions are checked by vcdsim's own authentication, with VCD's 401s.
    validateSecurity: false,
    fileUploader: false,
    ignoreUndocumented: true,
  }) as unknown as RequestHandler[];
  // The validator coerces query values in place and pins its copy on the request: the resources get
  // the query exactly as the client sent it (Express parses it afresh on each read of req.query).
  const asSent = new WeakMap<Request, unknown>();
  const chain = express.Router();
  chain.use(
    (req: Request, _res: Response, next: NextFunction) => {
      asSent.set(req, req.query);
      next();
    },
    ...validator,
    (req: Request, _res: Response, next: NextFunction) => {
      if (Object.hasOwn(req, 'query')) (req as { query: unknown }).query = asSent.get(req);
      next();
    },
    (e: unknown, _req: Request, _res: Response, next: NextFunction) => next(isValidatorError(e) ? fromValidatorError(e) : e),
  );
  const middleware: RequestHandler = (req, res, next) => {
    const o = findOperation(operations, req.method, req.path);
    if (o && constrained.has(o.key)) chain(req, res, next);
    else next();
  };
  middlewares.set(doc, middleware);
  return middleware;
}
