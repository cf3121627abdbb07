/** Organizations: the tenants; every other entity's tenancy leads to one. */
import type { KindDescriptor } from '../kind.js';
import { MT } from '../../wire/media.js';
import { orgFixture } from './fixture.js';

export const orgKind: KindDescriptor<'org'> = {
  kind: 'org',
  urnSegment: 'org',
  entityName: 'org',
  hrefPath: (id) => `/api/org/${id}`,
  mediaType: MT.org,
  ownerOrg: (_store, org) => org.id,
  inventoryMetric: true,
  resolvable: true,
  fixture: orgFixture,
};
