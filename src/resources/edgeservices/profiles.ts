/**
 * Application port profiles (CloudAPI `applicationPortProfiles`): NSX-T's SYSTEM profiles, read-only to all;
 * PROVIDER profiles a system administrator makes for an NSX-T manager; TENANT profiles an org makes for one of
 * its VDCs. Create, update and delete answer 202 with a task, as VCD does; the change lands when it succeeds.
 */
import type { Actor, World } from '../../world.js';
import type { AppPort, AppPortProfile } from '../../store/types.js';
import { RIGHTS } from '../../store/roles.js';
import { badRequest, duplicateName, forbidden, noAccess } from '../../errors.js';
import { uuidOf } from '../../wire/links.js';
import { canSeeOrg, requireRight, visible } from '../access.js';
import { urn } from '../links.js';
import type { Model } from '../cloudapi/paging.js';
import { SYSTEM_PROFILES, systemProfile, type SystemProfile } from './system.js';
import { type Json, list, ref, str } from '../cloudapi/json.js';

export type Profile = AppPortProfile | (SystemProfile & { scope: 'SYSTEM' });

const PROTOCOLS = ['ICMPv4', 'ICMPv6', 'TCP', 'UDP'] as const;

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

/** NAT rules take a profile of one protocol with at most one port or range (or an ICMP profile). */
export const usableForNat = (p: { ports: AppPort[] }) => p.ports.length === 1 && p.ports[0].destinationPorts.length <= 1;

export function profileModel(sim: World, p: Profile): Model {
  const org = p.scope === 'TENANT' && p.orgId ? sim.store.get('org', p.orgId) : undefined;
  return {
    orgRef: p.scope === 'TENANT' && p.orgId ? ref(org?.name, urn('org', p.orgId)) : null,
    contextEntityId: p.scope === 'SYSTEM' ? null : p.contextEntityId,
    networkProviderScope: null,
    id: profileUrn(p.id),
    name: p.name,
    description: p.description,
    scope: p.scope,
    applicationPorts: p.ports.map((ap) => ({ name: null, protocol: ap.protocol, destinationPorts: ap.destinationPorts })),
    usableForNAT: usableForNat(p),
  };
}

export const PROFILE_FIELDS = {
  id: 'ref', name: 'string', description: 'string', scope: 'string', contextEntityId: 'ref', 'orgRef.id': 'ref',
  'orgRef.name': 'string', usableForNAT: 'boolean',
} as const;

const PORT = /^\d{1,5}$/;

function validPort(p: string, protocol: string): string {
  const t = p.trim();
  const [a, b] = t.split('-');
  const ok = (x: string | undefined) => x !== undefined && PORT.test(x) && Number(x) >= 1 && Number(x) <= 65535;
  if (!ok(a) || (b !== undefined && (!ok(b) || Number(b) < Number(a))) || t.split('-').length > 2) {
    throw badRequest(`"${p}" is not a valid ${protocol} port or port range (1-65535, or a range such as 8000-8080).`);
  }
  return t;
}

function portsFrom(v: unknown): AppPort[] {
  const ports = list(v, 'applicationPorts');
  if (!ports.length) throw badRequest('An application port profile needs at least one application port (applicationPorts).');
  return ports.map((x, i) => {
    const o = (x ?? {}) as Json;
    const protocol = str(o.protocol, `applicationPorts[${i}].protocol`);
    if (!protocol || !(PROTOCOLS as readonly string[]).includes(protocol)) {
      throw badRequest(`applicationPorts[${i}].protocol must be one of ${PROTOCOLS.join(', ')}.`);
    }
    const raw = list(o.destinationPorts, `applicationPorts[${i}].destinationPorts`).map((d) => str(d, `applicationPorts[${i}].destinationPorts`) ?? '');
    if (protocol.startsWith('ICMP') && raw.length) throw badRequest(`An ${protocol} application port takes no destination ports.`);
    if (!protocol.startsWith('ICMP') && !raw.length) throw badRequest(`A ${protocol} application port needs at least one destination port.`);
    return { protocol: protocol as AppPort['protocol'], destinationPorts: raw.map((d) => validPort(d, protocol)) };
  });
}

export interface ProfileInput {
  scope: 'PROVIDER' | 'TENANT';
  orgId?: string;
  name: string;
  description: string;
  contextEntityId: string;
  ports: AppPort[];
}

/** Reads and checks a profile document: scope, context (a VDC of the caller's org, or an NSX-T manager), name, ports. */
export function profileInput(sim: World, actor: Actor, b: Json, current?: AppPortProfile): ProfileInput {
  const scope = str(b.scope, 'scope') ?? current?.scope ?? 'TENANT';
  if (scope === 'SYSTEM') throw badRequest('SYSTEM application port profiles are read-only: create a TENANT or PROVIDER profile.');
  if (scope !== 'TENANT' && scope !== 'PROVIDER') throw badRequest('scope must be TENANT or PROVIDER.');
  if (current && scope !== current.scope) throw badRequest('The scope of an application port profile cannot change.');
  const name = (str(b.name, 'name') ?? '').trim();
  if (!name) throw badRequest('An application port profile needs a name.');
  const description = str(b.description, 'description') ?? '';
  const ports = portsFrom(b.applicationPorts);
  const context = str(b.contextEntityId, 'contextEntityId') ?? current?.contextEntityId;
  if (scope === 'PROVIDER') {
    if (!actor.isSysAdmin) throw forbidden('Only a system administrator can manage PROVIDER application port profiles.');
    const mgr = context && sim.store.get('nsxtManager', uuidOf(context) ?? '');
    if (!mgr) throw badRequest('A PROVIDER application port profile needs contextEntityId: the URN of an NSX-T manager.');
    return { scope, name, description, ports, contextEntityId: urn('nsxtManager', mgr.id) };
  }
  requireRight(actor, RIGHTS.gwServicesConfigure);
  if (!context || !/^urn:vcloud:vdc:/.test(context)) throw badRequest('A TENANT application port profile needs contextEntityId: the URN of an org VDC.');
  const vdc = visible(sim, actor, 'vdc', context);
  const orgRef = b.orgRef as Json | undefined | null;
  const orgId = orgRef && typeof orgRef === 'object' ? uuidOf(String(orgRef.id ?? '')) : undefined;
  if (orgId && orgId !== vdc.orgId) throw badRequest(`orgRef names another org than the one that owns VDC "${vdc.name}".`);
  return { scope, orgId: vdc.orgId, name, description, ports, contextEntityId: urn('vdc', vdc.id) };
}

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
