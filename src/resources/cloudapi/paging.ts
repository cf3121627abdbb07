/**
 * CloudAPI lists: FIQL `filter` over the model's (dotted) property paths, `sortAsc`/`sortDesc`, `page` and
 * `pageSize`, answered as VCD's page (`resultTotal`, `pageCount`, `page`, `pageSize`, `associations`,
 * `values`) with `Link` headers for the other pages, one header per link as VCD sends them; and the `_context`
 * filter term some lists are read in.
 */
import type { Request, Response } from 'express';
import { compareStrings, compileFiql, FilterError, type FieldType } from '../../lib/fiql.js';
import { badRequest } from '../../errors.js';
import { sendJson } from '../../wire/render.js';
import { filterParam, linkQuery, pagingParams, queryDecode, rawParams, sortParams } from '../query/params.js';

export type Model = Record<string, unknown>;

export interface ListSpec {
  /** Model name for the `Link` headers (`model="…"`). */
  model: string;
  /** Paths a filter or sort may name, with their types. */
  fields: Record<string, FieldType>;
}

const valueAt = (item: Model, path: string): unknown =>
  path.split('.').reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Model)[key] : undefined), item);

/** Compared values: dates as epoch ms, null as missing. */
function getter(path: string, type: FieldType): (item: Model) => unknown {
  return (item) => {
    const v = valueAt(item, path);
    if (v === null) return undefined;
    return type === 'date' && typeof v === 'string' ? Date.parse(v) : v;
  };
}

/** `params`: the request's query parameters, or a caller's edited copy of them. */
export function sendPage(req: Request, res: Response, items: Model[], spec: ListSpec, params = rawParams(req)): void {
  const { page, pageSize } = pagingParams(params);
  const filter = filterParam(params);
  let matches = items;
  if (filter) {
    try {
      const match = compileFiql<Model>(filter, (path) => spec.fields[path] && { type: spec.fields[path], get: getter(path, spec.fields[path]) });
      matches = items.filter(match);
    } catch (e) {
      if (e instanceof FilterError) throw badRequest(e.message);
      throw e;
    }
  }
  const sort = sortParams(params);
  for (const { field } of sort) if (!spec.fields[field]) throw badRequest(`"${field}" is not a valid sort property.`);
  if (sort.length) {
    const keys = sort.map(({ field, descending }) => ({ get: getter(field, spec.fields[field]), descending }));
    matches = [...matches].sort((a, b) => {
      for (const { get, descending } of keys) {
        const x = fold(get(a));
        const y = fold(get(b));
        if (x === y) continue;
        if (x === undefined) return 1;
        if (y === undefined) return -1;
        const c = typeof x === 'string' ? compareStrings(x, String(y)) : Number(x) - Number(y);
        if (c !== 0) return descending ? -c : c;
      }
      return 0;
    });
  }

  const resultTotal = matches.length;
  const pageCount = Math.ceil(resultTotal / pageSize);
  const url = (p: number) => `${req.ctx.base}${req.path}?${linkQuery(params, [['page', String(p)], ['pageSize', String(pageSize)]], ['filter', 'filterEncoded', 'sortAsc', 'sortDesc'])}`;
  const links: string[] = [];
  const add = (rel: string, p: number) => links.push(`<${url(p)}>;rel="${rel}";type="application/json";model="${spec.model}"`);
  if (page > 1) {
    add('firstPage', 1);
    add('previousPage', Math.min(page - 1, Math.max(pageCount, 1)));
  }
  if (page < pageCount) {
    add('nextPage', page + 1);
    add('lastPage', pageCount);
  }
  if (links.length) res.setHeader('Link', links);
  sendJson(req, res, {
    resultTotal, pageCount, page, pageSize, associations: null,
    values: matches.slice((page - 1) * pageSize, page * pageSize),
  });
}

const fold = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v);

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
