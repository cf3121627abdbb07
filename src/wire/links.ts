/** Links and References, and reading the UUID out of an id, URN or href. Hrefs and URNs: resources/links.ts. */
import type { Doc } from './xml.js';

const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** Accepts a bare UUID, a URN or an href, and returns the UUID (lower case), if any. */
export function uuidOf(value: string | undefined): string | undefined {
  return value ? UUID_RE.exec(value)?.[0].toLowerCase() : undefined;
}

export function link(rel: string, href: string, type?: string, name?: string, id?: string): Doc {
  return { '@_rel': rel, '@_href': href, '@_type': type, '@_name': name, '@_id': id };
}

/** A ReferenceType: attributes only. */
export function ref(href: string, type: string, name?: string, id?: string): Doc {
  return { '@_href': href, '@_id': id, '@_name': name, '@_type': type };
}
