/**
 * The rights catalog: every right a role may carry (the rights the simulator enforces). Rights are not
 * state: each has a name-based UUID, so the same right keeps its id and href across runs and simulators.
 */
import { createHash } from 'node:crypto';
import { RIGHTS } from '../../store/roles.js';
import { badRequest } from '../../errors.js';
import { uuidOf } from '../../wire/links.js';

/** RFC 4122 version 5 style (SHA-1) UUID of a name in a namespace. */
export function nameUuid(namespace: string, name: string): string {
  const h = createHash('sha1').update(`${namespace}:${name}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export interface RightInfo {
  id: string;
  name: string;
  category: string;
  categoryId: string;
}

export const ALL_RIGHTS: readonly RightInfo[] = [...new Set<string>(Object.values(RIGHTS))].sort().map((name) => {
  const category = name.split(':')[0].trim();
  return { id: nameUuid('right', name), name, category, categoryId: nameUuid('rightsCategory', category) };
});

const BY_ID = new Map(ALL_RIGHTS.map((r) => [r.id, r]));
const BY_NAME = new Map(ALL_RIGHTS.map((r) => [r.name.toLowerCase(), r]));

export const rightById = (idOrUrn: string) => BY_ID.get(uuidOf(idOrUrn) ?? idOrUrn);
export const rightByName = (name: string) => BY_NAME.get(name.trim().toLowerCase());

export const rightHref = (base: string, r: RightInfo) => `${base}/api/admin/right/${r.id}`;

/** The categories, in name order, with the rights each holds. */
export function rightsCategories(): { id: string; name: string; rights: RightInfo[] }[] {
  const cats = new Map<string, { id: string; name: string; rights: RightInfo[] }>();
  for (const r of ALL_RIGHTS) {
    let c = cats.get(r.categoryId);
    if (!c) cats.set(r.categoryId, (c = { id: r.categoryId, name: r.category, rights: [] }));
    c.rights.push(r);
  }
  return [...cats.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Right names from references that name a right by id (URN or href) and/or by name; unknown rights are a 400. */
export function resolveRights(refs: { id?: string; href?: string; name?: string }[]): string[] {
  const names: string[] = [];
  for (const ref of refs) {
    const byId = ref.id ? rightById(ref.id) : ref.href ? rightById(ref.href) : undefined;
    const r = byId ?? (ref.name ? rightByName(ref.name) : undefined);
    if (!r) throw badRequest(`The right "${ref.name ?? ref.id ?? ref.href ?? ''}" does not exist.`);
    if (!names.includes(r.name)) names.push(r.name);
  }
  return names;
}
