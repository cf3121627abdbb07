/** Groups: imported from the org's identity provider (LDAP, SAML, OAuth); their members hold the group's role. */
import { ownOrg, type KindDescriptor } from '../kind.js';
import { MT } from '../../wire/media.js';
import { groupFixture } from './fixture.js';

export const groupKind: KindDescriptor<'group'> = {
  kind: 'group',
  urnSegment: 'group',
  entityName: 'group',
  hrefPath: (id) => `/api/admin/group/${id}`,
  mediaType: MT.group,
  ownerOrg: ownOrg,
  indexes: ['orgId'],
  inventoryMetric: true,
  resolvable: true,
  fixture: groupFixture,
};
