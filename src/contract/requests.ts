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
import { createRequire } from 'node:module';
import type * as OpenApiValidator from 'express-openapi-validator';
import { errorOf, type VcdError } from '../errors.js';
import { HTTP_METHODS, type OpenApiDoc } from './spec.js';
import { findOperation, operationsOf, type Operation } from './operations.js';
import { pointer } from './schema.js';

interface ValidatorError extends Error {
  status: number;
  errors?: { path?: string; message?: string }[];
}

/**
 * The validator's findings in VCD's manner: what was expected, and where (a query or path parameter, a
 * header, a property of the body) — never its own wording (`/query/page must be integer`) or a route
 * template (`/api/vdc/:id/…`).
 */
function fromValidatorError(e: ValidatorError, req: Request, operation: Operation | undefined): VcdError {
  const status = e.status >= 400 && e.status < 500 ? e.status : 400;
  if (status === 415) {
    const given = (req.headers['content-type'] ?? '').split(';')[0].trim() || 'none';
    const takes = Object.keys((operation?.op.requestBody as { content?: Record<string, unknown> } | undefined)?.content ?? {});
    return errorOf(415, `The media type ${given} is not supported by this operation${takes.length ? `; it takes ${takes.join(' or ')}` : ''}.`);
  }
  if (status === 405) return errorOf(405, `HTTP method ${req.method} is not allowed on ${req.path}.`);
  const details = (e.errors ?? []).map((i) => describeProblem(i.path ?? '', i.message ?? '', sentValues(req, operation))).filter(Boolean);
  return errorOf(status, `Bad request: ${details.length ? details.join('; ') : 'the request is not valid for this operation'}.`);
}

/** Patterns of the document, said in words. */
const PATTERNS: Record<string, string> = {
  '^([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|1|0)$': 'must be true or false',
};

interface Sent {
  query: URLSearchParams;
  path: Record<string, string>;
}

/** The query and path parameters as the client sent them (the validator coerces its own copies). */
function sentValues(req: Request, operation: Operation | undefined): Sent {
  const query = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
  const path: Record<string, string> = {};
  if (operation) {
    const given = req.path.split('/');
    operation.template.split('/').forEach((segment, i) => {
      const m = /^(.*)\{(\w+)\}(.*)$/.exec(segment);
      const value = given[i];
      if (m && value !== undefined) path[m[2]] = decodeURIComponent(value.slice(m[1].length, value.length - m[3].length));
    });
  }
  return { query, path };
}

/** `/query/page` + `must be integer` → `query parameter "page" must be a whole number, got "abc"`. */
export function describeProblem(path: string, message: string, sent_?: Sent): string {
  const [, where = '', ...rest] = path.split('/');
  const name = rest.join('.').replace(/~1/g, '/').replace(/~0/g, '~');
  const sent = (v: string | null | undefined) => (v === undefined || v === null ? '' : `, got ${JSON.stringify(v)}`);
  let required: string | undefined;
  let what = message
    .replace(/^must be integer$/, 'must be a whole number')
    .replace(/^must be number$/, 'must be a number')
    .replace(/^must be boolean$/, 'must be true or false')
    .replace(/^must be string$/, 'must be text')
    .replace(/^must be object$/, 'must be an object')
    .replace(/^must be array$/, 'must be a list')
    .replace(/^must be >= (\S+)$/, 'must be at least $1')
    .replace(/^must be <= (\S+)$/, 'must be at most $1')
    .replace(/^must be > (\S+)$/, 'must be more than $1')
    .replace(/^must be < (\S+)$/, 'must be less than $1')
    .replace(/^must NOT have fewer than (\d+) characters$/, 'must have at least $1 characters')
    .replace(/^must NOT have more than (\d+) characters$/, 'must have at most $1 characters')
    .replace(/^must match pattern "(.*)"$/, (_m, pattern: string) => PATTERNS[pattern] ?? (/^\^urn:vcloud:[\w:]*$/.test(pattern) ? `must be a URN starting ${pattern.slice(1)}` : 'is not in the form this operation takes'))
    .replace(/^must be equal to one of the allowed values(?:: (.*))?$/, (_m, values?: string) => `must be one of ${values ?? 'the documented values'}`)
    .replace(/^must NOT have additional properties$/, 'has a property this operation does not take');
  const req_ = /^must have required property '([^']+)'$/.exec(message);
  if (req_) required = req_[1];
  switch (where) {
    case 'query':
      return `query parameter "${name}" ${what}${sent(sent_?.query.get(name))}`;
    case 'path':
    case 'params':
      return `the ${name} in the path ${what}${sent(sent_?.path[name])}`;
    case 'headers':
      return `header ${name} ${what}`;
    case 'body': {
      if (required) {
        const parent = name.split('.').slice(0, name.split('.').at(-1) === required ? -1 : undefined).join('.');
        return `the request body needs ${parent ? `"${parent}.${required}"` : `"${required}"`}`;
      }
      return name ? `"${name}" in the request body ${what}` : `the request body ${what}`;
    }
    default:
      what = `${path ? `${path} ` : ''}${what}`.trim();
      return what;
  }
}

/** Keywords that explain a document without constraining a request. */
const PROSE = new Set(['description', 'summary', 'example', 'examples', 'xml', 'tags', 'externalDocs']);
/** Keywords whose value is a map by name: its keys are names (a property may be called `description`). */
const MAPS = new Set(['paths', 'schemas', 'parameters', 'properties', 'patternProperties', 'content', 'responses', 'headers', 'mapping']);

/** A deep copy without the prose. */
function withoutProse(node: unknown, isMap = false): unknown {
  if (Array.isArray(node)) return node.map((n) => withoutProse(n));
  if (!node || typeof node !== 'object') return node;
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (isMap || !PROSE.has(k)) copy[k] = withoutProse(v, !isMap && MAPS.has(k) && !Array.isArray(v));
  }
  return copy;
}

/**
 * The document as the validator should see it: only the operations it is asked about (`keys`, as
 * `METHOD /path`), XML request bodies as strings (our code parses them), and nothing requests never
 * reach — responses, the schemas only they use, descriptions and examples. The validator walks the whole
 * document as it starts (a third of a second for what remains) and tries every path on each request, so
 * less of it is faster.
 */
function validatorSpec(doc: OpenApiDoc, keys: Set<string>): OpenApiDoc {
  const copy = withoutProse(doc) as OpenApiDoc;
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
    ((p as { $ref?: string }).$ref ? pointer(doc, (p as { $ref: string }).$ref) : p) as { in: string; required?: boolean; schema?: Record<string, unknown> },
  );
  // Unknown query parameters pass, and any string passes a bare `type: string`: only a parameter with more
  // than that, or a required one outside the path (a matched path has its parameters), can fail.
  return params.some((p) => (p.required && p.in !== 'path') || p.schema?.type !== 'string'
    || Object.keys(p.schema).some((k) => k !== 'type' && k !== 'description'));
}

interface Validation {
  operations: Operation[];
  constrained: Set<string>;
  /** The validator and what surrounds it, built on first use or by `prepareRequestValidation`. */
  chain?: Promise<RequestHandler>;
}

const validations = new WeakMap<OpenApiDoc, Validation>();

function validationOf(doc: OpenApiDoc): Validation {
  let v = validations.get(doc);
  if (!v) {
    const operations = operationsOf(doc);
    v = { operations, constrained: new Set(operations.filter((o) => checkable(doc, o)).map((o) => o.key)) };
    validations.set(doc, v);
  }
  return v;
}

function chainOf(doc: OpenApiDoc, v: Validation): Promise<RequestHandler> {
  // The library itself loads then too: a tenth of a start.
  v.chain ??= import('express-openapi-validator').then((library) => {
    compileRoutesOnce();
    return validationChain(library, doc, v);
  });
  return v.chain;
}

type PathToRegexp = (path: unknown, options?: Record<string, unknown>) => unknown;
/** Far more than the document's route templates: a caller with paths of its own stops being remembered. */
const MAX_REMEMBERED_ROUTES = 4096;
let routesCompiledOnce = false;

/**
 * The validator finds a request's operation by compiling every route template of the document into a
 * RegExp until one matches, on every request: hundreds of compilations and a few hundred kilobytes of
 * garbage for `GET /api/query`, more CPU than the query itself over 100,000 VMs. The compiled form of a
 * template never changes, so its path-to-regexp (the module instance the library loads) remembers it. The
 * result is read, never changed: a RegExp without the g or y flag keeps no state between exec calls.
 */
function compileRoutesOnce(): void {
  if (routesCompiledOnce) return;
  routesCompiledOnce = true;
  const require = createRequire(import.meta.url);
  const library = require.resolve('express-openapi-validator');
  const module = require(require.resolve('path-to-regexp', { paths: [library] })) as { pathToRegexp?: PathToRegexp };
  const compile = module.pathToRegexp;
  if (typeof compile !== 'function') return;
  const remembered = new Map<string, unknown>();
  module.pathToRegexp = (path, options) => {
    if (typeof path !== 'string') return compile(path, options);
    const key = `${JSON.stringify(options ?? {})} ${path}`;
    let compiled = remembered.get(key);
    if (compiled === undefined) {
      compiled = compile(path, options);
      if (remembered.size < MAX_REMEMBERED_ROUTES) remembered.set(key, compiled);
    }
    return compiled;
  };
}

function validationChain(library: typeof OpenApiValidator, doc: OpenApiDoc, v: Validation): RequestHandler {
  const validatorErrors = Object.values(library.error);
  const isValidatorError = (e: unknown): e is ValidatorError => validatorErrors.some((cls) => e instanceof cls);
  const validator = library.middleware({
    apiSpec: validatorSpec(doc, v.constrained) as unknown as Parameters<typeof OpenApiValidator.middleware>[0]['apiSpec'],
    validateRequests: { allowUnknownQueryParameters: true },
    validateResponses: false,
    // Checking the document itself is a sixth of a start: it is done where the document changes, in the
    // test suite (jest sets NODE_ENV=test), not at every start of a committed, tested document.
    validateApiSpec: process.env.NODE_ENV === 'test',
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
    (e: unknown, req: Request, _res: Response, next: NextFunction) =>
      next(isValidatorError(e) ? fromValidatorError(e, req, findOperation(v.operations, req.method, req.path)) : e),
  );
  return chain;
}

/**
 * Request validation for the operations the document constrains; requests for the others (most GETs: an
 * id in the path and nothing else) skip it, since it could only say yes. One validator per document,
 * shared by every app in the process: it holds no per-app state that matters here and compiles each
 * operation's schemas once. It is built on first use or by `prepareRequestValidation`, whichever comes
 * first: building it is half a second of CPU, which the `vcdsim` command spends after it listens, not before.
 */
export function requestValidation(doc: OpenApiDoc): RequestHandler {
  const v = validationOf(doc);
  return (req, res, next) => {
    const o = findOperation(v.operations, req.method, req.path);
    if (o && v.constrained.has(o.key)) chainOf(doc, v).then((chain) => chain(req, res, next), next);
    else next();
  };
}

/** Builds the validator now (`Simulator.warmUp`: the `vcdsim` command, once its port is open). */
export async function prepareRequestValidation(doc: OpenApiDoc): Promise<void> {
  await chainOf(doc, validationOf(doc));
}
