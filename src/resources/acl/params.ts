/** ControlAccessParams → AccessControl: subjects resolved to users and groups of the entity's org (or, for catalogs, orgs). */
import type { World } from '../../world.js';
import type { AccessControl, AccessLevel } from '../../store/types.js';
import { badRequest } from '../../errors.js';
import { uuidOf } from '../../wire/links.js';
import { attr, child, children, parseBool, text, type Doc } from '../../wire/xml.js';
import { ACCESS_LEVELS } from './model.js';

function level(v: string | undefined, what: string): AccessLevel {
  const l = v?.trim();
  if (!l || !(ACCESS_LEVELS as readonly string[]).includes(l)) {
    throw badRequest(`${what} must be one of ${ACCESS_LEVELS.join(', ')}, got "${v ?? ''}".`);
  }
  return l as AccessLevel;
}

/** What is shared: other orgs may be subjects of a catalog's ACL only; a VDC's grants ReadOnly only. */
export type AclTarget = 'vApp' | 'catalog' | 'vdc';

/** VCD refuses any other level on a VDC (BadRequestException). */
function vdcLevel(l: AccessLevel, what: string): AccessLevel {
  if (l !== 'ReadOnly') throw badRequest(`${what} of a VDC must be ReadOnly, got ${l}.`);
  return l;
}

/** Reads a ControlAccessParams for an entity of `orgId`. */
export function accessControlInput(sim: World, doc: Doc, orgId: string, target: AclTarget): AccessControl {
  const orgs = target === 'catalog';
  const lvl = (v: string | undefined, what: string) => (target === 'vdc' ? vdcLevel(level(v, what), what) : level(v, what));
  const shared = text(doc, 'IsSharedToEveryone');
  if (shared === undefined) throw badRequest('ControlAccessParams needs IsSharedToEveryone.');
  const everyone = parseBool(shared, false);
  // As VCD documents it, AccessSettings apply when IsSharedToEveryone is false (pyvcloud sends both).
  const settings = everyone ? [] : children(child(doc, 'AccessSettings'), 'AccessSetting');
  const out: AccessControl = { subjects: [] };
  if (everyone) out.everyone = lvl(text(doc, 'EveryoneAccessLevel'), 'EveryoneAccessLevel');
  const seen = new Set<string>();
  for (const s of settings) {
    const subject = child(s, 'Subject');
    const href = attr(subject, 'href');
    const id = uuidOf(href);
    if (!id) throw badRequest('Each AccessSetting needs Subject@href.');
    if (seen.has(id)) throw badRequest(`The subject ${href} is given more than once.`);
    seen.add(id);
    const access = lvl(text(s, 'AccessLevel'), 'AccessLevel');
    const user = sim.store.get('user', id);
    if (user) {
      if (user.orgId !== orgId) throw badRequest(`The user ${href} is not a user of the organization that owns this entity.`);
      out.subjects.push({ kind: 'user', id, level: access });
      continue;
    }
    const org = sim.store.get('org', id);
    if (org && orgs) {
      if (org.id === orgId) throw badRequest('A catalog is shared with the members of its own organization through IsSharedToEveryone.');
      if (access !== 'ReadOnly') throw badRequest(`A catalog is shared with another organization read-only; got ${access}.`);
      out.subjects.push({ kind: 'org', id, level: access });
      continue;
    }
    const group = sim.store.get('group', id);
    if (group) {
      if (group.orgId !== orgId) throw badRequest(`The group ${href} is not a group of the organization that owns this entity.`);
      out.subjects.push({ kind: 'group', id, level: access });
      continue;
    }
    throw badRequest(`The subject ${href} is not ${orgs ? 'a user, a group or an organization' : 'a user or a group of this organization'}.`);
  }
  return out;
}
