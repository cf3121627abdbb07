/**
 * The fixture's `catalogs:` of an org, in one of its VDCs, shared as their `access:` says; other orgs they
 * are shared with (`access.orgs`) are resolved by the `shareWithOrgs` pass once every org exists.
 */
import type { Catalog, StorageProfile, User, Vdc } from '../../store/types.js';
import { accessFromFixture, type FixtureAccess, type FixtureMetadata, type FixtureSection } from '../fixture-section.js';
import type { OrgScope } from '../org/fixture.js';

/** A catalog's own fields; its templates and media are their kinds' sections. */
export interface FixtureCatalog {
  name: string;
  description?: string;
  vdc: string;
  owner?: string;
  published?: boolean;
  /** Absent: shared with everyone in the org at Change, as catalogs always were here (`access: { everyone: none }` keeps it private). */
  access?: FixtureAccess;
  metadata?: FixtureMetadata;
}

/** What a catalog's items get: the catalog, its VDC, owner and default profile, and the item names taken. */
export interface CatalogScope {
  catalog: Catalog;
  vdc: Vdc;
  owner: User;
  defaultProfile?: StorageProfile;
  /** Item names (templates and media share them), filled in by the media section. */
  itemNames: Set<string>;
}

export const catalogFixture: FixtureSection<OrgScope, FixtureCatalog, CatalogScope> = {
  key: 'catalogs',
  parent: 'org',
  build(b, c, cat_, scope) {
    const { org, users } = scope;
    const vdc = scope.vdcs.get(c.vdc);
    if (!vdc) b.fail(cat_, `vdc "${c.vdc}" is not a VDC of org ${org.name}`);
    const owner = (c.owner && users.get(c.owner)) || users.values().next().value;
    if (!owner) b.fail(cat_, 'a catalog needs an owner (the org has no users)');
    const catalog: Catalog = {
      id: b.random.uuid(), orgId: org.id, name: c.name, description: c.description ?? '', ownerId: owner!.id,
      isPublished: c.published ?? false, created: b.now, metadata: b.md(c.metadata, cat_),
      acl: accessFromFixture(b, c.access ?? { everyone: 'Change' }, users, `${cat_}.access`, true, scope.groups),
    };
    b.snap.catalog.push(catalog);
    const defaultProfile = b.snap.storageProfile.find((p) => p.vdcId === vdc!.id && p.isDefault);
    return { catalog, vdc: vdc!, owner: owner!, defaultProfile, itemNames: new Set() };
  },
  passes: {
    /** Other orgs it is shared with, read-only. */
    shareWithOrgs(b, c, cat_, { catalog }) {
      for (const [i, name] of (c.access?.orgs ?? []).entries()) {
        const at = `${cat_}.access.orgs[${i}]`;
        const org = b.snap.org.find((o) => o.name === name);
        if (!org) b.fail(at, `org "${name}" does not exist`);
        if (org!.id === catalog.orgId) b.fail(at, 'a catalog is shared with its own org through `everyone`');
        catalog.acl!.subjects.push({ kind: 'org', id: org!.id, level: 'ReadOnly' });
      }
    },
  },
};
