/** Media images (ISO, floppy), stored in a VDC and listed in a catalog. */
import { ownOrg, type KindDescriptor } from '../kind.js';
import { MT } from '../../wire/media.js';
import { mediaFixture } from './fixture.js';

export const mediaKind: KindDescriptor<'media'> = {
  kind: 'media',
  urnSegment: 'media',
  entityName: 'media',
  hrefPath: (id) => `/api/media/${id}`,
  mediaType: MT.media,
  ownerOrg: ownOrg,
  indexes: ['vdcId', 'catalogId'],
  inventoryMetric: true,
  resolvable: true,
  fixture: mediaFixture,
};
