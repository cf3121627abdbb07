/** ControlAccessParams → AccessControl: subjects resolved to users of the entity's org (or, for catalogs, orgs). */
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

/**
 * Reads a ControlAccessParams for an entity of `orgId`. `orgs`: whether other orgs may be subjects
 * (catalogs), as VCD allows them only there, and only read-only.
 */
export function accessControlInput(sim: World, doc: Doc, orgId: string, orgs: boolean): AccessControl {
  const shared = text(doc, 'IsSharedToEveryone');
  if (shared === undefined) throw badRequest('ControlAccessParams needs IsSharedToEveryone.');
  const everyone = parseBool(shared, false);
  // As VCD documents it, AccessSettings apply when IsSharedToEveryone is false (pyvcloud sends both).
  const settings = everyone ? [] : children(child(doc, 'AccessSettings'), 'AccessSetting');
  const out: AccessControl = { subjects: [] };
  if (everyone) out.everyone = level(text(doc, 'EveryoneAccessLevel'), 'EveryoneAccessLevel');
  const seen = new Set<string>();
  for (const s of settings) {
    const subject = child(s, 'Subject');
    const href = attr(subject, 'href');
    const id = uuidOf(href);
    if (!id) throw badRequest('Each AccessSetting needs Subject@href.');
    if (seen.has(id)) throw badRequest(`The subject ${href} is given more than once.`);
    seen.add(id);
    const lvl = level(text(s, 'AccessLevel'), 'AccessLevel');
    const user = sim.store.get('user', id);
    if (user) {
      if (user.orgId !== orgId) throw badRequest(`The user ${href} is not a user of the organization that owns this entity.`);
      out.subjects.push({ kind: 'user', id, level: lvl });
      continue;
    }
    const org = sim.store.get('org', id);
    if (org && orgs) {
      if (org.id === orgId) throw badRequest('A catalog is shared with the members of its own organization through IsSharedToEveryone.');
      if (lvl !== 'ReadOnly') throw badRequest(`A catalog is shared with another organization read-only; got ${lvl}.`);
      out.subjects.push({ kind: 'org', id, level: lvl });
      continue;
    }
    throw badRequest(`The subject ${href} is not ${orgs ? 'a user or an organization' : 'a user of this organization'}.`);
  }
  return out;
}
