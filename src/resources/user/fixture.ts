/** The fixture's `users:` of an org, each with one of the predefined roles by name. */
import type { Role, User } from '../../store/types.js';
import type { FixtureBuild, FixtureSection } from '../fixture-section.js';
import type { OrgScope } from '../org/fixture.js';

export interface FixtureUser {
  name: string;
  password: string;
  role: string;
  fullName?: string;
  email?: string;
  description?: string;
  enabled?: boolean;
  locked?: boolean;
}

/** A predefined role by name, or the fixture's refusal listing them. */
export function fixtureRole(b: FixtureBuild, name: string, at: string): Role {
  const role = b.snap.role.find((r) => r.name === name);
  if (!role) b.fail(at, `unknown role "${name}" (one of: ${b.snap.role.map((r) => r.name).join(', ')})`);
  return role!;
}

export const userFixture: FixtureSection<OrgScope, FixtureUser, User> = {
  key: 'users',
  parent: 'org',
  build(b, u, at, scope) {
    const role = fixtureRole(b, u.role, at);
    if (!u.name || u.password === undefined) b.fail(at, 'a user needs name and password');
    const user: User = {
      id: b.random.uuid(), orgId: scope.org.id, name: u.name, fullName: u.fullName ?? u.name,
      email: u.email ?? `${u.name}@${scope.org.name.toLowerCase()}.example`, password: String(u.password), roleId: role.id,
      isEnabled: true,
    };
    for (const k of ['enabled', 'locked'] as const) if (u[k] !== undefined && typeof u[k] !== 'boolean') b.fail(`${at}.${k}`, `${k} must be true or false`);
    if (u.enabled === false) user.isEnabled = false;
    if (u.locked) user.isLocked = true;
    if (u.description) user.description = String(u.description);
    scope.users.set(u.name, user);
    b.snap.user.push(user);
    return user;
  },
};
