/** Hrefs, URNs, Links and References: derived from ids and the request's base URL, never stored. */
import type { EntityKind } from '../store/types.js';
import { URN_SEGMENT } from '../store/types.js';
import type { Doc } from './xml.js';

const PATHS: Partial<Record<EntityKind, (id: string) => string>> = {
  org: (id) => `/api/org/${id}`,
  vdc: (id) => `/api/vdc/${id}`,
  storageProfile: (id) => `/api/vdcStorageProfile/${id}`,
  catalog: (id) => `/api/catalog/${id}`,
  catalogItem: (id) => `/api/catalogItem/${id}`,
  vAppTemplate: (id) => `/api/vAppTemplate/vappTemplate-${id}`,
  network: (id) => `/api/network/${id}`,
  vApp: (id) => `/api/vApp/vapp-${id}`,
  vm: (id) => `/api/vApp/vm-${id}`,
  task: (id) => `/api/task/${id}`,
  user: (id) => `/api/admin/user/${id}`,
  role: (id) => `/api/admin/role/${id}`,
  session: () => `/api/session`,
};

export function hrefOf(base: string, kind: EntityKind, id: string): string {
  const path = PATHS[kind];
  if (!path) throw new Error(`no href for ${kind}`);
  return base + path(id);
}

/** Admin view of an entity: VCD's convention is the same path under /api/admin/. */
export function adminHrefOf(base: string, kind: EntityKind, id: string): string {
  return hrefOf(base, kind, id).replace(`${base}/api/`, `${base}/api/admin/`);
}

export function urn(kind: EntityKind, id: string): string {
  return `urn:vcloud:${URN_SEGMENT[kind]}:${id}`;
}

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
