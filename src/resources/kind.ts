/**
 * What a resource kind declares about itself, once, in its folder (`<kind>/kind.ts`). The shared tables
 * (hrefs and URNs, tenancy and "No access" errors, the entity resolver, task owners, store indexes, the
 * inventory metric) read these descriptors through kinds.ts instead of listing kinds themselves.
 */
import type { EntityKind, EntityOf } from '../store/types.js';
import type { Store } from '../store/store.js';
import type { FixtureSection } from './fixture-section.js';

export interface KindDescriptor<K extends EntityKind = EntityKind> {
  kind: K;
  /** The URN type segment: `urn:vcloud:<urnSegment>:<uuid>`. */
  urnSegment: string;
  /** VCD's entity type name, as in `No access to entity "com.vmware.vcloud.entity.<entityName>:…"`. */
  entityName: string;
  /** The path of an entity's href under the base URL, when it has one. */
  hrefPath?: (id: string) => string;
  /** The media type of its document (links to it, task owners, the entity resolver). */
  mediaType?: string;
  /** The org that owns an entity: tenancy is decided by it (undefined: visible to every tenant). */
  ownerOrg: (store: Store, e: EntityOf[K]) => string | undefined;
  /** Entities without an owner org are visible to every tenant (global roles); otherwise only to the owner org and system administrators. */
  shared?: boolean;
  /** Fields the store indexes (children of a parent, sessions by token…). */
  indexes?: (keyof EntityOf[K] & string)[];
  /** Counted in the `vcdsim_inventory` metric (label: the kind). */
  inventoryMetric?: boolean;
  /** Resolvable through `GET /api/entity/{urn}`. */
  resolvable?: boolean;
  /** Its section of the fixture format (`<kind>/fixture.ts`), which the fixture walk (resources/fixture.ts) builds. */
  fixture?: FixtureSection;
}

/** The owner org of entities that carry their own `orgId`. */
export const ownOrg = (_store: Store, e: { orgId: string }) => e.orgId;
