/**
 * Query-string parameters of the query service and the CloudAPI lists, read from the raw URL: a filter
 * sent with `filterEncoded=true` must be split before its values are decoded, and paging links must carry
 * the parameters back exactly as the client wrote them.
 */
import type { Request } from 'express';
import { decodeLenient, FilterError, parseFiql, type FiqlNode } from '../../lib/fiql.js';
import { badRequest } from '../../errors.js';

/** Raw (still URL-encoded) values by lower-cased name; the first occurrence wins. Tolerates `?&` and `&&`. */
export function rawParams(req: Request): Map<string, string> {
  const url = req.originalUrl;
  const q = url.indexOf('?');
  const params = new Map<string, string>();
  if (q < 0) return params;
  for (const part of url.slice(q + 1).split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = queryDecode(eq < 0 ? part : part.slice(0, eq)).toLowerCase();
    if (!params.has(key)) params.set(key, eq < 0 ? '' : part.slice(eq + 1));
  }
  return params;
}

/** Decodes one query-string value (`+` is a space there). */
export function queryDecode(raw: string): string {
  return decodeLenient(raw.replace(/\+/g, ' '));
}

export function param(params: Map<string, string>, name: string): string | undefined {
  const raw = params.get(name.toLowerCase());
  return raw === undefined ? undefined : queryDecode(raw);
}

/**
 * Parses `filter`. With `filterEncoded=true` each value is decoded once more after splitting: go-vcloud-director
 * writes the expression raw with encoded values (`name==a%3Bb;vdc==…`), pyvcloud encodes the whole expression
 * on top of its encoded values; a literal `=` in the raw text tells the two apart.
 */
export function filterParam(params: Map<string, string>): FiqlNode | undefined {
  const raw = params.get('filter');
  if (raw === undefined || raw === '') return undefined;
  const encoded = /^true$/i.test(param(params, 'filterEncoded') ?? '');
  try {
    if (!encoded) return parseFiql(queryDecode(raw));
    if (raw.includes('=')) return parseFiql(raw.replace(/\+/g, ' '), true);
    return parseFiql(queryDecode(raw), true);
  } catch (e) {
    if (e instanceof FilterError) throw badRequest(e.message);
    throw e;
  }
}

export interface Paging {
  page: number;
  pageSize: number;
}

/** VCD's defaults: page 1, 25 per page, at most 128 (larger sizes are capped). */
export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 128;

export function pagingParams(params: Map<string, string>): Paging {
  const int = (name: string, fallback: number) => {
    const v = param(params, name);
    if (v === undefined || v === '') return fallback;
    // Beyond 2^53 a page number is no longer exact (and 400 digits are Infinity): refused like any other.
    if (!/^\d+$/.test(v.trim()) || Number(v) < 1 || !Number.isSafeInteger(Number(v))) throw badRequest(`Invalid value "${v}" for parameter ${name}: a positive integer is required.`);
    return Number(v);
  };
  return { page: int('page', 1), pageSize: Math.min(int('pageSize', DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE) };
}

/** `sortAsc`/`sortDesc` (both may be given: ascending key first). */
export function sortParams(params: Map<string, string>): { field: string; descending: boolean }[] {
  const keys: { field: string; descending: boolean }[] = [];
  const asc = param(params, 'sortAsc');
  const desc = param(params, 'sortDesc');
  if (asc) keys.push({ field: asc, descending: false });
  if (desc) keys.push({ field: desc, descending: true });
  return keys;
}

/** The query string of a paging link: the client's own parameters, as written, with `page` replaced. */
export function linkQuery(params: Map<string, string>, canonical: [string, string][], carried: string[]): string {
  const parts = canonical.map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
  for (const name of carried) {
    const raw = params.get(name.toLowerCase());
    if (raw !== undefined && raw !== '') parts.push(`${name}=${raw}`);
  }
  return parts.join('&');
}
