/** The fixture's groups of an org: its LDAP `directory:` and the `groups:` imported from it, SAML or OAuth. */
import type { Group, GroupProviderType } from '../../store/types.js';
import type { FixtureBuild, FixtureSection } from '../fixture-section.js';
import type { OrgScope } from '../org/fixture.js';
import { fixtureRole } from '../user/fixture.js';

/**
 * A group imported into an org: from its LDAP directory (INTEGRATED, the default: the group must be in the
 * org's `directory:`, whose members it takes), or from SAML or OAuth by name with the members given here.
 */
export interface FixtureGroup {
  name: string;
  role: string;
  providerType?: GroupProviderType;
  description?: string;
  /** Users of the org (SAML and OAuth groups). */
  members?: string[];
}

/** A group of the org's LDAP directory: importable by name (AdminOrg's groups POST), with its members. */
export interface FixtureDirectoryGroup {
  name: string;
  members?: string[];
}

const GROUP_PROVIDERS: GroupProviderType[] = ['INTEGRATED', 'SAML', 'OAUTH'];

/** Users of the org by name. */
function memberIds(b: FixtureBuild, scope: OrgScope, names: unknown, where: string): string[] {
  if (names === undefined) return [];
  if (!Array.isArray(names)) b.fail(where, 'members must be a list of user names');
  return (names as unknown[]).map((n, i) => {
    const user = scope.users.get(String(n));
    if (!user) b.fail(`${where}[${i}]`, `"${String(n)}" is not a user of org ${scope.org.name}`);
    return user!.id;
  });
}

export const groupFixture: FixtureSection<OrgScope, FixtureGroup, Group> = {
  key: 'groups',
  parent: 'org',
  /** The org's LDAP directory (absent: no LDAP configured, so no INTEGRATED group can be imported). */
  before(b, scope, o, at) {
    const directory = o.directory as FixtureDirectoryGroup[] | undefined;
    if (directory === undefined) return;
    if (!Array.isArray(directory)) b.fail(`${at}.directory`, 'directory must be a list of groups (name, members)');
    const seen = new Set<string>();
    scope.org.directory = directory.map((d, di) => {
      const dat = `${at}.directory[${di}]`;
      if (!d?.name) b.fail(dat, 'a directory group needs a name');
      if (seen.has(d.name.toLowerCase())) b.fail(dat, `duplicate directory group ${d.name}`);
      seen.add(d.name.toLowerCase());
      return { name: d.name, memberIds: memberIds(b, scope, d.members, `${dat}.members`) };
    });
  },
  build(b, g, gat, scope, names) {
    const { org } = scope;
    if (!g?.name) b.fail(gat, 'a group needs a name and a role');
    if (names.has(g.name.toLowerCase())) b.fail(gat, `duplicate group name ${g.name}`);
    names.add(g.name.toLowerCase());
    const role = fixtureRole(b, g.role, gat);
    const providerType = g.providerType ?? 'INTEGRATED';
    if (!GROUP_PROVIDERS.includes(providerType)) b.fail(`${gat}.providerType`, `providerType must be one of ${GROUP_PROVIDERS.join(', ')}`);
    let members: string[];
    if (providerType === 'INTEGRATED') {
      const entry = org.directory?.find((d) => d.name.toLowerCase() === g.name.toLowerCase());
      if (!entry) b.fail(gat, `the LDAP group "${g.name}" is not in the org's directory`);
      if (g.members !== undefined) b.fail(`${gat}.members`, 'an LDAP group takes its members from the directory');
      members = [...entry!.memberIds];
    } else {
      members = memberIds(b, scope, g.members, `${gat}.members`);
    }
    const group: Group = {
      id: b.random.uuid(), orgId: org.id, name: g.name, description: g.description ?? '', providerType, roleId: role.id, memberIds: members,
    };
    scope.groups.set(g.name, group);
    b.snap.group.push(group);
    return group;
  },
};
