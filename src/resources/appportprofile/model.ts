/**
 * Application port profiles (CloudAPI `applicationPortProfiles`): NSX-T's SYSTEM profiles, read-only to all;
 * PROVIDER profiles a system administrator makes for an NSX-T manager; TENANT profiles an org makes for one of
 * its VDCs. The profiles a caller or an org's rules may use, and what uses one (firewall and NAT rules name
 * them: they import this without a cycle).
 */
import type { Actor, World } from '../../world.js';
import type { AppPort, AppPortProfile } from '../../store/types.js';
import { RIGHTS } from '../../store/roles.js';
import { badRequest, duplicateName, noAccess } from '../../errors.js';
import { uuidOf } from '../../wire/links.js';
import { canSeeOrg, requireRight, visible } from '../access.js';
import { SYSTEM_PROFILES, systemProfile, type SystemProfile } from './system.js';

export type Profile = AppPortProfile | (SystemProfile & { scope: 'SYSTEM' });

export const profileUrn = (id: string) => `urn:vcloud:applicationPortProfile:${id}`;

/** A profile the caller may see, by URN or id: SYSTEM, PROVIDER, or their org's TENANT profile. */
export function visibleProfile(sim: World, actor: Actor, idOrUrn: string): Profile {
  const id = uuidOf(idOrUrn) ?? idOrUrn;
  const sys = systemProfile(id);
  if (sys) return { ...sys, scope: 'SYSTEM' };
  return visible(sim, actor, 'appPortProfile', idOrUrn);
}

/** Profiles the caller may see: SYSTEM first, then PROVIDER and TENANT (their org's; every org's for a system administrator). */
export function visibleProfiles(sim: World, actor: Actor): Profile[] {
  const own = [...sim.store.all('appPortProfile')].filter((p) => p.orgId === undefined || canSeeOrg(actor, p.orgId));
  return [...SYSTEM_PROFILES.map((p) => ({ ...p, scope: 'SYSTEM' as const })), ...own];
}

/** A profile by id for a rule of an org: SYSTEM, PROVIDER or that org's TENANT profile. */
export function profileForOrg(sim: World, orgId: string, idOrUrn: string): Profile | undefined {
  const id = uuidOf(idOrUrn) ?? idOrUrn;
  const sys = systemProfile(id);
  if (sys) return { ...sys, scope: 'SYSTEM' };
  const p = sim.store.get('appPortProfile', id);
  return p && (p.orgId === undefined || p.orgId === orgId) ? p : undefined;
}

/** A profile's name by id, SYSTEM or user-defined (undefined when it is gone). */
export const profileName = (sim: World, id: string): string | undefined => systemProfile(id)?.name ?? sim.store.get('appPortProfile', id)?.name;

/** NAT rules take a profile of one protocol with at most one port or range (or an ICMP profile). */
export const usableForNat = (p: { ports: AppPort[] }) => p.ports.length === 1 && p.ports[0].destinationPorts.length <= 1;

/** Names are unique per scope (and, for TENANT profiles, per org). */
export function assertProfileNameFree(sim: World, input: { scope: string; orgId?: string; name: string }, exceptId?: string): void {
  const clash = [...sim.store.all('appPortProfile')].some((p) =>
    p.id !== exceptId && p.scope === input.scope && p.orgId === input.orgId && p.name.toLowerCase() === input.name.toLowerCase());
  if (clash) throw duplicateName(`An application port profile named "${input.name}" already exists in scope ${input.scope}.`);
}

/** A user-defined profile the caller may change (SYSTEM profiles are read-only). */
export function writableProfile(sim: World, actor: Actor, idOrUrn: string): AppPortProfile {
  const p = visibleProfile(sim, actor, idOrUrn);
  if (p.scope === 'SYSTEM') throw badRequest(`The SYSTEM application port profile "${p.name}" is read-only.`);
  if (p.scope === 'PROVIDER' && !actor.isSysAdmin) throw noAccess('applicationPortProfile', p.id);
  if (p.scope === 'TENANT') requireRight(actor, RIGHTS.gwServicesConfigure);
  return p;
}

/** What uses a profile: firewall rules and NAT rules (a profile in use cannot be deleted). */
export function profileUsers(sim: World, id: string): string[] {
  const users: string[] = [];
  for (const fw of sim.store.all('edgeFirewall')) {
    for (const r of fw.rules) if (r.appPortProfileIds.includes(id)) users.push(`firewall rule "${r.name}"`);
  }
  for (const n of sim.store.all('natRule')) if (n.appPortProfileId === id) users.push(`NAT rule "${n.name}"`);
  return users;
}
