/** Sessions: logging in with Basic credentials, resolving tokens, idle expiry and logout. */
import { createHash, randomBytes } from 'node:crypto';
import type { World } from '../../world.js';
import type { Org, Role, Session, User } from '../../store/types.js';
import { checkPassword } from '../../store/passwords.js';
import { SYSTEM_ADMINISTRATOR } from '../../store/roles.js';
import { unauthorized } from '../../errors.js';
import { effectiveRole, groupsOfUser } from '../group/model.js';

export interface Principal {
  session: Session;
  /** The bearer token, known only at login and on requests that present it. */
  token?: string;
  user: User;
  org: Org;
  /** The user's role, with the rights of their groups' roles added. */
  role: Role;
  /** The groups the user is in. */
  groupIds?: string[];
}

const b64url = (v: string | Buffer) => Buffer.from(v).toString('base64url');
/**
 * Tokens are looked up by their hash: a map lookup on a digest leaks nothing about the secret's bytes.
 * Recent tokens keep their digest (a client sends one token on every request, and hashing it cost more
 * than the rest of a cached GET's authentication); bounded, emptied when full.
 */
const recentDigests = new Map<string, string>();
function hashToken(token: string): string {
  let digest = recentDigests.get(token);
  if (digest === undefined) {
    if (recentDigests.size >= 1024) recentDigests.clear();
    recentDigests.set(token, (digest = createHash('sha256').update(token).digest('hex')));
  }
  return digest;
}

/** A JWT-shaped opaque token, longer than 32 characters (go-vcloud-director then also sends it as a bearer token). */
function newToken(sim: World, user: User, org: Org, sessionId: string): string {
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const payload = b64url(JSON.stringify({ iss: `${sim.siteId}@vcdsim`, sub: user.name, org: org.name, sid: sessionId, iat: Math.floor(sim.clock.now() / 1000) }));
  return `${header}.${payload}.${randomBytes(32).toString('base64url')}`;
}

/** Parses `Authorization: Basic base64(user@org:password)`; the org follows the last '@'. */
export function parseBasic(header: string | undefined): { user: string; org: string; password: string } | undefined {
  const m = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1].trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const login = decoded.slice(0, colon);
  const at = login.lastIndexOf('@');
  if (at <= 0) return undefined;
  return { user: login.slice(0, at), org: login.slice(at + 1), password: decoded.slice(colon + 1) };
}

export function isSystemOrg(org: Org): boolean {
  return org.name.toLowerCase() === 'system';
}

/**
 * Opens a session for Basic credentials. `providerOnly` is the CloudAPI provider endpoint, where VCD takes
 * only the System org's users (a tenant user gets the same 401 as a wrong password).
 */
export function login(sim: World, authorization: string | undefined, providerOnly = false): Principal {
  const creds = parseBasic(authorization);
  if (!creds) throw unauthorized('Unable to authenticate: provide Basic credentials as user@org:password.');
  const { store } = sim;
  const org = [...store.all('org')].find((o) => o.name.toLowerCase() === creds.org.toLowerCase());
  const user = org && store.where('user', 'orgId', org.id).find((u) => u.name.toLowerCase() === creds.user.toLowerCase());
  if (!org || !user || !user.isEnabled || !org.isEnabled || user.isLocked || !checkPassword(user.password, creds.password)) {
    if (org?.isEnabled && user && user.isEnabled && !user.isLocked) countFailedLogin(sim, org, user);
    throw unauthorized('Unable to authenticate: invalid user name, organization or password.');
  }
  if (user.failedLogins) store.update('user', user.id, { failedLogins: 0 });
  if (providerOnly && org.name.toLowerCase() !== 'system') {
    throw unauthorized('Unable to authenticate: the provider endpoint takes System organization users only; tenants log in at /cloudapi/1.0.0/sessions.');
  }
  const now = sim.clock.now();
  const id = store.newId();
  const token = newToken(sim, user, org, id);
  const session = store.insert('session', { id, tokenHash: hashToken(token), userId: user.id, orgId: org.id, created: now, lastUsed: now });
  return { session, token, user, org, ...rolesOf(sim, user, store.get('role', user.roleId)!) };
}

/** Under the org's password policy, too many wrong passwords in a row lock the account until an administrator unlocks it. */
function countFailedLogin(sim: World, org: Org, user: User): void {
  const policy = org.settings?.passwordPolicy;
  if (!policy?.accountLockoutEnabled) return;
  const failedLogins = (user.failedLogins ?? 0) + 1;
  sim.store.update('user', user.id, { failedLogins, isLocked: failedLogins >= policy.invalidLoginsBeforeLockout });
}

/** The token a request carries, in any of the headers real clients use. */
export function tokenOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  // go-vcloud-director's Disconnect sends the token header twice, which Node joins as "T, T".
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.split(',')[0];
  const bearer = /^Bearer\s+(.+)$/i.exec(one(headers.authorization) ?? '')?.[1];
  return one(headers['x-vmware-vcloud-access-token']) ?? bearer ?? one(headers['x-vcloud-authorization']);
}

/** The session a token names, looked up without side effects (no idle check, no activity stamp): fault rules use it. */
export function sessionByToken(sim: World, token: string): Session | undefined {
  return sim.store.where('session', 'tokenHash', hashToken(token.trim()))[0];
}

/** The principal a token names while its session is live, read without side effects (no activity stamp). */
export function livePrincipal(sim: World, token: string): Principal | undefined {
  const session = sessionByToken(sim, token);
  if (!session || expired(sim, session)) return undefined;
  const user = sim.store.get('user', session.userId);
  const org = sim.store.get('org', session.orgId);
  const role = user && sim.store.get('role', user.roleId);
  if (!user || !org || !role || !user.isEnabled || !org.isEnabled) return undefined;
  return { session, token: token.trim(), user, org, ...rolesOf(sim, user, role) };
}

/** The rights a user holds on this request: their role's and their groups' (the role keeps its id and name). */
function rolesOf(sim: World, user: User, role: Role): { role: Role; groupIds?: string[] } {
  const groups = groupsOfUser(sim.store, user);
  return groups.length ? { role: effectiveRole(sim.store, user, role), groupIds: groups.map((g) => g.id) } : { role };
}

/**
 * Idle time is the client's, so it runs on the real clock: a client pausing 30 s at --speed 60 has paused
 * 30 s, not 30 simulated minutes (`sessionIdleClock: 'simulated'` measures it on the simulated clock).
 * Real stamps live beside the sessions, not in them: a session loaded from a snapshot starts afresh.
 */
const seenAt = new WeakMap<Session, number>();
function idleMs(sim: World, session: Session): number {
  if (sim.config.sessionIdleClock === 'simulated') return sim.clock.now() - session.lastUsed;
  let at = seenAt.get(session);
  if (at === undefined) seenAt.set(session, (at = Date.now()));
  return Date.now() - at;
}
const expired = (sim: World, session: Session) => idleMs(sim, session) > sim.config.sessionIdleMinutes * 60_000;

export function authenticate(sim: World, token: string | undefined): Principal {
  if (!token) throw unauthorized();
  const p = livePrincipal(sim, token);
  if (p) {
    touch(sim, p.session);
    return p;
  }
  const session = sessionByToken(sim, token);
  if (!session) throw unauthorized();
  sim.store.remove('session', session.id);
  throw expired(sim, session) ? unauthorized('The session has expired. Log in again.') : unauthorized();
}

/** Activity is bookkeeping, not state a snapshot must capture promptly: no change event per request. */
export function touch(sim: World, session: Session): void {
  session.lastUsed = sim.clock.now();
  seenAt.set(session, Date.now());
}

export function logout(sim: World, session: Session): void {
  sim.store.remove('session', session.id);
}

export function isSysAdmin(p: { org: Org; role: Role }): boolean {
  return isSystemOrg(p.org) && p.role.name === SYSTEM_ADMINISTRATOR;
}
