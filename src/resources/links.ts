/** Hrefs and URNs: derived from ids, the kind's descriptor and the request's base URL, never stored. */
import type { EntityKind } from '../store/types.js';
import { kindOf } from './kinds.js';

export function hrefOf(base: string, kind: EntityKind, id: string): string {
  const path = kindOf(kind).hrefPath;
  if (!path) throw new Error(`no href for ${kind}`);
  return base + path(id);
}

/** Admin view of an entity: VCD's convention is the same path under /api/admin/. */
export function adminHrefOf(base: string, kind: EntityKind, id: string): string {
  return hrefOf(base, kind, id).replace(`${base}/api/`, `${base}/api/admin/`);
}

export function urn(kind: EntityKind, id: string): string {
  return `urn:vcloud:${kindOf(kind).urnSegment}:${id}`;
}
