/** Users and roles: who logs in, and the rights a role grants. */
import { ownOrg, type KindDescriptor } from '../kind.js';
import { MT } from '../../wire/media.js';
import { userFixture } from './fixture.js';

export const userKind: KindDescriptor<'user'> = {
  kind: 'user',
  urnSegment: 'user',
  entityName: 'user',
  hrefPath: (id) => `/api/admin/user/${id}`,
  mediaType: MT.user,
  ownerOrg: ownOrg,
  indexes: ['orgId'],
  inventoryMetric: true,
  resolvable: true,
  fixture: userFixture,
};

/** Global roles (predefined, or the provider's) serve every tenant; a tenant role belongs to its org. */
export const roleKind: KindDescriptor<'role'> = {
  kind: 'role',
  urnSegment: 'role',
  entityName: 'role',
  hrefPath: (id) => `/api/admin/role/${id}`,
  mediaType: MT.role,
  ownerOrg: (_store, r) => r.orgId,
  shared: true,
  indexes: ['orgId'],
  resolvable: true,
};
