/** Independent (named) disks, in a VDC. */
import { ownOrg, type KindDescriptor } from '../kind.js';
import { MT } from '../../wire/media.js';
import { diskFixture } from './fixture.js';

export const diskKind: KindDescriptor<'disk'> = {
  kind: 'disk',
  urnSegment: 'disk',
  entityName: 'disk',
  hrefPath: (id) => `/api/disk/${id}`,
  mediaType: MT.disk,
  ownerOrg: ownOrg,
  indexes: ['vdcId', 'orgId'],
  inventoryMetric: true,
  resolvable: true,
  fixture: diskFixture,
};
