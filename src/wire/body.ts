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
