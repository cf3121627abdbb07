/**
 * Request bodies: XML (any namespace prefix) or VCD's JSON form, read through one tree shape so
 * operations parse parameters once. JSON properties are mapped onto both the attribute and the element
 * form of their name (`powerOn` → `@_powerOn` and `PowerOn`), since JSON does not say which VCD meant.
 */
import type { Request } from 'express';
import { badRequest, unsupportedMediaType } from '../errors.js';
import { parseXml, type Doc } from './xml.js';

export interface Body {
  /** Root element name (XML only). */
  root?: string;
  doc: Doc;
}

/** JSON bodies nest no deeper than XML ones (JSON.parse allocates per level; fromJson recurses per level). */
export const MAX_JSON_DEPTH = 64;

/**
 * express.json's `verify` hook: refuses a body nested deeper than MAX_JSON_DEPTH with one pass over its bytes,
 * before it is parsed (half a million nested `[` took JSON.parse 100 ms and then overflowed the stack).
 */
export function refuseDeepJson(_req: unknown, _res: unknown, buf: Buffer): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_JSON_DEPTH) throw badRequest(`The request body nests values deeper than ${MAX_JSON_DEPTH} levels.`);
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
}

const upper = (k: string) => k.charAt(0).toUpperCase() + k.slice(1);

function fromJson(value: unknown): Doc {
  const doc: Doc = {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { '#text': String(value ?? '') };
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === null || v === undefined || k === 'otherAttributes') continue;
    if (k === 'value') doc['#text'] = String(v);
    if (Array.isArray(v)) doc[upper(k)] = v.map((x) => (typeof x === 'object' ? fromJson(x) : String(x))) as Doc[];
    else if (typeof v === 'object') doc[upper(k)] = fromJson(v);
    else {
      doc[`@_${k}`] = String(v);
      doc[upper(k)] = String(v);
    }
  }
  return doc;
}

/**
 * The body of a request that needs one. `expectedRoot` is the XML root element the operation takes;
 * a different root is a 400, a body that is neither XML nor JSON is a 415, as VCD answers.
 */
export function readBody(req: Request, expectedRoot: string | string[]): Body {
  const roots = Array.isArray(expectedRoot) ? expectedRoot : [expectedRoot];
  const contentType = String(req.headers['content-type'] ?? '');
  if (typeof req.body === 'string') {
    if (!req.body.trim()) throw badRequest(`The request has no body; expected ${roots[0]}.`);
    const { root, doc } = parseXml(req.body);
    if (!roots.includes(root)) throw badRequest(`The request body must be ${roots.join(' or ')}, not ${root}.`);
    return { root, doc };
  }
  if (req.body !== undefined && typeof req.body === 'object' && /json/i.test(contentType)) {
    return { doc: fromJson(req.body) };
  }
  if (!contentType) throw badRequest(`The request has no body; expected ${roots[0]}.`);
  throw unsupportedMediaType(`The media type ${contentType} is not supported here; send ${roots[0]} as XML or JSON.`);
}

/** Optional bodies (deploy, undeploy): absent is fine, present must parse. */
export function readOptionalBody(req: Request, expectedRoot: string): Body | undefined {
  const hasBody = (typeof req.body === 'string' && req.body.trim() !== '') || (req.body && typeof req.body === 'object' && Object.keys(req.body).length);
  return hasBody ? readBody(req, expectedRoot) : undefined;
}
