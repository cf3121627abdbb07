/** Org VDC networks and their IP pools. */
import { ownOrg, type KindDescriptor } from '../kind.js';
import { MT } from '../../wire/media.js';
import { networkFixture } from './fixture.js';

export const networkKind: KindDescriptor<'network'> = {
  kind: 'network',
  urnSegment: 'network',
  entityName: 'network',
  hrefPath: (id) => `/api/network/${id}`,
  mediaType: MT.orgVdcNetwork,
  ownerOrg: ownOrg,
  indexes: ['vdcId', 'orgId'],
  inventoryMetric: true,
  resolvable: true,
  fixture: networkFixture,
};
