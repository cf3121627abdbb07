/** The fixture's `orgs:` (the top level): each org, before its users, groups, VDCs and catalogs. */
import type { Group, Org, User, Vdc } from '../../store/types.js';
import type { FixtureMetadata, FixtureSection } from '../fixture-section.js';

/** An org's own fields; what it holds (users, VDCs, catalogs…) are its kinds' sections (resources/fixture.ts). */
export interface FixtureOrg {
  name: string;
  fullName?: string;
  description?: string;
  isEnabled?: boolean;
  deployedVmQuota?: number;
  storedVmQuota?: number;
  metadata?: FixtureMetadata;
}

/** What an org's sections find by name: its users, groups and VDCs, filled in as they are built. */
export interface OrgScope {
  org: Org;
  users: Map<string, User>;
  groups: Map<string, Group>;
  vdcs: Map<string, Vdc>;
}

export const orgFixture: FixtureSection<undefined, FixtureOrg, OrgScope> = {
  key: 'orgs',
  build(b, o, at, _top, names) {
    if (!o.name) b.fail(at, 'an org needs a name');
    if (names.has(o.name.toLowerCase())) b.fail(at, `duplicate org name ${o.name}`);
    names.add(o.name.toLowerCase());
    const org: Org = {
      id: b.random.uuid(), name: o.name, fullName: o.fullName ?? o.name, description: o.description ?? '',
      isEnabled: o.isEnabled ?? true, deployedVmQuota: o.deployedVmQuota ?? 0, storedVmQuota: o.storedVmQuota ?? 0,
      created: b.now, metadata: b.md(o.metadata, at),
    };
    b.snap.org.push(org);
    return { org, users: new Map(), groups: new Map(), vdcs: new Map() };
  },
  after(b) {
    if (!b.snap.org.some((o) => o.name.toLowerCase() === 'system')) b.fail('orgs', 'the System org is required');
  },
};
