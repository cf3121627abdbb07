/** Reading CloudAPI request bodies and the `_context` filter term, for the edge gateway services. */
import type { Request } from 'express';
import { badRequest } from '../../errors.js';
import { queryDecode, rawParams } from '../query/params.js';

export type Json = Record<string, unknown>;

export function body(req: Request): Json {
  if (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) throw badRequest('The request body must be a JSON object.');
  return req.body as Json;
}

export function str(v: unknown, what: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw badRequest(`${what} must be a string.`);
  return v;
}

export function bool(v: unknown, what: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw badRequest(`${what} must be true or false.`);
  return v;
}

export function int(v: unknown, what: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw badRequest(`${what} must be an integer.`);
  return v;
}

export function list(v: unknown, what: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw badRequest(`${what} must be a list.`);
  return v;
}

/** The id of an `{id, name}` reference (undefined when absent). */
export function refId(v: unknown, what: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw badRequest(`${what} must be a reference {"id": …}.`);
  return str((v as Json).id, `${what}.id`) || undefined;
}

export const ref = (name: string | undefined, id: string) => ({ name: name ?? null, id });

/**
 * The request's query parameters with a `_context==…` term taken out of `filter` (VCD's pseudo-property
 * naming the entity a list is read in), and the context it named.
 */
export function contextOf(req: Request): { params: Map<string, string>; context?: string } {
  const params = new Map(rawParams(req));
  const raw = params.get('filter');
  if (!raw) return { params };
  // go-vcloud-director's encoded form (`filterEncoded=true`, values encoded, the expression raw) stays as it came.
  const rawForm = /^true$/i.test(params.get('filterencoded') ?? '') && raw.includes('=');
  let expr = rawForm ? raw : queryDecode(raw);
  // `(a;b)` as a whole: the parentheses go with the term taken out.
  const wrapped = /^\((.*)\)$/.exec(expr);
  if (wrapped && !/[()]/.test(wrapped[1])) expr = wrapped[1];
  const terms = expr.split(';');
  const i = terms.findIndex((t) => /^\(?_context==/.test(t.trim()));
  if (i < 0) return { params };
  const value = terms[i].trim().replace(/^\(?_context==/, '').replace(/\)$/, '');
  terms.splice(i, 1);
  const rest = terms.join(';');
  if (!rest) params.delete('filter');
  else params.set('filter', rawForm ? rest : encodeURIComponent(rest));
  return { params, context: rawForm ? queryDecode(value) : value };
}
