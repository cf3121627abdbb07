/** `Accept` negotiation: which format (XML or JSON) and which API version a request asks for. */
import { API_VERSIONS, DEFAULT_VERSION, DEPRECATED_VERSIONS, isSupportedVersion } from './media.js';
import { notAcceptable } from '../errors.js';

export type Format = 'xml' | 'json';
export interface Negotiated {
  format: Format;
  version: string;
}

interface AcceptEntry {
  type: string;
  q: number;
  version?: string;
}

/** Parses leniently: duplicate headers arrive joined by ", "; entries without a slash are ignored. */
function parseAccept(header: string): AcceptEntry[] {
  const entries: AcceptEntry[] = [];
  for (const part of header.split(',')) {
    const [rawType, ...params] = part.split(';');
    const type = rawType.trim().toLowerCase();
    if (!type.includes('/')) continue;
    const entry: AcceptEntry = { type, q: 1 };
    for (const p of params) {
      const [k, v] = p.split('=').map((s) => s?.trim());
      if (k?.toLowerCase() === 'version' && v) entry.version = v.replace(/^"|"$/g, '');
      if (k?.toLowerCase() === 'q' && v) entry.q = Number(v) || 0;
    }
    entries.push(entry);
  }
  return entries.sort((a, b) => b.q - a.q);
}

function formatOf(type: string, fallback: Format): Format | undefined {
  if (type === '*/*' || type === 'application/*') return fallback;
  if (type === 'application/xml' || type === 'text/xml' || (type.startsWith('application/') && type.endsWith('+xml'))) return 'xml';
  if (type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'))) return 'json';
  return undefined;
}

export function supportedVersionsText(): string {
  const all = ([...API_VERSIONS].reverse() as string[]).concat([...DEPRECATED_VERSIONS].reverse().map((v) => `${v}[D]`));
  return `Supported API versions are: [${all.join(', ')}] ([D] indicates deprecated versions)`;
}

export function negotiate(accept: string | undefined, fallback: Format, strictVersion = false): Negotiated {
  const entries = accept ? parseAccept(accept) : [];
  let format: Format | undefined;
  if (entries.length === 0) format = fallback;
  for (const e of entries) {
    format = formatOf(e.type, fallback);
    if (format) break;
  }
  if (!format) {
    throw notAcceptable(`The request has invalid accept header: ${accept}. Use application/*+xml or application/*+json.`);
  }
  const version = entries.find((e) => e.version)?.version;
  if (version === undefined) {
    if (strictVersion) throw notAcceptable(`The request has invalid accept header: Missing API version. ${supportedVersionsText()}`);
    return { format, version: DEFAULT_VERSION };
  }
  if (!isSupportedVersion(version)) {
    throw notAcceptable(`The request has invalid accept header: Invalid API version requested. ${supportedVersionsText()}`);
  }
  return { format, version };
}
