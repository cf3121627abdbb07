/** The `_context` filter term of the edge gateway services' lists. */
import type { Request } from 'express';
import { queryDecode, rawParams } from '../query/params.js';

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
