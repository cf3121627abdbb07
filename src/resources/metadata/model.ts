/**
 * Metadata entries: typed values, domains and visibility, as VCD keeps them. Pure: parsing a request's
 * entries, checking who may see or change one, merging into an entity's list.
 */
import type { MetadataDomain, MetadataEntry, MetadataValueType, MetadataVisibility } from '../../store/types.js';
import { badRequest } from '../../errors.js';
import { canonicalMetadataValue } from '../../store/metadata.js';
import { attr, child, children, text, type Doc } from '../../wire/xml.js';

export const VALUE_TYPES: readonly MetadataValueType[] = ['MetadataStringValue', 'MetadataNumberValue', 'MetadataBooleanValue', 'MetadataDateTimeValue'];
export const DOMAINS: readonly MetadataDomain[] = ['GENERAL', 'SYSTEM'];
export const VISIBILITIES: readonly MetadataVisibility[] = ['READWRITE', 'READONLY', 'PRIVATE'];

/** Keys are at most 256 characters, as VCD's schema documents. */
const MAX_KEY = 256;

const TYPE_TEXT: Record<MetadataValueType, string> = {
  MetadataStringValue: 'a string', MetadataNumberValue: 'an integer', MetadataBooleanValue: 'true or false',
  MetadataDateTimeValue: 'an ISO 8601 date and time',
};

/** A value of a type in its canonical text form; a value that is not of its type is VCD's 400. */
export function canonicalValue(type: MetadataValueType, raw: string, key: string): string {
  const v = canonicalMetadataValue(type, raw);
  if (v === undefined) throw badRequest(`The value "${raw}" of metadata key "${key}" is not a valid ${type} (${TYPE_TEXT[type]}).`);
  return v;
}

/** The xsi:type of a TypedValue (XML `xsi:type`, JSON `_type`), prefix-less. */
function typeOf(typed: Doc): string | undefined {
  const t = attr(typed, 'type') ?? attr(typed, '_type') ?? (typeof typed._type === 'string' ? typed._type : undefined);
  return t?.replace(/^.*:/, '');
}

/**
 * One entry of a request: `doc` is a MetadataEntry (with Key) or a MetadataValue (key from the URL).
 * `urlDomain` is the domain the URL names, which wins over the document's.
 */
export function parseEntry(doc: Doc, key: string | undefined, urlDomain?: MetadataDomain): MetadataEntry {
  const k = key ?? text(doc, 'Key');
  if (k === undefined || k.trim() === '') throw badRequest('A metadata entry needs a non-empty Key.');
  if (k.length > MAX_KEY) throw badRequest(`The metadata key "${k.slice(0, 40)}…" is longer than ${MAX_KEY} characters.`);
  const typed = child(doc, 'TypedValue');
  if (!typed) throw badRequest(`The metadata entry "${k}" has no TypedValue.`);
  const type = typeOf(typed) as MetadataValueType | undefined;
  if (!type || !VALUE_TYPES.includes(type)) {
    throw badRequest(`The TypedValue of metadata key "${k}" must have xsi:type ${VALUE_TYPES.join(', ')}; got "${type ?? ''}".`);
  }
  const raw = text(typed, 'Value');
  if (raw === undefined) throw badRequest(`The TypedValue of metadata key "${k}" has no Value.`);
  const domainDoc = child(doc, 'Domain');
  const written = (domainDoc?.['#text'] !== undefined ? String(domainDoc['#text']) : domainDoc ? text(domainDoc, 'Value') : undefined)?.trim();
  const domain = urlDomain ?? ((written || 'GENERAL').toUpperCase() as MetadataDomain);
  if (!DOMAINS.includes(domain)) throw badRequest(`"${written}" is not a metadata domain (GENERAL or SYSTEM).`);
  const visibility = (attr(domainDoc, 'visibility') ?? 'READWRITE').toUpperCase() as MetadataVisibility;
  if (!VISIBILITIES.includes(visibility)) throw badRequest(`"${attr(domainDoc, 'visibility')}" is not a metadata visibility (READWRITE, READONLY or PRIVATE).`);
  // VCD refuses a SYSTEM entry tenants could write (go-vcloud-director recognises the message by its last word).
  if (domain === 'SYSTEM' && visibility === 'READWRITE') throw badRequest(`Metadata key "${k}": a SYSTEM domain entry cannot have READWRITE visibility`);
  return { domain, visibility, key: k, type, value: canonicalValue(type, raw, k) };
}

/** The entries of a Metadata document (POST merge). */
export function parseMetadata(doc: Doc): MetadataEntry[] {
  const entries = children(doc, 'MetadataEntry').map((e) => parseEntry(e, undefined));
  const seen = new Set<string>();
  for (const e of entries) {
    const id = `${e.domain}/${e.key}`;
    if (seen.has(id)) throw badRequest(`The metadata key "${e.key}" appears twice in the ${e.domain} domain.`);
    seen.add(id);
  }
  return entries;
}

/** Who is asking: system administrators see and change everything; tenants are bound by visibility. */
export interface Viewer {
  sysAdmin: boolean;
}

export function canSee(v: Viewer, e: MetadataEntry): boolean {
  return v.sysAdmin || e.visibility !== 'PRIVATE';
}

export function canWrite(v: Viewer, e: Pick<MetadataEntry, 'domain' | 'visibility'>): boolean {
  return v.sysAdmin || (e.domain === 'GENERAL' && e.visibility === 'READWRITE');
}

export function visibleEntries(v: Viewer, entries: readonly MetadataEntry[] | undefined): MetadataEntry[] {
  return (entries ?? []).filter((e) => canSee(v, e));
}

export function findEntry(entries: readonly MetadataEntry[] | undefined, domain: MetadataDomain, key: string): MetadataEntry | undefined {
  return entries?.find((e) => e.domain === domain && e.key === key);
}

/** `current` with `changes` set (same domain and key replaced, new ones appended). */
export function merged(current: readonly MetadataEntry[] | undefined, changes: readonly MetadataEntry[]): MetadataEntry[] {
  const out = [...(current ?? [])];
  for (const c of changes) {
    const i = out.findIndex((e) => e.domain === c.domain && e.key === c.key);
    if (i >= 0) out[i] = c;
    else out.push(c);
  }
  return out;
}

export function without(current: readonly MetadataEntry[] | undefined, domain: MetadataDomain, key: string): MetadataEntry[] {
  return (current ?? []).filter((e) => !(e.domain === domain && e.key === key));
}
